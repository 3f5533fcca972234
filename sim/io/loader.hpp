// gwsim/sim/io/loader.hpp -- reading, merging and validating scenarios.
//
//   gwsim::Scenario s = gwsim::load_scenario("scenarios/openai_aws_2026.json",
//                                            {.overrides = {"/sites/0/pue=1.3"}});
//
// Throws gwsim::ScenarioError (code, file, JSON pointer, message) on any
// problem; see docs/scenarios.md for the format and the error codes.
//
// The parts, in namespace gwsim::detail: document.hpp (the file, `extends`,
// overrides), reader.hpp (typed access with pointers), scenario_reader.hpp
// (validation and conversion, section by section), trace_csv.hpp (job traces).
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
// Independent errors are all reported: the ScenarioError's errors() holds up
// to 20 (docs/scenarios.md, "Errors"); an error that an override brought names
// the override ("after --set /sites/0/name=b").
Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options = {});

// A valid scenario and the warnings about it: what cannot happen within it,
// values implausible for their unit (docs/scenarios.md, "Warnings").
struct CheckedScenario {
  Scenario scenario;
  std::vector<Diagnostic> warnings;
};
CheckedScenario load_checked(const std::filesystem::path& file, const LoadOptions& options = {});

// The warnings about a scenario read from `doc` (load_text's, say).
std::vector<Diagnostic> scenario_warnings(const Scenario& s, const nlohmann::json& doc);

// The merged, overridden JSON document, not yet validated (for tools that
// want to show or store exactly what was simulated).
nlohmann::json load_document(const std::filesystem::path& file, const LoadOptions& options = {});

// Validates and converts an already merged document; `file` names it in errors.
Scenario scenario_from_json(const nlohmann::json& doc, const std::string& file);

// A scenario given as JSON text rather than a file (the Python package's
// dicts): parsed with the same checks as a file, overrides applied with the
// same semantics as --set, then validated. It has no directory, so `extends`
// is scenario.extends. `name` names it in errors.
nlohmann::json document_from_text(const std::string& text, const std::string& name, const LoadOptions& options = {});
Scenario load_text(const std::string& text, const std::string& name, const LoadOptions& options = {});

// What a document is, as 16 hex digits: the 64-bit FNV-1a hash of its compact
// dump (nlohmann's objects keep their keys sorted, so equal documents have equal
// dumps). The file, its bases and overrides merged give the same fingerprint
// as the same document given as text.
std::string document_fingerprint(const nlohmann::json& doc);

}  // namespace gwsim
