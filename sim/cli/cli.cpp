// gwsim/sim/cli/cli.cpp -- the command-line interface (gwsim, python -m gwsim).
//
//   gwsim --version
//   gwsim validate FILE...
//   gwsim run FILE --out DIR [--seed N] [--set /json/pointer=value]... [--quiet] [--report]
//   gwsim report DIR [DIR_B] [-o FILE.html]
//
// Exit status: 0 on success, 2 on bad input (usage or scenario), 1 when the
// outputs cannot be written. Errors are one line on stderr:
//   error[CODE] FILE:/json/pointer: message
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "core/engine.hpp"
#include "core/random.hpp"
#include "io/checkpoint.hpp"
#include "io/output.hpp"
#include "jobs/jobs.hpp"
#include "model/buildout.hpp"
#include "run/replications.hpp"
#include "report/report.hpp"
#include "io/loader.hpp"

namespace {

constexpr const char* kUsage =
    "usage: gwsim --version\n"
    "       gwsim validate FILE...\n"
    "       gwsim run FILE --out DIR [--seed N] [--set /json/pointer=value]... [--quiet]\n"
    "                 [--replications N [--threads T]] [--report]\n"
    "       gwsim report DIR [-o FILE.html]          (default DIR/report.html)\n"
    "       gwsim report DIR_A DIR_B -o FILE.html    (A is the baseline, B the what-if)\n";

struct Usage {
  std::string message;
};

double peak_rss_mb() {
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

// Writes the report of `dirs` (one run, or a baseline and a what-if) to
// `file`, atomically. The file must not be one of the runs' own outputs.
void write_report(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  std::vector<gwsim::report::RunData> runs;
  for (const fs::path& d : dirs) runs.push_back(gwsim::report::load_run(d));
  const fs::path target = fs::weakly_canonical(file);
  if (fs::is_directory(target)) throw gwsim::Error("report.output", fmt::format("{}: is a directory; give a file name", file.string()));
  const fs::path parent = target.parent_path();
  if (!fs::is_directory(parent))
    throw gwsim::Error("report.output", fmt::format("{}: the directory {} does not exist", file.string(), parent.string()));
  for (const fs::path& d : dirs)
    for (const char* input : {"summary.json", "timeseries.csv", "run_info.json", "bands.csv", "key_dates.csv",
                              "replications.csv", "jobs.csv"})
      if (fs::weakly_canonical(d / input) == target)
        throw gwsim::Error("report.output", fmt::format("{}: would overwrite a run output; choose another file", file.string()));
  gwsim::write_atomic(file, runs.size() == 1 ? gwsim::report::render_report(runs[0])
                                             : gwsim::report::render_comparison(runs[0], runs[1]));
}

int cmd_report(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> dirs;
  std::optional<std::string> output;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o" || a == "--output") {
      if (i + 1 >= args.size()) throw Usage{fmt::format("{} needs a value", a)};
      output = args[++i];
    } else if (a.starts_with("-")) {
      throw Usage{fmt::format("unknown option '{}' for report", a)};
    } else {
      dirs.emplace_back(a);
    }
  }
  if (dirs.empty() || dirs.size() > 2) throw Usage{"report takes one run directory, or two to compare"};
  if (dirs.size() == 2 && !output) throw Usage{"report DIR_A DIR_B needs -o FILE.html"};
  const std::filesystem::path file = output ? std::filesystem::path(*output) : dirs[0] / "report.html";
  write_report(dirs, file);
  fmt::print("report: {}\n", file.string());
  return 0;
}

