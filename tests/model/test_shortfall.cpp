// Racks not in service at the end, by stage, and why (model/summary.hpp
// SiteShortfall; io/explain.hpp). docs/outputs.md, "Not reached".
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/explain.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "model/buildout.hpp"
#include "run/replications.hpp"

using nlohmann::json;

namespace {

// One site, GB200 NVL72 racks (132 kW, so 165 kW each at PUE 1.25), 10 racks delivered on 2026-02-01.
json site_doc() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31", "seed": 3,
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "power_stages": [{"date": "2026-01-01", "power_mw": 100}],
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "install": {"crews": 10, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-02-01", "racks": 10}]}],
    "failures": {"enabled": false},
    "costs": {"energy_usd_per_mwh": 100}
  })");
}

struct Result {
  gwsim::Scenario scenario;
  gwsim::BuildoutSummary summary;
};

Result run(const json& doc) {
  Result r{gwsim::scenario_from_json(doc, "t.json"), {}};
  gwsim::Engine eng;
  gwsim::Buildout m(eng, r.scenario, 1);
  eng.run_until(m.horizon());
  r.summary = m.summary();
  return r;
}

// Every ordered rack is in service or in exactly one stage of its site's shortfall.
void check_conserved(const gwsim::BuildoutSummary& s) {
  std::int64_t not_in_service = 0;
  for (const gwsim::SiteShortfall& f : s.shortfall) {
    REQUIRE(f.racks_not_in_service > 0);
    REQUIRE(f.racks_not_shipped + f.racks_in_transit + f.racks_queued + f.racks_installing + f.racks_in_burn_in ==
            f.racks_not_in_service);
    for (std::int64_t v :
         {f.racks_not_shipped, f.racks_in_transit, f.racks_queued, f.racks_installing, f.racks_in_burn_in})
      REQUIRE(v >= 0);
    not_in_service += f.racks_not_in_service;
  }
  REQUIRE(not_in_service == s.racks_ordered - s.racks_in_service);
}

}  // namespace

TEST_CASE("racks held by power: the queue waits for power, with the figures", "[shortfall]") {
  json d = site_doc();
  d["sites"][0]["power_stages"][0]["power_mw"] = 1.0;  // 6 racks x 0.165 MW = 0.99 MW fit; a 7th needs 1.155 MW
  const Result r = run(d);
  check_conserved(r.summary);
  REQUIRE(r.summary.racks_in_service == 6);
  REQUIRE(r.summary.shortfall.size() == 1);
  const gwsim::SiteShortfall& f = r.summary.shortfall[0];
  CHECK(f.racks_queued == 4);
  CHECK(f.queue_waits_for == gwsim::InstallWait::power);
  CHECK(f.energized_mw == Approx(1.0));
  CHECK(f.reserved_mw == Approx(0.99));
  CHECK(f.next_rack_mw == Approx(0.165));
  const gwsim::Calendar cal(r.scenario.start_iso);
  const auto lines = gwsim::shortfall_lines(r.scenario, f, cal);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "4 racks at site a wait for power: energized 1.0 MW, needed 1.2 MW for the next rack (1.0 MW reserved by "
        "racks installed)");
  // 50% needs 5 racks: reached; 90% needs 9 and 100% needs 10: not reached, and summary.json says why.
  const json j = gwsim::summary_json(r.scenario, r.summary, 1);
  CHECK(j["key_dates"]["in_service_50pct"].is_string());
  CHECK(j["why_not_reached"].size() == 2);
  CHECK(j["why_not_reached"]["in_service_90pct"] ==
        "6 of the 9 racks needed (90% of 10 ordered) are in service at the end: " + lines[0]);
  CHECK(j["not_in_service_at_end"][0]["queue_waits_for"] == "power");
}

TEST_CASE("the shortfall names the site whose racks are held, not the first site", "[shortfall]") {
  json d = site_doc();  // site a: its 10 racks enter service
  json b = d["sites"][0];
  b["name"] = "b";
  b["power_stages"][0]["power_mw"] = 1.0;  // 6 racks x 0.165 MW fit at b, as above: 4 wait for power
  d["sites"].push_back(b);
  d["orders"].push_back(
      {{"sku", "GB200_NVL72"}, {"site", "b"}, {"deliveries", {{{"date", "2026-02-01"}, {"racks", 10}}}}});
  const Result r = run(d);
  check_conserved(r.summary);
  REQUIRE(r.summary.shortfall.size() == 1);
  const gwsim::SiteShortfall& f = r.summary.shortfall[0];
  CHECK(f.site == 1);
  CHECK(f.racks_queued == 4);
  const auto lines = gwsim::shortfall_lines(r.scenario, f, gwsim::Calendar("2026-01-01"));
  CHECK(lines.at(0).starts_with("4 racks at site b wait for power"));
  CHECK(gwsim::summary_json(r.scenario, r.summary, 1)["not_in_service_at_end"][0]["site"] == "b");
}

