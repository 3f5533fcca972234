#include "io/loader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "scenario/catalog.hpp"

namespace gwsim {

ScenarioError::ScenarioError(std::string code, std::string file, std::string pointer, std::string message)
    : Error(code, fmt::format("error[{}] {}:{}: {}", code, file, pointer, message)),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      detail_(std::move(message)) {}

namespace detail {
namespace {

using json = nlohmann::json;
using Ptr = json::json_pointer;

// Loader limits (docs/scenarios.md, scenario.limit): they reject absurd input
// before any large allocation.
constexpr std::int64_t kMaxRacksPerBatch = 10'000'000;
constexpr std::int64_t kMaxRacksTotal = 100'000'000;
constexpr std::size_t kMaxArray = 1'000'000;
constexpr std::int64_t kMaxCount = 1'000'000;  // crews, technicians, spare nodes, GPUs per rack
constexpr int kMaxYears = 100;
constexpr double kMaxTotalPowerMw = 1e6;
constexpr int kMaxExtendsDepth = 32;
constexpr std::uintmax_t kMaxFileBytes = 64u << 20;  // 64 MiB: the largest shipped scenario is 175 kB
constexpr std::size_t kMaxDepth = 64;                  // JSON nesting; scenarios need about 6
constexpr std::size_t kMaxSites = 10'000;
constexpr std::size_t kMaxOrders = 100'000;
constexpr std::size_t kMaxTraceJobs = 30'000'000;

[[noreturn]] void fail(const std::string& file, const char* code, const Ptr& p, const std::string& msg) {
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

std::string show(const json& j);

// "a string \"abc\"", "an array", "null": what was found, for messages.
std::string got(const json& j) {
  if (j.is_null()) return "null";
  if (j.is_array() || j.is_object()) return type_name(j);
  return fmt::format("{} {}", type_name(j), show(j));
}

std::string show(const json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  bool contains(double x) const {
    return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
  }
  std::string describe() const {
    const bool has_lo = std::isfinite(lo);
    const bool has_hi = std::isfinite(hi);
    if (has_lo && has_hi)
      return fmt::format("in {}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
    if (has_lo) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
    if (has_hi) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
    return "finite";
  }
};
constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), true, false};
constexpr Range kNonNegative{0.0, std::numeric_limits<double>::infinity(), false, false};
constexpr Range kAny{};

// Walks the merged document; every accessor checks type, range and
// presence, and reports the JSON pointer of what it rejects.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const char* code, const Ptr& p, const std::string& msg) const {
    detail::fail(file_, code, p, msg);
  }

  const json& object(const json& j, const Ptr& p, std::initializer_list<std::string_view> allowed) const {
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

  const json& required(const json& obj, const Ptr& p, const std::string& key) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail("scenario.missing_key", p / key, fmt::format("missing required key '{}'", key));
    return *it;
  }
  static const json* optional(const json& obj, const std::string& key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  double number(const json& j, const Ptr& p, Range r) const {
    if (!j.is_number())
      fail("scenario.type", p, fmt::format("expected a number {}, got {}", r.describe(), got(j)));
    const double x = j.get<double>();
    if (!std::isfinite(x) || !r.contains(x))
      fail("scenario.range", p, fmt::format("expected a number {}, got {}", r.describe(), show(j)));
    return x;
  }
  double number(const json& obj, const Ptr& p, const std::string& key, Range r) const {
    return number(required(obj, p, key), p / key, r);
  }

  std::int64_t integer(const json& j, const Ptr& p, std::int64_t lo, std::int64_t hi, const char* over_code = "scenario.range") const {
    // 3 and 3.0 (and 3e0) are the same integer, as in JSON Schema
    const bool integral_float = j.is_number_float() && std::isfinite(j.get<double>()) &&
                                j.get<double>() == std::floor(j.get<double>());
    if (!j.is_number_integer() && !integral_float)
      fail("scenario.type", p, fmt::format("expected an integer >= {}, got {}", lo, got(j)));
    if (integral_float) {
      const double x = j.get<double>();
      if (x < static_cast<double>(lo)) fail("scenario.range", p, fmt::format("expected an integer >= {}, got {}", lo, show(j)));
      if (x > static_cast<double>(hi)) fail(over_code, p, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, show(j)));
      return static_cast<std::int64_t>(x);
    }
    if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
      fail(over_code, p, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, show(j)));
    const std::int64_t x = j.get<std::int64_t>();
    if (x < lo) fail("scenario.range", p, fmt::format("expected an integer >= {}, got {}", lo, x));
    if (x > hi) fail(over_code, p, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, x));
    return x;
  }
  std::int64_t integer(const json& obj, const Ptr& p, const std::string& key, std::int64_t lo, std::int64_t hi,
                       const char* over_code = "scenario.range") const {
    return integer(required(obj, p, key), p / key, lo, hi, over_code);
  }

  std::string string(const json& j, const Ptr& p, bool non_empty) const {
    if (!j.is_string()) fail("scenario.type", p, fmt::format("expected a string, got {}", got(j)));
    std::string s = j.get<std::string>();
    if (non_empty && s.empty()) fail("scenario.range", p, "expected a non-empty string");
    return s;
  }
  std::string string(const json& obj, const Ptr& p, const std::string& key, bool non_empty) const {
    return string(required(obj, p, key), p / key, non_empty);
  }

  bool boolean(const json& j, const Ptr& p) const {
    if (!j.is_boolean()) fail("scenario.type", p, fmt::format("expected true or false, got {}", got(j)));
    return j.get<bool>();
  }

  const json& array(const json& j, const Ptr& p, std::size_t min_size, std::size_t max_size = kMaxArray) const {
    if (!j.is_array()) fail("scenario.type", p, fmt::format("expected an array, got {}", type_name(j)));
    if (j.size() > max_size)
      fail("scenario.limit", p, fmt::format("an array of {} entries exceeds the limit of {}", j.size(), max_size));
    if (j.size() < min_size)
      fail("scenario.range", p, fmt::format("expected at least {} entr{}", min_size, min_size == 1 ? "y" : "ies"));
    return j;
  }

  // A calendar date "YYYY-MM-DD" as an ISO string and a Calendar-parsed tick.
  std::string date_text(const json& j, const Ptr& p) const {
    if (!j.is_string())
      fail("scenario.type", p, fmt::format("expected a date \"YYYY-MM-DD\", got {}", got(j)));
    const std::string s = j.get<std::string>();
    if (s.size() != 10) fail("scenario.date", p, fmt::format("expected a date \"YYYY-MM-DD\", got \"{}\"", s));
    try {
      Calendar probe(s);
      (void)probe;
    } catch (const Error&) {
      fail("scenario.date", p, fmt::format("expected a date \"YYYY-MM-DD\", got \"{}\"", s));
    }
    return s;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// ---------------------------------------------------------------- documents

std::string read_text(const std::filesystem::path& path, const std::string& shown) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(shown, "scenario.io", Ptr(), "is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(shown, "scenario.io", Ptr(), "cannot open the file for reading");
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > kMaxFileBytes)
    fail(shown, "scenario.limit", Ptr(), fmt::format("the file is {} bytes; the limit is {} (64 MiB)", bytes, kMaxFileBytes));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) fail(shown, "scenario.io", Ptr(), "read error");
  return ss.str();
}

