// Lemons and two-stage repair (docs/model.md, "Reliability") over long runs,
// against closed forms; and the invariants of capacity with every
// reliability feature on.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"

using nlohmann::json;

namespace {

// 100 racks of a 72-GPU SKU with one exponential GPU-level class of rack MTBF
// 40 h, all in service within minutes of the start, for a year (8760 h);
// instant single repairs, many technicians.
json fleet() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "catalog": {"X": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 100, "fp8_pflops_per_gpu": 1,
                      "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 1, "capex_usd_per_rack": 1,
                      "failure_classes": [{"name": "gpu", "mtbf_gpu_hours": 2880, "blast": "gpu",
                                           "repair_hours": {"dist": "fixed", "value": 0}}]}},
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.2, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 50}],
               "install": {"crews": 100, "racks_per_crew_per_week": 10000, "burn_in_hours": 0, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10000, "spare_nodes": 100000, "spare_restock_days": 1}}],
    "orders": [{"sku": "X", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": 100}]}]
  })");
}

constexpr double kRackRatePerHour = 1.0 / 40.0;
constexpr double kHours = 8760.0;
constexpr double kRacks = 100.0;

gwsim::BuildoutSummary run(const json& doc, std::uint64_t seed) {
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, seed);
  eng.run_until(m.horizon());
  return m.summary();
}

}  // namespace

TEST_CASE("lemons: failures at (1 - f + f k) x the base rate, a share f k / (1 - f + f k) from lemons",
          "[model][reliability]") {
  json d = fleet();
  const double f = 0.2, k = 5.0;
  d["catalog"]["X"]["lemons"] = {{"fraction", f}, {"rate_multiplier", k}};
  const gwsim::BuildoutSummary sum = run(d, 11);
  const double lemons = static_cast<double>(sum.reliability.lemon_racks);
  // the lemons drawn: binomial(100, f), within 4 standard deviations
  CHECK(std::abs(lemons - f * kRacks) < 4 * std::sqrt(kRacks * f * (1 - f)));
  // given the lemons drawn, the failures are Poisson: within 4 standard deviations
  const double expected = kRackRatePerHour * kHours * (kRacks - lemons + lemons * k);
  INFO("failures " << sum.failures << " expected " << expected);
  CHECK(std::abs(static_cast<double>(sum.failures) - expected) < 4 * std::sqrt(expected));
  const double from_lemons = kRackRatePerHour * kHours * lemons * k;
  CHECK(std::abs(static_cast<double>(sum.reliability.failures_from_lemons) - from_lemons) < 4 * std::sqrt(from_lemons));
  // the share from lemons, f k / (1 - f + f k) with f the share of lemons drawn (0.556 at f = 0.2, k = 5)
  const double share = static_cast<double>(sum.reliability.failures_from_lemons) / static_cast<double>(sum.failures);
  const double f_drawn = lemons / kRacks;
  CHECK(std::abs(share - f_drawn * k / (1 - f_drawn + f_drawn * k)) < 0.01);
}

TEST_CASE("lemons: an omitted field takes AIReSim's value; without lemons, the same draws as before",
          "[model][reliability]") {
  json d = fleet();
  const gwsim::BuildoutSummary base = run(d, 5);
  d["catalog"]["X"]["lemons"] = {{"fraction", 0}};
  const gwsim::BuildoutSummary zero = run(d, 5);
  CHECK(zero.failures == base.failures);
  CHECK(zero.reliability.lemon_racks == 0);
  d["catalog"]["X"]["lemons"] = json::object();
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::Sku& x = s.skus.back();
  CHECK(x.lemons.fraction == 0.15);
  CHECK(x.lemons.rate_multiplier == 5.0);
}

TEST_CASE("two-stage repair: manual stages per fault p_a / (1 - p_m), GPU-hours down by stage",
          "[model][reliability]") {
  json d = fleet();
  const double pa = 0.4, pm = 0.2, ha = 2, hm = 48;
  d["sites"][0]["repair_stages"] = json::parse(R"({"automated": {"hours": {"dist": "fixed", "value": 2},
      "not_fixed_prob": 0.4}, "manual": {"hours": {"dist": "fixed", "value": 48}, "not_fixed_prob": 0.2},
      "refail_hours": {"dist": "fixed", "value": 24}})");
  const gwsim::BuildoutSummary sum = run(d, 7);
  const auto automated = static_cast<double>(sum.reliability.repairs_automated);
  const auto manual = static_cast<double>(sum.reliability.repairs_manual);
  REQUIRE(automated > 10000);
  // per fault, manual stages X: 0 with 1 - p_a, else geometric of mean 1 / (1 - p_m): E X = 0.5, Var X = 0.5
  const double mean = pa / (1 - pm);
  const double var = pa * (pm / ((1 - pm) * (1 - pm)) + 1 / ((1 - pm) * (1 - pm))) - mean * mean;
  INFO("manual / automated " << manual / automated);
  CHECK(std::abs(manual / automated - mean) < 4 * std::sqrt(var / automated) + 10 / automated);
  // mean stages per fault = 1 + p_a + p_a p_m / (1 - p_m) = 1.5
  CHECK(std::abs((automated + manual) / automated - (1 + pa + pa * pm / (1 - pm))) < 0.03);
  // each stage that did not fix its fault is one refailure, counted as a failure
  CHECK(std::abs(static_cast<double>(sum.reliability.repairs_not_fixed) - (automated * pa + manual * pm)) <
        4 * std::sqrt(automated * pa + manual * pm));
  CHECK(sum.failures >= sum.reliability.repairs_automated + sum.reliability.repairs_manual);
  // one GPU down per failure (GPU blast), for exactly its stage's hours (no queue: stages in flight at the end aside)
  const double down_hours = sum.failed_gpu_days * 24;
  const double stage_hours = automated * ha + manual * hm;
  CHECK(down_hours >= stage_hours - 1e-6);
  CHECK(down_hours <= stage_hours + 100 * hm);
}

