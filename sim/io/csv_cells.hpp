// gwsim/sim/io/csv_cells.hpp -- the cells of one line of the simple CSV files
// gwsim reads (job traces, replayed failures): split at commas, quotes and
// carriage returns dropped (no quoted commas in these files).
#pragma once

#include <string>
#include <vector>

namespace gwsim::detail {

inline std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r' && c != '"') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

}  // namespace gwsim::detail