TEST_CASE("the power figures get the decimals that tell them apart", "[shortfall]") {
  json d = site_doc();
  d["sites"][0]["pue"] = 1.0;
  d["sites"][0]["power_stages"][0]["power_mw"] = 0.2639;  // one 132 kW rack fits (0.132); two need 0.264
  const Result r = run(d);
  const auto lines = gwsim::shortfall_lines(r.scenario, r.summary.shortfall.at(0), gwsim::Calendar("2026-01-01"));
  CHECK(lines.at(0).find("energized 0.2639 MW, needed 0.2640 MW") != std::string::npos);
}

TEST_CASE("racks held by install crews and by slots", "[shortfall]") {
  json d = site_doc();
  d["sites"][0]["install"]["crews"] = 1;
  d["orders"][0]["deliveries"][0]["racks"] = 100;  // one crew installs a rack a week: about 47 by the end
  Result r = run(d);
  check_conserved(r.summary);
  const gwsim::SiteShortfall& f = r.summary.shortfall.at(0);
  CHECK(f.queue_waits_for == gwsim::InstallWait::crew);
  CHECK(f.racks_installing == 1);
  CHECK(f.crews == 1);
  CHECK(f.racks_queued + f.racks_installing + f.racks_in_burn_in + r.summary.racks_in_service == 100);

  d = site_doc();
  d["sites"][0]["buildings"][0]["rack_slots"] = 3;
  r = run(d);
  check_conserved(r.summary);
  const gwsim::SiteShortfall& g = r.summary.shortfall.at(0);
  CHECK(g.queue_waits_for == gwsim::InstallWait::slot);
  CHECK(g.racks_queued == 7);
  CHECK(g.slots_ready == 3);
  CHECK(gwsim::shortfall_lines(r.scenario, g, gwsim::Calendar("2026-01-01")).at(0) ==
        "7 racks at site a wait for a rack slot: 3 slots in buildings ready by the end, all used");
}

TEST_CASE("racks not shipped by the end say when the first ships", "[shortfall]") {
  json d = site_doc();
  // 5 racks due 2026-12-01 slip 60 days (ship 2027-01-30); 2 ship 2026-12-28 and travel 10 days
  d["orders"].push_back({{"sku", "GB200_NVL72"},
                         {"site", "a"},
                         {"deliveries", {{{"date", "2026-12-01"}, {"racks", 5}}}},
                         {"slip_days", {{"dist", "fixed"}, {"value", 60}}}});
  d["orders"].push_back({{"sku", "GB200_NVL72"},
                         {"site", "a"},
                         {"lead_time_days", 10},
                         {"deliveries", {{{"date", "2026-12-28"}, {"racks", 2}}}}});
  const Result r = run(d);
  check_conserved(r.summary);
  const gwsim::SiteShortfall& f = r.summary.shortfall.at(0);
  CHECK(f.racks_not_shipped == 5);
  CHECK(f.racks_in_transit == 2);
  const auto lines = gwsim::shortfall_lines(r.scenario, f, gwsim::Calendar("2026-01-01"));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "5 racks at site a not shipped by the end (the first ships 2027-01-30)");
  CHECK(lines[1] == "2 racks at site a still in transit");
}

TEST_CASE("rule: with no rack in the install queue there is no next rack to reserve for (docs/user-guide.md)",
          "[shortfall][rule]") {
  json d = site_doc();
  // the 10 racks of Feb 1 are in service; 2 more ship 2026-12-28 and travel 10 days: in transit at the end,
  // so the queue is empty and waits for nothing, and the next rack would reserve 0 MW (not 0.165)
  d["orders"].push_back({{"sku", "GB200_NVL72"},
                         {"site", "a"},
                         {"lead_time_days", 10},
                         {"deliveries", {{{"date", "2026-12-28"}, {"racks", 2}}}}});
  const Result r = run(d);
  check_conserved(r.summary);
  const gwsim::SiteShortfall& f = r.summary.shortfall.at(0);
  CHECK(f.racks_in_transit == 2);
  CHECK(f.racks_queued == 0);
  CHECK(f.queue_waits_for == gwsim::InstallWait::none);
  CHECK(f.next_rack_mw == 0.0);
  CHECK(f.reserved_mw == Approx(10 * 0.165));  // 10 racks x 132 kW x 1.25
  const json j = gwsim::summary_json(r.scenario, r.summary, 1);
  CHECK(j["not_in_service_at_end"][0]["next_rack_mw"].is_null());
  CHECK(j["not_in_service_at_end"][0]["queue_waits_for"].is_null());
}

