// gwsim/sim/io/reader.hpp -- typed access to a JSON document, with the JSON
// pointer of whatever it rejects (internal to the loader).
//
//   detail::Reader r("s.json");
//   const json& site = r.object(doc["sites"][0], Ptr("/sites/0"), {"name", "pue"});
//   double pue = r.number(site, Ptr("/sites/0"), "pue", detail::Range{1.0, 3.0});
//
// Every accessor checks presence, type and range and throws ScenarioError
// (scenario.type, scenario.range, scenario.missing_key, scenario.unknown_key,
// scenario.limit, scenario.date) naming the file and the pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scenario/error.hpp"

namespace gwsim::detail {

using json = nlohmann::json;
using Ptr = json::json_pointer;

// The longest array the loader reads (docs/scenarios.md, scenario.limit).
inline constexpr std::size_t kMaxArray = 1'000'000;

[[noreturn]] void fail(const std::string& file, const char* code, const Ptr& p, const std::string& msg);

// "an integer", "a string", "an object", ...: the kind of a value, for messages.
std::string type_name(const json& j);
// The value as JSON text, cut to 60 characters.
std::string show(const json& j);
// What was found: "a string \"abc\"", "an array", "null".
std::string got(const json& j);

// Why a date of the form "YYYY-MM-DD" names no day ("2026-02-30 does not
// exist (February 2026 has 28 days)"), or nothing if it names one.
std::optional<std::string> impossible_day(const std::string& iso);

// A closed, open or half-open interval of doubles.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi); }
  // "in [1, 3]", "> 0", ">= 0", "finite"
  std::string describe() const;
};
inline constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), true, false};
inline constexpr Range kNonNegative{0.0, std::numeric_limits<double>::infinity(), false, false};
inline constexpr Range kAny{};

// Walks a document; `file` names it in errors.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const char* code, const Ptr& p, const std::string& msg) const {
    detail::fail(file_, code, p, msg);
  }

  // `j` is an object whose keys are all in `allowed`.
  const json& object(const json& j, const Ptr& p, std::initializer_list<std::string_view> allowed) const;
  const json& required(const json& obj, const Ptr& p, const std::string& key) const;
  static const json* optional(const json& obj, const std::string& key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  double number(const json& j, const Ptr& p, Range r) const;
  double number(const json& obj, const Ptr& p, const std::string& key, Range r) const {
    return number(required(obj, p, key), p / key, r);
  }

  // An integer in [lo, hi]; 3.0 counts as 3. Above hi is `over_code`.
  std::int64_t integer(const json& j, const Ptr& p, std::int64_t lo, std::int64_t hi,
                       const char* over_code = "scenario.range") const;
  std::int64_t integer(const json& obj, const Ptr& p, const std::string& key, std::int64_t lo, std::int64_t hi,
                       const char* over_code = "scenario.range") const {
    return integer(required(obj, p, key), p / key, lo, hi, over_code);
  }

  std::string string(const json& j, const Ptr& p, bool non_empty) const;
  std::string string(const json& obj, const Ptr& p, const std::string& key, bool non_empty) const {
    return string(required(obj, p, key), p / key, non_empty);
  }

  bool boolean(const json& j, const Ptr& p) const;

  // An array of min_size..max_size entries (more is scenario.limit).
  const json& array(const json& j, const Ptr& p, std::size_t min_size, std::size_t max_size = kMaxArray) const;

  // A calendar date "YYYY-MM-DD", checked, as text; a day that does not
  // exist says so (impossible_day).
  std::string date_text(const json& j, const Ptr& p) const;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

}  // namespace gwsim::detail
