#include "io/checkpoint.hpp"

#include <charconv>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/output.hpp"

NLOHMANN_JSON_NAMESPACE_BEGIN
// std::optional as null or its value (nlohmann 3.11.2 has no serializer for it).
template <class T>
struct adl_serializer<std::optional<T>> {
  template <class Json>
  static void to_json(Json& j, const std::optional<T>& v) {
    if (v) j = *v;
    else j = nullptr;
  }
  template <class Json>
  static void from_json(const Json& j, std::optional<T>& v) {
    if (j.is_null()) v.reset();
    else v = j.template get<T>();
  }
};
NLOHMANN_JSON_NAMESPACE_END

namespace gwsim {

using nlohmann::json;

// Every type a replication holds, encoded field by field under the fields' names (one list per
// type, which encodes and decodes alike): a resumed replication is the same value as a computed one.
// tests/io/test_checkpoint.cpp checks that each encoded object has as many keys as its type has
// fields, so a field added to one of these types and not to its list here fails that test. These
// are the only to_json/from_json of these types.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ContractSpend, name, provider, total_usd, committed_usd, used_usd, paid_usd)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ContractFigures, committed_gpu_hours, delivered_gpu_hours, exposure_usd, credit_usd,
                                   implied_usd_per_gpu_hour)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SiteSkuCount, site, sku, racks_ordered, racks_delivered, racks_in_service, gpus_up)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SiteShortfall, site, racks_not_in_service, racks_not_shipped, racks_in_transit,
                                   racks_queued, racks_installing, racks_in_burn_in, queue_waits_for, next_ship,
                                   energized_mw, reserved_mw, next_rack_mw, slots_ready, slots_used, crews)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MilestoneOutcome, reached, value_at_end, target)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReliabilityFigures, lemon_racks, failures_from_lemons, racks_cordoned, racks_retired,
                                   repairs_automated, repairs_manual, repairs_not_fixed, replayed, replay_skipped)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PriceFigures, used, capacity_cost_usd, grid_tco2, embodied_tco2)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GenerationFigures, used, bridge_energy_mwh, bridge_fuel_usd, bridge_tco2,
                                   generation_capex_usd, stranded_onsite_outage_gpu_days, stranded_curtailment_gpu_days,
                                   racks_held, unserved_mwh)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PowerLedgerFigures, burn_in_pauses, curtailment_hours, grid_mw, non_grid_mw,
                                   onsite_mw, backup_mw, battery_mw)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CashFlowMonth, month, usd, total_usd, cumulative_usd, discounted_usd)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MoneyFigures, used, cost_of_capital, discount_rate, spend_usd, total_usd,
                                   facility_by_category_usd, capex_usd, opex_usd, npv_usd, depreciation_racks_usd,
                                   depreciation_network_usd, depreciation_facility_usd, capital_charge_usd,
                                   book_value_retired_usd, annualized_cost_usd_per_year, gpu_hours_in_service,
                                   h100e_hours_in_service, cost_per_gpu_hour_usd, cost_per_h100e_hour_usd, owned_gpus,
                                   leased_gpus, cash_flow)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FleetMixRow, day, sku, racks, gpus_up, h100e)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LifecycleFigures, used, racks_retired, racks_refreshed, racks_reordered,
                                   gpus_retired, resale_usd, h100e_by_sku_at_end, fleet_mix)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BuildoutSummary, racks_ordered, gpus_ordered, racks_in_service, gpus_in_service,
                                   in_service_50pct, in_service_90pct, in_service_100pct, stranded_no_power_gpu_days,
                                   stranded_no_slot_gpu_days, waiting_crew_gpu_days, stranded_construction_gpu_days,
                                   stranded_interconnection_gpu_days, stranded_equipment_gpu_days, in_transit_gpu_days,
                                   energy_mwh, energy_cost_usd, capex_usd, peak_facility_mw, peak_it_mw, failures,
                                   repairs, burn_in_failures, failed_gpu_days, reliability, generation, power_ledger,
                                   prices, contracts, money, contract_figures, lifecycle, by_site_sku, shortfall,
                                   site_energized_mw, milestones, events)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TrainingOutcome, status, end, effective_training_time, interruptions)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SwingFigures, largest_step_mw, steepest_ramp_mw_per_min, steps_above_threshold,
                                   ramp_limit_exceeded_windows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReplicationJobs, training, wait_p50_hours, wait_p90_hours, wait_p99_hours,
                                   utilization, goodput, swings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Replication, seed, summary, columns, jobs)

namespace {

// 2: SiteSkuCount::gpus_up; 3: shortfall and milestones; 4: the job outcome (ReplicationJobs);
// 5: the stranded GPU-days by cause that bottleneck() reads (docs/power.md); 6: every field of the
// replication, by name (money, contract figures, lifecycle, reliability, generation, power ledger, prices).
// A file of another format is not used: its replication is run again.
constexpr int kFormat = 6;

// Enumerations read back as numbers: only their values.
bool valid(const Replication& run) {
  for (const SiteShortfall& f : run.summary.shortfall)
    if (f.queue_waits_for > InstallWait::crew) return false;
  if (run.jobs)
    for (const TrainingOutcome& o : run.jobs->training)
      if (o.status > TrainingStatus::never_started) return false;
  return true;
}

}  // namespace

std::string encode_replication(const Replication& run, const std::vector<Tick>& times, const std::string& fingerprint) {
  const json j{{"format", kFormat}, {"fingerprint", fingerprint}, {"run", run}, {"times", times}};
  const std::vector<std::uint8_t> bytes = json::to_cbor(j);  // doubles kept exactly (CBOR float64)
  return {bytes.begin(), bytes.end()};
}

std::optional<ReplicationStore::Saved> decode_replication(const std::string& bytes, const std::string& fingerprint) {
  try {
    const json j = json::from_cbor(bytes);
    if (j.at("format") != kFormat || j.at("fingerprint") != fingerprint) return std::nullopt;
    ReplicationStore::Saved saved;
    j.at("run").get_to(saved.run);
    j.at("times").get_to(saved.times);
    if (!valid(saved.run)) return std::nullopt;
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