TEST_CASE("racks not shipped by the end: the first ship date is the earliest of their batches", "[shortfall]") {
  json d = site_doc();
  // listed first: 5 racks due 2026-12-01 slip 60 days (ship 2027-01-30);
  // listed second: 3 racks due 2026-12-15 slip 30 days (ship 2027-01-14), the earliest of the 8
  d["orders"].push_back({{"sku", "GB200_NVL72"},
                         {"site", "a"},
                         {"deliveries", {{{"date", "2026-12-01"}, {"racks", 5}}}},
                         {"slip_days", {{"dist", "fixed"}, {"value", 60}}}});
  d["orders"].push_back({{"sku", "GB200_NVL72"},
                         {"site", "a"},
                         {"deliveries", {{{"date", "2026-12-15"}, {"racks", 3}}}},
                         {"slip_days", {{"dist", "fixed"}, {"value", 30}}}});
  const Result r = run(d);
  check_conserved(r.summary);
  const gwsim::SiteShortfall& f = r.summary.shortfall.at(0);
  CHECK(f.racks_not_shipped == 8);
  const auto lines = gwsim::shortfall_lines(r.scenario, f, gwsim::Calendar("2026-01-01"));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "8 racks at site a not shipped by the end (the first ships 2027-01-14)");
}

TEST_CASE("count_text writes counts whole with thousands separators", "[shortfall]") {
  CHECK(gwsim::count_text(0) == "0");
  CHECK(gwsim::count_text(999) == "999");
  CHECK(gwsim::count_text(1000) == "1,000");
  CHECK(gwsim::count_text(360000) == "360,000");
  CHECK(gwsim::count_text(-1234567) == "-1,234,567");
}

TEST_CASE("an unreached scenario milestone says why, from the sites it counts", "[shortfall][milestones]") {
  json d = site_doc();
  d["sites"][0]["power_stages"][0]["power_mw"] = 1.0;  // 6 of the 10 racks fit, as above
  d["milestones"] = {{{"name", "all racks"}, {"metric", "racks_in_service"}, {"threshold", 10}, {"site", "a"}},
                     {{"name", "power"}, {"metric", "power_energized_mw"}, {"threshold", 2.0}},
                     {{"name", "more than ordered"}, {"metric", "racks_in_service"}, {"threshold", 11}}};
  d["sites"][0]["power_stages"].push_back({{"date", "2026-12-01"}, {"power_mw", 1.0}});
  d["sites"][0]["stage_slip_days"] = {{"dist", "fixed"}, {"value", 60}};  // both stages slip: the second past the end
  const Result r = run(d);
  const gwsim::Calendar cal(r.scenario.start_iso);
  REQUIRE(r.summary.milestones.size() == 3);
  REQUIRE_FALSE(r.summary.milestones[0].reached);
  CHECK(gwsim::milestone_reason(r.scenario, r.summary, 0, cal) ==
        "6 of the 10 racks needed at the end: " +
            gwsim::shortfall_lines(r.scenario, r.summary.shortfall.at(0), cal)[0]);
  REQUIRE_FALSE(r.summary.milestones[1].reached);  // 1.0 MW from 2026-03-02; the second 1.0 MW on 2027-01-30
  CHECK(gwsim::milestone_reason(r.scenario, r.summary, 1, cal) ==
        "1.0 of the 2.0 MW needed at the end: site a energized 1.0 MW of the 2.0 MW planned (stages slipped past the "
        "end)");
  const json j = gwsim::summary_json(r.scenario, r.summary, 1);
  CHECK(j["milestones"][1]["explanation"] == gwsim::milestone_reason(r.scenario, r.summary, 1, cal));
  // a target above what was ordered: reached by nothing; said so once the racks' own causes are listed
  CHECK(gwsim::milestone_reason(r.scenario, r.summary, 2, cal).starts_with("6 of the 11 racks needed at the end: "));
}

