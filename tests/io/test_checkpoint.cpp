// Tests of sim/io/checkpoint: replications saved and resumed exactly.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/checkpoint.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "run/job_outcome_stats.hpp"
#include "support/fields.hpp"
#include "support/scenarios.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

gwsim::Scenario small() { return gwsim::test::small_monte_carlo_scenario(); }

// tests/scenarios/every_feature.json: money (owned and leased), a contract with a ramp, SKU prices and
// credits, the lifecycle, generation, a battery, curtailment, construction, a grid, equipment, prices,
// reliability, milestones, jobs and power swings (tests/python/test_resume.py runs it too).
gwsim::Scenario every_feature() {
  return gwsim::load_scenario(fs::path(__FILE__).parent_path().parent_path() / "scenarios" / "every_feature.json");
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / fmt::format("gwsim_test_ckpt_{}", ::getpid());
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

// Everything the Monte Carlo outputs are made of, as text.
std::string outputs(const gwsim::MonteCarlo& mc, const gwsim::Scenario& s) {
  const gwsim::Calendar cal(s.start_iso);
  std::string all = gwsim::bands_csv(mc, cal) + gwsim::replications_csv(mc, cal) + gwsim::key_dates_csv(mc, cal) +
                    gwsim::monte_carlo_json(mc, cal).dump();
  for (const auto& r : mc.runs) all += gwsim::summary_json(s, r.summary, r.seed).dump();
  return all;
}

// Every output a replication's summary makes when it is a run's (gwsim run --seed S writes them) and
// those of Monte Carlo, with workloads: as text.
std::string every_output(const gwsim::MonteCarlo& mc, const gwsim::Scenario& s) {
  const gwsim::Calendar cal(s.start_iso);
  std::string all = outputs(mc, s) + gwsim::training_runs_csv(mc, cal) + gwsim::monte_carlo_jobs_json(mc, cal).dump() +
                    gwsim::monte_carlo_milestones_json(s, mc).dump();
  for (const auto& r : mc.runs) {
    if (r.summary.money.used) all += gwsim::cash_flow_csv(r.summary.money);
    if (r.summary.lifecycle.used) all += gwsim::fleet_mix_csv(s, r.summary.lifecycle, cal);
  }
  return all;
}

}  // namespace

TEST_CASE("a replication survives encoding exactly", "[checkpoint]") {
  const gwsim::Scenario s = small();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 9, 2, 1);
  const std::string bytes = gwsim::encode_replication(mc.runs[1], mc.times, "fp");
  const auto back = gwsim::decode_replication(bytes, "fp");
  REQUIRE(back.has_value());
  CHECK(back->times == mc.times);
  CHECK(back->run.seed == mc.runs[1].seed);
  CHECK(back->run.columns == mc.runs[1].columns);  // bit-exact doubles
  // every summary field: summary_json writes them all (contracts, deliveries, key dates...)
  CHECK(gwsim::summary_json(s, back->run.summary, 1).dump() == gwsim::summary_json(s, mc.runs[1].summary, 1).dump());
  CHECK(back->run.summary.events == mc.runs[1].summary.events);
  CHECK(back->run.summary.site_energized_mw == mc.runs[1].summary.site_energized_mw);
  // another fingerprint, or damaged bytes, are refused (and so recomputed)
  CHECK_FALSE(gwsim::decode_replication(bytes, "other").has_value());
  CHECK_FALSE(gwsim::decode_replication(bytes.substr(0, bytes.size() / 2), "fp").has_value());
  CHECK_FALSE(gwsim::decode_replication("not cbor at all", "fp").has_value());
}

