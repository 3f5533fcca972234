// gwsim/sim/io/document.hpp -- a scenario's JSON document before validation
// (internal to the loader): the file read within its limits, parsed with
// duplicate keys rejected, its `extends` chain merged (RFC 7386) and the
// "--set /json/pointer=value" overrides applied.
//
//   detail::MergedDocument m = detail::merge_file("s.json", {"/sites/0/pue=1.3"});
//   // m.doc: the document; m.chain: s.json and the files it extends
//
// Errors are ScenarioError: scenario.io, scenario.parse (with line and
// column), scenario.duplicate, scenario.limit, scenario.extends,
// scenario.override (docs/scenarios.md, "Errors").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace gwsim::detail {

// docs/scenarios.md, "Limits"
inline constexpr int kMaxExtendsDepth = 32;
inline constexpr std::uintmax_t kMaxFileBytes = 64u << 20;  // 64 MiB: the largest shipped scenario is 175 kB
inline constexpr std::size_t kMaxDepth = 64;                // JSON nesting; scenarios need about 6

// The file's bytes; `shown` names it in errors (a directory, an unreadable or too large file).
std::string read_text(const std::filesystem::path& path, const std::string& shown);

// Why a file could not be opened, from the errno open(2) left: the system's
// words ("No such file or directory"), or "reason unknown" when errno is 0.
std::string open_failure_reason(int errno_value);

// Non-printable and non-ASCII bytes shown as \xNN, so that error messages
// stay valid UTF-8 whatever the input holds.
std::string printable(const std::string& s);

// 1-based line and column of the byte before `byte` (nlohmann's parse_error::byte).
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte);

// Parses JSON text; a key twice in one object is scenario.duplicate at its
// pointer, nesting deeper than kMaxDepth is scenario.limit (parsing stops there).
nlohmann::json parse_text(const std::string& text, const std::string& shown);

// Reads `path` and merges it onto the base it `extends`, recursively;
// `chain` holds the canonical paths already read (for cycles and depth).
nlohmann::json load_with_extends(const std::filesystem::path& path, std::vector<std::filesystem::path>& chain,
                                 const std::string& shown);

// Applies one "--set" expression "/json/pointer=value": the value is JSON,
// or else a string; the pointer's parent must exist, an array index must be
// in range (a key of an object may be new).
// Why `ptr` cannot be written in `doc`, or nothing: a key absent on the way
// ("/sites/0 has no key 'x'; its keys are: ..."), an index past the end of an
// array ("/sites is an array of 2 items ..."), a value that is not a container.
// The last key of an object may be absent (a new key).
std::optional<std::string> unreachable(const nlohmann::json& doc, const nlohmann::json::json_pointer& ptr);

void apply_override(nlohmann::json& doc, const std::string& expr, const std::string& shown);

struct MergedDocument {
  nlohmann::json doc;
  std::vector<std::filesystem::path> chain;  // the given file first, then its bases
};

// The file with its `extends` chain merged and `overrides` applied in order.
MergedDocument merge_file(const std::filesystem::path& file, const std::vector<std::string>& overrides);

// A document given as text (no file, so `extends` is scenario.extends) with
// `overrides` applied in order; `shown` names it in errors.
nlohmann::json merge_text(const std::string& text, const std::string& shown, const std::vector<std::string>& overrides);

}  // namespace gwsim::detail
