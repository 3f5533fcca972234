// The cordon rule and the lemon policy (sim/model/cordon.hpp; docs/model.md,
// "Cordon rule" and "Lemon policy") on one NVL72 rack worked by hand: the
// failures and repairs are applied as Failures applies them.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "model/capacity.hpp"
#include "model/cordon.hpp"
#include "model/inventory.hpp"
#include "model/power.hpp"

using nlohmann::json;

namespace {

class Heard final : public gwsim::CapacityListener {
 public:
  void gpus_up(std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t gpus) override { events.push_back(gpus); }
  void gpus_down(std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t gpus) override { events.push_back(-gpus); }
  std::vector<std::int64_t> events;  // + up, - down
};

// One GB200 NVL72 rack (72 GPUs, 18 nodes of 4) in service, with the components around it.
struct OneRack {
  gwsim::Scenario s;
  gwsim::Engine eng;
  gwsim::RandomStreams streams{1};
  gwsim::Inventory inv;
  gwsim::Power power;
  gwsim::Capacity capacity;
  gwsim::Cordon cordon;
  Heard heard;
  std::uint32_t sku;

  explicit OneRack(const json& doc)
      : s(gwsim::scenario_from_json(doc, "t.json")),
        inv(s.sites.size(), s.skus.size()),
        power(eng, s, [](std::uint32_t) {}),
        capacity(eng, s, inv, power, [](std::uint32_t) {}),
        cordon(eng, s, inv, capacity) {
    power.add_site(0);
    sku = static_cast<std::uint32_t>(s.orders[0].sku);
    for (std::uint32_t r = 0; r < 2; ++r) {
      inv.racks.push_back(gwsim::Rack{0, sku, 0, 0});
      capacity.enter_service(r);
    }
    capacity.add_listener(heard);
  }
  // A failure of `gpus` GPUs of rack r, as Failures::fail applies it.
  void fail(std::uint32_t r, std::uint32_t gpus) {
    const std::uint32_t held = cordon.take_held(r, gpus);
    inv.racks[r].down += gpus;
    if (gpus > held) capacity.take_down(0, sku, r, gpus - held);
    cordon.failed(r, inv.racks[r].down);
  }
  // Its repair, as Failures::repaired applies it.
  void repair(std::uint32_t r, std::uint32_t gpus) {
    capacity.repair_started(0, gpus);
    inv.racks[r].down -= gpus;
    cordon.repaired(inv.racks[r].site, inv.racks[r].sku, r, inv.racks[r].down, gpus);
  }
  void at_day(double d) { eng.run_until(gwsim::ticks_from_days(d)); }
};

}  // namespace

TEST_CASE("cordon rule: NVL72 with 2 nodes tolerated: the third node down takes the rack out, repairs bring it back",
          "[model][cordon]") {
  json d = gwsim::test::minimal_scenario();
  json sku = gwsim::test::nvl72_catalog_entry();
  sku["tolerated_nodes_down"] = 2;
  d["catalog"] = {{"GB200_NVL72", sku}};
  OneRack t(d);
  REQUIRE(t.capacity.gpus_up() == 144);
  t.fail(0, 4);
  t.fail(0, 4);
  CHECK(t.capacity.gpus_up() == 136);  // 2 nodes down: tolerated
  t.fail(0, 4);                        // the third: 12 down, the other 60 cordoned
  CHECK(t.capacity.gpus_up() == 72);
  CHECK(t.heard.events == std::vector<std::int64_t>{-4, -4, -4, -60});
  CHECK(t.cordon.held(0) == 60);
  CHECK(t.cordon.racks_cordoned() == 1);
  t.fail(0, 1);  // a failure in a cordoned rack takes cordoned GPUs: nothing more goes down
  CHECK(t.cordon.held(0) == 59);
  CHECK(t.heard.events.size() == 4);
  t.repair(0, 1);  // 12 down: still out
  CHECK(t.cordon.held(0) == 60);
  CHECK(t.capacity.gpus_up() == 72);
  t.repair(0, 4);  // 8 down, 2 nodes: back within the rule, 64 up
  CHECK(t.capacity.gpus_up() == 136);
  CHECK(t.heard.events == std::vector<std::int64_t>{-4, -4, -4, -60, 4, 60});
  CHECK(t.cordon.held(0) == 0);
  t.repair(0, 4);
  t.repair(0, 4);
  CHECK(t.capacity.gpus_up() == 144);
}

