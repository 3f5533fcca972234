// gwsim/tests/support/text.hpp -- small helpers for tests that read generated text (HTML, SVG).
#pragma once

#include <cstddef>
#include <string>

namespace gwsim::test {

// How many times `needle` occurs in `haystack` (overlapping occurrences counted).
inline std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace gwsim::test
