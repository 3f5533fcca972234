#include <cmath>
#include <string>

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

json one_site(int crews, double power_mw, const char* power_date, int racks, bool failures) {
  json d = json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31", "seed": 3,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "install": {"crews": 1, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "costs": {"energy_usd_per_mwh": 100}
  })");
  d["sites"][0]["install"]["crews"] = crews;
  d["sites"][0]["power_stages"] = json::array({{{"date", power_date}, {"power_mw", power_mw}}});
  d["orders"][0]["deliveries"][0]["racks"] = racks;
  d["failures"] = {{"enabled", failures}};
  return d;
}

using Run = gwsim::test::BuildoutRun;
Run run(const json& doc, std::uint64_t seed) { return gwsim::test::run_buildout(doc, seed); }

// Checks the model's invariants on every daily row.
void check_invariants(const gwsim::Timeseries& ts) {
  const char* states[] = {"gpus_not_shipped",  "gpus_in_transit", "gpus_waiting_power", "gpus_waiting_slot",
                          "gpus_waiting_crew", "gpus_installing", "gpus_burn_in",       "gpus_rework",
                          "gpus_in_service",   "gpus_failed",     "gpus_in_repair"};
  const auto& ordered = ts.column("gpus_ordered");
  const auto& energized = ts.column("power_energized_mw");
  const auto& facility = ts.column("facility_power_mw");
  const auto& it = ts.column("it_power_mw");
  for (std::size_t r = 0; r < ts.rows(); ++r) {
    double total = 0;
    for (const char* c : states) {
      const double v = ts.column(c)[r];
      INFO("row " << r << " column " << c);
      REQUIRE(v >= 0);
      total += v;
    }
    INFO("row " << r);
    REQUIRE(total == ordered[r]);                              // GPUs are conserved
    REQUIRE(facility[r] <= energized[r] * (1 + 1e-9) + 1e-9);  // power within what is energized
    REQUIRE(it[r] <= facility[r] + 1e-9);
    if (r > 0) {
      for (const char* c : {"gpus_delivered", "energy_mwh", "capex_usd", "contract_used_usd", "contract_paid_usd",
                            "racks_in_service", "power_energized_mw"}) {
        INFO("monotone " << c);
        REQUIRE(ts.column(c)[r] >= ts.column(c)[r - 1]);
      }
    }
  }
}

}  // namespace

TEST_CASE("a delivery with ample power and crews enters service on schedule", "[buildout]") {
  // 10 racks on 2026-02-01, 10 crews at 1 rack per crew-week: installed in 7 days,
  // then 24 h of burn-in: all in service on 2026-02-09 00:00.
  const Run r = run(one_site(10, 100, "2026-01-01", 10, false), 1);
  REQUIRE(r.summary.gpus_ordered == 720);
  REQUIRE(r.summary.in_service_100pct == gwsim::days(31 + 8));
  REQUIRE(r.summary.stranded_no_power_gpu_days == 0);
  REQUIRE(r.summary.waiting_crew_gpu_days == 0);
  REQUIRE(r.summary.failures == 0);
  REQUIRE(r.summary.capex_usd == 10 * 3.0e6);
  // energy: 24 h of burn-in and then in service to the end of 2026-12-31, at
  // 132 kW x 1.25 PUE per rack
  const double hours = 24.0 * (365 - 31 - 7);
  REQUIRE(r.summary.energy_mwh == Approx(10 * 0.132 * 1.25 * hours).epsilon(1e-9));
  REQUIRE(r.summary.energy_cost_usd == Approx(r.summary.energy_mwh * 100));
  check_invariants(r.ts);
}

TEST_CASE("racks wait for power and the wait is counted as stranded", "[buildout]") {
  // power arrives on 2026-03-03, 30 days after the racks
  const Run r = run(one_site(10, 100, "2026-03-03", 10, false), 1);
  REQUIRE(r.summary.stranded_no_power_gpu_days == Approx(720 * 30.0));
  REQUIRE(r.summary.in_service_100pct == gwsim::days(61 + 8));
  REQUIRE(gwsim::bottleneck(r.summary) == "power");
  check_invariants(r.ts);
}

