#include "io/document.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "io/reader.hpp"

namespace gwsim::detail {

std::string read_text(const std::filesystem::path& path, const std::string& shown) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) fail(shown, "scenario.io", Ptr(), fmt::format("cannot open the file: {}", ec.message()));
  if (std::filesystem::is_directory(status)) fail(shown, "scenario.io", Ptr(), "is a directory, not a scenario file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(shown, "scenario.io", Ptr(), "cannot open the file: " + open_failure_reason(errno));
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > kMaxFileBytes)
    fail(shown, "scenario.limit", Ptr(),
         fmt::format("the file is {} bytes; the limit is {} (64 MiB)", bytes, kMaxFileBytes));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) fail(shown, "scenario.io", Ptr(), "read error");
  return ss.str();
}

std::string open_failure_reason(int errno_value) {
  return errno_value != 0 ? std::strerror(errno_value) : "reason unknown";
}

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

namespace {

std::string keys_of(const json& obj) {
  std::string keys;
  for (const auto& [k, v] : obj.items()) keys += (keys.empty() ? "" : ", ") + printable(k);
  return keys.empty() ? "(none)" : keys;
}

std::string shown_pointer(const Ptr& p) { return p.empty() ? "the top level" : printable(p.to_string()); }

}  // namespace

std::optional<std::string> unreachable(const json& doc, const Ptr& ptr) {
  const json* at = &doc;
  Ptr walked;
  std::vector<std::string> tokens;
  for (Ptr rest = ptr; !rest.empty(); rest = rest.parent_pointer()) tokens.insert(tokens.begin(), rest.back());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    const bool last = i + 1 == tokens.size();
    if (at->is_object()) {
      auto it = at->find(t);
      if (it == at->end()) {
        if (last) return std::nullopt;  // a new key: validation says whether it is allowed here
        return fmt::format("{} has no key '{}'; its keys are: {}", shown_pointer(walked), printable(t), keys_of(*at));
      }
      at = &*it;
    } else if (at->is_array()) {
      const bool is_index =
          !t.empty() && t.size() < 19 && std::all_of(t.begin(), t.end(), ::isdigit) && (t.size() == 1 || t[0] != '0');
      if (!is_index || std::stoull(t) >= at->size())
        return fmt::format("{} is an array of {} item{}, so '{}' is not one of its indices{}", shown_pointer(walked),
                           at->size(), at->size() == 1 ? "" : "s", printable(t),
                           at->empty() ? "" : fmt::format(" (0 to {})", at->size() - 1));
      at = &(*at)[std::stoull(t)];
    } else {
      return fmt::format("{} is {}, which has no '{}' inside", shown_pointer(walked), type_name(*at), printable(t));
    }
    walked /= t;
  }
  return std::nullopt;
}

namespace {

// A parser callback that rejects duplicate keys (nlohmann::json would keep
// the last silently), tracking the JSON pointer of the object being parsed,
// and stops at once at nesting deeper than kMaxDepth.
class DuplicateKeyCheck {
 public:
  explicit DuplicateKeyCheck(const std::string& shown) : shown_(shown) {}
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
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
          return true;  // reported after parsing (parse_text)
        }
        f.key = key;
        break;
      }
      case E::object_end:
      case E::array_end: frames_.pop_back(); break;
      case E::value: enter(); break;
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

json top_level_object(const std::string& text, const std::string& shown) {
  json doc = parse_text(text, shown);
  if (!doc.is_object())
    fail(shown, "scenario.type", Ptr(), fmt::format("expected an object at the top, got {}", type_name(doc)));
  return doc;
}

}  // namespace

json parse_text(const std::string& text, const std::string& shown) {
  DuplicateKeyCheck check(shown);
  json doc;
  try {
    doc = json::parse(text, std::ref(check));
  } catch (const json::parse_error& e) {
    const auto [line, col] = line_column(text, e.byte);
    std::string what = e.what();
    if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
    fail(shown, "scenario.parse", Ptr(),
         fmt::format("invalid JSON at line {}, column {}: {}", line, col, printable(what)));
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
  json doc = top_level_object(read_text(path, shown), shown);
  auto it = doc.find("extends");
  if (it == doc.end()) return doc;
  if (!it->is_string() || it->get<std::string>().empty())
    fail(shown, "scenario.type", Ptr("/extends"), "expected a non-empty string: the path of the base scenario");
  const std::filesystem::path base = (path.parent_path() / it->get<std::string>()).lexically_normal();
  std::error_code ec;
  if (!std::filesystem::exists(base, ec))
    fail(shown, "scenario.extends", Ptr("/extends"), fmt::format("base scenario '{}' does not exist", base.string()));
  if (!std::filesystem::is_regular_file(base, ec))
    fail(shown, "scenario.extends", Ptr("/extends"),
         fmt::format("base scenario '{}' is not a regular file", base.string()));
  const std::filesystem::path canon = std::filesystem::weakly_canonical(base, ec);
  if (std::find(chain.begin(), chain.end(), canon) != chain.end())
    fail(shown, "scenario.extends", Ptr("/extends"),
         fmt::format("extending '{}' makes a cycle ({} is already in the chain)", base.string(),
                     base.filename().string()));
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
  if (ptr.empty())
    fail(shown, "scenario.override", ptr, fmt::format("--set {}: cannot replace the whole scenario", expr));
  if (auto why = unreachable(doc, ptr)) fail(shown, "scenario.override", ptr, fmt::format("--set {}: {}", expr, *why));
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

MergedDocument merge_file(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  const std::string shown = file.string();
  MergedDocument m;
  std::error_code ec;
  m.chain.push_back(std::filesystem::weakly_canonical(file, ec));
  m.doc = load_with_extends(file, m.chain, shown);
  for (const std::string& expr : overrides) apply_override(m.doc, expr, shown);
  return m;
}

json merge_text(const std::string& text, const std::string& shown, const std::vector<std::string>& overrides) {
  json doc = top_level_object(text, shown);
  if (doc.contains("extends"))
    fail(shown, "scenario.extends", Ptr("/extends"),
         "a scenario given as text or a dict cannot extend a file: load the file and override it");
  for (const std::string& expr : overrides) apply_override(doc, expr, shown);
  return doc;
}

}  // namespace gwsim::detail
