// The daily recorder (model/recorder.hpp) and its per-site columns
// (model/columns.hpp: site_columns()), on the Buildout of hand-worked scenarios.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/error.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"
#include "model/columns.hpp"

namespace {

namespace cols = gwsim::columns;
using nlohmann::json;

// tests/scenarios/two_sites.json (tests/python/test_sites.py works on the same file).
json two_sites() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "two_sites", "start": "2026-01-01", "end": "2026-03-31", "seed": 1,
    "sites": [
      {"name": "a", "provider": "P1", "pue": 1.25, "max_rack_power_kw": 140,
       "buildings": [{"rack_slots": 100, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
       "install": {"crews": 10, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 1, "spare_nodes": 1, "spare_restock_days": 7}},
      {"name": "b", "provider": "P2", "pue": 1.5, "max_rack_power_kw": 140,
       "buildings": [{"rack_slots": 100, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-02-01", "power_mw": 1}],
       "install": {"crews": 1, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 1, "spare_nodes": 1, "spare_restock_days": 7}},
      {"name": "c", "provider": "P1", "pue": 1.2, "max_rack_power_kw": 140,
       "buildings": [{"rack_slots": 100, "ready": "2026-01-01"}],
       "power_stages": [{"date": "2026-03-01", "power_mw": 5}],
       "install": {"crews": 1, "racks_per_crew_per_week": 7, "burn_in_hours": 24, "burn_in_fail_prob": 0},
       "repair": {"technicians": 1, "spare_nodes": 1, "spare_restock_days": 7}}],
    "orders": [
      {"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-01-10", "racks": 4}], "lead_time_days": 5},
      {"sku": "H100_HGX", "site": "b", "deliveries": [{"date": "2026-01-20", "racks": 3}]}],
    "costs": {"energy_usd_per_mwh": 100},
    "failures": {"enabled": false}
  })");
}

struct Run {
  gwsim::Scenario scenario;
  gwsim::Timeseries ts;
};

Run run(const json& doc, bool sites) {
  Run r{gwsim::scenario_from_json(doc, "t.json"), {}};
  gwsim::Engine eng;
  gwsim::Buildout m(eng, r.scenario, r.scenario.seed);
  if (sites) m.recorder().record_sites();
  eng.run_until(m.horizon());
  r.ts = m.timeseries();
  return r;
}

// Column `c` of site `site` on the row of day `row` (0: the scenario's first day).
double at(const gwsim::Timeseries& ts, const gwsim::ColumnSpec& c, std::size_t row, std::size_t site) {
  return ts.site_column(std::string(c.name))[row * ts.sites() + site];
}

// Every per-site column sums over the sites to the fleet's column, every day
// (exactly for counts, to rounding for MW, MWh, USD and PFLOPS).
void check_sums(const gwsim::Timeseries& ts) {
  REQUIRE(ts.site_columns().size() == gwsim::site_columns().size());
  for (const gwsim::ColumnSpec* c : gwsim::site_columns()) {
    const std::vector<double>& fleet = ts.column(std::string(c->name));
    // the largest runs (model/fabric.hpp): the fleet's value is the largest site's
    const bool most = c == &cols::largest_run_gpus || c == &cols::largest_multi_domain_run_gpus;
    for (std::size_t row = 0; row < ts.rows(); ++row) {
      double total = 0;
      for (std::size_t si = 0; si < ts.sites(); ++si)
        total = most ? std::max(total, at(ts, *c, row, si)) : total + at(ts, *c, row, si);
      INFO(c->name << " row " << row);
      if (c->integer) REQUIRE(total == fleet[row]);
      else REQUIRE(total == Approx(fleet[row]).epsilon(1e-9).margin(1e-9));
    }
  }
  const std::vector<double>& largest = ts.column(std::string(cols::largest_site_gpus_in_service.name));
  for (std::size_t row = 0; row < ts.rows(); ++row) {
    double most = 0;
    for (std::size_t si = 0; si < ts.sites(); ++si) most = std::max(most, at(ts, cols::gpus_in_service, row, si));
    REQUIRE(most == largest[row]);
  }
}

}  // namespace

