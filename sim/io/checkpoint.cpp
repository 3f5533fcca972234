#include "io/checkpoint.hpp"

#include <charconv>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/output.hpp"
#include "model/columns.hpp"

namespace gwsim {

using nlohmann::json;

namespace {

// 2: SiteSkuCount::gpus_up; 3: shortfall and milestones; 4: the job outcome (ReplicationJobs);
// 5: the stranded GPU-days by cause that bottleneck() reads (docs/power.md).
// A file of another format is not used: its replication is run again.
constexpr int kFormat = 5;

json optional_tick(const std::optional<Tick>& t) { return t ? json(*t) : json(nullptr); }
std::optional<Tick> tick_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<Tick>();
}

// Every field of BuildoutSummary, so a resumed replication is the same value
// as a computed one (tests/io/test_checkpoint.cpp compares them).
json summary_to_json(const BuildoutSummary& s) {
  json contracts = json::array();
  for (const ContractSpend& c : s.contracts)
    contracts.push_back({c.name, c.provider, c.total_usd, c.committed_usd, c.used_usd, c.paid_usd});
  json milestones = json::array();
  for (const MilestoneOutcome& m : s.milestones)
    milestones.push_back({optional_tick(m.reached), m.value_at_end, m.target});
  json cells = json::array();
  for (const SiteSkuCount& c : s.by_site_sku)
    cells.push_back({c.site, c.sku, c.racks_ordered, c.racks_delivered, c.racks_in_service, c.gpus_up});
  json shortfall = json::array();
  for (const SiteShortfall& f : s.shortfall)
    shortfall.push_back({f.site, f.racks_not_in_service, f.racks_not_shipped, f.racks_in_transit, f.racks_queued,
                         f.racks_installing, f.racks_in_burn_in, static_cast<int>(f.queue_waits_for),
                         optional_tick(f.next_ship), f.energized_mw, f.reserved_mw, f.next_rack_mw, f.slots_ready,
                         f.slots_used, f.crews});
  return {{"racks_ordered", s.racks_ordered},
          {columns::gpus_ordered.name, s.gpus_ordered},
          {columns::racks_in_service.name, s.racks_in_service},
          {columns::gpus_in_service.name, s.gpus_in_service},
          {"in_service_50pct", optional_tick(s.in_service_50pct)},
          {"in_service_90pct", optional_tick(s.in_service_90pct)},
          {"in_service_100pct", optional_tick(s.in_service_100pct)},
          {"stranded_no_power_gpu_days", s.stranded_no_power_gpu_days},
          {"stranded_no_slot_gpu_days", s.stranded_no_slot_gpu_days},
          {"waiting_crew_gpu_days", s.waiting_crew_gpu_days},
          {"stranded_by_cause",
           {s.stranded_construction_gpu_days, s.stranded_interconnection_gpu_days, s.stranded_equipment_gpu_days,
            s.generation.stranded_onsite_outage_gpu_days, s.generation.stranded_curtailment_gpu_days}},
          {"in_transit_gpu_days", s.in_transit_gpu_days},
          {columns::energy_mwh.name, s.energy_mwh},
          {columns::energy_cost_usd.name, s.energy_cost_usd},
          {columns::capex_usd.name, s.capex_usd},
          {"peak_facility_mw", s.peak_facility_mw},
          {"peak_it_mw", s.peak_it_mw},
          {"failures", s.failures},
          {"repairs", s.repairs},
          {"burn_in_failures", s.burn_in_failures},
          {"failed_gpu_days", s.failed_gpu_days},
          {"contracts", contracts},
          {"by_site_sku", cells},
          {"site_energized_mw", s.site_energized_mw},
          {"shortfall", shortfall},
          {"milestones", milestones},
          {"events", s.events}};
}

BuildoutSummary summary_from_json(const json& j) {
  BuildoutSummary s;
  j.at("racks_ordered").get_to(s.racks_ordered);
  j.at(columns::gpus_ordered.name).get_to(s.gpus_ordered);
  j.at(columns::racks_in_service.name).get_to(s.racks_in_service);
  j.at(columns::gpus_in_service.name).get_to(s.gpus_in_service);
  s.in_service_50pct = tick_of(j.at("in_service_50pct"));
  s.in_service_90pct = tick_of(j.at("in_service_90pct"));
  s.in_service_100pct = tick_of(j.at("in_service_100pct"));
  j.at("stranded_no_power_gpu_days").get_to(s.stranded_no_power_gpu_days);
  j.at("stranded_no_slot_gpu_days").get_to(s.stranded_no_slot_gpu_days);
  j.at("waiting_crew_gpu_days").get_to(s.waiting_crew_gpu_days);
  const json& cause = j.at("stranded_by_cause");
  cause.at(0).get_to(s.stranded_construction_gpu_days);
  cause.at(1).get_to(s.stranded_interconnection_gpu_days);
  cause.at(2).get_to(s.stranded_equipment_gpu_days);
  cause.at(3).get_to(s.generation.stranded_onsite_outage_gpu_days);
  cause.at(4).get_to(s.generation.stranded_curtailment_gpu_days);
  j.at("in_transit_gpu_days").get_to(s.in_transit_gpu_days);
  j.at(columns::energy_mwh.name).get_to(s.energy_mwh);
  j.at(columns::energy_cost_usd.name).get_to(s.energy_cost_usd);
  j.at(columns::capex_usd.name).get_to(s.capex_usd);
  j.at("peak_facility_mw").get_to(s.peak_facility_mw);
  j.at("peak_it_mw").get_to(s.peak_it_mw);
  j.at("failures").get_to(s.failures);
  j.at("repairs").get_to(s.repairs);
  j.at("burn_in_failures").get_to(s.burn_in_failures);
  j.at("failed_gpu_days").get_to(s.failed_gpu_days);
  for (const json& c : j.at("contracts"))
    s.contracts.push_back(ContractSpend{c.at(0).get<std::string>(), c.at(1).get<std::string>(), c.at(2).get<double>(),
                                        c.at(3).get<double>(), c.at(4).get<double>(), c.at(5).get<double>()});
  for (const json& c : j.at("by_site_sku"))
    s.by_site_sku.push_back(SiteSkuCount{c.at(0).get<std::uint32_t>(), c.at(1).get<std::uint32_t>(),
                                         c.at(2).get<std::int64_t>(), c.at(3).get<std::int64_t>(),
                                         c.at(4).get<std::int64_t>(), c.at(5).get<std::int64_t>()});
  j.at("site_energized_mw").get_to(s.site_energized_mw);
  for (const json& c : j.at("shortfall")) {
    SiteShortfall f;
    c.at(0).get_to(f.site);
    c.at(1).get_to(f.racks_not_in_service);
    c.at(2).get_to(f.racks_not_shipped);
    c.at(3).get_to(f.racks_in_transit);
    c.at(4).get_to(f.racks_queued);
    c.at(5).get_to(f.racks_installing);
    c.at(6).get_to(f.racks_in_burn_in);
    f.queue_waits_for = static_cast<InstallWait>(c.at(7).get<int>());
    f.next_ship = tick_of(c.at(8));
    c.at(9).get_to(f.energized_mw);
    c.at(10).get_to(f.reserved_mw);
    c.at(11).get_to(f.next_rack_mw);
    c.at(12).get_to(f.slots_ready);
    c.at(13).get_to(f.slots_used);
    c.at(14).get_to(f.crews);
    s.shortfall.push_back(f);
  }
  for (const json& m : j.at("milestones"))
    s.milestones.push_back(MilestoneOutcome{tick_of(m.at(0)), m.at(1).get<double>(), m.at(2).get<double>()});
  j.at("events").get_to(s.events);
  return s;
}

json jobs_to_json(const std::optional<ReplicationJobs>& j) {
  if (!j) return nullptr;
  json training = json::array();
  for (const TrainingOutcome& o : j->training)
    training.push_back({static_cast<int>(o.status), o.end, o.effective_training_time, o.interruptions});
  json out{{"training", training},
           {"wait_p50_hours", j->wait_p50_hours},
           {"wait_p90_hours", j->wait_p90_hours},
           {"wait_p99_hours", j->wait_p99_hours},
           {"utilization", j->utilization},  // check_columns: not the column (a summary figure)
           {"goodput", j->goodput}};
  if (j->swings)
    out["swings"] = {j->swings->largest_step_mw, j->swings->steepest_ramp_mw_per_min, j->swings->steps_above_threshold,
                     j->swings->ramp_limit_exceeded_windows};
  return out;
}

std::optional<ReplicationJobs> jobs_from_json(const json& j) {
  if (j.is_null()) return std::nullopt;
  ReplicationJobs out;
  for (const json& o : j.at("training")) {
    const int status = o.at(0).get<int>();
    if (status < 0 || status > static_cast<int>(TrainingStatus::never_started))
      throw json::other_error::create(501, "bad training status", &o);
    out.training.push_back(TrainingOutcome{static_cast<TrainingStatus>(status), o.at(1).get<Tick>(),
                                           o.at(2).get<double>(), o.at(3).get<std::uint32_t>()});
  }
  j.at("wait_p50_hours").get_to(out.wait_p50_hours);
  j.at("wait_p90_hours").get_to(out.wait_p90_hours);
  j.at("wait_p99_hours").get_to(out.wait_p99_hours);
  j.at("utilization").get_to(out.utilization);  // check_columns: not the column (a summary figure)
  j.at("goodput").get_to(out.goodput);
  if (j.contains("swings")) {
    const json& w = j.at("swings");
    out.swings = SwingFigures{w.at(0).get<double>(), w.at(1).get<double>(), w.at(2).get<std::uint64_t>(),
                              w.at(3).get<std::uint64_t>()};
  }
  return out;
}

}  // namespace