namespace {

// Per rack, the GPUs up as the listeners hear them: never below 0, never above the rack's GPUs.
class UpPerRack final : public gwsim::CapacityListener {
 public:
  void gpus_up(std::uint32_t, std::uint32_t, std::uint32_t rack, std::int64_t gpus) override {
    if (up.size() <= rack) up.resize(rack + 1, 0);
    up[rack] += gpus;
    ok = ok && gpus > 0 && up[rack] <= 72;
  }
  void gpus_down(std::uint32_t, std::uint32_t, std::uint32_t rack, std::int64_t gpus) override {
    ok = ok && rack < up.size() && gpus > 0;
    if (rack < up.size()) up[rack] -= gpus;
    ok = ok && up[rack] >= 0;
  }
  std::vector<std::int64_t> up;
  bool ok = true;
};

}  // namespace

TEST_CASE("property: with every reliability feature on, GPUs up per rack stay in [0, 72] and GPUs are conserved",
          "[model][reliability][property]") {
  json d = fleet();
  auto& x = d["catalog"]["X"];
  x["failure_classes"] = json::parse(R"([
      {"name": "gpu", "mtbf_gpu_hours": 20000, "blast": "gpu", "repair_hours": {"dist": "exponential", "mean": 4}},
      {"name": "node", "mtbf_gpu_hours": 30000, "blast": "node", "repair_hours": {"dist": "exponential", "mean": 24}},
      {"name": "rack", "mtbf_gpu_hours": 500000, "blast": "rack", "weibull_shape": 1,
       "repair_hours": {"dist": "exponential", "mean": 48}}])");
  x["lemons"] = json::object();
  x["tolerated_nodes_down"] = 2;
  d["sites"][0]["repair_stages"] = json::object();
  d["sites"][0]["repair"]["technicians"] = 3;
  d["sites"][0]["repair"]["spare_nodes"] = 5;
  d["lemon_policy"] = {{"failures", 6}, {"window_days", 10}, {"action", "retire"}};
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    for (const char* action : {"retire", "cordon"}) {
      d["lemon_policy"]["action"] = action;
      if (std::string(action) == "cordon") d["lemon_policy"]["cordon_days"] = 3;
      else d["lemon_policy"].erase("cordon_days");
      x["failure_classes"][2]["weibull_shape"] = seed == 3 ? 1.5 : 1.0;  // own clocks too
      const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
      gwsim::Engine eng;
      gwsim::Buildout m(eng, s, seed);
      UpPerRack listener;
      m.add_listener(listener);
      eng.run_until(m.horizon());
      INFO("seed " << seed << " " << action);
      CHECK(listener.ok);
      const gwsim::Timeseries& ts = m.timeseries();
      std::int64_t up = 0;
      for (std::int64_t u : listener.up) up += u;
      CHECK(static_cast<double>(up) == ts.column("gpus_in_service")[ts.rows() - 1]);
      for (std::size_t r = 0; r < ts.rows(); ++r) {
        double total = 0;
        for (const char* c :
             {"gpus_not_shipped", "gpus_in_transit", "gpus_waiting_power", "gpus_waiting_slot", "gpus_waiting_crew",
              "gpus_installing", "gpus_burn_in", "gpus_rework", "gpus_in_service", "gpus_failed", "gpus_in_repair"})
          total += ts.column(c)[r];
        REQUIRE(total == ts.column("gpus_ordered")[r]);
      }
      const gwsim::BuildoutSummary sum = m.summary();
      CHECK(sum.reliability.racks_cordoned > 0);
      if (std::string(action) == "retire") {
        CHECK(sum.reliability.racks_retired > 0);
        CHECK(sum.racks_in_service == 100 - sum.reliability.racks_retired);
        CHECK(sum.shortfall.empty());  // retired racks left service: they are in no stage of the shortfall
      }
    }
  }
}