TEST_CASE("per-site columns are laid out row-major after the fleet's, only when asked for", "[recorder]") {
  static constexpr std::array<const gwsim::ColumnSpec*, 1> fleet = {&cols::gpus_delivered};
  static constexpr std::array<const gwsim::ColumnSpec*, 2> per_site = {&cols::gpus_delivered, &cols::it_power_mw};
  for (bool keep : {false, true}) {
    std::vector<std::int64_t> delivered{3, 5};
    gwsim::Recorder rec;
    rec.use(fleet);
    rec.use_sites(per_site, 2);
    rec.bind(cols::gpus_delivered, [&] { return double(delivered[0] + delivered[1]); });
    rec.bind_sites(cols::gpus_delivered, gwsim::Recorder::per_site(delivered, [](std::int64_t n) { return n; }));
    rec.bind_sites(cols::it_power_mw, [](std::span<double> out) { out[0] = 0.5, out[1] = 1.5; });
    if (keep) rec.record_sites();
    rec.sample(0, 1);
    delivered[1] = 7;
    rec.sample(gwsim::days(1), gwsim::days(1) + 1);
    const gwsim::Timeseries& ts = rec.timeseries();
    REQUIRE(ts.column("gpus_delivered") == std::vector<double>{8, 10});
    if (!keep) {
      REQUIRE(ts.site_columns().empty());
      continue;
    }
    REQUIRE(ts.sites() == 2);
    REQUIRE(ts.site_columns().size() == 2);
    REQUIRE(ts.site_columns()[0].integer);
    REQUIRE_FALSE(ts.site_columns()[1].integer);
    REQUIRE(ts.site_column("gpus_delivered") == std::vector<double>{3, 5, 3, 7});
    REQUIRE(ts.site_column("it_power_mw") == std::vector<double>{0.5, 1.5, 0.5, 1.5});
    REQUIRE_THROWS_AS(ts.site_column("gpus_in_service"), gwsim::Error);
  }
}

TEST_CASE("a column of a table used must be bound before the first row", "[recorder]") {
  static constexpr std::array<const gwsim::ColumnSpec*, 2> fleet = {&cols::gpus_delivered, &cols::it_power_mw};
  gwsim::Recorder rec;
  rec.use(fleet);
  rec.bind(cols::gpus_delivered, [] { return 1.0; });
  REQUIRE_THROWS_WITH(rec.sample(0, 0), Catch::Contains("column 'it_power_mw' has no value bound"));
}

TEST_CASE("per-site columns must each be bound once, and kept before the first row", "[recorder]") {
  static constexpr std::array<const gwsim::ColumnSpec*, 1> per_site = {&cols::gpus_delivered};
  auto fill = [](std::span<double> out) { out[0] = 1; };
  gwsim::Recorder unbound;
  unbound.use_sites(per_site, 1);
  REQUIRE_THROWS_WITH(unbound.sample(0, 0), Catch::Contains("'gpus_delivered' has no value bound"));

  gwsim::Recorder rec;
  rec.use_sites(per_site, 1);
  REQUIRE_THROWS_WITH(rec.bind_sites(cols::gpus_in_service, fill), Catch::Contains("in no per-site table"));
  rec.bind_sites(cols::gpus_delivered, fill);
  REQUIRE_THROWS_WITH(rec.bind_sites(cols::gpus_delivered, fill), Catch::Contains("bound twice"));
  REQUIRE_THROWS_WITH(rec.use_sites(per_site, 2), Catch::Contains("sites"));
  rec.sample(0, 0);
  REQUIRE_THROWS_WITH(rec.record_sites(), Catch::Contains("after the first row"));
}

TEST_CASE("a run keeps no per-site columns unless asked: the fleet's are unchanged", "[recorder]") {
  const Run without = run(two_sites(), false);
  const Run with = run(two_sites(), true);
  REQUIRE(without.ts.site_columns().empty());
  REQUIRE(with.ts.sites() == 3);
  REQUIRE(with.ts.times() == without.ts.times());
  for (std::size_t c = 0; c < with.ts.columns().size(); ++c)
    REQUIRE(with.ts.columns()[c].values == without.ts.columns()[c].values);
}

