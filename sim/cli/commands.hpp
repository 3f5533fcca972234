// gwsim/sim/cli/commands.hpp -- the commands of the gwsim tool, each on options
// already parsed (cli.cpp holds the parser); internal to the cli layer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/error.hpp"

namespace gwsim::cli {

// A command line that is well formed for the parser but not for the command
// (`report A B` without -o): exit 2, like a parse error.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// gwsim validate FILE... [--strict]: every file checked, each error and
// warning printed; 2 if any file has an error (or, with `strict`, a warning).
int validate_command(const std::vector<std::string>& files, bool strict);

// Prints the warnings on stderr (as errors when `strict`); true when `strict`
// and there are any (the command then fails with exit status 2).
bool report_warnings(std::vector<Diagnostic> warnings, bool strict);

struct RunOptions {
  std::string file;
  std::string out;
  std::optional<std::uint64_t> seed;   // default: the scenario's
  std::vector<std::string> overrides;  // --set /json/pointer=value
  int replications = 0;                // 0: the single run only
  int threads = 1;
  bool quiet = false;
  bool report = false;
  bool strict = false;       // warnings are errors
  std::string command_line;  // recorded in run_info.json
};

// gwsim run FILE --out DIR ...
int run_command(const RunOptions& o);

struct ReportOptions {
  std::vector<std::filesystem::path> dirs;  // one run, or a baseline and a what-if
  std::optional<std::filesystem::path> output;
};

// gwsim report DIR [DIR_B] [-o FILE.html]
int report_command(const ReportOptions& o);

// Writes the report of `dirs` (one run, or a baseline and a what-if) to
// `file`, atomically. The file must not be one of the runs' own outputs.
void write_report(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& file);

}  // namespace gwsim::cli