// Non-printable and non-ASCII bytes of the input shown as \xNN, so that
// error messages stay valid UTF-8 text whatever the file holds.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
    else out += fmt::format("\\x{:02X}", c);
  }
  return out;
}

std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  const std::size_t upto = std::min(byte == 0 ? 0 : byte - 1, text.size());
  for (std::size_t i = 0; i < upto; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// Rejects duplicate keys (nlohmann::json would keep the last silently),
// tracking the JSON pointer of the object being parsed.
// Also stops, at once, at nesting deeper than kMaxDepth.
class DuplicateKeyCheck {
 public:
  explicit DuplicateKeyCheck(const std::string& shown) : shown_(shown) {}
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    (void)depth;
    using E = json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        enter();
        if (frames_.size() >= kMaxDepth)
          fail(shown_, "scenario.limit", pointer() / frames_.back().key,
               fmt::format("JSON nested deeper than {} levels", kMaxDepth));
        frames_.push_back(Frame{event == E::array_start, {}, {}, 0});
        break;
      case E::key: {
        Frame& f = frames_.back();
        const std::string key = parsed.get<std::string>();
        if (!f.keys.insert(key).second) {
          duplicate_ = pointer() / key;
          return true;  // reported after parsing, below
        }
        f.key = key;
        break;
      }
      case E::object_end:
      case E::array_end:
        frames_.pop_back();
        break;
      case E::value:
        enter();
        break;
    }
    return true;
  }
  const std::optional<Ptr>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool array;
    std::set<std::string> keys;
    std::string key;
    std::size_t next;  // index of the next array element
  };
  // A value or container starts: inside an array it takes the next index.
  void enter() {
    if (!frames_.empty() && frames_.back().array) frames_.back().key = std::to_string(frames_.back().next++);
  }
  Ptr pointer() const {
    Ptr p;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) p /= frames_[i].key;
    return p;
  }
  const std::string& shown_;
  std::vector<Frame> frames_;
  std::optional<Ptr> duplicate_;
};

json parse_text(const std::string& text, const std::string& shown) {
  DuplicateKeyCheck check(shown);
  json doc;
  try {
    doc = json::parse(text, std::ref(check));
  } catch (const json::parse_error& e) {
    const auto [line, col] = line_column(text, e.byte);
    std::string what = e.what();
    if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
    fail(shown, "scenario.parse", Ptr(), fmt::format("invalid JSON at line {}, column {}: {}", line, col, printable(what)));
  } catch (const json::exception& e) {
    // e.g. out_of_range.406: a number too large for a double
    std::string what = e.what();
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    fail(shown, "scenario.parse", Ptr(), fmt::format("invalid JSON: {}", printable(what)));
  }
  if (check.duplicate())
    fail(shown, "scenario.duplicate", *check.duplicate(),
         fmt::format("the key '{}' appears twice in the same object", printable(check.duplicate()->back())));
  return doc;
}

json load_with_extends(const std::filesystem::path& path, std::vector<std::filesystem::path>& chain,
                       const std::string& shown) {
  json doc = parse_text(read_text(path, shown), shown);
  if (!doc.is_object()) fail(shown, "scenario.type", Ptr(), fmt::format("expected an object at the top, got {}", type_name(doc)));
  auto it = doc.find("extends");
  if (it == doc.end()) return doc;
  if (!it->is_string() || it->get<std::string>().empty())
    fail(shown, "scenario.type", Ptr("/extends"), "expected a non-empty string: the path of the base scenario");
  const std::filesystem::path base = (path.parent_path() / it->get<std::string>()).lexically_normal();
  std::error_code ec;
  if (!std::filesystem::exists(base, ec))
    fail(shown, "scenario.extends", Ptr("/extends"), fmt::format("base scenario '{}' does not exist", base.string()));
  if (!std::filesystem::is_regular_file(base, ec))
    fail(shown, "scenario.extends", Ptr("/extends"), fmt::format("base scenario '{}' is not a regular file", base.string()));
  const std::filesystem::path canon = std::filesystem::weakly_canonical(base, ec);
  if (std::find(chain.begin(), chain.end(), canon) != chain.end())
    fail(shown, "scenario.extends", Ptr("/extends"),
         fmt::format("extending '{}' makes a cycle ({} is already in the chain)", base.string(), base.filename().string()));
  if (chain.size() >= kMaxExtendsDepth)
    fail(shown, "scenario.limit", Ptr("/extends"), fmt::format("extends chain deeper than {}", kMaxExtendsDepth));
  chain.push_back(canon);
  json merged = load_with_extends(base, chain, base.string());
  doc.erase("extends");
  merged.merge_patch(doc);  // RFC 7386
  return merged;
}