// tests/scenarios/two_sites.json, worked by hand. Row d is the end of day d
// (0: 2026-01-01). Site a: 4 GB200 racks (72 GPUs, 132 kW, $3M) ship on
// 01-10 (row 9), arrive 5 days later (row 14) and, with 10 crews at a rack a
// day and 24 h of burn-in, install on row 14, burn in on row 15 and serve from
// row 16. Site b: 3 H100 racks (32 GPUs, 40.8 kW, $1.08M) arrive on 01-20
// (row 19) with no power until 02-01 (row 31); one crew installs one a day.
// Site c: no racks, 5 MW from 03-01 (row 59).
TEST_CASE("per-site series of two_sites.json, worked by hand", "[recorder]") {
  const Run r = run(two_sites(), true);
  const gwsim::Timeseries& ts = r.ts;
  REQUIRE(ts.rows() == 90);
  constexpr std::size_t a = 0, b = 1, c = 2;
  // site a
  REQUIRE(at(ts, cols::gpus_ordered, 0, a) == 288);
  REQUIRE(at(ts, cols::gpus_not_shipped, 8, a) == 288);
  REQUIRE(at(ts, cols::gpus_in_transit, 9, a) == 288);
  REQUIRE(at(ts, cols::gpus_in_transit, 13, a) == 288);
  REQUIRE(at(ts, cols::gpus_delivered, 13, a) == 0);
  REQUIRE(at(ts, cols::gpus_delivered, 14, a) == 288);
  REQUIRE(at(ts, cols::capex_usd, 14, a) == 4 * 3.0e6);
  REQUIRE(at(ts, cols::gpus_installing, 14, a) == 288);
  REQUIRE(at(ts, cols::gpus_burn_in, 15, a) == 288);
  REQUIRE(at(ts, cols::it_power_mw, 15, a) == Approx(4 * 0.132));
  REQUIRE(at(ts, cols::facility_power_mw, 15, a) == Approx(4 * 0.132 * 1.25));
  REQUIRE(at(ts, cols::gpus_in_service, 15, a) == 0);
  REQUIRE(at(ts, cols::gpus_in_service, 16, a) == 288);
  REQUIRE(at(ts, cols::racks_in_service, 16, a) == 4);
  REQUIRE(at(ts, cols::pflops_fp8_online, 16, a) == Approx(288 * 5.0));
  REQUIRE(at(ts, cols::h100e_in_service, 16, a) == Approx(288 * 5.0 / 1.979));
  REQUIRE(at(ts, cols::power_energized_mw, 0, a) == 10);
  // 0.66 MW from 01-16 00:00 to the end of 03-31: 75 days
  REQUIRE(at(ts, cols::energy_mwh, 89, a) == Approx(0.66 * 75 * 24).epsilon(1e-9));
  REQUIRE(at(ts, cols::energy_cost_usd, 89, a) == Approx(0.66 * 75 * 24 * 100).epsilon(1e-9));
  // site b: stranded for power from its arrival to the end of January
  REQUIRE(at(ts, cols::gpus_not_shipped, 18, b) == 96);
  REQUIRE(at(ts, cols::gpus_waiting_power, 19, b) == 96);
  REQUIRE(at(ts, cols::gpus_stranded, 30, b) == 96);
  REQUIRE(at(ts, cols::power_energized_mw, 30, b) == 0);
  REQUIRE(at(ts, cols::power_energized_mw, 31, b) == 1);
  REQUIRE(at(ts, cols::gpus_stranded, 31, b) == 0);
  REQUIRE(at(ts, cols::gpus_installing, 31, b) == 32);
  REQUIRE(at(ts, cols::gpus_waiting_crew, 31, b) == 64);
  REQUIRE(at(ts, cols::gpus_burn_in, 32, b) == 32);
  REQUIRE(at(ts, cols::gpus_waiting_crew, 32, b) == 32);
  REQUIRE(at(ts, cols::gpus_in_service, 33, b) == 32);
  REQUIRE(at(ts, cols::gpus_in_service, 34, b) == 64);
  REQUIRE(at(ts, cols::it_power_mw, 34, b) == Approx(96 * 0.0408 / 32));
  REQUIRE(at(ts, cols::gpus_in_service, 35, b) == 96);
  REQUIRE(at(ts, cols::racks_in_service, 35, b) == 3);
  REQUIRE(at(ts, cols::capex_usd, 89, b) == Approx(3 * 1.08e6));
  // racks powered from 02-02, 02-03 and 02-04 to the end of 03-31: 58 + 57 + 56 days at 61.2 kW
  REQUIRE(at(ts, cols::energy_mwh, 89, b) == Approx(171 * 24 * 0.0408 * 1.5).epsilon(1e-9));
  // site c: power and nothing else
  REQUIRE(at(ts, cols::power_energized_mw, 58, c) == 0);
  REQUIRE(at(ts, cols::power_energized_mw, 59, c) == 5);
  REQUIRE(at(ts, cols::gpus_ordered, 89, c) == 0);
  REQUIRE(at(ts, cols::energy_mwh, 89, c) == 0);
  check_sums(ts);
}

TEST_CASE("per-site columns sum to the fleet's every day, with failures, repairs and slips", "[recorder]") {
  // two_sites.json over two years with twice the racks in monthly deliveries, slips of deliveries and
  // power stages, burn-in failures and reworks, GPU failures and repairs short of technicians and spares
  json d = two_sites();
  d["end"] = "2027-12-31";
  d["failures"]["enabled"] = true;
  d["sites"][1]["stage_slip_days"] = {{"dist", "uniform"}, {"min", 0}, {"max", 60}};
  for (json& site : d["sites"]) site["install"]["burn_in_fail_prob"] = 0.2;
  for (json& order : d["orders"]) {
    order["deliveries"] = json::array();
    for (const char* date : {"2026-01-10", "2026-02-10", "2026-03-10"})
      order["deliveries"].push_back({{"date", date}, {"racks", 3}});
    order["slip_days"] = {{"dist", "lognormal"}, {"median", 10}, {"sigma", 1}};
  }
  d["orders"].push_back(
      {{"sku", "GB200_NVL72"}, {"site", "c"}, {"deliveries", json::array({{{"date", "2026-02-01"}, {"racks", 10}}})}});
  for (std::uint64_t seed : {1, 2, 3}) {
    d["seed"] = seed;
    const Run r = run(d, true);
    const auto some = [&](const char* c) {
      const std::vector<double>& v = r.ts.column(c);
      return std::any_of(v.begin(), v.end(), [](double x) { return x > 0; });
    };
    REQUIRE(some("gpus_failed"));  // the test covers what it means to
    REQUIRE(some("gpus_in_repair"));
    REQUIRE(some("gpus_rework"));
    REQUIRE(some("gpus_waiting_power"));
    check_sums(r.ts);
  }
}
