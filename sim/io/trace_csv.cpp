#include "io/trace_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "io/csv_cells.hpp"
#include "io/reader.hpp"

namespace gwsim::detail {
namespace {

constexpr std::size_t kMaxTraceJobs = 10'000'000;

// The CSV file being read and where its errors are reported.
class TraceFile {
 public:
  TraceFile(const std::filesystem::path& path, const Calendar& cal, const std::string& file, const Ptr& at)
      : path_(path), cal_(cal), file_(file), at_(at) {}

  [[noreturn]] void fail(const char* code, const std::string& why) const { detail::fail(file_, code, at_, why); }
  [[noreturn]] void bad(std::size_t line, const std::string& why) const {
    fail("scenario.trace", fmt::format("{}:{}: {}", path_.string(), line, why));
  }

  // The index of the column `name` in the header, or -1 when optional and absent.
  int column(const std::vector<std::string>& header, const char* name, bool required) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    if (required) bad(1, fmt::format("no '{}' column in the header (need submit_time, gpu_num, duration)", name));
    return -1;
  }

  double number(const std::string& text, std::size_t line, const char* what) const {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
      bad(line, fmt::format("{} '{}' is not a number", what, text));
    return v;
  }

  // Seconds, or a date-time as seconds since the calendar's start.
  double submit_seconds(const std::string& cell, std::size_t line) const {
    if (cell.size() < 19 || cell[4] != '-') return number(cell, line, "submit_time");
    std::string iso = cell;
    iso[10] = 'T';
    try {
      return to_seconds(cal_.parse(iso.substr(0, 19)));
    } catch (const Error&) {
      bad(line, fmt::format("submit_time '{}' is not seconds or YYYY-MM-DD HH:MM:SS", cell));
    }
  }

 private:
  const std::filesystem::path& path_;
  const Calendar& cal_;
  const std::string& file_;
  const Ptr& at_;
};

// Puts the jobs in order of submission (stable) and sets submit_hours from the first.
void sort_by_submission(JobTrace& t, const std::vector<double>& submit_s) {
  std::vector<std::size_t> order(submit_s.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return submit_s[a] < submit_s[b]; });
  const double first = submit_s[order.front()];
  auto permute = [&](auto& v) {
    auto copy = v;
    for (std::size_t i = 0; i < order.size(); ++i) v[i] = copy[order[i]];
  };
  permute(t.gpus);
  permute(t.duration_hours);
  permute(t.tenant);
  t.submit_hours.resize(order.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    t.submit_hours[i] = (submit_s[order[i]] - first) / 3600.0 * t.time_scale;
}

}  // namespace

void read_trace_csv(JobTrace& t, const std::filesystem::path& path, const Calendar& cal, const std::string& file,
                    const Ptr& at) {
  const TraceFile f(path, cal, file, at);
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    f.fail("scenario.trace", fmt::format("cannot read the trace file '{}'", path.string()));
  std::string line;
  if (!std::getline(in, line)) f.bad(1, "empty file: expected a header line");
  const std::vector<std::string> header = split_cells(line);
  const auto c_submit = static_cast<std::size_t>(f.column(header, "submit_time", true));
  const auto c_gpus = static_cast<std::size_t>(f.column(header, "gpu_num", true));
  const auto c_dur = static_cast<std::size_t>(f.column(header, "duration", true));
  const int c_user = f.column(header, "user", false);
  std::map<std::string, std::uint32_t> users;
  std::vector<double> submit_s;
  std::size_t n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line == "\r") continue;
    if (submit_s.size() >= kMaxTraceJobs)
      f.fail("scenario.limit", fmt::format("{}: more than 10 million jobs", path.string()));
    const std::vector<std::string> cells = split_cells(line);
    if (cells.size() != header.size())
      f.bad(n, fmt::format("{} cells, the header has {}", cells.size(), header.size()));
    const double when = f.submit_seconds(cells[c_submit], n);
    const double g = f.number(cells[c_gpus], n, "gpu_num");
    const double d = f.number(cells[c_dur], n, "duration");
    if (g < 0 || g != std::floor(g) || g > 1e7) f.bad(n, fmt::format("gpu_num must be an integer >= 0, got {}", g));
    if (d < 0) f.bad(n, fmt::format("duration must be >= 0 seconds, got {}", d));
    if (g == 0) {
      ++t.skipped_cpu_jobs;
      continue;
    }
    const std::string user = c_user >= 0 ? cells[static_cast<std::size_t>(c_user)] : std::string();
    auto [it, fresh] = users.try_emplace(user, static_cast<std::uint32_t>(t.tenants.size()));
    if (fresh) t.tenants.push_back(user);
    submit_s.push_back(when);
    t.gpus.push_back(static_cast<std::int64_t>(std::ceil(g * t.gpu_scale)));
    t.duration_hours.push_back(d / 3600.0);
    t.tenant.push_back(it->second);
  }
  if (submit_s.empty()) f.bad(n, "no GPU jobs in the trace");
  sort_by_submission(t, submit_s);
}

}  // namespace gwsim::detail