TEST_CASE("rule: an energized-MW milestone blames only the sites with power stages not energized (io/explain.hpp)",
          "[shortfall][milestones][rule]") {
  json d = site_doc();
  d["sites"][0]["power_stages"].push_back({{"date", "2026-06-01"}, {"power_mw", 50.0}});  // planned: 100 + 50 MW
  d["milestones"] = {{{"name", "more than planned"}, {"metric", "power_energized_mw"}, {"threshold", 200.0}}};
  const Result r = run(d);
  REQUIRE_FALSE(r.summary.milestones[0].reached);
  // both stages energized, 150.0 MW of the 150.0 MW planned: nothing slipped, so no site to name
  CHECK(gwsim::milestone_reason(r.scenario, r.summary, 0, gwsim::Calendar(r.scenario.start_iso)) ==
        "150.0 of the 200.0 MW needed at the end");
}

TEST_CASE("a training run not completed says why", "[shortfall][jobs]") {
  gwsim::TrainingSummary t;
  t.gpus = 100000;
  t.most_gpus_up_at_end = 64800;
  CHECK(gwsim::training_reason(t) ==
        "never started: it needs 100,000 GPUs at once; 64,800 were up at the end where it may run");
  t.started = true;
  t.running_at_end = true;
  t.work_done = 0.625;
  t.interruptions = 1234;
  CHECK(gwsim::training_reason(t) == "still running at the end, 62.5% of its work done, after 1,234 interruptions");
  t.running_at_end = false;
  CHECK(gwsim::training_reason(t) ==
        "waiting in the queue at the end after an interruption, 62.5% of its work done: it needs 100,000 GPUs at once; "
        "64,800 were up at the end where it may run");
}

TEST_CASE("a training run larger than the site never starts, and the summary says so", "[shortfall][jobs]") {
  json d = site_doc();  // 10 racks of 72 GPUs: 720 GPUs
  d["workloads"] = json::parse(R"({"policy": "fifo", "training": [
      {"name": "half", "submit": "2026-01-01", "gpus": 360, "wall_hours": 100000, "checkpoint_hours": 1, "restart_hours": 0},
      {"name": "big", "submit": "2026-01-01", "gpus": 1000, "wall_hours": 24, "checkpoint_hours": 1, "restart_hours": 0, "site": "a"}]})");
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  const gwsim::RunOutput out = gwsim::run_scenario(s, 1);
  REQUIRE(out.jobs_summary);
  const auto& tr = out.jobs_summary->training;
  REQUIRE(tr.size() == 2);
  // 360 GPUs for 100,000 h of work, from mid-February: still running, under 8,760 h of it done (< 8.8%)
  CHECK_FALSE(tr[0].completed);
  CHECK(tr[0].running_at_end);
  CHECK(tr[0].work_done > 0.07);
  CHECK(tr[0].work_done < 0.0876);
  CHECK_FALSE(tr[1].completed);
  CHECK(gwsim::training_reason(tr[1]) ==
        "never started: it needs 1,000 GPUs at once; 720 were up at the end where it may run");
  const json j = gwsim::jobs_summary_json(*out.jobs_summary, gwsim::Calendar(s.start_iso));
  CHECK(j["training"][1]["why_not_completed"] == gwsim::training_reason(tr[1]));
  CHECK(j["training"][0]["why_not_completed"].get<std::string>().starts_with("still running at the end, "));
}

TEST_CASE(
    "rule: a run that never started counts the GPUs up where it may run: its site, its cluster, else the best site "
    "(docs/jobs.md)",
    "[shortfall][jobs][rule]") {
  json d = site_doc();  // a: 10 racks of 72 GPUs (720); b, added: 20 racks (1,440)
  json b = d["sites"][0];
  b["name"] = "b";
  d["sites"].push_back(b);
  d["orders"].push_back(
      {{"sku", "GB200_NVL72"}, {"site", "b"}, {"deliveries", {{{"date", "2026-02-01"}, {"racks", 20}}}}});
  d["workloads"] = json::parse(R"({"policy": "fifo", "training": [
      {"name": "pinned", "submit": "2026-01-01", "gpus": 1000, "wall_hours": 24, "checkpoint_hours": 1, "restart_hours": 0, "site": "a"},
      {"name": "free", "submit": "2026-01-01", "gpus": 2000, "wall_hours": 24, "checkpoint_hours": 1, "restart_hours": 0},
      {"name": "spread", "submit": "2026-01-01", "gpus": 3000, "wall_hours": 24, "checkpoint_hours": 1, "restart_hours": 0,
       "cluster": "ab"}],
      "clusters": [{"name": "ab", "sites": ["a", "b"]}]})");
  const gwsim::RunOutput out = gwsim::run_scenario(gwsim::scenario_from_json(d, "t.json"), 1);
  REQUIRE(out.jobs_summary);
  const auto& tr = out.jobs_summary->training;
  REQUIRE(tr.size() == 3);
  CHECK_FALSE(tr[0].started);
  CHECK(tr[0].most_gpus_up_at_end == 720);  // its site, a (site 0), not the larger b
  CHECK_FALSE(tr[1].started);
  CHECK(tr[1].most_gpus_up_at_end == 1440);  // no site: the best single site
  CHECK_FALSE(tr[2].started);
  CHECK(tr[2].most_gpus_up_at_end == 2160);  // a cluster: its sites together
}

