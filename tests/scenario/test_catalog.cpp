// The built-in hardware catalog (sim/scenario/catalog.hpp).
#include <algorithm>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include "scenario/catalog.hpp"

namespace {

const gwsim::Sku& builtin(const std::string& name) {
  const auto& all = gwsim::builtin_catalog();
  const auto it = std::find_if(all.begin(), all.end(), [&](const gwsim::Sku& k) { return k.name == name; });
  REQUIRE(it != all.end());
  return *it;
}

}  // namespace

TEST_CASE("rule: the built-in SKUs are the table of docs/model.md, \"Hardware catalog\"", "[catalog][rule]") {
  struct Row {
    const char* name;
    int gpus_per_rack, gpus_per_node;
    double rack_kw, fp8, bf16, hbm_gb, capex_usd;
  };
  // an HGX rack is 4 DGX H100 servers of 8 GPUs, 10.2 kW and ~$270k each:
  // 4 x 8 = 32 GPUs, 4 x 10.2 = 40.8 kW, 4 x 270,000 = $1,080,000; the H200's
  // price is assumed equal to the H100's
  const Row rows[] = {
      {"GB200_NVL72", 72, 4, 132.0, 5.0, 2.5, 192.0, 3.0e6}, {"GB300_NVL72", 72, 4, 136.0, 5.0, 2.5, 288.0, 4.0e6},
      {"H100_HGX", 32, 8, 40.8, 1.979, 0.989, 80.0, 1.08e6}, {"H200_HGX", 32, 8, 40.8, 1.979, 0.989, 141.0, 1.08e6},
      {"MI450_RACK", 72, 4, 160.0, 5.0, 2.5, 432.0, 4.0e6},  {"VR_NVL144", 72, 4, 225.0, 5.0, 2.5, 288.0, 6.0e6},
  };
  CHECK(gwsim::builtin_catalog().size() == std::size(rows));
  for (const Row& r : rows) {
    INFO(r.name);
    const gwsim::Sku& k = builtin(r.name);
    CHECK(k.gpus_per_rack == r.gpus_per_rack);
    CHECK(k.gpus_per_node == r.gpus_per_node);
    CHECK(k.rack_power_kw == r.rack_kw);
    CHECK(k.fp8_pflops_per_gpu == r.fp8);
    CHECK(k.bf16_pflops_per_gpu == r.bf16);
    CHECK(k.hbm_gb_per_gpu == r.hbm_gb);
    CHECK(k.capex_usd_per_rack == r.capex_usd);
  }
}
