// gwsim/sim/cli/cli.cpp -- the command line of gwsim (and python -m gwsim):
// the parser (CLI11), the help, and the mapping of errors to exit codes. The
// commands themselves are in *_command.cpp.
//
//   gwsim --version
//   gwsim validate FILE... [--strict]
//   gwsim run FILE --out DIR [--seed N] [--set /json/pointer=value]... [--quiet] [--strict]
//             [--replications N [--threads T]] [--report]
//   gwsim report DIR [DIR_B] [-o FILE.html]
//
// Exit status: 0 on success, 2 on bad input (usage or scenario, or a warning
// with --strict), 1 when the outputs cannot be written (or on an internal
// error). Errors and warnings are one line each on stderr:
//   error[CODE] FILE:/json/pointer: message
//   warning[CODE] FILE:/json/pointer: message
#include "cli/cli.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "scenario/error.hpp"

namespace gwsim {
namespace {

constexpr const char* kUsage =
    "usage: gwsim --version\n"
    "       gwsim validate FILE... [--strict]\n"
    "       gwsim run FILE --out DIR [--seed N] [--set /json/pointer=value]... [--quiet] [--strict]\n"
    "                 [--replications N [--threads T]] [--report]\n"
    "       gwsim report DIR [-o FILE.html]          (default DIR/report.html)\n"
    "       gwsim report DIR_A DIR_B -o FILE.html    (A is the baseline, B the what-if)\n"
    "       gwsim [COMMAND] --help\n";

constexpr const char* kExitStatus =
    "Exit status: 0 success; 2 bad input (usage, scenario, run directory; a warning with --strict);\n"
    "1 the outputs cannot be written (error[output.io]) or an internal error. Errors and warnings are\n"
    "one line each on stderr:\n"
    "  error[CODE] FILE:/json/pointer: message\n"
    "  warning[CODE] FILE:/json/pointer: message\n"
    "Documentation: docs/cli.md.";

constexpr const char* kStrictHelp =
    "treat warnings (a site short of power or rack slots, deliveries after the end,\n"
    "implausible values: docs/scenarios.md, \"Warnings\") as errors: exit 2 (default: off)\ne.g. --strict";

// A non-negative decimal integer in [lo, hi], rewritten without leading zeros
// (CLI11's own conversion reads 010 as octal and 0x10 as hex).
CLI::Validator decimal(std::uint64_t lo, std::uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& v) -> std::string {
        std::uint64_t n = 0;
        const char* end = v.data() + v.size();
        const auto [ptr, ec] = std::from_chars(v.data(), end, n);
        if (v.empty() || v[0] == '-' || ec != std::errc() || ptr != end || n < lo || n > hi)
          return hi == UINT64_MAX && lo == 0 ? fmt::format("expects a non-negative integer, got '{}'", v)
                                             : fmt::format("expects an integer in [{}, {}], got '{}'", lo, hi, v);
        v = std::to_string(n);
        return {};
      },
      "");
}

int cores() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

// Everything the command line gives, filled in by the parser.
struct Parsed {
  std::vector<std::string> validate_files;
  bool validate_strict = false;
  cli::RunOptions run;
  std::string report_dir;
  std::string report_dir_b;  // empty: a report of one run
  std::string report_output;
};

void add_validate(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check scenario files without running them: one line per file, and each error and warning.");
  cmd->add_option("FILE", p.validate_files, "scenario files to check\ne.g. scenarios/openai_aws_2026.json")
      ->required()
      ->type_name("");
  cmd->add_flag("--strict", p.validate_strict, kStrictHelp);
  cmd->footer(fmt::format("Example:\n  gwsim validate scenarios/*.json --strict\n\n{}", kExitStatus));
}

void add_run(CLI::App& app, Parsed& p) {
  cli::RunOptions& o = p.run;
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario and write its outputs into a directory.");
  cmd->add_option("FILE", o.file, "the scenario file\ne.g. scenarios/openai_aws_2026.json")->required()->type_name("");
  cmd->add_option("--out", o.out, "directory for the outputs (created if missing)\ne.g. --out out/aws")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--seed", o.seed, "the run's seed (default: the scenario's \"seed\")\ne.g. --seed 7")
      ->type_name("N")
      ->transform(decimal(0, UINT64_MAX));
  cmd->add_option("--set", o.overrides,
                  "write a JSON value at a JSON pointer of the scenario before it is validated;\n"
                  "repeat for several (default: none)\ne.g. --set /sites/0/pue=1.3 --set /failures/enabled=false")
      ->type_name("/json/pointer=value")
      ->allow_extra_args(false);
  CLI::Option* reps =
      cmd->add_option("--replications", o.replications,
                      "also run N Monte Carlo replications: bands.csv, key_dates.csv, replications.csv\n"
                      "(default: none); resumes after an interrupted run\ne.g. --replications 1000")
          ->type_name("N")
          ->transform(decimal(1, 1'000'000));
  o.threads = cores();
  cmd->add_option("--threads", o.threads,
                  fmt::format("threads for the replications (default: the number of cores, here {})\n"
                              "e.g. --replications 1000 --threads 2",
                              cores()))
      ->type_name("T")
      ->transform(decimal(1, 1024))
      ->needs(reps);
  cmd->add_flag("--quiet", o.quiet,
                "print nothing on success but warnings: no summary, no progress (default: off)\ne.g. --quiet");
  cmd->add_flag("--strict", o.strict, kStrictHelp);
  cmd->add_flag("--report", o.report, "also write DIR/report.html (default: off)\ne.g. --report");
  cmd->footer(fmt::format(
      "Example:\n  gwsim run scenarios/openai_aws_2026.json --out out/mc --seed 7 --replications 100 --report\n\n{}",
      kExitStatus));
}