TEST_CASE("a replication's stranded GPU-days by cause survive encoding, and so its bottleneck", "[checkpoint]") {
  gwsim::Scenario s = small();
  s.sites[0].buildings[0].construction =
      gwsim::Construction{0, gwsim::Fixed{40.0}, gwsim::Fixed{20.0}, gwsim::Fixed{10.0}, std::nullopt};
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 9, 1, 1);
  gwsim::Replication run = mc.runs[0];
  REQUIRE(run.summary.stranded_construction_gpu_days > 0);
  run.summary.stranded_interconnection_gpu_days = 1.5;
  run.summary.stranded_equipment_gpu_days = 2.5;
  run.summary.generation.stranded_onsite_outage_gpu_days = 3.5;
  run.summary.generation.stranded_curtailment_gpu_days = 4.5;
  const auto back = gwsim::decode_replication(gwsim::encode_replication(run, mc.times, "fp"), "fp");
  REQUIRE(back.has_value());
  const gwsim::BuildoutSummary& b = back->run.summary;
  CHECK(b.stranded_construction_gpu_days == run.summary.stranded_construction_gpu_days);
  CHECK(b.stranded_interconnection_gpu_days == 1.5);
  CHECK(b.stranded_equipment_gpu_days == 2.5);
  CHECK(b.generation.stranded_onsite_outage_gpu_days == 3.5);
  CHECK(b.generation.stranded_curtailment_gpu_days == 4.5);
  CHECK(gwsim::bottleneck(b) == gwsim::bottleneck(run.summary));
}

TEST_CASE("a replication's milestones survive encoding: reached or not, value and target", "[checkpoint]") {
  gwsim::Replication run;
  run.seed = 5;
  run.summary.milestones = {{gwsim::days(3), 10.5, 7.25}, {std::nullopt, 2.0, 9.0}};
  const auto back = gwsim::decode_replication(gwsim::encode_replication(run, {}, "fp"), "fp");
  REQUIRE(back.has_value());
  REQUIRE(back->run.summary.milestones.size() == 2);
  CHECK(back->run.summary.milestones[0].reached == gwsim::days(3));
  CHECK(back->run.summary.milestones[0].value_at_end == 10.5);
  CHECK(back->run.summary.milestones[0].target == 7.25);
  CHECK_FALSE(back->run.summary.milestones[1].reached.has_value());
  CHECK(back->run.summary.milestones[1].value_at_end == 2.0);
  CHECK(back->run.summary.milestones[1].target == 9.0);
}

TEST_CASE("rule: GWSIM_TEST_KILL_AFTER_SAVES must be a positive integer (docs/cli.md)", "[checkpoint][rule]") {
  TempDir tmp;
  auto opens_with = [&](const char* value) {
    ::setenv("GWSIM_TEST_KILL_AFTER_SAVES", value, 1);
    std::string code = "ok";
    try {
      gwsim::CheckpointDir store(tmp.path, "fp");  // nothing saved: nothing killed
    } catch (const gwsim::Error& e) {
      code = e.code();
    }
    ::unsetenv("GWSIM_TEST_KILL_AFTER_SAVES");
    return code;
  };
  CHECK(opens_with("3") == "ok");
  CHECK(opens_with("12") == "ok");
  CHECK(opens_with("3x") == "setup.env");
  CHECK(opens_with("0") == "setup.env");
  CHECK(opens_with("-1") == "setup.env");
  CHECK(opens_with("") == "setup.env");
}

TEST_CASE("a Monte Carlo resumed from a checkpoint equals one run straight through", "[checkpoint]") {
  const gwsim::Scenario s = small();
  const gwsim::MonteCarlo straight = gwsim::run_replications(s, 5, 10, 2);
  TempDir tmp;
  {
    // an interrupted run: only the first 4 replications were finished
    gwsim::CheckpointDir store(tmp.path, "fp-1");
    const gwsim::MonteCarlo part = gwsim::run_replications(s, 5, 4, 2, {}, &store);
    CHECK(part.resumed == 0);
  }
  std::ofstream(tmp.path / ".rep-000004.cbor.tmp.123") << "half a file";  // left by a kill
  gwsim::CheckpointDir store(tmp.path, "fp-1");
  CHECK_FALSE(fs::exists(tmp.path / ".rep-000004.cbor.tmp.123"));
  const gwsim::MonteCarlo resumed = gwsim::run_replications(s, 5, 10, 2, {}, &store);
  CHECK(resumed.resumed == 4);
  CHECK(outputs(resumed, s) == outputs(straight, s));
  // all ten are kept now; a third run computes nothing
  const gwsim::MonteCarlo again = gwsim::run_replications(s, 5, 10, 1, {}, &store);
  CHECK(again.resumed == 10);
  CHECK(outputs(again, s) == outputs(straight, s));
  store.remove();
  CHECK_FALSE(fs::exists(tmp.path));
}