TEST_CASE("rule: a milestone above everything ordered, with every rack in service, says so (io/explain.hpp)",
          "[shortfall][milestones][rule]") {
  json d = site_doc();  // 10 racks, all in service by the end, no failures
  d["milestones"] = {{{"name", "racks"}, {"metric", "racks_in_service"}, {"threshold", 11}},
                     {{"name", "gpus"}, {"metric", "gpus_in_service"}, {"threshold", 721}}};
  const Result r = run(d);
  const gwsim::Calendar cal(r.scenario.start_iso);
  REQUIRE(r.summary.shortfall.empty());
  CHECK(gwsim::milestone_reason(r.scenario, r.summary, 0, cal) ==
        "10 of the 11 racks needed at the end: every rack it counts is in service: the target is more than was "
        "ordered");
  // GPUs may also be down for repair at the end, so a GPU milestone names both possibilities
  CHECK(gwsim::milestone_reason(r.scenario, r.summary, 1, cal) ==
        "720 of the 721 GPUs needed at the end: every rack it counts is in service: the rest are GPUs down for "
        "repair at the end, or the target is more than was ordered");
}

TEST_CASE(
    "rule: a power wait shows energized and needed MW with the fewest decimals (1 to 6) that tell them apart "
    "(io/explain.hpp)",
    "[shortfall][rule]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(site_doc(), "t.json");
  const gwsim::Calendar cal(s.start_iso);
  gwsim::SiteShortfall f;
  f.racks_not_in_service = f.racks_queued = 2;
  f.queue_waits_for = gwsim::InstallWait::power;
  auto line = [&](double energized, double reserved, double next) {
    f.energized_mw = energized;
    f.reserved_mw = reserved;
    f.next_rack_mw = next;
    return gwsim::shortfall_lines(s, f, cal).at(0);
  };
  CHECK(line(200, 150, 100) ==
        "2 racks at site a wait for power: energized 200.0 MW, needed 250.0 MW for the next rack (150.0 MW reserved "
        "by racks installed)");
  CHECK_THAT(line(245.0, 245.0, 0.3), Catch::Contains("energized 245.0 MW, needed 245.3 MW"));
  CHECK_THAT(line(245.001, 245.0, 0.004), Catch::Contains("energized 245.001 MW, needed 245.004 MW"));
}

TEST_CASE("rule: an energized-MW milestone counts 0 MW for a site the summary has no figure for (io/explain.hpp)",
          "[shortfall][milestones][rule]") {
  json d = site_doc();
  d["milestones"] = {{{"name", "p"}, {"metric", "power_energized_mw"}, {"threshold", 200.0}}};
  const gwsim::Scenario s = gwsim::scenario_from_json(d, "t.json");
  gwsim::BuildoutSummary sum;  // made by hand: no per-site power
  sum.milestones.push_back({std::nullopt, 0.0, 200.0});
  CHECK(gwsim::milestone_reason(s, sum, 0, gwsim::Calendar(s.start_iso)) ==
        "0.0 of the 200.0 MW needed at the end: site a energized 0.0 MW of the 100.0 MW planned (stages slipped past "
        "the end)");
}

TEST_CASE("rule: one rack in each state is listed, in the singular, in pipeline order (io/explain.hpp)",
          "[shortfall][rule]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(site_doc(), "t.json");
  const gwsim::Calendar cal(s.start_iso);
  gwsim::SiteShortfall f;
  f.racks_not_shipped = f.racks_in_transit = f.racks_queued = f.racks_installing = f.racks_in_burn_in = 1;
  f.racks_not_in_service = 5;
  f.queue_waits_for = gwsim::InstallWait::crew;
  f.crews = 10;
  f.next_ship = gwsim::days(400);
  CHECK(gwsim::shortfall_lines(s, f, cal) ==
        std::vector<std::string>{"1 rack at site a not shipped by the end (the first ships 2027-02-05)",
                                 "1 rack at site a still in transit",
                                 "1 rack at site a waits for an install crew: all 10 crews busy",
                                 "1 rack at site a being installed", "1 rack at site a in burn-in"});
  f = {};
  CHECK(gwsim::shortfall_lines(s, f, cal).empty());  // nothing missing: nothing to say
}
