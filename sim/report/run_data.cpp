// gwsim/sim/report/run_data.cpp -- reading a run directory: its summary, run
// information and dated CSV files (report.hpp: load_run, parse_dated_csv).
#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/output.hpp"
#include "io/run_dir.hpp"
#include "model/columns.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace gwsim::report {

using nlohmann::json;

const std::vector<double>* DatedTable::column(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? nullptr : &values[static_cast<std::size_t>(it - columns.begin())];
}

namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("report.input", fmt::format("{}: cannot read (is this a gwsim run directory?)", path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

DatedTable parse_dated_csv(const std::string& text, const std::string& file) {
  DatedTable t;
  std::size_t pos = 0, line_no = 0;
  auto fail = [&](const std::string& what) {
    throw Error("report.input", fmt::format("{}:{}: {}", file, line_no, what));
  };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::vector<std::string_view> cells = split(line);
    if (t.columns.empty() && line_no == 1) {
      if (cells[0] != "date") fail("expected a header starting with 'date'");
      for (std::size_t i = 1; i < cells.size(); ++i) t.columns.emplace_back(cells[i]);
      t.values.resize(t.columns.size());
      continue;
    }
    if (cells.size() != t.columns.size() + 1)
      fail(fmt::format("expected {} fields, got {}", t.columns.size() + 1, cells.size()));
    try {
      t.days.push_back(detail::day_number(cells[0]));
    } catch (const Error& e) {
      fail(e.what());
    }
    if (t.days.size() > 1 && t.days.back() <= t.days[t.days.size() - 2]) fail("dates must increase");
    for (std::size_t i = 1; i < cells.size(); ++i) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!cells[i].empty()) {
        const auto [p, ec] = std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), v);
        if (ec != std::errc() || p != cells[i].data() + cells[i].size())
          fail(fmt::format("column '{}': '{}' is not a number", t.columns[i - 1], cells[i]));
      }
      t.values[i - 1].push_back(v);
    }
  }
  if (t.columns.empty() && t.days.empty()) fail("empty file");
  return t;
}

DatedTable parse_cash_flow_csv(const std::string& text, const std::string& file) {
  // cash_flow.csv's rows are months ("month" YYYY-MM): read as dated rows on each month's 1st day
  std::string dated;
  dated.reserve(text.size() + text.size() / 8);
  std::size_t pos = 0;
  bool header = true;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    const std::size_t comma = line.find(',');
    const std::string_view first = line.substr(0, comma);
    if (header && first == "month") dated += "date";
    else if (!header && first.size() == 7) dated += fmt::format("{}-01", first);
    else dated += first;
    if (comma != std::string_view::npos) dated += line.substr(comma);
    dated += '\n';
    header = false;
    pos = end + 1;
  }
  return parse_dated_csv(dated, file);
}

RunData load_run(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw Error("report.input",
                fmt::format("{}: not a directory (give the --out directory of gwsim run)", dir.string()));
  RunData run;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(dir);
  if (canonical.filename().empty()) canonical = canonical.parent_path();
  run.label = canonical.filename().string();
  auto parse_json = [](const std::filesystem::path& p) {
    try {
      return json::parse(read_file(p));
    } catch (const json::exception& e) {
      throw Error("report.input", fmt::format("{}: not valid JSON: {}", p.string(), e.what()));
    }
  };
  auto parse_csv = [&](std::string_view name) { return parse_dated_csv(read_file(dir / name), (dir / name).string()); };
  run.summary_file = (dir / run_files::summary).string();
  run.summary = parse_json(dir / run_files::summary);
  if (!run.summary.is_object() || !run.summary.contains("scenario") ||
      !run.summary.contains(columns::gpus_ordered.name))
    throw Error("report.input", fmt::format("{}: not a gwsim summary (no /scenario or /{})", run.summary_file,
                                            columns::gpus_ordered.name));
  if (std::filesystem::exists(dir / run_files::run_info)) run.run_info = parse_json(dir / run_files::run_info);
  run.timeseries = parse_csv(run_files::timeseries);
  if (run.timeseries.days.empty())
    throw Error("report.input", fmt::format("{}: no rows", (dir / run_files::timeseries).string()));
  if (std::filesystem::exists(dir / run_files::bands)) run.bands = parse_csv(run_files::bands);
  if (std::filesystem::exists(dir / run_files::key_dates)) run.key_dates = parse_csv(run_files::key_dates);
  if (std::filesystem::exists(dir / "cash_flow.csv"))
    run.cash_flow = parse_cash_flow_csv(read_file(dir / "cash_flow.csv"), (dir / "cash_flow.csv").string());
  return run;
}

RunData run_data(std::string label, nlohmann::json summary, const Timeseries& timeseries, const Calendar& cal) {
  RunData run;
  run.summary_file = fmt::format("{}/{}", label, run_files::summary);
  run.timeseries = parse_dated_csv(timeseries_csv(timeseries, cal), fmt::format("{}/{}", label, run_files::timeseries));
  run.label = std::move(label);
  run.summary = std::move(summary);
  return run;
}

}  // namespace gwsim::report