void apply_override(json& doc, const std::string& expr, const std::string& shown) {
  const auto eq = expr.find('=');
  if (eq == std::string::npos || expr.empty() || expr[0] != '/')
    fail(shown, "scenario.override", Ptr(), fmt::format("--set expects /json/pointer=value, got '{}'", expr));
  const std::string ptr_text = expr.substr(0, eq);
  const std::string value_text = expr.substr(eq + 1);
  Ptr ptr;
  try {
    ptr = Ptr(ptr_text);
  } catch (const json::exception&) {
    fail(shown, "scenario.override", Ptr(), fmt::format("'{}' is not a JSON pointer", ptr_text));
  }
  const Ptr parent = ptr.parent_pointer();
  bool parent_ok = false;
  try {
    parent_ok = doc.contains(parent) && (doc.at(parent).is_object() || doc.at(parent).is_array());
  } catch (const json::exception&) {
    parent_ok = false;  // e.g. an array index too large to represent
  }
  if (!parent_ok)
    fail(shown, "scenario.override", ptr, fmt::format("--set {}: the parent {} is not an object or array in the scenario", expr, parent.to_string().empty() ? "/" : parent.to_string()));
  json& target = doc.at(parent);
  if (target.is_array()) {
    const std::string& last = ptr.back();
    const bool is_index = !last.empty() && last.size() < 19 && std::all_of(last.begin(), last.end(), ::isdigit);
    if (!is_index || std::stoull(last) >= target.size())
      fail(shown, "scenario.override", ptr, fmt::format("--set {}: no element '{}' in an array of {}", expr, last, target.size()));
  }
  json value;
  try {
    value = json::parse(value_text);
  } catch (const json::exception&) {
    value = value_text;  // not JSON: a string
  }
  try {
    doc[ptr] = std::move(value);
  } catch (const json::exception& e) {
    fail(shown, "scenario.override", ptr, fmt::format("--set {}: {}", expr, e.what()));
  }
}

// ---------------------------------------------------------------- conversion

class Converter {
 public:
  Converter(const json& doc, const std::string& file) : doc_(doc), r_(file), cal_("2000-01-01") {}

  Scenario run() {
    const Ptr root;
    r_.object(doc_, root, {"gwsim_scenario", "name", "description", "extends", "sources", "start", "end", "seed",
                           "catalog", "sites", "orders", "costs", "contracts", "failures", "workloads"});
    const json* version = Reader::optional(doc_, "gwsim_scenario");
    if (version == nullptr)
      r_.fail("scenario.version", root / "gwsim_scenario", "missing required key 'gwsim_scenario' (the format version, 1)");
    if (!version->is_number_integer() || version->get<std::int64_t>() != 1)
      r_.fail("scenario.version", root / "gwsim_scenario", fmt::format("unsupported format version {}; this gwsim reads version 1", show(*version)));
    s_.file = r_.file();
    s_.name = r_.string(doc_, root, "name", true);
    if (const json* d = Reader::optional(doc_, "description")) s_.description = r_.string(*d, root / "description", false);
    if (const json* src = Reader::optional(doc_, "sources")) {
      const json& a = r_.array(*src, root / "sources", 0);
      for (std::size_t i = 0; i < a.size(); ++i) s_.sources.push_back(r_.string(a[i], root / "sources" / i, true));
    }
    horizon(root);
    if (const json* seed = Reader::optional(doc_, "seed"))
      s_.seed = static_cast<std::uint64_t>(r_.integer(*seed, root / "seed", 0, std::numeric_limits<std::int64_t>::max()));
    catalog(root);
    sites(root);
    orders(root);
    if (const json* c = Reader::optional(doc_, "costs")) {
      r_.object(*c, root / "costs", {"energy_usd_per_mwh"});
      s_.energy_usd_per_mwh = r_.number(*c, root / "costs", "energy_usd_per_mwh", kNonNegative);
    }
    contracts(root);
    if (const json* f = Reader::optional(doc_, "failures")) {
      r_.object(*f, root / "failures", {"enabled"});
      s_.failures_enabled = r_.boolean(r_.required(*f, root / "failures", "enabled"), root / "failures" / "enabled");
    }
    if (const json* w = Reader::optional(doc_, "workloads")) workloads(*w, root / "workloads");
    return std::move(s_);
  }

 private:
  void horizon(const Ptr& root) {
    s_.start_iso = r_.date_text(r_.required(doc_, root, "start"), root / "start");
    s_.end_iso = r_.date_text(r_.required(doc_, root, "end"), root / "end");
    cal_ = Calendar(s_.start_iso);
    s_.end = cal_.parse(s_.end_iso);
    if (s_.end <= 0)
      r_.fail("scenario.order", root / "end", fmt::format("end {} must be after start {}", s_.end_iso, s_.start_iso));
    const auto start_date = cal_.to_ptime(0).date();
    const Tick limit = cal_.from_ptime(boost::posix_time::ptime(start_date + boost::gregorian::years(kMaxYears)));
    if (s_.end > limit)
      r_.fail("scenario.horizon", root / "end", fmt::format("a horizon from {} to {} exceeds the limit of {} years", s_.start_iso, s_.end_iso, kMaxYears));
  }

  Tick date(const json& obj, const Ptr& p, const std::string& key) {
    const Ptr at = p / key;
    const std::string text = r_.date_text(r_.required(obj, p, key), at);
    const Tick t = cal_.parse(text);
    if (t < 0 || t > s_.end)
      r_.fail("scenario.horizon", at, fmt::format("date {} is outside the horizon [{}, {}]", text, s_.start_iso, s_.end_iso));
    return t;
  }

  Distribution distribution(const json& j, const Ptr& p, bool duration) {
    if (!j.is_object()) r_.fail("scenario.type", p, fmt::format("expected a distribution object {{\"dist\": ...}}, got {}", type_name(j)));
    const json& kind = r_.required(j, p, "dist");
    const std::string d = r_.string(kind, p / "dist", true);
    if (d == "fixed") {
      r_.object(j, p, {"dist", "value"});
      return Fixed{r_.number(j, p, "value", duration ? kNonNegative : kAny)};
    }
    if (d == "exponential") {
      r_.object(j, p, {"dist", "mean"});
      return Exponential{r_.number(j, p, "mean", kPositive)};
    }
    if (d == "lognormal") {
      r_.object(j, p, {"dist", "median", "sigma"});
      const double median = r_.number(j, p, "median", kPositive);
      return Lognormal{median, r_.number(j, p, "sigma", Range{0.0, 10.0})};
    }
    if (d == "normal") {
      if (duration)
        r_.fail("scenario.range", p / "dist", "a normal law can go negative: use lognormal, exponential, uniform or fixed for durations");
      r_.object(j, p, {"dist", "mean", "sd"});
      const double m = r_.number(j, p, "mean", kAny);
      return Normal{m, r_.number(j, p, "sd", kNonNegative)};
    }
    if (d == "uniform") {
      r_.object(j, p, {"dist", "min", "max"});
      const double lo = r_.number(j, p, "min", duration ? kNonNegative : kAny);
      const double hi = r_.number(j, p, "max", kAny);
      if (hi < lo) r_.fail("scenario.order", p / "max", fmt::format("max {} is below min {}", hi, lo));
      return Uniform{lo, hi};
    }
    r_.fail("scenario.range", p / "dist",
            fmt::format("unknown distribution \"{}\" (expected fixed, exponential, lognormal, normal or uniform)", d));
  }

