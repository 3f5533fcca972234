#include "io/nearest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

#include <fmt/format.h>

namespace gwsim::detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the Wagner-Fischer table at a time.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string n = lower(name);
  std::optional<std::string> best;
  std::size_t best_d = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(n, lower(c));
    const std::size_t longer = std::max(n.size(), c.size());
    if (d * 3 > longer || d == longer) continue;
    if (!best || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

std::string known_names(std::string_view what, std::string_view name, const std::vector<std::string>& candidates) {
  constexpr std::size_t kShown = 20;
  std::string list;
  for (std::size_t i = 0; i < candidates.size() && i < kShown; ++i) list += (i ? ", " : "") + candidates[i];
  if (candidates.size() > kShown) list += fmt::format(", ... ({} in all)", candidates.size());
  std::string out =
      candidates.empty() ? fmt::format("there are no {}s", what) : fmt::format("the {}s are: {}", what, list);
  if (auto near = nearest(name, candidates)) out += fmt::format("; did you mean \"{}\"?", *near);
  return out;
}

}  // namespace gwsim::detail
