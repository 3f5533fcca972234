#include "io/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/explain.hpp"
#include "io/figures.hpp"
#include "model/columns.hpp"
#include "model/construction.hpp"
#include "model/power_stages.hpp"
#include "run/monte_carlo_stats.hpp"

namespace gwsim {

void write_atomic_stream(const std::filesystem::path& path, const std::function<void(const Sink&)>& produce) {
  const std::filesystem::path tmp =
      path.parent_path() / fmt::format(".{}.tmp.{}", path.filename().string(), static_cast<long>(::getpid()));
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) throw Error("output.io", fmt::format("{}: cannot create: {}", tmp.string(), std::strerror(errno)));
  bool ok = true;
  try {
    produce([&](std::string_view chunk) {
      if (ok && std::fwrite(chunk.data(), 1, chunk.size(), f) != chunk.size()) ok = false;
    });
  } catch (...) {
    std::fclose(f);
    std::filesystem::remove(tmp);
    throw;
  }
  ok = ok && std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !ok) {
    std::filesystem::remove(tmp);
    throw Error("output.io", fmt::format("{}: write failed: {}", tmp.string(), std::strerror(err)));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw Error("output.io", fmt::format("{}: cannot rename into place: {}", path.string(), ec.message()));
  }
}

void write_atomic(const std::filesystem::path& path, const std::string& content) {
  write_atomic_stream(path, [&](const Sink& sink) { sink(content); });
}

std::string timeseries_csv(const Timeseries& ts, const Calendar& cal) {
  std::string out = "date";
  for (const auto& c : ts.columns()) out += "," + c.name;
  out += "\n";
  fmt::memory_buffer buf;
  for (std::size_t r = 0; r < ts.rows(); ++r) {
    buf.clear();
    fmt::format_to(std::back_inserter(buf), "{}", cal.format_date(ts.times()[r]));
    for (const auto& c : ts.columns()) {
      const double v = c.values[r];
      if (c.integer) fmt::format_to(std::back_inserter(buf), ",{}", static_cast<long long>(v));
      else fmt::format_to(std::back_inserter(buf), ",{}", v == 0.0 ? 0.0 : v);  // no "-0"
    }
    buf.push_back('\n');
    out.append(buf.data(), buf.size());
  }
  return out;
}

JobNames job_names(const JobRow& j, const Scenario& s) {
  const Workloads& w = *s.workloads;
  JobNames n;
  n.name = j.kind == JobSource::training ? w.training[j.source].name
           : j.kind == JobSource::trace  ? w.traces[j.source].name
                                         : w.streams[j.source].name;
  n.tenant = j.kind == JobSource::training ? n.name
             : j.kind == JobSource::trace  ? std::string_view(w.traces[j.source].tenants[j.tenant])
                                           : std::string_view(w.streams[j.source].tenant);
  n.cpu = j.kind == JobSource::stream && w.streams[j.source].cpu;
  n.site = j.site < 0 ? std::string_view()
           : n.cpu    ? std::string_view(w.cpu_pool->name)
                      : std::string_view(s.sites[static_cast<std::size_t>(j.site)].name);
  return n;
}

void jobs_csv(const std::vector<JobRow>& jobs, const Scenario& s, const Calendar& cal, const Sink& sink) {
  sink(
      "job_id,kind,name,tenant,priority,gpus,site,submit,first_start,end,wait_hours,run_hours,interruptions,"
      "lost_gpu_hours,useful_gpu_hours,completed,resource,standby_gpus\n");
  fmt::memory_buffer buf;
  auto when = [&](Tick t) { return t < 0 ? std::string() : cal.format(t); };
  for (const JobRow& j : jobs) {
    const auto [name, tenant, site, cpu] = job_names(j, s);
    const std::string wait = j.first_start < 0 ? std::string() : fmt::format("{}", to_hours(j.first_start - j.submit));
    fmt::format_to(std::back_inserter(buf), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", j.id,
                   j.kind == JobSource::training ? "training"
                   : j.kind == JobSource::trace  ? "trace"
                                                 : "stream",
                   name, tenant, j.priority, j.working_units(), site, when(j.submit), when(j.first_start), when(j.end),
                   wait, j.run_hours, j.interruptions, j.lost_gpu_hours, j.useful_gpu_hours, j.completed ? 1 : 0,
                   cpu ? "cpu" : "gpu", j.standby_gpus);
    if (buf.size() > (1 << 20)) {
      sink(std::string_view(buf.data(), buf.size()));
      buf.clear();
    }
  }
  sink(std::string_view(buf.data(), buf.size()));
}

