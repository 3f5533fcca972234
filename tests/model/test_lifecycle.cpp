// The fleet lifecycle (sim/model/lifecycle.hpp; docs/money.md, "Fleet
// lifecycle") on small fleets worked by hand: retirement at the end of life
// frees a slot that a queued rack takes at that instant; a refresh of 10 H100
// racks by GB300 orders floor(10 x 40.8 / 136) = 3 racks; resale = share x
// capex; and the GPUs ordered are conserved over random cases.
#include <cstdint>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "core/units.hpp"
#include "io/loader.hpp"
#include "model/buildout.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

// Every gpus_up / gpus_down with its instant.
class Heard final : public gwsim::CapacityListener {
 public:
  explicit Heard(const gwsim::Engine& eng) : eng_(eng) {}
  struct Event {
    gwsim::Tick at;
    std::uint32_t rack;
    std::int64_t gpus;  // + up, - down
  };
  void gpus_up(std::uint32_t, std::uint32_t, std::uint32_t rack, std::int64_t gpus) override {
    events.push_back({eng_.now(), rack, gpus});
  }
  void gpus_down(std::uint32_t, std::uint32_t, std::uint32_t rack, std::int64_t gpus) override {
    events.push_back({eng_.now(), rack, -gpus});
  }
  std::vector<Event> events;

 private:
  const gwsim::Engine& eng_;
};

json h100_entry(double life_years, double resale_share) {
  return {{"gpus_per_rack", 32},          {"gpus_per_node", 8},
          {"rack_power_kw", 40.8},        {"fp8_pflops_per_gpu", 1.979},
          {"bf16_pflops_per_gpu", 0.989}, {"hbm_gb_per_gpu", 80},
          {"capex_usd_per_rack", 1.08e6}, {"failure_classes", json::array()},
          {"life_years", life_years},     {"resale_share", resale_share}};
}

// One site (PUE 1, 10 MW from the start, `slots` slots, a crew installing a rack
// in an hour, no burn-in, no failures), `racks` H100 racks delivered at the start.
json make_fleet(std::int64_t slots, std::int64_t racks, double life_years, double resale_share) {
  json doc = json::parse(R"({"gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2028-12-31",
    "failures": {"enabled": false},
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.0, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
               "install": {"crews": 1, "racks_per_crew_per_week": 168, "burn_in_hours": 0, "burn_in_fail_prob": 0},
               "repair": {"technicians": 1, "spare_nodes": 4, "spare_restock_days": 7}}],
    "orders": [{"sku": "H100_HGX", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": 1}]}],
    "lifecycle": {}})");
  doc["sites"][0]["buildings"][0]["rack_slots"] = slots;
  doc["orders"][0]["deliveries"][0]["racks"] = racks;
  doc["catalog"] = {{"H100_HGX", h100_entry(life_years, resale_share)}};
  return doc;
}

// The instant of rack `rack`'s first event of sign `sign` (+1 up, -1 down); -1 if none.
gwsim::Tick first_event(const std::vector<Heard::Event>& events, std::uint32_t rack, int sign) {
  for (const Heard::Event& e : events)
    if (e.rack == rack && (e.gpus > 0) == (sign > 0)) return e.at;
  return -1;
}

}  // namespace