TEST_CASE("a checkpoint of another scenario or seed is discarded, not used", "[checkpoint]") {
  const gwsim::Scenario s = small();
  TempDir tmp;
  {
    gwsim::CheckpointDir store(tmp.path, "scenario A");
    (void)gwsim::run_replications(s, 5, 3, 1, {}, &store);
  }
  CHECK(fs::exists(tmp.path / "rep-000002.cbor"));
  gwsim::CheckpointDir store(tmp.path, "scenario B");
  CHECK_FALSE(fs::exists(tmp.path / "rep-000002.cbor"));
  CHECK(gwsim::run_replications(s, 5, 3, 1, {}, &store).resumed == 0);
  // a saved replication whose seed is not the one replication r must have is rerun
  gwsim::CheckpointDir same(tmp.path, "scenario B");
  CHECK(gwsim::run_replications(s, 6, 3, 1, {}, &same).resumed == 0);
}

TEST_CASE("rule: opening a checkpoint removes only its stale temporary files, not other files", "[checkpoint][rule]") {
  // docs/reliability.md: a temporary file is a dot file with ".tmp." in its name (write_atomic's);
  // one left by a killed run is removed, and nothing else the directory holds is touched.
  TempDir tmp;
  fs::create_directories(tmp.path);
  const auto touch = [&](const char* name) { std::ofstream(tmp.path / name) << "x"; };
  touch(".rep-000001.cbor.tmp.123");  // stale: removed
  touch(".keep");                     // a dot file, not temporary
  touch("notes.tmp.txt");             // ".tmp." but not a dot file
  gwsim::CheckpointDir store(tmp.path, "scenario A");
  CHECK_FALSE(fs::exists(tmp.path / ".rep-000001.cbor.tmp.123"));
  CHECK(fs::exists(tmp.path / ".keep"));
  CHECK(fs::exists(tmp.path / "notes.tmp.txt"));
}

TEST_CASE("a replication's shortfall survives encoding, every field", "[checkpoint]") {
  const gwsim::Scenario s = small();
  gwsim::MonteCarlo mc = gwsim::run_replications(s, 9, 1, 1);
  gwsim::Replication& run = mc.runs[0];
  gwsim::SiteShortfall f;  // every field a value of its own, none the default
  f.site = 3;
  f.racks_not_in_service = 11;
  f.racks_not_shipped = 12;
  f.racks_in_transit = 13;
  f.racks_queued = 14;
  f.racks_installing = 15;
  f.racks_in_burn_in = 16;
  f.queue_waits_for = gwsim::InstallWait::crew;
  f.next_ship = gwsim::days(17);
  f.energized_mw = 18.5;
  f.reserved_mw = 19.25;
  f.next_rack_mw = 0.125;
  f.slots_ready = 21;
  f.slots_used = 22;
  f.crews = 23;
  run.summary.shortfall = {f};
  const auto back = gwsim::decode_replication(gwsim::encode_replication(run, mc.times, "fp"), "fp");
  REQUIRE(back.has_value());
  REQUIRE(back->run.summary.shortfall.size() == 1);
  CHECK(back->run.summary.shortfall[0] == f);
  CHECK(back->run.summary.shortfall[0].racks_queued == 14);
}