nlohmann::json jobs_summary_json(const JobsSummary& sum, const Calendar& cal) {
  using nlohmann::json;
  json training = json::array();
  for (const TrainingSummary& t : sum.training) {
    json run = {{"name", t.name},
                {"interruptions", t.interruptions},
                {"effective_training_time", t.effective_training_time},
                {"lost_gpu_hours", t.lost_gpu_hours},
                {"completed", t.completed},
                {"end", t.end < 0 ? json(nullptr) : json(cal.format_seconds(t.end))},
                {"why_not_completed", t.completed ? json(nullptr) : json(training_reason(t))}};
    if (t.standbys_or_elastic) {  // only for runs that use them (docs/outputs.md)
      run["swaps"] = t.swaps;
      run["standby_gpu_hours"] = t.standby_gpu_hours;
      run["elastic_hours"] = t.elastic_hours;
    }
    training.push_back(std::move(run));
  }
  json out{{"submitted", sum.submitted},
           {"started", sum.started},
           {"completed", sum.completed},
           {"interruptions", sum.interruptions},
           {"wait_hours",
            {{"mean", sum.wait_mean_hours},
             {"p50", sum.wait_p50_hours},
             {"p90", sum.wait_p90_hours},
             {"p99", sum.wait_p99_hours},
             {"max", sum.wait_max_hours}}},
           {"utilization", sum.utilization},  // check_columns: not the column (busy / up GPU-hours, whole run)
           {"goodput", sum.goodput},
           {"busy_gpu_hours", sum.busy_gpu_hours},
           {"useful_gpu_hours", sum.useful_gpu_hours},
           {"useful_fp8_flop", sum.useful_fp8_flop},
           {"training", training},
           {"inference",
            {{"demand_gpu_hours", sum.inference_demand_gpu_hours},
             {"served_gpu_hours", sum.inference_served_gpu_hours},
             {"preemptions", sum.preemptions}}},
           {"cpu_pool",
            {{"busy_vcpu_hours", sum.cpu_busy_vcpu_hours},
             {"utilization", sum.cpu_utilization}}}};  // check_columns: not the column (the CPU pool's)
  if (sum.reservations)                                // only with reservations (docs/outputs.md)
    out["reservations"] = {{"preemptible_preemptions", sum.preemptible_preemptions},
                           {"refused_preemptions", sum.refused_preemptions}};
  if (sum.power_swings) out["power_swings"] = power_swings_json(*sum.power_swings);
  return out;
}

nlohmann::json power_swings_json(const PowerSwingsSummary& sum) {
  using nlohmann::json;
  auto figures = [](const SitePowerSwings& s) {
    return json{{"site", s.site},
                {"steps", s.steps},
                {"largest_step_mw", s.raw.largest_step_mw},
                {"largest_step_smoothed_mw", s.smoothed.largest_step_mw},
                {"steepest_ramp_mw_per_min", s.raw.steepest_ramp_mw_per_min},
                {"steepest_ramp_smoothed_mw_per_min", s.smoothed.steepest_ramp_mw_per_min},
                {"steps_above_threshold", s.raw.steps_above_threshold},
                {"steps_above_threshold_smoothed", s.smoothed.steps_above_threshold},
                {"ramp_limit_exceeded_windows", s.raw.ramp_limit_exceeded_windows},
                {"ramp_limit_exceeded_windows_smoothed", s.smoothed.ramp_limit_exceeded_windows}};
  };
  json sites = json::array();
  for (const SitePowerSwings& s : sum.sites) sites.push_back(figures(s));
  return json{{"threshold_mw", sum.threshold_mw},
              {"ramp_limit_mw_per_min", sum.ramp_limit_mw_per_min},
              {"ramp_window_minutes", sum.ramp_window_minutes},
              {"min_run_gpus", sum.min_run_gpus},
              {"idle_share", sum.idle_share},
              {"fleet", figures(sum.fleet)},
              {"sites", sites}};
}

std::string bands_csv(const MonteCarlo& mc, const Calendar& cal) {
  std::string out = "date";
  for (const std::string& c : mc.columns)
    for (const std::string& q : band_names()) out += fmt::format(",{}_{}", c, q);
  out += "\n";
  const Bands bands = band_values(mc);
  fmt::memory_buffer buf;
  for (std::size_t d = 0; d < mc.times.size(); ++d) {
    buf.clear();
    fmt::format_to(std::back_inserter(buf), "{}", cal.format_date(mc.times[d]));
    for (const auto& column : bands)
      for (const auto& q : column) fmt::format_to(std::back_inserter(buf), ",{}", q[d] + 0.0);  // no "-0"
    buf.push_back('\n');
    out.append(buf.data(), buf.size());
  }
  return out;
}