TEST_CASE("partial power admits only the racks that fit", "[buildout]") {
  // 1 MW facility at PUE 1.25 fits floor(1 / (0.132 x 1.25)) = 6 racks
  const Run r = run(one_site(10, 1.0, "2026-01-01", 10, false), 1);
  REQUIRE(r.summary.racks_in_service == 6);
  REQUIRE(r.summary.in_service_50pct.has_value());
  REQUIRE_FALSE(r.summary.in_service_90pct.has_value());
  check_invariants(r.ts);
}

TEST_CASE("one crew installs one rack at a time", "[buildout]") {
  // 1 crew at 7 racks per week: a rack a day; the 10th rack is installed on
  // day 10 and burned in a day later
  json d = one_site(1, 100, "2026-01-01", 10, false);
  d["sites"][0]["install"]["racks_per_crew_per_week"] = 7;
  const Run r = run(d, 1);
  REQUIRE(r.summary.in_service_100pct == gwsim::days(31 + 10 + 1));
  // waiting for the crew: racks 2..10 wait 1..9 days
  REQUIRE(r.summary.waiting_crew_gpu_days == Approx(72.0 * 45));
  REQUIRE(gwsim::bottleneck(r.summary) == "install crews");
}

TEST_CASE("rule: a rack waits for power before it waits for a slot, and for a slot before crews (docs/model.md)",
          "[buildout][rule]") {
  // 10 racks arrive on 2026-02-01 (day 31); 1 crew installs a rack a day; burn-in 1 day.
  json d = one_site(1, 100, "2026-03-03", 10, false);  // power on day 61
  d["sites"][0]["install"]["racks_per_crew_per_week"] = 7;
  d["sites"][0]["buildings"][0]["ready"] = "2026-03-13";  // slots on day 71
  const Run r = run(d, 1);
  // Days 31-61: no power, no slot, no free crew either (the crew is idle, but that is not asked):
  // all 720 GPUs wait for power, 30 days. Days 61-71: power, no slot: 720 GPUs x 10 days for a slot.
  // Then racks 2..10 wait 1..9 days for the one crew: 72 x 45 GPU-days.
  REQUIRE(r.summary.stranded_no_power_gpu_days == Approx(720.0 * 30));
  REQUIRE(r.summary.stranded_no_slot_gpu_days == Approx(720.0 * 10));
  REQUIRE(r.summary.waiting_crew_gpu_days == Approx(72.0 * 45));
  REQUIRE(r.summary.in_service_100pct == gwsim::days(71 + 10 + 1));
  // Slots before power: the order of the questions, not of the dates, decides.
  d["sites"][0]["buildings"][0]["ready"] = "2026-02-11";  // slots on day 41, power still day 61
  const Run p = run(d, 1);
  REQUIRE(p.summary.stranded_no_power_gpu_days == Approx(720.0 * 30));
  REQUIRE(p.summary.stranded_no_slot_gpu_days == 0);
  REQUIRE(p.summary.waiting_crew_gpu_days == Approx(72.0 * 45));
  check_invariants(p.ts);
}

TEST_CASE("rule: stranded GPUs are those waiting for power or for a slot, not for a crew (docs/model.md)",
          "[buildout][rule]") {
  // As above: 10 racks (720 GPUs) arrive on day 31, power on day 61, slots on day 71, one crew at a rack a day.
  json d = one_site(1, 100, "2026-03-03", 10, false);
  d["sites"][0]["install"]["racks_per_crew_per_week"] = 7;
  d["sites"][0]["buildings"][0]["ready"] = "2026-03-13";
  const Run r = run(d, 1);
  REQUIRE(r.ts.rows() == 365);  // row k: the state at the end of day k (day 0 = 2026-01-01)
  const auto& stranded = r.ts.column("gpus_stranded");
  const auto& power = r.ts.column("gpus_waiting_power");
  const auto& slot = r.ts.column("gpus_waiting_slot");
  const auto& crew = r.ts.column("gpus_waiting_crew");
  CHECK(power[45] == 720);  // day 45: no power
  CHECK(stranded[45] == 720);
  CHECK(slot[65] == 720);  // day 65: power, no slot
  CHECK(stranded[65] == 720);
  // day 75: racks 1-4 installed (rack k by day 71 + k), rack 5 installing, racks 6-10 wait for the crew
  CHECK(crew[75] == 5 * 72);
  CHECK(stranded[75] == 0);
  for (std::size_t k = 0; k < r.ts.rows(); ++k) REQUIRE(stranded[k] == power[k] + slot[k]);
}

