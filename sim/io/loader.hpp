// gwsim/sim/io/loader.hpp -- reading, merging and validating scenarios.
//
//   gwsim::Scenario s = gwsim::load_scenario("scenarios/openai_aws_2026.json",
//                                            {.overrides = {"/sites/0/pue=1.3"}});
//
// Throws gwsim::ScenarioError (code, file, JSON pointer, message) on any
// problem; see docs/scenarios.md for the format and the error codes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "scenario/error.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

struct LoadOptions {
  // "--set" expressions, "/json/pointer=value", applied in order after the
  // `extends` chain is merged and before validation.
  std::vector<std::string> overrides;
};

// Reads `file`, resolves `extends`, applies overrides, validates, converts.
Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options = {});

// The merged, overridden JSON document, not yet validated (for tools that
// want to show or store exactly what was simulated).
nlohmann::json load_document(const std::filesystem::path& file, const LoadOptions& options = {});

// Validates and converts an already merged document; `file` names it in errors.
Scenario scenario_from_json(const nlohmann::json& doc, const std::string& file);

}  // namespace gwsim
