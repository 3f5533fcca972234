// Tests of sim/io/figures (one run's figures, as replications.csv reports
// them) and of the checkpoint fingerprint shared by the CLI and Python.
#include <map>
#include <string>
#include <vector>

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

TEST_CASE("rule: replications.csv has one column per figure, each under its own name (docs/user-guide.md)",
          "[figures][rule]") {
  // Every figure distinct, so that two columns swapped, or a figure written under another's name,
  // shows; the row is read by header name, not position.
  gwsim::BuildoutSummary s;
  s.gpus_ordered = 1000;
  s.in_service_50pct = gwsim::days(1);
  s.in_service_90pct = gwsim::days(2) + gwsim::hours(6);
  s.stranded_no_power_gpu_days = 300;
  s.stranded_no_slot_gpu_days = 7;
  s.waiting_crew_gpu_days = 21;
  s.energy_mwh = 12.5;
  s.energy_cost_usd = 999;  // not a column of replications.csv
  s.capex_usd = 3e6;
  s.failures = 4;
  s.gpus_in_service = 990;
  gwsim::MonteCarlo mc;
  mc.runs.push_back({11, {}, {}});
  mc.runs.push_back({42, s, {}});
  const std::string csv = gwsim::replications_csv(mc, gwsim::Calendar("2026-01-01"));
  std::vector<std::vector<std::string>> rows;
  std::size_t at = 0;
  while (at < csv.size()) {
    const std::size_t nl = csv.find('\n', at);
    std::vector<std::string> cells;
    std::size_t c = at;
    for (std::size_t comma; (comma = csv.find(',', c)) < nl; c = comma + 1) cells.push_back(csv.substr(c, comma - c));
    cells.push_back(csv.substr(c, nl - c));
    rows.push_back(cells);
    at = nl + 1;
  }
  REQUIRE(rows.size() == 3);  // the header and a row per replication
  std::map<std::string, std::string> row;
  for (std::size_t k = 0; k < rows[0].size(); ++k) row[rows[0][k]] = rows[2].at(k);
  CHECK(row.size() == rows[0].size());  // no name twice
  CHECK(row["replication"] == "1");
  CHECK(row["seed"] == "42");
  CHECK(row["in_service_50pct"] == "2026-01-02T00:00:00");
  CHECK(row["in_service_90pct"] == "2026-01-03T06:00:00");
  CHECK(row["in_service_100pct"].empty());   // not reached: an empty cell
  CHECK(row["stranded_gpu_days"] == "307");  // no power 300 + no slot 7
  CHECK(row["waiting_crew_gpu_days"] == "21");
  CHECK(row["energy_mwh"] == "12.5");
  CHECK(row["capex_usd"] == "3000000");
  CHECK(row["failures"] == "4");
  CHECK(row["gpus_in_service_at_end"] == "990");
  CHECK(rows[1][0] == "0");
  CHECK(rows[1][1] == "11");
}