TEST_CASE("rule: head of line, a later smaller rack does not overtake (docs/model.md)", "[buildout][rule]") {
  // 1.1 MW at PUE 1.25: six GB200 racks (132 kW x 1.25 = 0.165 MW each) take 0.99 MW. Ten arrive on
  // day 31, so four wait for power to the end (day 365). An H100 rack (40.8 kW x 1.25 = 0.051 MW)
  // arrives on day 59: it would fit in the 0.11 MW left, but waits behind the four.
  json d = one_site(10, 1.1, "2026-01-01", 10, false);
  d["orders"].push_back(
      {{"sku", "H100_HGX"}, {"site", "a"}, {"deliveries", json::array({{{"date", "2026-03-01"}, {"racks", 1}}})}});
  const Run r = run(d, 1);
  REQUIRE(r.summary.racks_in_service == 6);
  REQUIRE(r.summary.gpus_in_service == 6 * 72);
  REQUIRE(r.summary.stranded_no_power_gpu_days == Approx(72.0 * 4 * (365 - 31) + 32.0 * (365 - 59)));
  REQUIRE(r.summary.waiting_crew_gpu_days == 0);
  check_invariants(r.ts);
}

TEST_CASE("failure counts match the catalog's rates", "[buildout]") {
  // 1,000 GB200 racks in service for most of the year; Llama 3 rates give
  // 419 failures per 21.2 M GPU-hours
  json d = one_site(1000, 1000, "2026-01-01", 1000, true);
  d["sites"][0]["repair"] = {{"technicians", 1000}, {"spare_nodes", 100000}, {"spare_restock_days", 1}};
  const Run r = run(d, 11);
  // rack-hours in service: from 2026-02-09 to the end of 2026-12-31
  const double gpu_hours = 72'000.0 * 24.0 * (365 - 39);
  const double expected = gpu_hours * 419.0 / (16384.0 * 54 * 24);
  REQUIRE(std::abs(static_cast<double>(r.summary.failures) - expected) < 4 * std::sqrt(expected));
  REQUIRE(r.summary.repairs <= r.summary.failures);
  REQUIRE(r.summary.repairs >= r.summary.failures - 50);  // ample technicians: little backlog
  check_invariants(r.ts);
}

TEST_CASE("same seed, same bytes, another seed, other draws", "[buildout][determinism]") {
  json d = one_site(3, 20, "2026-01-01", 100, true);
  d["orders"][0]["slip_days"] = {{"dist", "lognormal"}, {"median", 10}, {"sigma", 0.7}};
  d["sites"][0]["install"]["burn_in_fail_prob"] = 0.05;
  const Run a = run(d, 5);
  const Run b = run(d, 5);
  const Run c = run(d, 6);
  REQUIRE(a.csv == b.csv);
  REQUIRE(a.summary.failures == b.summary.failures);
  REQUIRE(a.csv != c.csv);
}