void add_report(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand(
      "report", "Write the HTML report of a run directory, or compare two (the baseline, then the what-if).");
  cmd->add_option("DIR", p.report_dir, "the run directory (the baseline of a comparison)\ne.g. out/base")
      ->required()
      ->type_name("");
  cmd->add_option("DIR_B", p.report_dir_b,
                  "a second run directory to compare with the first (default: none)\ne.g. out/whatif")
      ->type_name("");
  cmd->add_option("-o,--output", p.report_output,
                  "the HTML file (default: DIR/report.html; required with two directories)\ne.g. -o compare.html")
      ->type_name("FILE.html");
  cmd->footer(fmt::format(
      "Examples:\n  gwsim report out/base\n  gwsim report out/base out/whatif -o compare.html\n\n{}", kExitStatus));
}

int usage_error(std::string_view message) {
  fmt::print(stderr, "error[cli.usage] {}\n{}", message, kUsage);
  return 2;
}

// Parses the command line and runs the command; throws on errors.
int dispatch(CLI::App& app, Parsed& p, int argc, const char* const* argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", app.help());
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    fmt::print("{}", app.help("", CLI::AppFormatMode::All));
    return 0;
  } catch (const CLI::CallForVersion& e) {
    fmt::print("{}\n", e.what());
    return 0;
  } catch (const CLI::RequiredError& e) {
    // an unknown option is the likelier mistake than the missing argument it displaced
    const std::vector<std::string> extra = app.remaining(true);
    return usage_error(extra.empty() ? e.what() : CLI::ExtrasError(extra).what());
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  const CLI::App* cmd = app.get_subcommands().at(0);
  if (cmd->get_name() == "validate") return cli::validate_command(p.validate_files, p.validate_strict);
  if (cmd->get_name() == "run") return cli::run_command(p.run);
  cli::ReportOptions report;
  report.dirs.emplace_back(p.report_dir);
  if (!p.report_dir_b.empty()) report.dirs.emplace_back(p.report_dir_b);
  if (!p.report_output.empty()) report.output = p.report_output;
  return cli::report_command(report);
}

}  // namespace

int cli_main(int argc, const char* const* argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  // `gwsim help [COMMAND]` is `gwsim [COMMAND] --help`
  std::vector<const char*> help_argv;
  if (args[0] == "help") {
    help_argv.assign(argv, argv + argc);
    help_argv.erase(help_argv.begin() + 1);
    help_argv.push_back("--help");
    argv = help_argv.data();
    argc = static_cast<int>(help_argv.size());
  } else if (!args[0].starts_with("-") && args[0] != "validate" && args[0] != "run" && args[0] != "report") {
    return usage_error(fmt::format("unknown command '{}'", args[0]));
  }

  Parsed p;
  p.run.command_line = "gwsim";
  for (const auto& a : args) p.run.command_line += " " + a;
  CLI::App app("gwsim: a discrete-event simulator of the buildout of AI compute at gigawatt scale.", "gwsim");
  app.get_formatter()->label("Usage", "usage");
  app.get_formatter()->column_width(34);
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_version_flag("--version", std::string("gwsim ") + GWSIM_VERSION, "print the version and exit");
  app.require_subcommand(1);
  app.footer(fmt::format("Run 'gwsim COMMAND --help' for the options of a command.\n\n{}", kExitStatus));
  add_validate(app, p);
  add_run(app, p);
  add_report(app, p);
  for (CLI::App* cmd : app.get_subcommands({})) cmd->group("Commands");
  try {
    return dispatch(app, p, argc, argv);
  } catch (const cli::UsageError& e) {
    return usage_error(e.what());
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  } catch (const Error& e) {
    fmt::print(stderr, "error[{}] {}\n", e.code(), e.what());
    return e.code() == "output.io" ? 1 : 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error[internal] {}\n", e.what());
    return 1;
  }
}

}  // namespace gwsim