std::string replications_csv(const MonteCarlo& mc, const Calendar& cal) {
  std::string out = fmt::format(
      "replication,seed,in_service_50pct,in_service_90pct,in_service_100pct,stranded_gpu_days,"
      "waiting_crew_gpu_days,{},{},failures,gpus_in_service_at_end{}{}\n",
      columns::energy_mwh.name, columns::capex_usd.name, replication_money_header(mc), replication_jobs_header(mc));
  for (std::size_t r = 0; r < mc.runs.size(); ++r) {
    const RunFigures f = run_figures(mc.runs[r].summary);
    auto when = [&](std::size_t k) { return f.key_dates[k] ? cal.format(*f.key_dates[k]) : std::string(); };
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}{}{}\n", r, mc.runs[r].seed, when(0), when(1), when(2),
                       f.stranded_gpu_days, f.waiting_crew_gpu_days, f.energy_mwh, f.capex_usd, f.failures,
                       f.gpus_in_service_at_end, replication_money_row(f), replication_jobs_row(mc, r, cal));
  }
  return out;
}

std::string key_dates_csv(const MonteCarlo& mc, const Calendar& cal) {
  std::string out = "date,p_in_service_50pct,p_in_service_90pct,p_in_service_100pct\n";
  const auto n = static_cast<double>(mc.runs.size());
  for (const Tick day : mc.times) {
    const Tick end_of_day = day + days(1);
    out += cal.format_date(day);
    for (std::size_t k = 0; k < milestone_names().size(); ++k) {
      std::size_t reached = 0;
      for (const Replication& r : mc.runs)
        if (milestone(r.summary, k) && *milestone(r.summary, k) < end_of_day) ++reached;
      out += fmt::format(",{}", static_cast<double>(reached) / n);
    }
    out += "\n";
  }
  return out;
}

nlohmann::json monte_carlo_json(const MonteCarlo& mc, const Calendar& cal) {
  using nlohmann::json;
  json dates = json::object();
  for (std::size_t k = 0; k < milestone_names().size(); ++k) {
    std::vector<double> t;
    for (const Replication& r : mc.runs)
      if (milestone(r.summary, k)) t.push_back(static_cast<double>(*milestone(r.summary, k)));
    json d{{"reached", static_cast<double>(t.size()) / static_cast<double>(mc.runs.size())}};
    for (std::size_t q = 0; q < kBandQuantiles.size(); ++q) {
      // quantiles among the replications that reached it
      d[band_names()[q]] =
          t.empty() ? json(nullptr)
                    : json(cal.format_seconds(static_cast<Tick>(std::llround(quantile(t, kBandQuantiles[q])))));
    }
    dates[milestone_names()[k]] = d;
  }
  json out{{"replications", static_cast<std::int64_t>(mc.runs.size())}, {"key_dates", dates}};
  if (has_money(mc)) out["money"] = monte_carlo_money_json(mc);
  return out;
}

namespace {

// For each key date not reached: why (io/explain.hpp).
nlohmann::json why_not_reached(const Scenario& s, const BuildoutSummary& sum, const Calendar& cal) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t k = 0; k < milestone_names().size(); ++k)
    if (!milestone(sum, k)) out[milestone_names()[k]] = not_reached_reason(s, sum, kKeyDatePercents[k], cal);
  return out;
}

// docs/outputs.md, "reliability": only for a scenario that uses a reliability feature.
bool uses_reliability(const Scenario& s) {
  bool any = s.lemon_policy.has_value() || s.failure_replay.has_value();
  for (const Sku& k : s.skus) any = any || k.lemons.fraction > 0 || k.tolerated_nodes_down >= 0;
  for (const Site& site : s.sites) any = any || site.repair_stages.has_value();
  return any;
}

nlohmann::json reliability_json(const ReliabilityFigures& r) {
  return {{"lemon_racks", r.lemon_racks},
          {"failures_from_lemons", r.failures_from_lemons},
          {"racks_cordoned", r.racks_cordoned},
          {"racks_retired", r.racks_retired},  // check_columns: not the column (the lemon policy's)
          {"repairs_automated", r.repairs_automated},
          {"repairs_manual", r.repairs_manual},
          {"repairs_not_fixed", r.repairs_not_fixed},
          {"replayed", r.replayed},
          {"replay_skipped", r.replay_skipped}};
}

}  // namespace

