// gwsim/sim/cli/validate_command.cpp -- gwsim validate FILE...
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "io/loader.hpp"

namespace gwsim::cli {

int validate_command(const std::vector<std::string>& files) {
  for (const std::string& f : files) {
    const Scenario s = load_scenario(f);
    std::int64_t racks = 0;
    for (const auto& o : s.orders)
      for (const auto& d : o.deliveries) racks += d.racks;
    fmt::print("ok {}: {} ({} sites, {} orders, {} racks, {} .. {})\n", f, s.name, s.sites.size(), s.orders.size(),
               racks, s.start_iso, s.end_iso);
  }
  return 0;
}

}  // namespace gwsim::cli
