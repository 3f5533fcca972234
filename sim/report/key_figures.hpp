// gwsim/sim/report/key_figures.hpp -- the headline figures of summary.json:
// as cards on a run's page, and as an A / B / B - A table on a comparison.
// Internal to sim/report (report.hpp: key_figure_pointers).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gwsim::report::detail {

// <div id="key-figures">: one card per figure the summary holds.
std::string key_figure_cards(const nlohmann::json& summary);
// <table id="key-figures">: each figure of either summary, in A, in B, and B - A.
std::string key_figure_table(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace gwsim::report::detail