TEST_CASE("random valid scenarios keep the invariants", "[buildout][property]") {
  gwsim::RandomStreams streams(2026);
  auto rng = streams.stream("property");
  using U = boost::random::uniform_int_distribution<int>;
  using R = boost::random::uniform_real_distribution<double>;
  for (int trial = 0; trial < 25; ++trial) {
    json d = json::parse(R"({"gwsim_scenario": 1, "name": "p", "start": "2026-01-01", "end": "2027-06-30",
                             "costs": {"energy_usd_per_mwh": 70}, "sites": [], "orders": []})");
    const int nsites = U(1, 4)(rng);
    for (int s = 0; s < nsites; ++s) {
      json site = {
          {"name", fmt::format("s{}", s)},
          {"provider", s % 2 ? "Azure" : "AWS"},
          {"pue", R(1.05, 1.6)(rng)},
          {"max_rack_power_kw", 140},
          {"install",
           {{"crews", U(1, 5)(rng)},
            {"racks_per_crew_per_week", R(0.5, 20)(rng)},
            {"burn_in_hours", R(0, 168)(rng)},
            {"burn_in_fail_prob", R(0, 0.3)(rng)}}},
          {"repair",
           {{"technicians", U(1, 5)(rng)}, {"spare_nodes", U(0, 20)(rng)}, {"spare_restock_days", R(1, 30)(rng)}}}};
      site["buildings"] = json::array();
      for (int b = 0; b < U(1, 3)(rng); ++b)
        site["buildings"].push_back(
            {{"rack_slots", U(0, 200)(rng)}, {"ready", fmt::format("2026-{:02d}-01", U(1, 9)(rng))}});
      site["power_stages"] = json::array();
      for (int m = 1; m <= 12; m += U(1, 5)(rng))
        site["power_stages"].push_back({{"date", fmt::format("2026-{:02d}-15", m)}, {"power_mw", R(0.5, 15)(rng)}});
      if (U(0, 1)(rng)) site["stage_slip_days"] = {{"dist", "uniform"}, {"min", -10}, {"max", 60}};
      d["sites"].push_back(site);
      d["orders"].push_back(
          {{"sku", U(0, 1)(rng) ? "GB200_NVL72" : "H100_HGX"},
           {"site", site["name"]},
           {"schedule", {{"from", "2026-01-10"}, {"to", "2026-12-10"}, {"every", "month"}, {"racks", U(0, 30)(rng)}}},
           {"lead_time_days", R(0, 30)(rng)},
           {"slip_days", {{"dist", "normal"}, {"mean", 5}, {"sd", 20}}}});
    }
    d["contracts"] = json::array({{{"provider", "AWS"},
                                   {"total_usd", 1e8},
                                   {"start", "2026-03-01"},
                                   {"term_years", 1},
                                   {"take_or_pay", true},
                                   {"usd_per_gpu_hour", 5}}});
    INFO("trial " << trial << "\n" << d.dump());
    const Run r = run(d, static_cast<std::uint64_t>(trial));
    check_invariants(r.ts);
    REQUIRE(r.summary.repairs <= r.summary.failures + r.summary.burn_in_failures);
    const auto& paid = r.ts.column("contract_paid_usd");
    const auto& used = r.ts.column("contract_used_usd");
    const auto& committed = r.ts.column("contract_committed_usd");
    for (std::size_t i = 0; i < r.ts.rows(); ++i) REQUIRE(paid[i] == std::max(used[i], committed[i]));
  }
}

TEST_CASE("Weibull failure classes use per-rack clocks and keep the invariants", "[buildout]") {
  json d = one_site(100, 100, "2026-01-01", 100, true);
  d["catalog"]["W"] = json::parse(R"({"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 130,
      "fp8_pflops_per_gpu": 5, "bf16_pflops_per_gpu": 2.5, "hbm_gb_per_gpu": 192, "capex_usd_per_rack": 1,
      "failure_classes": [{"name": "wear", "mtbf_gpu_hours": 72000, "weibull_shape": 3.0, "blast": "node",
                           "repair_hours": {"dist": "fixed", "value": 2}}]})");
  d["orders"][0]["sku"] = "W";
  d["sites"][0]["repair"] = {{"technicians", 100}, {"spare_nodes", 10000}, {"spare_restock_days", 1}};
  const Run r = run(d, 4);
  // mean time to failure per rack is 72,000 / 72 = 1,000 h; with shape 3 the
  // law is concentrated near its mean, so each rack fails 7 or 8 times in the
  // ~7,800 h it is in service: between 600 and 900 failures for 100 racks
  REQUIRE(r.summary.failures > 600);
  REQUIRE(r.summary.failures < 900);
  check_invariants(r.ts);
}