std::string encode_replication(const Replication& run, const std::vector<Tick>& times, const std::string& fingerprint) {
  const json j{{"format", kFormat},
               {"fingerprint", fingerprint},
               {"seed", run.seed},
               {"summary", summary_to_json(run.summary)},
               {"columns", run.columns},
               {"times", times},
               {"jobs", jobs_to_json(run.jobs)}};
  const std::vector<std::uint8_t> bytes = json::to_cbor(j);  // doubles kept exactly (CBOR float64)
  return {bytes.begin(), bytes.end()};
}

std::optional<ReplicationStore::Saved> decode_replication(const std::string& bytes, const std::string& fingerprint) {
  try {
    const json j = json::from_cbor(bytes);
    if (j.at("format") != kFormat || j.at("fingerprint") != fingerprint) return std::nullopt;
    ReplicationStore::Saved saved;
    j.at("seed").get_to(saved.run.seed);
    saved.run.summary = summary_from_json(j.at("summary"));
    j.at("columns").get_to(saved.run.columns);
    j.at("times").get_to(saved.times);
    saved.run.jobs = jobs_from_json(j.at("jobs"));
    return saved;
  } catch (const json::exception&) {
    return std::nullopt;  // unreadable: the caller recomputes it
  }
}

std::string replications_fingerprint(const std::string& scenario_fingerprint, std::uint64_t seed) {
  return fmt::format("gwsim {} seed {} scenario {}", GWSIM_VERSION, seed, scenario_fingerprint);
}