TEST_CASE("lemon policy: 3 failures within 7 days retire a rack; 3 spread over 20 days do not", "[model][cordon]") {
  json d = gwsim::test::minimal_scenario();
  d["lemon_policy"] = {{"failures", 3}, {"window_days", 7}, {"action", "retire"}};
  OneRack t(d);
  t.fail(0, 1);  // rack 0 at days 0, 1, 2
  t.fail(1, 1);  // rack 1 at days 0, 10, 20
  t.at_day(1);
  t.fail(0, 1);
  t.at_day(2);
  t.fail(0, 1);
  CHECK(t.cordon.retired(0));
  CHECK(t.capacity.racks_in_service() == 1);
  CHECK(t.capacity.gpus_up() == 71);  // rack 0: none up; rack 1: 71
  t.at_day(10);
  t.fail(1, 1);
  t.at_day(20);
  t.fail(1, 1);
  CHECK_FALSE(t.cordon.retired(1));
  CHECK(t.cordon.racks_retired() == 1);
  t.repair(0, 1);  // a retired rack's repaired GPUs stay out
  CHECK(t.capacity.gpus_up() == 72 - 3);
  t.repair(1, 3);
  CHECK(t.capacity.gpus_up() == 72);
}

TEST_CASE("lemon policy: cordon for cordon_days, then back; the window restarts", "[model][cordon]") {
  json d = gwsim::test::minimal_scenario();
  d["lemon_policy"] = {{"failures", 2}, {"window_days", 5}, {"action", "cordon"}, {"cordon_days", 3}};
  OneRack t(d);
  t.fail(0, 1);
  t.repair(0, 1);
  t.at_day(4);
  t.fail(0, 1);  // 2 failures within 5 days: cordoned until day 7
  CHECK(t.capacity.gpus_up() == 72);
  CHECK(t.cordon.racks_cordoned() == 1);
  t.repair(0, 1);  // repaired while cordoned: stays out
  CHECK(t.capacity.gpus_up() == 72);
  t.at_day(6.9);
  CHECK(t.capacity.gpus_up() == 72);
  t.at_day(7.1);
  CHECK(t.capacity.gpus_up() == 144);
  CHECK(t.capacity.racks_in_service() == 2);
  t.at_day(8);
  t.fail(0, 1);  // the first failure of a new window
  CHECK(t.capacity.gpus_up() == 143);
}

TEST_CASE(
    "load shedding alone: failures skip the cordon until the shed holds a rack; its GPUs down then come from "
    "the failure model",
    "[model][cordon]") {
  json d = gwsim::test::minimal_scenario();
  d["sites"][0]["generation"] = json::array({{{"name", "t1"},
                                              {"kind", "gas_turbine"},
                                              {"power_mw", 2},
                                              {"ordered", d["start"]},
                                              {"lead_time_days", {{"dist", "fixed"}, {"value", 30}}},
                                              {"fuel_usd_per_mwh", 50},
                                              {"tco2_per_mwh", 0.4},
                                              {"capex_usd_per_kw", 1000}}});
  OneRack t(d);
  t.cordon.set_down_source([&t](std::uint32_t r) { return t.inv.racks[r].down; });
  REQUIRE(t.cordon.active());
  CHECK_FALSE(t.cordon.tracks(0));  // no rack held: a failure takes the plain path (no cordon call)
  t.inv.racks[0].down += 4;
  t.capacity.take_down(0, t.sku, 0, 4);
  CHECK_FALSE(t.cordon.retired(0));
  t.cordon.power_hold(0);  // its 68 GPUs up are cordoned: 72 less the 4 the failure model has down
  CHECK(t.cordon.tracks(0));
  CHECK(t.cordon.held(0) == 68);
  CHECK(t.capacity.gpus_up() == 72);
  t.repair(0, 4);  // repaired while held: the GPUs join the held ones
  CHECK(t.cordon.held(0) == 72);
  CHECK(t.capacity.gpus_up() == 72);
  t.cordon.power_release(0);
  CHECK_FALSE(t.cordon.tracks(0));
  CHECK(t.cordon.held(0) == 0);
  CHECK(t.capacity.gpus_up() == 144);
}