TEST_CASE("a rack retires at in-service + life; the queued rack takes its slot at that instant", "[lifecycle]") {
  // one slot, two racks: rack 0 serves a year (life 1 y), then rack 1 is installed in its slot
  const gwsim::Scenario s = gwsim::scenario_from_json(make_fleet(1, 2, 1.0, 0.25), "t.json");
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  Heard heard(eng);
  m.add_listener(heard);
  eng.run_until(m.horizon());
  const gwsim::Tick up0 = first_event(heard.events, 0, +1);
  REQUIRE(up0 == gwsim::ticks_from_hours(1));  // installed in an hour, no burn-in
  const gwsim::Tick year = gwsim::ticks_from_days(gwsim::units::kDaysPerYear);
  CHECK(first_event(heard.events, 0, -1) == up0 + year);  // all 32 GPUs leave at in-service + 1 y
  CHECK(first_event(heard.events, 1, +1) == up0 + year + gwsim::ticks_from_hours(1));  // installed from that instant
  // rack 1 retires a year after it entered service too (both within the horizon, 2028-12-31)
  CHECK(first_event(heard.events, 1, -1) == up0 + 2 * year + gwsim::ticks_from_hours(1));
  const gwsim::BuildoutSummary out = m.summary();
  CHECK(out.lifecycle.racks_retired == 2);
  CHECK(out.lifecycle.gpus_retired == 64);
  CHECK(out.racks_in_service == 0);
  CHECK(out.lifecycle.resale_usd == Approx(2 * 0.25 * 1.08e6));  // resale = share x capex, per owned rack
  CHECK(out.lifecycle.racks_refreshed == 0);
  CHECK(out.shortfall.empty());  // retired racks are in no stage of the pipeline
}

TEST_CASE("a refresh of 10 H100 racks (40.8 kW) by GB300 (136 kW) orders floor(408 / 136) = 3", "[lifecycle]") {
  json doc = make_fleet(10, 10, 10.0, 0.1);
  doc["lifecycle"] = json::parse(
      R"({"refresh": [{"name": "to GB300", "from": "H100_HGX", "to": "GB300_NVL72", "date": "2027-01-01",
                       "lead_time_days": 30}]})");
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  Heard heard(eng);
  m.add_listener(heard);
  eng.run_until(m.horizon());
  const gwsim::BuildoutSummary out = m.summary();
  CHECK(out.lifecycle.racks_retired == 10);
  CHECK(out.lifecycle.racks_refreshed == 10);
  CHECK(out.lifecycle.racks_reordered == 3);
  CHECK(out.racks_ordered == 13);
  CHECK(out.gpus_ordered == 10 * 32 + 3 * 72);
  CHECK(out.racks_in_service == 3);
  CHECK(out.gpus_in_service == 3 * 72);
  CHECK(out.lifecycle.resale_usd == Approx(10 * 0.1 * 1.08e6));
  // 2027-01-01 is day 365 of the run; the GB300 racks (ids 10..12) arrive 30 days later, one installed an hour
  const gwsim::Tick refresh = gwsim::days(365);
  for (std::uint32_t r = 0; r < 10; ++r) CHECK(first_event(heard.events, r, -1) == refresh);
  for (std::uint32_t r = 10; r < 13; ++r)
    CHECK(first_event(heard.events, r, +1) ==
          refresh + gwsim::days(30) + gwsim::ticks_from_hours(static_cast<double>(r - 9)));
  // the fleet mix: H100 up to the day before, GB300 from the day the three are in service
  REQUIRE(!out.lifecycle.fleet_mix.empty());
  CHECK(out.lifecycle.fleet_mix.back().racks == 3);
  CHECK(out.lifecycle.fleet_mix.back().h100e == Approx(3 * 72 * 5.0 / 1.979));
  CHECK(out.lifecycle.h100e_by_sku_at_end[s.orders[0].sku] == 0);
}

