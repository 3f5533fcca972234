// Buildings built as a process (docs/power.md, "Construction"):
// sites[].buildings[].construction and sites[].construction_crews.
#include "io/scenario_reader.hpp"

namespace gwsim::detail {
namespace {

// docs/power.md, "Construction": roof complete -> operational ~150 days
// (Epoch AI, facts.md), split 120 fit-out + 30 commissioning (assumed); the
// shell's 180 days are assumed (Abilene's first buildings energized within a
// year of construction start, facts.md, is met: 180 + 150 = 330 days).
constexpr double kDefaultShellDays = 180;
constexpr double kDefaultFitoutDays = 120;
constexpr double kDefaultCommissioningDays = 30;

}  // namespace

void ScenarioReader::site_construction(const json& j, const Ptr& p, Site& s) {
  if (const json* c = Reader::optional(j, "construction_crews"))
    s.construction_crews = static_cast<int>(r_.integer(*c, p / "construction_crews", 0, kMaxCount, "scenario.limit"));
  const json& ba = j.at("buildings");  // read by site(): one element per building
  for (std::size_t k = 0; k < s.buildings.size(); ++k) {
    const json* c = Reader::optional(ba[k], "construction");
    if (c == nullptr) continue;
    const Ptr q = p / "buildings" / k / "construction";
    r_.object(*c, q, {"start", "shell_days", "fitout_days", "commissioning_days", "slip_days"});
    Construction b;
    b.start = date(*c, q, "start");
    const auto phase = [&](const char* key, double default_days) -> Distribution {
      const json* d = Reader::optional(*c, key);
      return d == nullptr ? Distribution{Fixed{default_days}} : distribution(*d, q / key, true);
    };
    b.shell_days = phase("shell_days", kDefaultShellDays);
    b.fitout_days = phase("fitout_days", kDefaultFitoutDays);
    b.commissioning_days = phase("commissioning_days", kDefaultCommissioningDays);
    if (const json* slip = Reader::optional(*c, "slip_days")) b.slip_days = distribution(*slip, q / "slip_days", false);
    s.buildings[k].construction = b;
  }
}

}  // namespace gwsim::detail
