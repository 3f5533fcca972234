// Tests of sim/io/figures (one run's figures, as replications.csv reports
// them) and of the checkpoint fingerprint shared by the CLI and Python.
#include <catch2/catch.hpp>

#include "io/checkpoint.hpp"
#include "io/figures.hpp"
#include "io/output.hpp"

TEST_CASE("a run's figures", "[figures]") {
  gwsim::BuildoutSummary s;
  s.gpus_ordered = 1000;
  s.in_service_90pct = gwsim::days(3);
  s.stranded_no_power_gpu_days = 300;
  s.stranded_no_slot_gpu_days = 50;
  s.waiting_crew_gpu_days = 20;
  s.energy_mwh = 12.5;
  s.failures = 4;
  s.gpus_in_service = 990;
  const gwsim::RunFigures f = gwsim::run_figures(s);
  CHECK_FALSE(f.key_dates[0].has_value());
  CHECK(f.key_dates[1] == gwsim::days(3));
  CHECK(f.stranded_gpu_days == 350.0);
  CHECK(f.waiting_crew_gpu_days == 20.0);
  CHECK(f.energy_mwh == 12.5);
  CHECK(f.failures == 4);
  CHECK(f.gpus_in_service_at_end == 990);
  CHECK(f.bottleneck == "power");  // 300 GPU-days for power, over 7 * 1000 * 1%

  // replications.csv writes them
  gwsim::MonteCarlo mc;
  mc.runs.push_back({42, s, {}});
  const std::string csv = gwsim::replications_csv(mc, gwsim::Calendar("2026-01-01"));
  CHECK(csv.substr(csv.find('\n') + 1) == "0,42,,2026-01-04T00:00:00,,350,20,12.5,0,4,990\n");
}

TEST_CASE("the fingerprint of replications names the version, the seed and the scenario", "[checkpoint]") {
  const std::string fp = gwsim::replications_fingerprint("0123456789abcdef", 7);
  CHECK(fp == "gwsim " GWSIM_VERSION " seed 7 scenario 0123456789abcdef");
  CHECK(fp != gwsim::replications_fingerprint("0123456789abcdef", 8));
}
