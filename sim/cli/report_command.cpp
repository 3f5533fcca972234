// gwsim/sim/cli/report_command.cpp -- gwsim report DIR [DIR_B] [-o FILE.html].
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "io/output.hpp"
#include "io/run_dir.hpp"
#include "report/report.hpp"

namespace gwsim::cli {

void write_report(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  std::vector<report::RunData> runs;
  runs.reserve(dirs.size());
  for (const fs::path& d : dirs) runs.push_back(report::load_run(d));
  const fs::path target = fs::weakly_canonical(file);
  if (fs::is_directory(target))
    throw Error("report.output", fmt::format("{}: is a directory; give a file name", file.string()));
  const fs::path parent = target.parent_path();
  if (!fs::is_directory(parent))
    throw Error("report.output", fmt::format("{}: the directory {} does not exist", file.string(), parent.string()));
  for (const fs::path& d : dirs)
    for (const std::string_view input : run_files::outputs)
      if (fs::weakly_canonical(d / input) == target)
        throw Error("report.output",
                    fmt::format("{}: would overwrite a run output; choose another file", file.string()));
  write_atomic(file, runs.size() == 1 ? report::render_report(runs[0]) : report::render_comparison(runs[0], runs[1]));
}

int report_command(const ReportOptions& o) {
  if (o.dirs.size() == 2 && !o.output) throw UsageError("report DIR_A DIR_B needs -o FILE.html");
  const std::filesystem::path file = o.output.value_or(o.dirs.at(0) / run_files::report);
  write_report(o.dirs, file);
  fmt::print("report: {}\n", file.string());
  return 0;
}

}  // namespace gwsim::cli
