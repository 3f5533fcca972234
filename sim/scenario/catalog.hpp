// gwsim/sim/scenario/catalog.hpp -- the built-in hardware catalog.
// Figures and their sources: docs/model.md ("Hardware catalog").
#pragma once

#include <vector>

#include "scenario/scenario.hpp"

namespace gwsim {

// H100 equivalents, as Epoch AI counts compute (facts.md, "H100-equivalent"):
// a GPU's dense 8-bit throughput relative to an H100 SXM's, 1,979 TF dense
// FP8 (glennklockwood.com H100 page); by dense 16-bit throughput (989 TF)
// for a SKU without an FP8 figure.
inline constexpr double kH100SxmFp8DensePflops = 1.979;
inline constexpr double kH100SxmBf16DensePflops = 0.989;
double h100_equivalents_per_gpu(const Sku& k);

// The built-in SKUs, in a fixed order (GB200_NVL72 first).
const std::vector<Sku>& builtin_catalog();

}  // namespace gwsim
