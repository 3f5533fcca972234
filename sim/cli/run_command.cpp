// gwsim/sim/cli/run_command.cpp -- gwsim run FILE --out DIR: one run of a
// scenario, optionally Monte Carlo replications, its outputs and a summary.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/engine.hpp"
#include "io/checkpoint.hpp"
#include "io/explain.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "io/run_dir.hpp"
#include "jobs/jobs.hpp"
#include "model/buildout.hpp"
#include "run/monte_carlo_stats.hpp"  // milestone()
#include "run/replications.hpp"

namespace gwsim::cli {
namespace {

// The process's peak resident memory: /proc/self/status's VmHWM, the high-water
// mark of this program's own address space. getrusage's ru_maxrss is the
// fallback only: on Linux it keeps the high-water mark of the process before
// exec, so a gwsim started from a large parent (a Python bench holding 100 MB)
// would report the parent's size.
double peak_rss_mb() {
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    long kb = -1;
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    std::fclose(f);
    if (kb >= 0) return static_cast<double>(kb) / 1024.0;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

std::string human(double x) {
  const double a = std::abs(x);
  if (a >= 1e12) return fmt::format("{:.2f} T", x / 1e12);
  if (a >= 1e9) return fmt::format("{:.2f} B", x / 1e9);
  if (a >= 1e6) return fmt::format("{:.2f} M", x / 1e6);
  if (a >= 1e3) return fmt::format("{:.1f} k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

// Counts are written whole, with thousands separators.
template <std::integral I>
std::string human(I n) {
  return count_text(static_cast<std::int64_t>(n));
}

// Progress on stderr: only when stderr is a terminal and the run has taken
// more than a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(2) == 1), t0_(Clock::now()) {}
  void update(double fraction, const std::string& date) {
    if (!enabled_) return;
    if (std::chrono::duration<double>(Clock::now() - t0_).count() < 1.0) return;
    const int width = 30;
    const int done = static_cast<int>(fraction * width);
    fmt::print(stderr, "\r[{}{}] {:3.0f}% {}", std::string(static_cast<std::size_t>(done), '#'),
               std::string(static_cast<std::size_t>(width - done), ' '), fraction * 100, date);
    shown_ = true;
  }
  void done() {
    if (shown_) fmt::print(stderr, "\r{:60}\r", "");
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point t0_;
};

// What one `gwsim run` has: the scenario, the single run and, with
// --replications, the Monte Carlo.
struct Run {
  Run() noexcept(false) = default;  // a member's default may throw (clang-tidy: bugprone-exception-escape)
  Scenario scenario;
  std::uint64_t seed = 0;
  RunOutput output;
  double wall_s = 0;
  std::optional<MonteCarlo> mc;
  nlohmann::json summary;
  std::vector<Diagnostic> warnings;
};

// The replications, resumable: finished ones are kept in DIR/.replications
// until every output is written, so a killed run resumes where it stopped.
MonteCarlo run_monte_carlo(const RunOptions& o, const Run& r, CheckpointDir& checkpoint) {
  Progress progress(!o.quiet);
  MonteCarlo mc = run_replications(
      r.scenario, r.seed, o.replications, o.threads,
      [&](int done) {
        progress.update(static_cast<double>(done) / o.replications,
                        fmt::format("{} of {} replications", done, o.replications));
      },
      &checkpoint);
  progress.done();
  if (mc.resumed > 0 && !o.quiet)
    fmt::print(stderr, "resumed {} of {} replications from {}\n", mc.resumed, o.replications,
               checkpoint.dir().string());
  return mc;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return stamp;
}

// [{"code", "pointer", "message"}, ...]: what the run was warned of.
nlohmann::json warnings_json(const std::vector<Diagnostic>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& w : warnings)
    out.push_back({{"code", w.code}, {"pointer", w.pointer}, {"message", w.message}});
  return out;
}

nlohmann::json run_info(const RunOptions& o, const Run& r) {
  const std::uint64_t events = r.output.summary.events;
  return {{"gwsim_version", GWSIM_VERSION},
          {"scenario_file", o.file},
          {"seed", r.seed},
          {"overrides", o.overrides},
          {"replications", o.replications},
          {"replications_resumed", r.mc ? r.mc->resumed : 0},
          {"threads", o.replications > 0 ? o.threads : 1},
          {"events", events},
          {"wall_s", r.wall_s},
          {"events_per_s", r.wall_s > 0 ? static_cast<double>(events) / r.wall_s : 0.0},
          {"peak_rss_mb", peak_rss_mb()},
          {"finished_utc", utc_now()},
          {"command", o.command_line},
          {"warnings", warnings_json(r.warnings)}};
}

void print_jobs(const JobsSummary& js, const Calendar& cal) {
  fmt::print(
      "  jobs         {} submitted, {} completed; wait mean {:.2f} h, p90 {:.2f} h; utilization {:.1f}%, goodput "
      "{:.1f}%\n",
      human(js.submitted), human(js.completed), js.wait_mean_hours, js.wait_p90_hours, 100 * js.utilization,
      100 * js.goodput);
  for (const auto& t : js.training)
    fmt::print("  training     {}: {} interruptions, effective training time {:.1f}%{}\n", t.name, t.interruptions,
               100 * t.effective_training_time,
               t.completed ? ", completed " + cal.format_date(t.end) : ", not completed: " + training_reason(t));
}

// Each key date not reached, then where the racks not in service are and what holds them.
void print_not_reached(const Scenario& s, const BuildoutSummary& sum, const Calendar& cal) {
  bool any = false;
  for (std::size_t k = 0; k < kKeyDatePercents.size(); ++k) {
    if (milestone(sum, k)) continue;
    const int pct = kKeyDatePercents[k];
    fmt::print("  not reached  {}% in service: needs {} racks, {} in service at the end\n", pct,
               human(racks_needed(sum.racks_ordered, pct)), human(sum.racks_in_service));
    any = true;
  }
  if (!any) return;
  for (const SiteShortfall& f : sum.shortfall)
    for (const std::string& line : shortfall_lines(s, f, cal)) fmt::print("    {}\n", line);
}

// Each scenario milestone: its date (or why not, when explained), and under
// Monte Carlo P10/P50/P90 and the probability of meeting its deadline.
void print_milestones(const Run& r, const Calendar& cal) {
  const Scenario& s = r.scenario;
  const std::vector<MilestoneOutcome>& ms = r.output.summary.milestones;
  const std::vector<MilestoneStats> mc = r.mc ? milestone_stats(s, *r.mc) : std::vector<MilestoneStats>{};
  auto day = [&](const std::optional<Tick>& t) { return t ? cal.format_date(*t) : std::string("-"); };
  for (std::size_t i = 0; i < s.milestones.size() && i < ms.size(); ++i) {
    const Milestone& m = s.milestones[i];
    std::string line = ms[i].reached ? cal.format_date(*ms[i].reached) : std::string("not reached");
    if (!ms[i].reached) line += ": " + milestone_reason(s, r.output.summary, i, cal);
    if (m.deadline)
      line += fmt::format("; deadline {} {}", m.deadline_iso,
                          ms[i].reached && *ms[i].reached < *m.deadline ? "met" : "missed");
    fmt::print("  milestone    {}: {}\n", m.name, line);
    if (i < mc.size()) {
      const MilestoneStats& st = mc[i];
      std::string p = m.deadline ? fmt::format("; P(by {}) {:.0f}% [{:.0f}%, {:.0f}%]", m.deadline_iso,
                                               100 * st.probability, 100 * st.ci_low, 100 * st.ci_high)
                                 : std::string();
      fmt::print("               P10 {}  P50 {}  P90 {} (reached in {:.0f}%){}\n", day(st.dates[0]), day(st.dates[1]),
                 day(st.dates[2]), 100.0 * static_cast<double>(st.reached) / static_cast<double>(st.replications), p);
    }
  }
}

void print_summary(const RunOptions& o, const Run& r, const Calendar& cal) {
  const Scenario& s = r.scenario;
  const BuildoutSummary& sum = r.output.summary;
  auto date = [&](const std::optional<Tick>& t) { return t ? cal.format_date(*t) : std::string("not reached"); };
  fmt::print("{} (seed {}): {} .. {}, {} sites, {} orders\n", s.name, r.seed, s.start_iso, s.end_iso, s.sites.size(),
             s.orders.size());
  fmt::print("  ordered      {} GPUs in {} racks\n", human(sum.gpus_ordered), human(sum.racks_ordered));
  fmt::print("  in service   50% {}   90% {}   100% {}\n", date(sum.in_service_50pct), date(sum.in_service_90pct),
             date(sum.in_service_100pct));
  fmt::print("  at the end   {} GPUs in service, {} racks\n", human(sum.gpus_in_service), human(sum.racks_in_service));
  print_not_reached(s, sum, cal);
  fmt::print("  stranded     {} GPU-days waiting for power, {} for rack slots; {} waiting for crews\n",
             human(sum.stranded_no_power_gpu_days), human(sum.stranded_no_slot_gpu_days),
             human(sum.waiting_crew_gpu_days));
  fmt::print("  bottleneck   {}\n", bottleneck(sum));
  fmt::print("  power        peak {:.0f} MW facility ({:.0f} MW IT)\n", sum.peak_facility_mw, sum.peak_it_mw);
  fmt::print("  energy       {} MWh, ${}\n", human(sum.energy_mwh), human(sum.energy_cost_usd));
  fmt::print("  capex        ${}\n", human(sum.capex_usd));
  for (const auto& c : sum.contracts)
    fmt::print("  contract     {} {}: paid ${} of ${} (used ${}, committed ${})\n", c.provider, c.name,
               human(c.paid_usd), human(c.total_usd), human(c.used_usd), human(c.committed_usd));
  fmt::print("  failures     {} ({} repairs), {} burn-in failures\n", human(sum.failures), human(sum.repairs),
             human(sum.burn_in_failures));
  if (r.output.jobs_summary) print_jobs(*r.output.jobs_summary, cal);
  print_milestones(r, cal);
  if (r.mc) {
    const auto& kd = r.summary["monte_carlo"]["key_dates"]["in_service_100pct"];
    auto text = [](const nlohmann::json& j) {
      return j.is_null() ? std::string("-") : j.get<std::string>().substr(0, 10);
    };
    fmt::print("  monte carlo  {} replications: 100% in service P10 {}  P50 {}  P90 {} (reached in {:.0f}%)\n",
               o.replications, text(kd["p10"]), text(kd["p50"]), text(kd["p90"]), 100 * kd["reached"].get<double>());
  }
  fmt::print("  run          {} events in {:.2f} s, peak memory {:.0f} MB\n", human(sum.events), r.wall_s,
             peak_rss_mb());
  namespace f = run_files;
  fmt::print("  outputs      {}/{}, {}, {}{}{}{}\n", o.out, f::timeseries, f::summary, f::run_info,
             r.output.jobs_summary ? fmt::format(", {}", f::jobs) : "",
             r.mc ? fmt::format(", {}, {}, {}{}", f::bands, f::key_dates, f::replications,
                                r.output.jobs_summary ? fmt::format(", {}", f::training_runs) : "")
                  : "",
             o.report ? fmt::format(", {}", f::report) : "");
}

}  // namespace

int run_command(const RunOptions& o) {
  LoadOptions opts;
  opts.overrides = o.overrides;
  Run r;
  CheckedScenario checked = load_checked(o.file, opts);
  if (report_warnings(checked.warnings, o.strict)) return 2;
  r.scenario = std::move(checked.scenario);
  r.warnings = std::move(checked.warnings);
  const Scenario& s = r.scenario;
  r.seed = o.seed.value_or(s.seed);
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec || !std::filesystem::is_directory(o.out))
    throw Error("output.io",
                fmt::format("{}: cannot create the output directory{}", o.out, ec ? ": " + ec.message() : ""));

  const auto t0 = std::chrono::steady_clock::now();
  const Calendar cal(s.start_iso);
  Progress progress(!o.quiet);
  r.output = run_scenario(s, r.seed, [&](Tick t, Tick horizon) {
    progress.update(static_cast<double>(t) / static_cast<double>(horizon), cal.format_date(t));
  });
  progress.done();
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const std::filesystem::path dir(o.out);
  write_atomic(dir / run_files::timeseries, timeseries_csv(r.output.timeseries, cal));
  r.summary = summary_json(s, r.output.summary, r.seed);
  if (r.output.summary.money.used) write_atomic(dir / run_files::cash_flow, cash_flow_csv(r.output.summary.money));
  if (r.output.summary.lifecycle.used)
    write_atomic(dir / run_files::fleet_mix, fleet_mix_csv(s, r.output.summary.lifecycle, cal));
  std::optional<CheckpointDir> checkpoint;
  if (o.replications > 0) {
    const std::string fingerprint = replications_fingerprint(document_fingerprint(load_document(o.file, opts)), r.seed);
    checkpoint.emplace(dir / run_files::checkpoints, fingerprint);
    r.mc = run_monte_carlo(o, r, *checkpoint);
    write_atomic(dir / run_files::bands, bands_csv(*r.mc, cal));
    write_atomic(dir / run_files::replications, replications_csv(*r.mc, cal));
    write_atomic(dir / run_files::key_dates, key_dates_csv(*r.mc, cal));
    r.summary["monte_carlo"] = monte_carlo_json(*r.mc, cal);
    r.summary["monte_carlo"]["milestones"] = monte_carlo_milestones_json(s, *r.mc);
    if (s.workloads) {
      write_atomic(dir / run_files::training_runs, training_runs_csv(*r.mc, cal));
      const nlohmann::json jobs = monte_carlo_jobs_json(*r.mc, cal);
      r.summary["monte_carlo"]["training_runs"] = jobs["training_runs"];
      r.summary["monte_carlo"]["queue"] = jobs["queue"];
      if (jobs.contains("power_swings")) r.summary["monte_carlo"]["power_swings"] = jobs["power_swings"];
    }
  }
  if (r.output.jobs_summary) {
    write_atomic_stream(dir / run_files::jobs, [&](const Sink& sink) { jobs_csv(r.output.jobs, s, cal, sink); });
    r.summary["jobs"] = jobs_summary_json(*r.output.jobs_summary, cal);
  }
  write_atomic(dir / run_files::summary, r.summary.dump(2) + "\n");
  write_atomic(dir / run_files::run_info, run_info(o, r).dump(2) + "\n");
  if (o.report) write_report({dir}, dir / run_files::report);
  if (checkpoint) checkpoint->remove();  // every output that needed it is written

  if (!o.quiet) print_summary(o, r, cal);
  return 0;
}

}  // namespace gwsim::cli