  void catalog(const Ptr& root) {
    s_.skus = builtin_catalog();
    const json* c = Reader::optional(doc_, "catalog");
    if (c == nullptr) return;
    if (!c->is_object()) r_.fail("scenario.type", root / "catalog", fmt::format("expected an object of SKUs by name, got {}", type_name(*c)));
    for (const auto& [name, j] : c->items()) {
      const Ptr p = root / "catalog" / name;
      if (name.empty()) r_.fail("scenario.range", p, "a SKU name must not be empty");
      r_.object(j, p, {"gpus_per_rack", "gpus_per_node", "rack_power_kw", "fp8_pflops_per_gpu", "bf16_pflops_per_gpu",
                       "hbm_gb_per_gpu", "capex_usd_per_rack", "failure_classes"});
      Sku k;
      k.name = name;
      k.gpus_per_rack = static_cast<int>(r_.integer(j, p, "gpus_per_rack", 1, 100'000, "scenario.limit"));
      k.gpus_per_node = static_cast<int>(r_.integer(j, p, "gpus_per_node", 1, 100'000, "scenario.limit"));
      if (k.gpus_per_rack % k.gpus_per_node != 0)
        r_.fail("scenario.incompatible", p / "gpus_per_node",
                fmt::format("gpus_per_node {} does not divide gpus_per_rack {}", k.gpus_per_node, k.gpus_per_rack));
      k.rack_power_kw = r_.number(j, p, "rack_power_kw", kPositive);
      k.fp8_pflops_per_gpu = r_.number(j, p, "fp8_pflops_per_gpu", kNonNegative);
      k.bf16_pflops_per_gpu = r_.number(j, p, "bf16_pflops_per_gpu", kNonNegative);
      k.hbm_gb_per_gpu = r_.number(j, p, "hbm_gb_per_gpu", kNonNegative);
      k.capex_usd_per_rack = r_.number(j, p, "capex_usd_per_rack", kNonNegative);
      const Ptr fp = p / "failure_classes";
      const json& fa = r_.array(r_.required(j, p, "failure_classes"), fp, 0);
      for (std::size_t i = 0; i < fa.size(); ++i) {
        const Ptr q = fp / i;
        r_.object(fa[i], q, {"name", "mtbf_gpu_hours", "weibull_shape", "blast", "repair_hours"});
        FailureClass f;
        f.name = r_.string(fa[i], q, "name", true);
        f.mtbf_gpu_hours = r_.number(fa[i], q, "mtbf_gpu_hours", kPositive);
        if (const json* w = Reader::optional(fa[i], "weibull_shape"))
          f.weibull_shape = r_.number(*w, q / "weibull_shape", Range{0.0, 100.0, true, false});
        const std::string b = r_.string(fa[i], q, "blast", true);
        if (b == "gpu") f.blast = Blast::gpu;
        else if (b == "node") f.blast = Blast::node;
        else if (b == "rack") f.blast = Blast::rack;
        else r_.fail("scenario.range", q / "blast", fmt::format("expected \"gpu\", \"node\" or \"rack\", got \"{}\"", b));
        f.repair_hours = distribution(r_.required(fa[i], q, "repair_hours"), q / "repair_hours", true);
        k.failure_classes.push_back(std::move(f));
      }
      const std::string& sku_name = name;  // clang 14 cannot capture a structured binding
      auto same = std::find_if(s_.skus.begin(), s_.skus.end(), [&](const Sku& x) { return x.name == sku_name; });
      if (same != s_.skus.end()) *same = std::move(k);
      else s_.skus.push_back(std::move(k));
    }
  }

  void sites(const Ptr& root) {
    const Ptr sp = root / "sites";
    const json& a = r_.array(r_.required(doc_, root, "sites"), sp, 1, kMaxSites);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Ptr p = sp / i;
      const json& j = r_.object(a[i], p, {"name", "provider", "pue", "max_rack_power_kw", "buildings", "power_stages",
                                          "stage_slip_days", "install", "repair"});
      Site s;
      s.name = r_.string(j, p, "name", true);
      if (site_index_.count(s.name))
        r_.fail("scenario.duplicate", p / "name", fmt::format("site name \"{}\" is already used by /sites/{}", s.name, site_index_[s.name]));
      site_index_[s.name] = static_cast<int>(i);
      s.provider = r_.string(j, p, "provider", true);
      s.pue = r_.number(j, p, "pue", Range{1.0, 3.0});
      s.max_rack_power_kw = r_.number(j, p, "max_rack_power_kw", kPositive);
      const Ptr bp = p / "buildings";
      const json& ba = r_.array(r_.required(j, p, "buildings"), bp, 1);
      for (std::size_t k = 0; k < ba.size(); ++k) {
        const Ptr q = bp / k;
        r_.object(ba[k], q, {"name", "rack_slots", "ready"});
        Building b;
        if (const json* n = Reader::optional(ba[k], "name")) b.name = r_.string(*n, q / "name", false);
        b.rack_slots = r_.integer(ba[k], q, "rack_slots", 0, kMaxRacksPerBatch, "scenario.limit");
        b.ready = date(ba[k], q, "ready");
        s.buildings.push_back(std::move(b));
      }
      const Ptr pp = p / "power_stages";
      const json& pa = r_.array(r_.required(j, p, "power_stages"), pp, 1);
      for (std::size_t k = 0; k < pa.size(); ++k) {
        const Ptr q = pp / k;
        r_.object(pa[k], q, {"date", "power_mw"});
        PowerStage st;
        st.date = date(pa[k], q, "date");
        st.power_mw = r_.number(pa[k], q, "power_mw", Range{0.0, 1e6, true, false});
        if (!s.power_stages.empty() && st.date <= s.power_stages.back().date)
          r_.fail("scenario.order", q / "date", fmt::format("power stage dates must be strictly increasing: {} is not after the previous stage", pa[k]["date"].get<std::string>()));
        s.power_stages.push_back(st);
        total_power_mw_ += st.power_mw;
        if (total_power_mw_ > kMaxTotalPowerMw)
          r_.fail("scenario.limit", q / "power_mw", fmt::format("the scenario's power stages add up to more than {} MW (1 TW)", kMaxTotalPowerMw));
      }
      if (const json* slip = Reader::optional(j, "stage_slip_days"))
        s.stage_slip_days = distribution(*slip, p / "stage_slip_days", false);
      const Ptr ip = p / "install";
      const json& in = r_.object(r_.required(j, p, "install"), ip, {"crews", "racks_per_crew_per_week", "burn_in_hours", "burn_in_fail_prob"});
      s.crews = static_cast<int>(r_.integer(in, ip, "crews", 1, kMaxCount, "scenario.limit"));
      s.racks_per_crew_per_week = r_.number(in, ip, "racks_per_crew_per_week", Range{0.0, 1e5, true, false});
      s.burn_in_hours = r_.number(in, ip, "burn_in_hours", Range{0.0, 1e5});
      s.burn_in_fail_prob = r_.number(in, ip, "burn_in_fail_prob", Range{0.0, 1.0, false, true});
      const Ptr rp = p / "repair";
      const json& re = r_.object(r_.required(j, p, "repair"), rp, {"technicians", "spare_nodes", "spare_restock_days"});
      s.technicians = static_cast<int>(r_.integer(re, rp, "technicians", 1, kMaxCount, "scenario.limit"));
      s.spare_nodes = r_.integer(re, rp, "spare_nodes", 0, kMaxCount, "scenario.limit");
      s.spare_restock_days = r_.number(re, rp, "spare_restock_days", Range{0.0, 3650.0, true, false});
      s_.sites.push_back(std::move(s));
    }
  }

  void orders(const Ptr& root) {
    const Ptr op = root / "orders";
    const json& a = r_.array(r_.required(doc_, root, "orders"), op, 0, kMaxOrders);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Ptr p = op / i;
      const json& j = r_.object(a[i], p, {"name", "sku", "site", "deliveries", "schedule", "lead_time_days", "slip_days"});
      Order o;
      if (const json* n = Reader::optional(j, "name")) o.name = r_.string(*n, p / "name", false);
      const std::string sku = r_.string(j, p, "sku", true);
      auto k = std::find_if(s_.skus.begin(), s_.skus.end(), [&](const Sku& x) { return x.name == sku; });
      if (k == s_.skus.end()) {
        std::string names;
        for (const Sku& x : s_.skus) names += (names.empty() ? "" : ", ") + x.name;
        r_.fail("scenario.reference", p / "sku", fmt::format("unknown SKU \"{}\" (the catalog has: {})", sku, names));
      }
      o.sku = static_cast<int>(k - s_.skus.begin());
      const std::string site = r_.string(j, p, "site", true);
      auto st = site_index_.find(site);
      if (st == site_index_.end()) r_.fail("scenario.reference", p / "site", fmt::format("no site named \"{}\"", site));
      o.site = st->second;
      if (k->rack_power_kw > s_.sites[static_cast<std::size_t>(o.site)].max_rack_power_kw)
        r_.fail("scenario.incompatible", p / "sku",
                fmt::format("{} racks draw {} kW, above the {} kW per-rack limit of site \"{}\"", sku, k->rack_power_kw,
                            s_.sites[static_cast<std::size_t>(o.site)].max_rack_power_kw, site));
      const json* del = Reader::optional(j, "deliveries");
      const json* sch = Reader::optional(j, "schedule");
      if ((del == nullptr) == (sch == nullptr))
        r_.fail(del ? "scenario.unknown_key" : "scenario.missing_key", del ? p / "schedule" : p / "deliveries",
                "an order needs exactly one of 'deliveries' and 'schedule'");
      if (del != nullptr) {
        const Ptr dp = p / "deliveries";
        const json& da = r_.array(*del, dp, 0);
        for (std::size_t d = 0; d < da.size(); ++d) {
          const Ptr q = dp / d;
          r_.object(da[d], q, {"date", "racks"});
          Delivery dv{date(da[d], q, "date"), r_.integer(da[d], q, "racks", 0, kMaxRacksPerBatch, "scenario.limit")};
          if (!o.deliveries.empty() && dv.date < o.deliveries.back().date)
            r_.fail("scenario.order", q / "date", "delivery dates must not decrease");
          o.deliveries.push_back(dv);
        }
      } else {
        const Ptr q = p / "schedule";
        r_.object(*sch, q, {"from", "to", "every", "racks"});
        const Tick from = date(*sch, q, "from");
        const Tick to = date(*sch, q, "to");
        if (to < from) r_.fail("scenario.order", q / "to", "'to' is before 'from'");
        const std::string every = r_.string(*sch, q, "every", true);
        int months = 0;
        Tick step = 0;
        if (every == "week") step = days(7);
        else if (every == "month") months = 1;
        else if (every == "quarter") months = 3;
        else r_.fail("scenario.range", q / "every", fmt::format("expected \"week\", \"month\" or \"quarter\", got \"{}\"", every));
        const std::int64_t racks = r_.integer(*sch, q, "racks", 0, kMaxRacksPerBatch, "scenario.limit");
        const auto from_date = cal_.to_ptime(from).date();
        for (int n = 0;; ++n) {
          Tick t = 0;
          if (step != 0) {
            t = from + step * n;
          } else {
            // calendar months from `from` (Boost.Date_Time clamps day 31 to the month's end)
            const auto d = from_date + boost::gregorian::months(months * n);
            t = cal_.from_ptime(boost::posix_time::ptime(d));
          }
          if (t > to) break;
          if (o.deliveries.size() >= kMaxArray)
            r_.fail("scenario.limit", q, fmt::format("the schedule expands to more than {} deliveries", kMaxArray));
          o.deliveries.push_back(Delivery{t, racks});
        }
      }
      for (const Delivery& dv : o.deliveries) {
        total += dv.racks;
        if (total > kMaxRacksTotal)
          r_.fail("scenario.limit", p, fmt::format("more than {} racks ordered in all", kMaxRacksTotal));
      }
      if (const json* lt = Reader::optional(j, "lead_time_days")) o.lead_time_days = r_.number(*lt, p / "lead_time_days", Range{0.0, 3650.0});
      if (const json* slip = Reader::optional(j, "slip_days")) o.slip_days = distribution(*slip, p / "slip_days", false);
      s_.orders.push_back(std::move(o));
    }
  }

  void contracts(const Ptr& root) {
    const json* c = Reader::optional(doc_, "contracts");
    if (c == nullptr) return;
    const Ptr cp = root / "contracts";
    const json& a = r_.array(*c, cp, 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Ptr p = cp / i;
      const json& j = r_.object(a[i], p, {"name", "provider", "total_usd", "start", "term_years", "take_or_pay", "usd_per_gpu_hour"});
      Contract k;
      if (const json* n = Reader::optional(j, "name")) k.name = r_.string(*n, p / "name", false);
      k.provider = r_.string(j, p, "provider", true);
      k.total_usd = r_.number(j, p, "total_usd", kPositive);
      k.start = date(j, p, "start");
      k.term_years = r_.number(j, p, "term_years", Range{0.0, 100.0, true, false});
      k.take_or_pay = r_.boolean(r_.required(j, p, "take_or_pay"), p / "take_or_pay");
      k.usd_per_gpu_hour = r_.number(j, p, "usd_per_gpu_hour", kPositive);
      s_.contracts.push_back(std::move(k));
    }
  }

  // A step function over time: [{"date": ..., key: integer}, ...], dates strictly increasing.
  void steps(const json& j, const Ptr& p, const std::string& key, std::int64_t max, std::vector<Tick>& dates,
             std::vector<std::int64_t>& values) {
    const json& a = r_.array(j, p, 1);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const Ptr e = p / i;
      r_.object(a[i], e, {"date", key});
      const Tick t = date(a[i], e, "date");
      if (!dates.empty() && t <= dates.back()) r_.fail("scenario.order", e / "date", "dates must be strictly increasing");
      dates.push_back(t);
      values.push_back(r_.integer(a[i], e, key, 0, max, "scenario.limit"));
    }
  }

  void workloads(const json& j, const Ptr& p) {
    r_.object(j, p, {"policy", "backfill_depth", "fair_share_half_life_days", "streams", "training", "traces",
                     "inference", "cpu_pool", "clusters"});
    Workloads w;
    if (const json* cl = Reader::optional(j, "clusters")) {
      const json& a = r_.array(*cl, p / "clusters", 0);
      for (std::size_t i = 0; i < a.size(); ++i) {
        const Ptr q = p / "clusters" / i;
        r_.object(a[i], q, {"name", "sites"});
        Cluster c;
        c.name = r_.string(a[i], q, "name", true);
        for (const Cluster& other : w.clusters)
          if (other.name == c.name) r_.fail("scenario.duplicate", q / "name", fmt::format("cluster name \"{}\" is already used", c.name));
        const json& sa = r_.array(r_.required(a[i], q, "sites"), q / "sites", 2);
        for (std::size_t k = 0; k < sa.size(); ++k) {
          const std::string name = r_.string(sa[k], q / "sites" / k, true);
          auto it = site_index_.find(name);
          if (it == site_index_.end()) r_.fail("scenario.reference", q / "sites" / k, fmt::format("no site named \"{}\"", name));
          if (std::find(c.sites.begin(), c.sites.end(), it->second) != c.sites.end())
            r_.fail("scenario.duplicate", q / "sites" / k, fmt::format("site \"{}\" is listed twice", name));
          c.sites.push_back(it->second);
        }
        w.clusters.push_back(std::move(c));
      }
    }
    if (const json* cp = Reader::optional(j, "cpu_pool")) {
      const Ptr q = p / "cpu_pool";
      r_.object(*cp, q, {"name", "vcpus"});
      CpuPool pool;
      pool.name = r_.string(*cp, q, "name", true);
      steps(r_.required(*cp, q, "vcpus"), q / "vcpus", "vcpus", 1'000'000'000'000LL, pool.dates, pool.vcpus);
      w.cpu_pool = std::move(pool);
    }
    const std::string policy = r_.string(j, p, "policy", true);
    if (policy == "fifo") w.policy = Policy::fifo;
    else if (policy == "priority") w.policy = Policy::priority;
    else if (policy == "easy_backfill") w.policy = Policy::easy_backfill;
    else if (policy == "fair_share") w.policy = Policy::fair_share;
    else r_.fail("scenario.range", p / "policy", fmt::format("expected \"fifo\", \"priority\", \"easy_backfill\" or \"fair_share\", got \"{}\"", policy));
    if (const json* h = Reader::optional(j, "fair_share_half_life_days"))
      w.fair_share_half_life_days = r_.number(*h, p / "fair_share_half_life_days", Range{0.0, 36500.0, true, false});
    if (const json* d = Reader::optional(j, "backfill_depth"))
      w.backfill_depth = static_cast<int>(r_.integer(*d, p / "backfill_depth", 1, 100'000));
    if (const json* st = Reader::optional(j, "streams")) {
      const json& a = r_.array(*st, p / "streams", 0);
      for (std::size_t i = 0; i < a.size(); ++i) {
        const Ptr q = p / "streams" / i;
        r_.object(a[i], q, {"name", "tenant", "priority", "start", "end", "arrivals_per_hour", "gpus", "vcpus",
                            "duration_hours", "max_gpus", "max_vcpus", "max_jobs", "checkpoint_hours"});
        JobStream js;
        js.name = r_.string(a[i], q, "name", true);
        js.tenant = js.name;
        if (const json* t = Reader::optional(a[i], "tenant")) js.tenant = r_.string(*t, q / "tenant", true);
        if (const json* pr = Reader::optional(a[i], "priority"))
          js.priority = static_cast<int>(r_.integer(*pr, q / "priority", -1'000'000, 1'000'000));
        js.start = date(a[i], q, "start");
        js.end = date(a[i], q, "end");
        if (js.end <= js.start) r_.fail("scenario.order", q / "end", "a stream's end must be after its start");
        js.arrivals_per_hour = r_.number(a[i], q, "arrivals_per_hour", Range{0.0, 1e7, true, false});
        const json* g = Reader::optional(a[i], "gpus");
        const json* v = Reader::optional(a[i], "vcpus");
        if ((g == nullptr) == (v == nullptr))
          r_.fail(g ? "scenario.unknown_key" : "scenario.missing_key", g ? q / "vcpus" : q / "gpus",
                  "a stream needs exactly one of 'gpus' (GPU jobs) and 'vcpus' (jobs on the CPU pool)");
        js.cpu = v != nullptr;
        if (js.cpu && w.cpu_pool == std::nullopt)
          r_.fail("scenario.reference", q / "vcpus", "a stream of CPU jobs needs a 'cpu_pool' in the workloads");
        if (js.cpu && Reader::optional(a[i], "max_gpus"))
          r_.fail("scenario.unknown_key", q / "max_gpus", "a CPU stream is capped with 'max_vcpus'");
        if (!js.cpu && Reader::optional(a[i], "max_vcpus"))
          r_.fail("scenario.unknown_key", q / "max_vcpus", "a GPU stream is capped with 'max_gpus'");
        js.gpus = distribution(js.cpu ? *v : *g, q / (js.cpu ? "vcpus" : "gpus"), true);
        if (const json* m = Reader::optional(a[i], "max_vcpus")) js.max_gpus = r_.integer(*m, q / "max_vcpus", 1, 100'000'000);
        js.duration_hours = distribution(r_.required(a[i], q, "duration_hours"), q / "duration_hours", true);
        if (const json* m = Reader::optional(a[i], "max_gpus")) js.max_gpus = r_.integer(*m, q / "max_gpus", 1, 100'000'000);
        if (const json* m = Reader::optional(a[i], "max_jobs")) js.max_jobs = r_.integer(*m, q / "max_jobs", 1, 30'000'000, "scenario.limit");
        if (const json* c = Reader::optional(a[i], "checkpoint_hours"))
          js.checkpoint_hours = r_.number(*c, q / "checkpoint_hours", Range{0.0, 1e5, true, false});
        // expected arrivals over the stream's window, bounded before anything is allocated
        const double expected = js.arrivals_per_hour * to_hours(js.end - js.start);
        // about 200 bytes of state per job: 3e7 jobs is some 6 GB
        if (js.max_jobs == 0 && expected > 3e7)
          r_.fail("scenario.limit", q / "arrivals_per_hour",
                  fmt::format("about {:.3g} jobs would arrive; the limit is 3e7 per stream (set max_jobs to cap it)", expected));
        w.streams.push_back(std::move(js));
      }
    }
    if (const json* tr = Reader::optional(j, "training")) {
      const json& a = r_.array(*tr, p / "training", 0);
      for (std::size_t i = 0; i < a.size(); ++i) {
        const Ptr q = p / "training" / i;
        r_.object(a[i], q, {"name", "submit", "gpus", "wall_hours", "gpu_hours", "checkpoint_hours", "restart_hours",
                            "priority", "site", "cluster"});
        TrainingRun t;
        t.name = r_.string(a[i], q, "name", true);
        t.submit = date(a[i], q, "submit");
        t.gpus = r_.integer(a[i], q, "gpus", 1, 100'000'000, "scenario.limit");
        const json* wall = Reader::optional(a[i], "wall_hours");
        const json* gh = Reader::optional(a[i], "gpu_hours");
        if ((wall == nullptr) == (gh == nullptr))
          r_.fail(wall ? "scenario.unknown_key" : "scenario.missing_key", wall ? q / "gpu_hours" : q / "wall_hours",
                  "a training run needs exactly one of 'wall_hours' and 'gpu_hours'");
        t.wall_hours = wall ? r_.number(*wall, q / "wall_hours", Range{0.0, 1e6, true, false})
                            : r_.number(*gh, q / "gpu_hours", Range{0.0, 1e13, true, false}) / static_cast<double>(t.gpus);
        t.checkpoint_hours = r_.number(a[i], q, "checkpoint_hours", Range{0.0, 1e5, true, false});
        t.restart_hours = r_.number(a[i], q, "restart_hours", Range{0.0, 1e5});
        if (const json* pr = Reader::optional(a[i], "priority"))
          t.priority = static_cast<int>(r_.integer(*pr, q / "priority", -1'000'000, 1'000'000));
        if (const json* si = Reader::optional(a[i], "site")) {
          const std::string name = r_.string(*si, q / "site", true);
          auto it = site_index_.find(name);
          if (it == site_index_.end()) r_.fail("scenario.reference", q / "site", fmt::format("no site named \"{}\"", name));
          t.site = it->second;
        }
        if (const json* cl = Reader::optional(a[i], "cluster")) {
          if (t.site >= 0) r_.fail("scenario.unknown_key", q / "cluster", "a training run takes 'site' or 'cluster', not both");
          const std::string name = r_.string(*cl, q / "cluster", true);
          auto it = std::find_if(w.clusters.begin(), w.clusters.end(), [&](const Cluster& c) { return c.name == name; });
          if (it == w.clusters.end()) r_.fail("scenario.reference", q / "cluster", fmt::format("no cluster named \"{}\"", name));
          t.cluster = static_cast<int>(it - w.clusters.begin());
        }
        w.training.push_back(std::move(t));
      }
    }
    if (const json* tr = Reader::optional(j, "traces")) {
      const json& a = r_.array(*tr, p / "traces", 0);
      for (std::size_t i = 0; i < a.size(); ++i) w.traces.push_back(trace(a[i], p / "traces" / i));
    }
    if (const json* in = Reader::optional(j, "inference")) {
      const Ptr q = p / "inference";
      r_.object(*in, q, {"name", "demand", "preempt"});
      Inference inf;
      inf.name = r_.string(*in, q, "name", true);
      inf.preempt = r_.boolean(r_.required(*in, q, "preempt"), q / "preempt");
      steps(r_.required(*in, q, "demand"), q / "demand", "gpus", 1'000'000'000, inf.dates, inf.gpus);
      w.inference = std::move(inf);
    }
    s_.workloads = std::move(w);
  }

  JobTrace trace(const json& j, const Ptr& q) {
    r_.object(j, q, {"name", "file", "start", "gpu_scale", "time_scale", "priority", "checkpoint_hours"});
    JobTrace t;
    t.name = r_.string(j, q, "name", true);
    const std::string rel = r_.string(j, q, "file", true);
    t.start = date(j, q, "start");
    if (const json* g = Reader::optional(j, "gpu_scale")) t.gpu_scale = r_.number(*g, q / "gpu_scale", Range{0.0, 1e6, true, false});
    if (const json* ts = Reader::optional(j, "time_scale")) t.time_scale = r_.number(*ts, q / "time_scale", Range{0.0, 1e6, true, false});
    if (const json* pr = Reader::optional(j, "priority")) t.priority = static_cast<int>(r_.integer(*pr, q / "priority", -1'000'000, 1'000'000));
    if (const json* c = Reader::optional(j, "checkpoint_hours")) t.checkpoint_hours = r_.number(*c, q / "checkpoint_hours", Range{0.0, 1e5, true, false});
    const std::filesystem::path path = (std::filesystem::path(r_.file()).parent_path() / rel).lexically_normal();
    t.file = path.string();
    read_trace(t, path, q / "file");
    return t;
  }

  // CSV with a header naming at least submit_time, gpu_num and duration
  // (seconds); user is optional. submit_time is seconds or a date-time
  // "YYYY-MM-DD HH:MM:SS" (or with a T); offsets are taken from the earliest.
  void read_trace(JobTrace& t, const std::filesystem::path& path, const Ptr& at) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || std::filesystem::is_directory(path, ec))
      r_.fail("scenario.trace", at, fmt::format("cannot read the trace file '{}'", path.string()));
    auto bad = [&](std::size_t line, const std::string& why) -> void {
      r_.fail("scenario.trace", at, fmt::format("{}:{}: {}", path.string(), line, why));
    };
    auto split = [](const std::string& line) {
      std::vector<std::string> cells;
      std::string cell;
      for (char c : line) {
        if (c == ',') {
          cells.push_back(cell);
          cell.clear();
        } else if (c != '\r' && c != '"') {
          cell += c;
        }
      }
      cells.push_back(cell);
      return cells;
    };
    std::string line;
    if (!std::getline(in, line)) bad(1, "empty file: expected a header line");
    const std::vector<std::string> header = split(line);
    auto column = [&](const char* name, bool required) -> int {
      for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
      if (required) bad(1, fmt::format("no '{}' column in the header (need submit_time, gpu_num, duration)", name));
      return -1;
    };
    const int c_submit = column("submit_time", true);
    const int c_gpus = column("gpu_num", true);
    const int c_dur = column("duration", true);
    const int c_user = column("user", false);
    std::map<std::string, std::uint32_t> users;
    std::vector<double> submit_s;
    std::size_t n = 1;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line == "\r") continue;
      if (submit_s.size() >= 10'000'000) r_.fail("scenario.limit", at, fmt::format("{}: more than 10 million jobs", path.string()));
      const std::vector<std::string> cells = split(line);
      if (cells.size() != header.size())
        bad(n, fmt::format("{} cells, the header has {}", cells.size(), header.size()));
      const std::string& sub = cells[static_cast<std::size_t>(c_submit)];
      double when = 0;
      if (sub.size() >= 19 && sub[4] == '-') {
        std::string iso = sub;
        iso[10] = 'T';
        try {
          when = to_seconds(cal_.parse(iso.substr(0, 19)));
        } catch (const Error&) {
          bad(n, fmt::format("submit_time '{}' is not seconds or YYYY-MM-DD HH:MM:SS", sub));
        }
      } else {
        when = parse_number(sub, n, "submit_time", bad);
      }
      const double g = parse_number(cells[static_cast<std::size_t>(c_gpus)], n, "gpu_num", bad);
      const double d = parse_number(cells[static_cast<std::size_t>(c_dur)], n, "duration", bad);
      if (g < 0 || g != std::floor(g) || g > 1e7) bad(n, fmt::format("gpu_num must be an integer >= 0, got {}", g));
      if (d < 0) bad(n, fmt::format("duration must be >= 0 seconds, got {}", d));
      if (g == 0) {
        ++t.skipped_cpu_jobs;
        continue;
      }
      const std::string user = c_user >= 0 ? cells[static_cast<std::size_t>(c_user)] : std::string();
      auto [it, fresh] = users.try_emplace(user, static_cast<std::uint32_t>(t.tenants.size()));
      if (fresh) t.tenants.push_back(user);
      if (submit_s.size() >= kMaxTraceJobs)
        bad(n, fmt::format("more than {} jobs, the limit per trace", kMaxTraceJobs));
      submit_s.push_back(when);
      t.gpus.push_back(static_cast<std::int64_t>(std::ceil(g * t.gpu_scale)));
      t.duration_hours.push_back(d / 3600.0);
      t.tenant.push_back(it->second);
    }
    if (submit_s.empty()) bad(n, "no GPU jobs in the trace");
    // sort by submission (stable: ties keep file order)
    std::vector<std::size_t> order(submit_s.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return submit_s[a] < submit_s[b]; });
    const double first = submit_s[order.front()];
    auto permute = [&](auto& v) {
      auto copy = v;
      for (std::size_t i = 0; i < order.size(); ++i) v[i] = copy[order[i]];
    };
    permute(t.gpus);
    permute(t.duration_hours);
    permute(t.tenant);
    t.submit_hours.resize(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) t.submit_hours[i] = (submit_s[order[i]] - first) / 3600.0 * t.time_scale;
  }

  template <class Bad>
  static double parse_number(const std::string& text, std::size_t line, const char* what, Bad&& bad) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
      bad(line, fmt::format("{} '{}' is not a number", what, text));
    return v;
  }

  const json& doc_;
  Reader r_;
  Calendar cal_;
  Scenario s_;
  std::map<std::string, int> site_index_;
  double total_power_mw_ = 0;
};

}  // namespace
}  // namespace detail