namespace {

// Stranded GPU-days, and their causes of docs/power.md ("Stranded GPU-days by cause") when used.
nlohmann::json stranded_json(const Scenario& s, const BuildoutSummary& sum) {
  nlohmann::json out{{"no_power", sum.stranded_no_power_gpu_days},
                     {"no_slot", sum.stranded_no_slot_gpu_days},
                     {"total", sum.stranded_no_power_gpu_days + sum.stranded_no_slot_gpu_days}};
  // "Construction": a part of no_slot, only when a building has a construction
  if (BuildingConstruction::used(s)) out["construction"] = sum.stranded_construction_gpu_days;
  // "Grid interconnection and long-lead equipment": parts of no_power, only with grid or equipment
  if (PowerStages::used(s)) {
    out["interconnection"] = sum.stranded_interconnection_gpu_days;
    out["equipment"] = sum.stranded_equipment_gpu_days;
  }
  return out;
}

}  // namespace

nlohmann::json summary_json(const Scenario& s, const BuildoutSummary& sum, std::uint64_t seed) {
  using nlohmann::json;
  const Calendar cal(s.start_iso);
  auto date = [&](const std::optional<Tick>& t) -> json {
    if (!t) return nullptr;
    return cal.format_seconds(*t);
  };
  json contracts = json::array();
  for (const ContractSpend& c : sum.contracts)
    contracts.push_back({{"name", c.name},
                         {"provider", c.provider},
                         {"total_usd", c.total_usd},
                         {"committed_usd", c.committed_usd},
                         {"used_usd", c.used_usd},
                         {"paid_usd", c.paid_usd}});
  json sites = json::array();
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    double planned = 0;
    for (const PowerStage& st : s.sites[i].power_stages) planned += st.power_mw;
    sites.push_back(
        {{"name", s.sites[i].name},
         {"provider", s.sites[i].provider},
         {"power_planned_mw", planned},
         {columns::power_energized_mw.name, i < sum.site_energized_mw.size() ? sum.site_energized_mw[i] : 0.0}});
  }
  json deliveries = json::array();
  for (const SiteSkuCount& c : sum.by_site_sku) {
    const std::int64_t per_rack = s.skus[c.sku].gpus_per_rack;
    deliveries.push_back({{"site", s.sites[c.site].name},
                          {"sku", s.skus[c.sku].name},
                          {"racks_ordered", c.racks_ordered},
                          {"racks_delivered", c.racks_delivered},
                          {columns::racks_in_service.name, c.racks_in_service},
                          {columns::gpus_ordered.name, c.racks_ordered * per_rack},
                          {columns::gpus_delivered.name, c.racks_delivered * per_rack},
                          {"gpus_in_racks_in_service", c.racks_in_service * per_rack},
                          {columns::gpus_in_service.name, c.gpus_up}});
  }
  json out{
      {"scenario", s.name},
      {"seed", seed},
      {"sites", sites},
      {"deliveries", deliveries},
      {"start", s.start_iso},
      {"end", s.end_iso},
      {"racks_ordered", sum.racks_ordered},
      {columns::gpus_ordered.name, sum.gpus_ordered},
      {"racks_in_service_at_end", sum.racks_in_service},
      {"gpus_in_service_at_end", sum.gpus_in_service},
      {"key_dates",
       {{"in_service_50pct", date(sum.in_service_50pct)},
        {"in_service_90pct", date(sum.in_service_90pct)},
        {"in_service_100pct", date(sum.in_service_100pct)}}},
      {"not_in_service_at_end", shortfall_json(s, sum, cal)},
      {"why_not_reached", why_not_reached(s, sum, cal)},
      {"stranded_gpu_days", stranded_json(s, sum)},
      {"waiting_crew_gpu_days", sum.waiting_crew_gpu_days},
      {"in_transit_gpu_days", sum.in_transit_gpu_days},
      {"failed_gpu_days", sum.failed_gpu_days},
      {"bottleneck", bottleneck(sum)},
      {columns::energy_mwh.name, sum.energy_mwh},
      {columns::energy_cost_usd.name, sum.energy_cost_usd},
      {columns::capex_usd.name, sum.capex_usd},
      {"peak_it_mw", sum.peak_it_mw},
      {"peak_facility_mw", sum.peak_facility_mw},
      {"failures", sum.failures},
      {"repairs", sum.repairs},
      {"burn_in_failures", sum.burn_in_failures},
      {"contracts", contracts},
      {"milestones", milestones_json(s, sum)},
      {"events", sum.events},
  };
  if (uses_reliability(s)) out["reliability"] = reliability_json(sum.reliability);
  if (uses_power_supply(s, sum)) out["power"] = power_json(s, sum);
  if (sum.money.used) out["money"] = money_json(s, sum);
  if (sum.lifecycle.used) (sum.money.used ? out["money"]["lifecycle"] : out["lifecycle"]) = lifecycle_json(s, sum);
  return out;
}

}  // namespace gwsim