int cmd_validate(const std::vector<std::string>& args) {
  if (args.empty()) throw Usage{"validate needs at least one FILE"};
  for (const std::string& f : args) {
    if (f.starts_with("--")) throw Usage{fmt::format("unknown option '{}' for validate", f)};
    const gwsim::Scenario s = gwsim::load_scenario(f);
    std::int64_t racks = 0;
    for (const auto& o : s.orders)
      for (const auto& d : o.deliveries) racks += d.racks;
    fmt::print("ok {}: {} ({} sites, {} orders, {} racks, {} .. {})\n", f, s.name, s.sites.size(), s.orders.size(),
               racks, s.start_iso, s.end_iso);
  }
  return 0;
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

int cmd_run(const std::vector<std::string>& args, const std::string& command_line) {
  std::string file, out;
  std::optional<std::uint64_t> seed;
  gwsim::LoadOptions opts;
  bool quiet = false;
  bool report = false;
  int replications = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto count = [](const std::string& flag, const std::string& v, int lo, int hi) {
    std::size_t pos = 0;
    long long n = -1;
    try {
      n = std::stoll(v, &pos);
    } catch (const std::exception&) {
      pos = 0;
    }
    if (pos != v.size() || n < lo || n > hi) throw Usage{fmt::format("{} expects an integer in [{}, {}], got '{}'", flag, lo, hi, v)};
    return static_cast<int>(n);
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw Usage{fmt::format("{} needs a value", a)};
      return args[++i];
    };
    if (a == "--out") out = value();
    else if (a == "--set") opts.overrides.push_back(value());
    else if (a == "--seed") {
      const std::string& v = value();
      std::size_t pos = 0;
      unsigned long long n = 0;
      try {
        n = std::stoull(v, &pos);
      } catch (const std::exception&) {
        pos = 0;
      }
      if (pos != v.size() || v.empty() || v[0] == '-') throw Usage{fmt::format("--seed expects a non-negative integer, got '{}'", v)};
      seed = n;
    } else if (a == "--replications") replications = count(a, value(), 1, 1'000'000);
    else if (a == "--threads") threads = count(a, value(), 1, 1024);
    else if (a == "--quiet") quiet = true;
    else if (a == "--report") report = true;
    else if (a.starts_with("--")) throw Usage{fmt::format("unknown option '{}'", a)};
    else if (file.empty()) file = a;
    else throw Usage{fmt::format("run takes one FILE, got '{}' and '{}'", file, a)};
  }
  if (file.empty()) throw Usage{"run needs a scenario FILE"};
  if (out.empty()) throw Usage{"run needs --out DIR"};

  const gwsim::Scenario s = gwsim::load_scenario(file, opts);
  const std::uint64_t run_seed = seed.value_or(s.seed);
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out))
    throw gwsim::Error("output.io", fmt::format("{}: cannot create the output directory{}", out, ec ? ": " + ec.message() : ""));

  const auto t0 = std::chrono::steady_clock::now();
  const gwsim::Calendar cal(s.start_iso);
  Progress progress(!quiet);
  const gwsim::RunOutput run = gwsim::run_scenario(s, run_seed, [&](gwsim::Tick t, gwsim::Tick horizon) {
    progress.update(static_cast<double>(t) / static_cast<double>(horizon), cal.format_date(t));
  });
  progress.done();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const gwsim::BuildoutSummary& sum = run.summary;

  const std::filesystem::path dir(out);
  gwsim::write_atomic(dir / "timeseries.csv", gwsim::timeseries_csv(run.timeseries, cal));
  nlohmann::json summary = gwsim::summary_json(s, sum, run_seed);
  std::optional<gwsim::MonteCarlo> mc;
  std::optional<gwsim::CheckpointDir> checkpoint;
  if (replications > 0) {
    // Finished replications are kept in DIR/.replications until the outputs
    // are written, so a killed run resumes where it stopped.
    const std::string fingerprint =
        fmt::format("gwsim {} seed {} scenario {:016x}", GWSIM_VERSION, run_seed,
                    gwsim::detail::fnv1a64(gwsim::load_document(file, opts).dump()));
    checkpoint.emplace(dir / ".replications", fingerprint);
    Progress mc_progress(!quiet);
    mc = gwsim::run_replications(
        s, run_seed, replications, threads,
        [&](int done) {
          mc_progress.update(static_cast<double>(done) / replications, fmt::format("{} of {} replications", done, replications));
        },
        &*checkpoint);
    mc_progress.done();
    if (mc->resumed > 0 && !quiet)
      fmt::print(stderr, "resumed {} of {} replications from {}\n", mc->resumed, replications, checkpoint->dir().string());
    gwsim::write_atomic(dir / "bands.csv", gwsim::bands_csv(*mc, cal));
    gwsim::write_atomic(dir / "replications.csv", gwsim::replications_csv(*mc, cal));
    gwsim::write_atomic(dir / "key_dates.csv", gwsim::key_dates_csv(*mc, cal));
    summary["monte_carlo"] = gwsim::monte_carlo_json(*mc, cal);
  }
  if (run.jobs_summary) {
    gwsim::write_atomic_stream(dir / "jobs.csv", [&](const gwsim::Sink& sink) { gwsim::jobs_csv(run.jobs, s, cal, sink); });
    summary["jobs"] = gwsim::jobs_summary_json(*run.jobs_summary, cal);
  }
  gwsim::write_atomic(dir / "summary.json", summary.dump(2) + "\n");
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  const nlohmann::json info{{"gwsim_version", GWSIM_VERSION},
                            {"scenario_file", file},
                            {"seed", run_seed},
                            {"overrides", opts.overrides},
                            {"replications", replications},
                            {"replications_resumed", mc ? mc->resumed : 0},
                            {"threads", replications > 0 ? threads : 1},
                            {"events", sum.events},
                            {"wall_s", wall},
                            {"events_per_s", wall > 0 ? static_cast<double>(sum.events) / wall : 0.0},
                            {"peak_rss_mb", peak_rss_mb()},
                            {"finished_utc", stamp},
                            {"command", command_line}};
  gwsim::write_atomic(dir / "run_info.json", info.dump(2) + "\n");
  if (report) write_report({dir}, dir / "report.html");
  if (checkpoint) checkpoint->remove();  // every output that needed it is written

  if (!quiet) {
    auto date = [&](const std::optional<gwsim::Tick>& t) { return t ? cal.format_date(*t) : std::string("not reached"); };
    fmt::print("{} (seed {}): {} .. {}, {} sites, {} orders\n", s.name, run_seed, s.start_iso, s.end_iso,
               s.sites.size(), s.orders.size());
    fmt::print("  ordered      {} GPUs in {} racks\n", human(static_cast<double>(sum.gpus_ordered)), human(static_cast<double>(sum.racks_ordered)));
    fmt::print("  in service   50% {}   90% {}   100% {}\n", date(sum.in_service_50pct), date(sum.in_service_90pct),
               date(sum.in_service_100pct));
    fmt::print("  at the end   {} GPUs in service, {} racks\n", human(static_cast<double>(sum.gpus_in_service)),
               human(static_cast<double>(sum.racks_in_service)));
    fmt::print("  stranded     {} GPU-days waiting for power, {} for rack slots; {} waiting for crews\n",
               human(sum.stranded_no_power_gpu_days), human(sum.stranded_no_slot_gpu_days), human(sum.waiting_crew_gpu_days));
    fmt::print("  bottleneck   {}\n", gwsim::bottleneck(sum));
    fmt::print("  power        peak {:.0f} MW facility ({:.0f} MW IT)\n", sum.peak_facility_mw, sum.peak_it_mw);
    fmt::print("  energy       {} MWh, ${}\n", human(sum.energy_mwh), human(sum.energy_cost_usd));
    fmt::print("  capex        ${}\n", human(sum.capex_usd));
    for (const auto& c : sum.contracts)
      fmt::print("  contract     {} {}: paid ${} of ${} (used ${}, committed ${})\n", c.provider, c.name, human(c.paid_usd),
                 human(c.total_usd), human(c.used_usd), human(c.committed_usd));
    fmt::print("  failures     {} ({} repairs), {} burn-in failures\n", human(static_cast<double>(sum.failures)),
               human(static_cast<double>(sum.repairs)), sum.burn_in_failures);
    if (run.jobs_summary) {
      const gwsim::JobsSummary& js = *run.jobs_summary;
      fmt::print("  jobs         {} submitted, {} completed; wait mean {:.2f} h, p90 {:.2f} h; utilization {:.1f}%, goodput {:.1f}%\n",
                 human(static_cast<double>(js.submitted)), human(static_cast<double>(js.completed)), js.wait_mean_hours,
                 js.wait_p90_hours, 100 * js.utilization, 100 * js.goodput);
      for (const auto& t : js.training)
        fmt::print("  training     {}: {} interruptions, effective training time {:.1f}%{}\n", t.name, t.interruptions,
                   100 * t.effective_training_time, t.completed ? ", completed " + cal.format_date(t.end) : ", not completed");
    }
    if (mc) {
      const auto& kd = summary["monte_carlo"]["key_dates"]["in_service_100pct"];
      auto text = [](const nlohmann::json& j) { return j.is_null() ? std::string("-") : j.get<std::string>().substr(0, 10); };
      fmt::print("  monte carlo  {} replications: 100% in service P10 {}  P50 {}  P90 {} (reached in {:.0f}%)\n",
                 replications, text(kd["p10"]), text(kd["p50"]), text(kd["p90"]), 100 * kd["reached"].get<double>());
    }
    fmt::print("  run          {} events in {:.2f} s, peak memory {:.0f} MB\n", human(static_cast<double>(sum.events)), wall, peak_rss_mb());
    fmt::print("  outputs      {}/timeseries.csv, summary.json, run_info.json{}{}{}\n", out, run.jobs_summary ? ", jobs.csv" : "",
               mc ? ", bands.csv, key_dates.csv, replications.csv" : "", report ? ", report.html" : "");
  }
  return 0;
}

}  // namespace

namespace gwsim {

int cli_main(int argc, const char* const* argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "gwsim";
  for (const auto& a : args) command_line += " " + a;
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::fputs(kUsage, args.empty() ? stderr : stdout);
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      fmt::print("gwsim {}\n", GWSIM_VERSION);
      return 0;
    }
    const std::string cmd = args[0];
    args.erase(args.begin());
    if (cmd == "validate") return cmd_validate(args);
    if (cmd == "run") return cmd_run(args, command_line);
    if (cmd == "report") return cmd_report(args);
    throw Usage{fmt::format("unknown command '{}'", cmd)};
  } catch (const Usage& u) {
    fmt::print(stderr, "error[cli.usage] {}\n{}", u.message, kUsage);
    return 2;
  } catch (const gwsim::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  } catch (const gwsim::Error& e) {
    fmt::print(stderr, "error[{}] {}\n", e.code(), e.what());
    return e.code() == "output.io" ? 1 : 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error[internal] {}\n", e.what());
    return 1;
  }
}

}  // namespace gwsim