TEST_CASE("every field of a replication is checkpointed: one key per field of each type", "[checkpoint]") {
  // A field added to any type a Replication holds, and not to its list in io/checkpoint.cpp, fails here.
  using gwsim::test::field_count;
  STATIC_REQUIRE(field_count<gwsim::ContractFigures>() == 5);  // the counter itself
  STATIC_REQUIRE(field_count<gwsim::SiteShortfall>() == 15);
  const gwsim::Scenario s = every_feature();
  gwsim::MonteCarlo mc = gwsim::run_replications(s, 1, 1, 1);
  gwsim::Replication& run = mc.runs[0];
  if (run.summary.shortfall.empty()) run.summary.shortfall.emplace_back();  // an element of each vector
  const std::string bytes = gwsim::encode_replication(run, mc.times, "fp");
  const json j = json::from_cbor(bytes);
  const json& r = j.at("run");
  const json& sum = r.at("summary");
  REQUIRE(r.at("jobs").is_object());
  REQUIRE(sum.at("money").at("cash_flow").size() > 0);
  REQUIRE(sum.at("lifecycle").at("fleet_mix").size() > 0);
  REQUIRE(r.at("jobs").at("swings").is_object());
  CHECK(r.size() == field_count<gwsim::Replication>());
  CHECK(sum.size() == field_count<gwsim::BuildoutSummary>());
  CHECK(sum.at("reliability").size() == field_count<gwsim::ReliabilityFigures>());
  CHECK(sum.at("generation").size() == field_count<gwsim::GenerationFigures>());
  CHECK(sum.at("power_ledger").size() == field_count<gwsim::PowerLedgerFigures>());
  CHECK(sum.at("prices").size() == field_count<gwsim::PriceFigures>());
  CHECK(sum.at("contracts").at(0).size() == field_count<gwsim::ContractSpend>());
  CHECK(sum.at("contract_figures").at(0).size() == field_count<gwsim::ContractFigures>());
  CHECK(sum.at("money").size() == field_count<gwsim::MoneyFigures>());
  CHECK(sum.at("money").at("cash_flow").at(0).size() == field_count<gwsim::CashFlowMonth>());
  CHECK(sum.at("lifecycle").size() == field_count<gwsim::LifecycleFigures>());
  CHECK(sum.at("lifecycle").at("fleet_mix").at(0).size() == field_count<gwsim::FleetMixRow>());
  CHECK(sum.at("by_site_sku").at(0).size() == field_count<gwsim::SiteSkuCount>());
  CHECK(sum.at("shortfall").at(0).size() == field_count<gwsim::SiteShortfall>());
  CHECK(sum.at("milestones").at(0).size() == field_count<gwsim::MilestoneOutcome>());
  CHECK(r.at("jobs").size() == field_count<gwsim::ReplicationJobs>());
  CHECK(r.at("jobs").at("training").at(0).size() == field_count<gwsim::TrainingOutcome>());
  CHECK(r.at("jobs").at("swings").size() == field_count<gwsim::SwingFigures>());
}

TEST_CASE("a replication of every feature survives encoding: every output byte for byte", "[checkpoint]") {
  const gwsim::Scenario s = every_feature();
  const gwsim::MonteCarlo mc = gwsim::run_replications(s, 3, 3, 2);
  const gwsim::Calendar cal(s.start_iso);
  gwsim::MonteCarlo back = mc;
  for (std::size_t r = 0; r < mc.runs.size(); ++r) {
    const gwsim::BuildoutSummary& sum = mc.runs[r].summary;
    // the features are on, with figures of their own
    REQUIRE(sum.money.used);
    REQUIRE(sum.lifecycle.used);
    REQUIRE(sum.lifecycle.resale_usd > 0);
    REQUIRE(sum.generation.used);
    REQUIRE(sum.generation.bridge_energy_mwh > 0);
    REQUIRE(sum.prices.used);
    REQUIRE(sum.contract_figures.at(0).credit_usd > 0);
    REQUIRE(sum.reliability.racks_cordoned > 0);
    REQUIRE(sum.power_ledger.curtailment_hours > 0);
    REQUIRE(sum.stranded_construction_gpu_days + sum.stranded_interconnection_gpu_days > 0);
    REQUIRE(mc.runs[r].jobs->swings.has_value());
    const auto saved = gwsim::decode_replication(gwsim::encode_replication(mc.runs[r], mc.times, "fp"), "fp");
    REQUIRE(saved.has_value());
    const gwsim::BuildoutSummary& b = saved->run.summary;
    CHECK(gwsim::summary_json(s, b, 1).dump() == gwsim::summary_json(s, sum, 1).dump());
    CHECK(gwsim::cash_flow_csv(b.money) == gwsim::cash_flow_csv(sum.money));
    CHECK(gwsim::fleet_mix_csv(s, b.lifecycle, cal) == gwsim::fleet_mix_csv(s, sum.lifecycle, cal));
    back.runs[r] = saved->run;
  }
  CHECK(every_output(back, s) == every_output(mc, s));
}