namespace detail {
namespace {
// The merged document and the files it came from (the given one first).
std::pair<nlohmann::json, std::vector<std::filesystem::path>> merged(const std::filesystem::path& file,
                                                                     const LoadOptions& options) {
  const std::string shown = file.string();
  std::vector<std::filesystem::path> chain;
  std::error_code ec;
  chain.push_back(std::filesystem::weakly_canonical(file, ec));
  nlohmann::json doc = load_with_extends(file, chain, shown);
  for (const std::string& expr : options.overrides) apply_override(doc, expr, shown);
  return {std::move(doc), std::move(chain)};
}
}  // namespace
}  // namespace detail

nlohmann::json load_document(const std::filesystem::path& file, const LoadOptions& options) {
  return detail::merged(file, options).first;
}

Scenario scenario_from_json(const nlohmann::json& doc, const std::string& file) {
  return detail::Converter(doc, file).run();
}

Scenario load_scenario(const std::filesystem::path& file, const LoadOptions& options) {
  auto [doc, chain] = detail::merged(file, options);
  try {
    return scenario_from_json(doc, file.string());
  } catch (const ScenarioError& e) {
    if (chain.size() < 2) throw;
    // The pointer is into the merged document: say which files were merged.
    std::string files;
    for (std::size_t i = 1; i < chain.size(); ++i)
      files += (i > 1 ? ", " : "") + chain[i].lexically_relative(chain[0].parent_path()).string();
    throw ScenarioError(e.code(), e.file(), e.pointer(),
                        fmt::format("{} (in {} merged with its base {})", e.detail(), file.filename().string(), files));
  }
}

}  // namespace gwsim
