#include "scenario/catalog.hpp"

namespace gwsim {

namespace {

// Failure classes from Llama 3's 54-day snapshot on 16,384 H100 GPUs ("The
// Llama 3 Herd of Models", Table 5; facts.md): 419 unexpected interruptions
// in 16,384 x 54 x 24 = 21,233,664 GPU-hours. Causes are grouped and each
// group's MTBF per GPU is 21,233,664 / count:
//   gpu      faulty GPU 148, SRAM 19, GPU system processor 17, thermal 6, SDC 6 = 196
//   hbm      HBM3 memory 72
//   nic      NIC 7
//   network  switch/cable 35 (takes the NVLink/scale-up domain: the rack)
//   host     host maintenance 32, SSD 3, PSU 3, chassis 2, IO board 2, CPU 2, memory 2 = 46
//   software software bug 54, NCCL watchdog 7, dependency 2 = 63
// Repair: a technician swap takes 2-4 h (vendor page, facts.md): lognormal
// with median 3 h; a rack-level (switch/cable) repair median 8 h; software
// restarts 0.5 h.
constexpr double kLlamaGpuHours = 16384.0 * 54.0 * 24.0;

std::vector<FailureClass> llama3_classes() {
  auto cls = [](const char* name, double count, Blast blast, Distribution repair) {
    return FailureClass{name, kLlamaGpuHours / count, 1.0, blast, repair};
  };
  return {
      cls("gpu", 196, Blast::node, Lognormal{3.0, 0.5}), cls("hbm", 72, Blast::node, Lognormal{3.0, 0.5}),
      cls("nic", 7, Blast::node, Lognormal{3.0, 0.5}),   cls("network", 35, Blast::rack, Lognormal{8.0, 0.5}),
      cls("host", 46, Blast::node, Lognormal{3.0, 0.5}), cls("software", 63, Blast::gpu, Fixed{0.5}),
  };
}

Sku sku(const char* name, int gpus_per_rack, int gpus_per_node, double rack_power_kw, double fp8, double bf16,
        double hbm, double capex) {
  return Sku{name, gpus_per_rack, gpus_per_node, rack_power_kw, fp8, bf16, hbm, capex, llama3_classes(), Lemons{}, -1};
}

}  // namespace

double h100_equivalents_per_gpu(const Sku& k) {
  if (k.fp8_pflops_per_gpu > 0) return k.fp8_pflops_per_gpu / kH100SxmFp8DensePflops;
  return k.bf16_pflops_per_gpu / kH100SxmBf16DensePflops;
}

const std::vector<Sku>& builtin_catalog() {
  // name, GPUs/rack, GPUs/node, rack kW, FP8 PF/GPU, BF16 PF/GPU, HBM GB/GPU, capex $/rack
  static const std::vector<Sku> catalog{
      // 72 GPUs, 18 trays of 4; 132 kW DC (power shelves; NVIDIA says ~120, TrendForce 140);
      // 5 / 2.5 PF dense; 192 GB; ~$3.0M (HSBC, weak)
      sku("GB200_NVL72", 72, 4, 132.0, 5.0, 2.5, 192.0, 3.0e6),
      // 1,400 W GPUs; 120-140 kW, Microsoft ~136 kW; 288 GB; ~$4M (Morgan Stanley BoM, weak)
      sku("GB300_NVL72", 72, 4, 136.0, 5.0, 2.5, 288.0, 4.0e6),
      // a rack of 4 DGX H100 (8 GPUs, 10.2 kW max, ~$270k each); 1,979 / 989 TF dense; 80 GB
      sku("H100_HGX", 32, 8, 40.8, 1.979, 0.989, 80.0, 4 * 270e3),
      // H200: compute as H100, 141 GB (MLCommons v4.1); price assumed equal to H100's
      sku("H200_HGX", 32, 8, 40.8, 1.979, 0.989, 141.0, 4 * 270e3),
      // AMD MI450 rack (Helios): 72 GPUs assumed like NVL72; power, FLOPS and price are
      // assumptions (not in facts.md): 160 kW, 5 / 2.5 PF, 432 GB, $4.0M
      sku("MI450_RACK", 72, 4, 160.0, 5.0, 2.5, 432.0, 4.0e6),
      // Vera Rubin NVL144: ~225 kW (TrendForce / J. Huang). A GPU here is a package with its
      // HBM (docs/scenarios.md): NVIDIA's "144" counts dies, two per package, so the rack holds
      // 72 GPUs, 4 per compute tray (18 trays, as NVL72). Per-package figures assumed (not in
      // facts.md): 5 / 2.5 PF dense, 288 GB (the rack totals of 360 / 180 PF, 20.7 TB kept from
      // the earlier per-die reading); price assumed
      sku("VR_NVL144", 72, 4, 225.0, 5.0, 2.5, 288.0, 6.0e6),
  };
  return catalog;
}

}  // namespace gwsim