CheckpointDir::CheckpointDir(std::filesystem::path dir, std::string fingerprint)
    : dir_(std::move(dir)), fingerprint_(std::move(fingerprint)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Files are written and deleted in here: never through a link that leads
  // outside the output directory.
  if (fs::is_symlink(fs::symlink_status(dir_)))
    throw Error("output.io",
                fmt::format("{}: is a symbolic link; remove it (gwsim writes only inside --out)", dir_.string()));
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_))
    throw Error("output.io", fmt::format("{}: cannot create the checkpoint directory{}", dir_.string(),
                                         ec ? ": " + ec.message() : ""));
  const fs::path manifest = dir_ / "fingerprint";
  std::string previous;
  if (std::ifstream in(manifest); in) std::getline(in, previous);
  for (const auto& e : fs::directory_iterator(dir_)) {
    const std::string name = e.path().filename().string();
    const bool stale_tmp = name.starts_with(".") && name.find(".tmp.") != std::string::npos;
    const bool other_run = previous != fingerprint_ && name.starts_with("rep-");
    if (stale_tmp || other_run) fs::remove(e.path(), ec);
  }
  if (previous != fingerprint_) write_atomic(manifest, fingerprint_ + "\n");
  if (const char* v = std::getenv("GWSIM_TEST_KILL_AFTER_SAVES"); v != nullptr) {
    const std::string_view text(v);
    const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), kill_after_saves_);
    if (err != std::errc() || end != text.data() + text.size() || kill_after_saves_ <= 0)
      throw Error("setup.env", fmt::format("GWSIM_TEST_KILL_AFTER_SAVES: expected a positive integer, got '{}'", text));
  }
}

std::filesystem::path CheckpointDir::file(int r) const { return dir_ / fmt::format("rep-{:06d}.cbor", r); }

std::optional<ReplicationStore::Saved> CheckpointDir::load(int r) {
  std::ifstream in(file(r), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return decode_replication(ss.str(), fingerprint_);
}

void CheckpointDir::save(int r, const Replication& run, const std::vector<Tick>& times) {
  write_atomic(file(r), encode_replication(run, times, fingerprint_));
  if (kill_after_saves_ > 0 && ++saves_ >= kill_after_saves_) std::raise(SIGKILL);
}

void CheckpointDir::remove() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace gwsim
