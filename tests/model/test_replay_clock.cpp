// A replayed failure on a rack with its own (Weibull) clocks restarts them,
// as a drawn failure does (sim/model/failures.hpp; docs/reliability.md,
// "Replayed failures and aging clocks").
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/time.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "model/buildout.hpp"

using nlohmann::json;

namespace {

class Downs final : public gwsim::CapacityListener {
 public:
  explicit Downs(const gwsim::Engine& eng) : eng_(eng) {}
  void gpus_up(std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t) override {}
  void gpus_down(std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t) override { at.push_back(eng_.now()); }
  std::vector<gwsim::Tick> at;

 private:
  const gwsim::Engine& eng_;
};

// One rack of SKU W (72 GPUs) delivered 2026-02-01; its one failure class
// takes the whole rack, per-rack mean 72,000 / 72 = 1,000 h, Weibull shape
// 100 (scale 1,000 / Gamma(1.01) = 1,005.7 h, s.d. about 12.7 h: nearly
// periodic), repaired in 1 h.
json one_aging_rack() {
  json d = gwsim::test::minimal_scenario();
  d["orders"][0]["deliveries"][0]["racks"] = 1;
  json w = gwsim::test::nvl72_catalog_entry();
  w["failure_classes"] = json::parse(R"([{"name": "wear", "mtbf_gpu_hours": 72000, "weibull_shape": 100,
      "blast": "rack", "repair_hours": {"dist": "fixed", "value": 1}}])");
  d["catalog"] = {{"W", w}};
  d["orders"][0]["sku"] = "W";
  return d;
}

std::vector<gwsim::Tick> downs(const json& d, const gwsim::test::TempDir& dir) {
  const gwsim::Scenario s = gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  Downs heard(eng);
  m.add_listener(heard);
  eng.run_until(m.horizon());
  return heard.at;
}

}  // namespace

TEST_CASE("failure replay: a replayed failure on a Weibull rack restarts its clock, as a drawn one does",
          "[model][replay]") {
  gwsim::test::TempDir dir;
  // The rack enters service in early February (delivery 2026-02-01, 24-h burn-in), so its own first
  // failure is due ~1,000 h later, in mid-March. A failure replayed on 2026-03-01 (before it) restarts the
  // clock: the next failure is ~1,000 h after 2026-03-01 (in [900, 1,060] h: P(outside) < 2e-5 for this
  // law), and none in between. Without the restart the next one would come in mid-March, 300-550 h after
  // the replayed one.
  dir.write("failures.csv", "time,site,rack,class\n2026-03-01,a,0,wear\n");
  json d = one_aging_rack();
  d["failure_replay"] = {{"file", "failures.csv"}};
  const std::vector<gwsim::Tick> at = downs(d, dir);
  const gwsim::Calendar cal(gwsim::scenario_from_json(d, (dir.path / "t.json").string()).start_iso);
  REQUIRE(at.size() >= 2);
  CHECK(at[0] == cal.parse("2026-03-01"));
  const double gap_hours = gwsim::to_hours(at[1] - at[0]);
  CHECK(gap_hours > 900);
  CHECK(gap_hours < 1060);
  // every later interval is a clock restarted at the previous failure: ~1,000 h too
  for (std::size_t i = 2; i < at.size(); ++i) {
    CHECK(gwsim::to_hours(at[i] - at[i - 1]) > 900);
    CHECK(gwsim::to_hours(at[i] - at[i - 1]) < 1060);
  }
}

TEST_CASE("failure replay: with stochastic false a replayed failure on a Weibull rack starts no clock",
          "[model][replay]") {
  gwsim::test::TempDir dir;
  dir.write("failures.csv", "time,site,rack,class\n2026-03-01,a,0,wear\n");
  json d = one_aging_rack();
  d["failure_replay"] = {{"file", "failures.csv"}, {"stochastic", false}};
  const std::vector<gwsim::Tick> at = downs(d, dir);
  CHECK(at.size() == 1);  // the row's failure and nothing else
}
