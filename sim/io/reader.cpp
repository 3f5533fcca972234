#include "io/reader.hpp"

#include <algorithm>
#include <cmath>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <fmt/format.h>

#include "core/time.hpp"
#include "io/document.hpp"

namespace gwsim::detail {

void fail(const std::string& file, const char* code, const Ptr& p, const std::string& msg) {
  throw ScenarioError(code, file, p.to_string(), msg);
}

std::string type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "an unsupported value";
  }
}

std::string show(const json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string got(const json& j) {
  if (j.is_null()) return "null";
  if (j.is_array() || j.is_object()) return type_name(j);
  return fmt::format("{} {}", type_name(j), show(j));
}

std::string Range::describe() const {
  const bool has_lo = std::isfinite(lo);
  const bool has_hi = std::isfinite(hi);
  if (has_lo && has_hi) return fmt::format("in {}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
  if (has_lo) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
  if (has_hi) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
  return "finite";
}

const json& Reader::object(const json& j, const Ptr& p, std::initializer_list<std::string_view> allowed) const {
  if (!j.is_object()) fail("scenario.type", p, fmt::format("expected an object, got {}", type_name(j)));
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail("scenario.unknown_key", p / key, fmt::format("unknown key '{}' (allowed here: {})", key, list));
    }
  }
  return j;
}

const json& Reader::required(const json& obj, const Ptr& p, const std::string& key) const {
  auto it = obj.find(key);
  if (it == obj.end()) fail("scenario.missing_key", p / key, fmt::format("missing required key '{}'", key));
  return *it;
}

double Reader::number(const json& j, const Ptr& p, Range r) const {
  if (!j.is_number()) fail("scenario.type", p, fmt::format("expected a number {}, got {}", r.describe(), got(j)));
  const double x = j.get<double>();
  if (!std::isfinite(x) || !r.contains(x))
    fail("scenario.range", p, fmt::format("expected a number {}, got {}", r.describe(), show(j)));
  return x;
}

std::int64_t Reader::integer(const json& j, const Ptr& p, std::int64_t lo, std::int64_t hi,
                             const char* over_code) const {
  // 3 and 3.0 (and 3e0) are the same integer, as in JSON Schema
  const bool integral_float =
      j.is_number_float() && std::isfinite(j.get<double>()) && j.get<double>() == std::floor(j.get<double>());
  if (!j.is_number_integer() && !integral_float)
    fail("scenario.type", p, fmt::format("expected an integer >= {}, got {}", lo, got(j)));
  if (integral_float) {
    const double x = j.get<double>();
    if (x < static_cast<double>(lo))
      fail("scenario.range", p, fmt::format("expected an integer >= {}, got {}", lo, show(j)));
    if (x > static_cast<double>(hi))
      fail(over_code, p, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, show(j)));
    return static_cast<std::int64_t>(x);
  }
  if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
    fail(over_code, p, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, show(j)));
  const std::int64_t x = j.get<std::int64_t>();
  if (x < lo) fail("scenario.range", p, fmt::format("expected an integer >= {}, got {}", lo, x));
  if (x > hi) fail(over_code, p, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, x));
  return x;
}

std::string Reader::string(const json& j, const Ptr& p, bool non_empty) const {
  if (!j.is_string()) fail("scenario.type", p, fmt::format("expected a string, got {}", got(j)));
  std::string s = j.get<std::string>();
  if (non_empty && s.empty()) fail("scenario.range", p, "expected a non-empty string");
  return s;
}

bool Reader::boolean(const json& j, const Ptr& p) const {
  if (!j.is_boolean()) fail("scenario.type", p, fmt::format("expected true or false, got {}", got(j)));
  return j.get<bool>();
}

const json& Reader::array(const json& j, const Ptr& p, std::size_t min_size, std::size_t max_size) const {
  if (!j.is_array()) fail("scenario.type", p, fmt::format("expected an array, got {}", type_name(j)));
  if (j.size() > max_size)
    fail("scenario.limit", p, fmt::format("an array of {} entries exceeds the limit of {}", j.size(), max_size));
  if (j.size() < min_size)
    fail("scenario.range", p, fmt::format("expected at least {} entr{}", min_size, min_size == 1 ? "y" : "ies"));
  return j;
}

std::string Reader::date_text(const json& j, const Ptr& p) const {
  if (!j.is_string()) fail("scenario.type", p, fmt::format("expected a date \"YYYY-MM-DD\", got {}", got(j)));
  std::string s = j.get<std::string>();
  // digits, with a dash at 4 and 7 only: "2026----01" must not reach std::stoi
  bool shape = s.size() == 10;
  for (std::size_t i = 0; shape && i < s.size(); ++i)
    shape = i == 4 || i == 7 ? s[i] == '-' : s[i] >= '0' && s[i] <= '9';
  if (!shape) fail("scenario.date", p, fmt::format("expected a date \"YYYY-MM-DD\", got \"{}\"", printable(s)));
  if (auto why = impossible_day(s)) fail("scenario.date", p, *why);
  try {
    Calendar probe(s);
    (void)probe;
  } catch (const Error&) {
    fail("scenario.date", p, fmt::format("expected a date \"YYYY-MM-DD\", got \"{}\"", s));
  }
  return s;
}

std::optional<std::string> impossible_day(const std::string& iso) {
  const int year = std::stoi(iso.substr(0, 4));
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  if (month < 1 || month > 12) return fmt::format("{} does not exist (there is no month {:02d})", iso, month);
  if (year < 1400) return fmt::format("{} is before 1400, the first year the calendar handles", iso);
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                                          static_cast<unsigned short>(month));
  if (day < 1 || day > last) {
    const auto name = boost::gregorian::greg_month(static_cast<unsigned short>(month)).as_long_string();
    return fmt::format("{} does not exist ({} {} has {} days)", iso, name, year, last);
  }
  return std::nullopt;
}

}  // namespace gwsim::detail
