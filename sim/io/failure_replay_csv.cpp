#include "io/failure_replay_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "io/csv_cells.hpp"
#include "io/reader.hpp"

namespace gwsim::detail {
namespace {

constexpr std::size_t kMaxReplayedFailures = 10'000'000;

// The CSV file being read: its header and where its errors are reported.
class ReplayFile {
 public:
  ReplayFile(const std::filesystem::path& path, const Calendar& cal, const Scenario& s, const std::string& file,
             const Ptr& at)
      : path_(path), cal_(cal), s_(s), file_(file), at_(at) {}

  [[noreturn]] void fail(const std::string& why) const { detail::fail(file_, "scenario.replay", at_, why); }
  [[noreturn]] void bad(std::size_t line, const char* column, const std::string& why) const {
    fail(fmt::format("{}:{}: column '{}': {}", path_.string(), line, column, why));
  }

  void header(const std::vector<std::string>& cells) {
    header_ = cells;
    c_time_ = column("time", true);
    c_site_ = column("site", true);
    c_class_ = column("class", true);
    c_rack_ = column("rack", false);
    c_gpus_ = column("gpus", false);
    if (c_rack_ < 0 && c_gpus_ < 0) bad(1, "rack", "the header needs a 'rack' or a 'gpus' column");
  }

  ReplayedFailure row(const std::vector<std::string>& cells, std::size_t n) const {
    if (cells.size() != header_.size())
      bad(n, "", fmt::format("{} cells, the header has {}", cells.size(), header_.size()));
    ReplayedFailure f;
    f.t = time(cells[static_cast<std::size_t>(c_time_)], n);
    f.site = site(cells[static_cast<std::size_t>(c_site_)], n);
    const std::string rack = c_rack_ >= 0 ? cells[static_cast<std::size_t>(c_rack_)] : std::string();
    const std::string gpus = c_gpus_ >= 0 ? cells[static_cast<std::size_t>(c_gpus_)] : std::string();
    if (rack.empty() == gpus.empty()) bad(n, "rack", "give exactly one of rack and gpus");
    if (!rack.empty()) f.rack = static_cast<int>(count(rack, n, "rack", 0, 100'000'000));
    else f.gpus = count(gpus, n, "gpus", 1, 100'000'000);
    f.failure_class = failure_class(cells[static_cast<std::size_t>(c_class_)], f.site, n);
    return f;
  }

 private:
  int column(const char* name, bool required) const {
    for (std::size_t i = 0; i < header_.size(); ++i)
      if (header_[i] == name) return static_cast<int>(i);
    if (required) bad(1, name, "missing from the header (need time, site, class, and rack or gpus)");
    return -1;
  }

  Tick time(const std::string& text, std::size_t n) const {
    Tick t = 0;
    try {
      t = cal_.parse(text);
    } catch (const Error&) {
      bad(n, "time", fmt::format("'{}' is not an ISO 8601 date or date-time", text));
    }
    if (t < 0 || t > s_.end)
      bad(n, "time", fmt::format("{} is outside the horizon [{}, {}]", text, s_.start_iso, s_.end_iso));
    return t;
  }

  int site(const std::string& name, std::size_t n) const {
    for (std::size_t i = 0; i < s_.sites.size(); ++i)
      if (s_.sites[i].name == name) return static_cast<int>(i);
    bad(n, "site", fmt::format("no site named \"{}\"", name));
  }

  std::int64_t count(const std::string& text, std::size_t n, const char* what, std::int64_t lo, std::int64_t hi) const {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v) || v != std::floor(v) || v < static_cast<double>(lo) ||
        v > static_cast<double>(hi))
      bad(n, what, fmt::format("'{}' is not an integer in [{}, {}]", text, lo, hi));
    return static_cast<std::int64_t>(v);
  }

  // The class's index, the same in every SKU ordered at the site.
  int failure_class(const std::string& name, int site, std::size_t n) const {
    int index = -1;
    for (const Order& o : s_.orders) {
      if (o.site != site) continue;
      const std::vector<FailureClass>& fc = s_.skus[static_cast<std::size_t>(o.sku)].failure_classes;
      auto it = std::find_if(fc.begin(), fc.end(), [&](const FailureClass& c) { return c.name == name; });
      const int i = it == fc.end() ? -1 : static_cast<int>(it - fc.begin());
      if (i < 0 || (index >= 0 && i != index))
        bad(n, "class",
            fmt::format("\"{}\" is not a failure class of {} at the same place in every SKU ordered at site \"{}\"",
                        name, s_.skus[static_cast<std::size_t>(o.sku)].name,
                        s_.sites[static_cast<std::size_t>(site)].name));
      index = i;
    }
    if (index < 0)
      bad(n, "class", fmt::format("no SKU is ordered at site \"{}\"", s_.sites[static_cast<std::size_t>(site)].name));
    return index;
  }

  const std::filesystem::path& path_;
  const Calendar& cal_;
  const Scenario& s_;
  const std::string& file_;
  const Ptr& at_;
  std::vector<std::string> header_;
  int c_time_ = -1, c_site_ = -1, c_class_ = -1, c_rack_ = -1, c_gpus_ = -1;
};

}  // namespace

void read_failure_replay_csv(FailureReplay& r, const std::filesystem::path& path, const Calendar& cal,
                             const Scenario& s, const std::string& file, const Ptr& at) {
  ReplayFile f(path, cal, s, file, at);
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    f.fail(fmt::format("cannot read the failure replay file '{}'", path.string()));
  std::string line;
  if (!std::getline(in, line)) f.bad(1, "", "empty file: expected a header line");
  f.header(split_cells(line));
  std::size_t n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line == "\r") continue;
    if (r.failures.size() >= kMaxReplayedFailures)
      detail::fail(file, "scenario.limit", at, fmt::format("{}: more than 10 million failures", path.string()));
    r.failures.push_back(f.row(split_cells(line), n));
  }
  std::stable_sort(r.failures.begin(), r.failures.end(),
                   [](const ReplayedFailure& a, const ReplayedFailure& b) { return a.t < b.t; });
}

}  // namespace gwsim::detail