TEST_CASE("rule: with per-rack clocks, the class whose clock is earliest is the one that fails (docs/model.md)",
          "[buildout][rule]") {
  // One rack of SKU W in service from 2026-02-09 (~7,800 h to the end). Class 0 "soft" (1 GPU, exponential)
  // has a per-rack mean of 1e12 / 72 h: its clock is never the earliest. Class 1 "wear" (the whole rack,
  // Weibull shape 3, per-rack mean 72,000 / 72 = 1,000 h) wins: P(no wear failure in 7,800 h) =
  // exp(-(7800 / 1120)^3) ~ e^-338. Its repair (10,000 h) outlasts the horizon, so all 72 GPUs are down at the
  // end. Were every failure of class 0, each would take 1 GPU: 7 or 8 down, 64 or 65 up.
  json d = one_site(1, 100, "2026-01-01", 1, true);
  d["catalog"]["W"] = json::parse(R"({"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 130,
      "fp8_pflops_per_gpu": 5, "bf16_pflops_per_gpu": 2.5, "hbm_gb_per_gpu": 192, "capex_usd_per_rack": 1,
      "failure_classes": [
        {"name": "soft", "mtbf_gpu_hours": 1e12, "weibull_shape": 1.0, "blast": "gpu",
         "repair_hours": {"dist": "fixed", "value": 10000}},
        {"name": "wear", "mtbf_gpu_hours": 72000, "weibull_shape": 3.0, "blast": "rack",
         "repair_hours": {"dist": "fixed", "value": 10000}}]})");
  d["orders"][0]["sku"] = "W";
  const Run r = run(d, 4);
  REQUIRE(r.summary.racks_in_service == 1);
  CHECK(r.summary.failures >= 1);
  CHECK(r.summary.gpus_in_service == 0);
  CHECK(r.ts.column("gpus_failed").back() + r.ts.column("gpus_in_repair").back() == 72);
  check_invariants(r.ts);
}

TEST_CASE("rule: a contract's used spend counts GPU-hours up at its provider's sites from its start (docs/model.md)",
          "[buildout][rule]") {
  // 10 racks (720 GPUs) in service from 2026-02-09; the contract starts 2026-03-01 (day 59), $1 per GPU-hour:
  // used = 720 x 24 x (365 - 59) = $5,287,680 by the end; the GPU-hours before Mar 1 do not count
  json d = one_site(10, 100, "2026-01-01", 10, false);
  d["contracts"] = json::array({{{"provider", "AWS"},
                                 {"total_usd", 1e9},
                                 {"start", "2026-03-01"},
                                 {"term_years", 2},
                                 {"take_or_pay", false},
                                 {"usd_per_gpu_hour", 1}}});
  const Run r = run(d, 1);
  REQUIRE(r.summary.contracts.size() == 1);
  CHECK(r.summary.contracts[0].used_usd == Approx(720.0 * 24 * (365 - 59)).epsilon(1e-12));
}

TEST_CASE(
    "rule: a rack that fails burn-in is reworked for as long as the SKU's most frequent node-level repair "
    "(docs/model.md)",
    "[buildout][rule]") {
  // One rack of a SKU with two node-level classes: "rare" (MTBF 1e12 GPU-hours, 300 h repairs) and
  // "frequent" (MTBF 1e9, 2 h repairs): in service, 8 GPUs fail about once in 10^8 hours, so only
  // burn-in fails (half the time; burn-in fails only with failures enabled, docs/scenarios.md). Ample
  // technicians and spares: each rework is 2 h of repair and 24 h of burn-in again, so the rack is
  // in service 1 h (install) + 24 h + K x 26 h after its delivery, K its burn-in failures.
  json d = one_site(1, 100, "2026-01-01", 1, true);
  d["catalog"]["TWO"] = json::parse(R"({"gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10,
      "fp8_pflops_per_gpu": 1, "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
      "failure_classes": [
        {"name": "rare", "mtbf_gpu_hours": 1e12, "blast": "node", "repair_hours": {"dist": "fixed", "value": 300}},
        {"name": "frequent", "mtbf_gpu_hours": 1e9, "blast": "node", "repair_hours": {"dist": "fixed", "value": 2}}]})");
  d["orders"][0]["sku"] = "TWO";
  d["sites"][0]["install"]["racks_per_crew_per_week"] = 168;  // 1 h
  d["sites"][0]["install"]["burn_in_fail_prob"] = 0.5;
  int seen_reworks = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const Run r = run(d, seed);
    const std::int64_t k = r.summary.burn_in_failures;
    seen_reworks += static_cast<int>(k);
    INFO("seed " << seed << ", " << k << " burn-in failures");
    REQUIRE(r.summary.in_service_100pct.has_value());
    CHECK(*r.summary.in_service_100pct == gwsim::days(31) + gwsim::hours(1 + 24 + 26 * k));
  }
  REQUIRE(seen_reworks > 0);  // the seeds do exercise rework
}
