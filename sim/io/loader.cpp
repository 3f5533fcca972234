// The public loader: the document (document.cpp), then its validation and
// conversion (scenario_reader.cpp, fleet_reader.cpp, workloads_reader.cpp),
// the override behind an error (overrides.cpp) and the warnings (feasibility.cpp).
#include "io/loader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/random.hpp"
#include "io/construction_warnings.hpp"
#include "io/document.hpp"
#include "io/feasibility.hpp"
#include "io/grid_warnings.hpp"
#include "io/overrides.hpp"
#include "io/reliability_warnings.hpp"
#include "io/scenario_reader.hpp"

namespace gwsim {

ScenarioError::ScenarioError(std::string code, std::string file, std::string pointer, std::string message)
    : Error(code, fmt::format("error[{}] {}:{}: {}", code, file, pointer, message)),
      errors_{Diagnostic{Diagnostic::Severity::error, code, std::move(file), std::move(pointer), std::move(message)}} {}

namespace {

// The warnings of a valid scenario: feasibility and plausibility (feasibility.cpp), reliability keys.
std::vector<Diagnostic> warnings_of(const Scenario& s, const nlohmann::json& doc, const std::string& file) {
  std::vector<Diagnostic> w = detail::feasibility_warnings(s, doc, file);
  for (Diagnostic& d : detail::reliability_warnings(s, file)) w.push_back(std::move(d));
  for (Diagnostic& d : detail::grid_warnings(s, file)) w.push_back(std::move(d));
  for (Diagnostic& d : detail::construction_warnings(s, file)) w.push_back(std::move(d));
  return w;
}

std::string lines(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) {
    if (!out.empty()) out += '\n';
    out += d.line();
  }
  return out;
}

// What a document raises, with the override behind each error named.
// `base`: the document without the overrides, made only on an error.
template <class B, class F>
auto with_blame(B&& base, const std::vector<std::string>& overrides, const std::string& file, F&& read) {
  try {
    return read();
  } catch (const ScenarioError& e) {
    if (overrides.empty()) throw;
    throw detail::blame_overrides(e, base(), overrides,
                                  [&](const nlohmann::json& d) { (void)detail::ScenarioReader(d, file).read(); });
  }
}

// Reads a merged file: an error says which files were merged (the pointer is into the merge).
CheckedScenario read_merged(const std::filesystem::path& file, const LoadOptions& options) {
  const detail::MergedDocument m = detail::merge_file(file, options.overrides);
  const std::string shown = file.string();
  try {
    return with_blame([&] { return detail::merge_file(file, {}).doc; }, options.overrides, shown,
                      [&] {
                        Scenario s = scenario_from_json(m.doc, shown);
                        std::vector<Diagnostic> warnings = warnings_of(s, m.doc, shown);
                        return CheckedScenario{std::move(s), std::move(warnings)};
                      });
  } catch (const ScenarioError& e) {
    if (m.chain.size() < 2) throw;
    std::string files;
    for (std::size_t i = 1; i < m.chain.size(); ++i)
      files += (i > 1 ? ", " : "") + m.chain[i].lexically_relative(m.chain[0].parent_path()).string();
    std::vector<Diagnostic> errors = e.errors();
    for (Diagnostic& d : errors)
      d.message += fmt::format(" (in {} merged with its base {})", file.filename().string(), files);
    throw ScenarioError(std::move(errors));
  }
}

}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> errors)
    : Error(errors.at(0).code, lines(errors)), errors_(std::move(errors)) {}

nlohmann::json load_document(const std::filesystem::path& file, const LoadOptions& options) {
  return detail::merge_file(file, options.overrides).doc;
}

Scenario scenario_from_json(const nlohmann::json& doc, const std::string& file) {
  return detail::ScenarioReader(doc, file).read();
}

Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options) {
  return read_merged(file, options).scenario;
}

CheckedScenario load_checked(const std::filesystem::path& file, const LoadOptions& options) {
  return read_merged(file, options);
}

nlohmann::json document_from_text(const std::string& text, const std::string& name, const LoadOptions& options) {
  return detail::merge_text(text, name, options.overrides);
}

Scenario load_text(const std::string& text, const std::string& name, const LoadOptions& options) {
  const nlohmann::json doc = document_from_text(text, name, options);
  if (options.overrides.empty()) return scenario_from_json(doc, name);
  return with_blame([&] { return detail::merge_text(text, name, {}); }, options.overrides, name,
                    [&] { return scenario_from_json(doc, name); });
}

std::vector<Diagnostic> scenario_warnings(const Scenario& s, const nlohmann::json& doc) {
  return warnings_of(s, doc, s.file);
}

std::string document_fingerprint(const nlohmann::json& doc) {
  // invalid UTF-8 (only an override's bare string can bring it) replaced, not thrown
  return fmt::format("{:016x}", detail::fnv1a64(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

}  // namespace gwsim