TEST_CASE("a refresh's new racks at an owned site are owned: their resale is counted when they retire", "[lifecycle]") {
  // 10 H100 racks (owned: the site's default) refreshed on 2027-01-01 by NEW (72 GPUs, 136 kW, $3M, life 1 y,
  // resale 0.5), never ordered before: floor(408 / 136) = 3 NEW racks, in service from 2027-01-31 (+ an hour
  // each), retired a year later, inside the horizon (2028-12-31)
  json doc = make_fleet(10, 10, 10.0, 0.1);
  json fresh = h100_entry(1.0, 0.5);
  fresh["gpus_per_rack"] = 72;
  fresh["rack_power_kw"] = 136;
  fresh["capex_usd_per_rack"] = 3e6;
  doc["catalog"]["NEW"] = fresh;
  doc["lifecycle"] = json::parse(
      R"({"refresh": [{"name": "to NEW", "from": "H100_HGX", "to": "NEW", "date": "2027-01-01", "lead_time_days": 30}]})");
  const gwsim::Scenario s = gwsim::scenario_from_json(doc, "t.json");
  gwsim::Engine eng;
  gwsim::Buildout m(eng, s, 1);
  eng.run_until(m.horizon());
  const gwsim::BuildoutSummary out = m.summary();
  CHECK(out.lifecycle.racks_reordered == 3);
  CHECK(out.lifecycle.racks_retired == 13);
  CHECK(out.lifecycle.resale_usd == Approx(10 * 0.1 * 1.08e6 + 3 * 0.5 * 3e6));
}

TEST_CASE("a refresh by age retires each rack at in-service + age, and orders as freed power accumulates",
          "[lifecycle]") {
  json doc = make_fleet(10, 4, 0.0, 0.0);
  doc["lifecycle"] = json::parse(
      R"({"retire_at_end_of_life": false,
          "refresh": [{"name": "old", "from": "H100_HGX", "to": "GB300_NVL72", "age_years": 2}]})");
  const gwsim::test::BuildoutRun run = gwsim::test::run_buildout(doc);
  // 4 racks x 40.8 kW = 163.2 kW: one GB300 (136 kW) once the 4th has retired (3 x 40.8 = 122.4 < 136)
  CHECK(run.summary.lifecycle.racks_refreshed == 4);
  CHECK(run.summary.lifecycle.racks_reordered == 1);
  CHECK(run.summary.racks_in_service == 1);
}

TEST_CASE("GPUs ordered = in service + retired + in the pipeline, over random fleets", "[lifecycle][property]") {
  boost::random::mt19937 rng(17);
  for (int c = 0; c < 12; ++c) {
    auto pick = [&](int lo, int hi) { return boost::random::uniform_int_distribution<int>(lo, hi)(rng); };
    json doc = make_fleet(pick(1, 12), pick(1, 20), 0.25 * pick(1, 8), 0.0);
    doc["orders"][0]["deliveries"].push_back(
        {{"date", "2026-0" + std::to_string(pick(2, 9)) + "-15"}, {"racks", pick(0, 10)}});
    doc["sites"][0]["power_stages"][0]["power_mw"] = 0.05 * pick(1, 12);
    if (pick(0, 1) == 1)
      doc["lifecycle"]["refresh"] = json::array({json{{"name", "r"},
                                                      {"from", "H100_HGX"},
                                                      {"to", "GB300_NVL72"},
                                                      {"date", "2027-0" + std::to_string(pick(1, 9)) + "-01"},
                                                      {"lead_time_days", pick(0, 90)}}});
    const gwsim::test::BuildoutRun run = gwsim::test::run_buildout(doc, static_cast<std::uint64_t>(c));
    const gwsim::Timeseries& ts = run.ts;
    const std::size_t last = ts.rows() - 1;
    auto at = [&](const char* name) { return static_cast<std::int64_t>(ts.column(name)[last]); };
    const std::int64_t pipeline = at("gpus_not_shipped") + at("gpus_in_transit") + at("gpus_waiting_power") +
                                  at("gpus_waiting_slot") + at("gpus_waiting_crew") + at("gpus_installing") +
                                  at("gpus_burn_in") + at("gpus_rework");
    INFO("case " << c);
    CHECK(at("gpus_ordered") == run.summary.gpus_ordered);
    CHECK(at("gpus_ordered") == pipeline + at("gpus_in_service") + run.summary.lifecycle.gpus_retired);
    CHECK(at("racks_retired") == run.summary.lifecycle.racks_retired);
  }
}
