// The public loader: the document (document.cpp), then its validation and
// conversion (scenario_reader.cpp, fleet_reader.cpp, workloads_reader.cpp).
#include "io/loader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/random.hpp"
#include "io/document.hpp"
#include "io/scenario_reader.hpp"

namespace gwsim {

ScenarioError::ScenarioError(std::string code, std::string file, std::string pointer, std::string message)
    : Error(code, fmt::format("error[{}] {}:{}: {}", code, file, pointer, message)),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      detail_(std::move(message)) {}

nlohmann::json load_document(const std::filesystem::path& file, const LoadOptions& options) {
  return detail::merge_file(file, options.overrides).doc;
}

Scenario scenario_from_json(const nlohmann::json& doc, const std::string& file) {
  return detail::ScenarioReader(doc, file).read();
}

Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options) {
  const detail::MergedDocument m = detail::merge_file(file, options.overrides);
  try {
    return scenario_from_json(m.doc, file.string());
  } catch (const ScenarioError& e) {
    if (m.chain.size() < 2) throw;
    // The pointer is into the merged document: say which files were merged.
    std::string files;
    for (std::size_t i = 1; i < m.chain.size(); ++i)
      files += (i > 1 ? ", " : "") + m.chain[i].lexically_relative(m.chain[0].parent_path()).string();
    throw ScenarioError(e.code(), e.file(), e.pointer(),
                        fmt::format("{} (in {} merged with its base {})", e.detail(), file.filename().string(), files));
  }
}

nlohmann::json document_from_text(const std::string& text, const std::string& name, const LoadOptions& options) {
  return detail::merge_text(text, name, options.overrides);
}

Scenario load_text(const std::string& text, const std::string& name, const LoadOptions& options) {
  return scenario_from_json(document_from_text(text, name, options), name);
}

std::string document_fingerprint(const nlohmann::json& doc) {
  // invalid UTF-8 (only an override's bare string can bring it) replaced, not thrown
  return fmt::format("{:016x}", detail::fnv1a64(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

}  // namespace gwsim
