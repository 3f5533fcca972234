// gwsim/sim/io/nearest.hpp -- "did you mean ...?" for names that refer to
// something (a site, a SKU, a provider) and match nothing (internal to the loader).
//
//   detail::known_names("site", "sitea", {"site-a", "site-b"})
//   // -> "the sites are: site-a, site-b; did you mean \"site-a\"?"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gwsim::detail {

// The Levenshtein distance: the fewest single-character insertions,
// deletions and substitutions that turn a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `name` when it is near enough to be a typo (at
// most a third of the longer name's characters differ, and at least one
// matches), the first one on ties; case is ignored.
std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates);

// "the <what>s are: a, b, c; did you mean \"b\"?" (at most 20 names listed).
std::string known_names(std::string_view what, std::string_view name, const std::vector<std::string>& candidates);

}  // namespace gwsim::detail
