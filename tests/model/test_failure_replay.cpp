// Failures replayed from a CSV (sim/model/failure_replay.hpp; docs/model.md,
// "Replayed failures"): the rows' failures at the rows' instants, and with
// "stochastic": false nothing else.
#include <cstdint>
#include <string>
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

struct Down {
  gwsim::Tick t;
  std::uint32_t rack;
  std::int64_t gpus;
  bool operator==(const Down&) const = default;
};

class Heard final : public gwsim::CapacityListener {
 public:
  explicit Heard(const gwsim::Engine& eng) : eng_(eng) {}
  void gpus_up(std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t) override {}
  void gpus_down(std::uint32_t, std::uint32_t, std::uint32_t rack, std::int64_t gpus) override {
    downs.push_back(Down{eng_.now(), rack, gpus});
  }
  std::vector<Down> downs;

 private:
  const gwsim::Engine& eng_;
};

}  // namespace

TEST_CASE("failure replay: a CSV of three failures gives those failures at those instants, and nothing else",
          "[model][replay]") {
  gwsim::test::TempDir dir;
  // GB200 classes: gpu (node blast, 4 GPUs), network (rack blast), software (GPU blast)
  dir.write("failures.csv",
            "time,site,rack,gpus,class\n"
            "2026-03-02T12:00:00,a,2,,network\n"
            "2026-03-01,a,0,,gpu\n"
            "2026-03-03,a,,3,software\n"
            "2026-01-15,a,0,,gpu\n"    // no rack in service yet: skipped
            "2026-03-04,a,7,,gpu\n");  // no 8th rack: skipped
  json d = gwsim::test::minimal_scenario();
  d["failure_replay"] = {{"file", "failures.csv"}, {"stochastic", false}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  REQUIRE(s.failure_replay->failures.size() == 5);
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  Heard heard(eng);
  m.add_listener(heard);
  eng.run_until(m.horizon());
  const gwsim::Calendar cal(s.start_iso);
  // racks enter service in order of delivery, so the site's racks 0 and 2 are inventory racks 0 and 2
  REQUIRE(heard.downs.size() == 5);
  CHECK(heard.downs[0] == Down{cal.parse("2026-03-01"), 0, 4});
  CHECK(heard.downs[1] == Down{cal.parse("2026-03-02T12:00:00"), 2, 72});
  for (std::size_t i = 2; i < 5; ++i) {
    CHECK(heard.downs[i].t == cal.parse("2026-03-03"));
    CHECK(heard.downs[i].gpus == 1);
  }
  const gwsim::BuildoutSummary sum = m.summary();
  CHECK(sum.failures == 5);  // the rows' failures: 1 + 1 + 3 GPU-level ones
  CHECK(sum.reliability.replayed == 3);
  CHECK(sum.reliability.replay_skipped == 2);
  CHECK(sum.repairs == 5);
  CHECK(sum.gpus_in_service == 3 * 72);  // all repaired by the end
}

TEST_CASE("failure replay: with stochastic true the model's own failures run too", "[model][replay]") {
  gwsim::test::TempDir dir;
  dir.write("failures.csv", "time,site,rack,class\n2026-03-01,a,0,gpu\n");
  json d = gwsim::test::minimal_scenario();
  d["failure_replay"] = {{"file", "failures.csv"}};
  gwsim::Scenario s = gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  CHECK(s.failure_replay->stochastic);
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  eng.run_until(m.horizon());
  const gwsim::BuildoutSummary with_replay = m.summary();
  d.erase("failure_replay");
  s = gwsim::scenario_from_json(d, (dir.path / "t.json").string());
  gwsim::Engine eng2;
  gwsim::Buildout m2(eng2, s, 1);
  eng2.run_until(m2.horizon());
  CHECK(with_replay.reliability.replayed == 1);
  CHECK(m2.summary().failures > 0);
  CHECK(with_replay.failures > 1);
}
