#include "io/overrides.hpp"

#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "io/document.hpp"
#include "io/reader.hpp"

namespace gwsim::detail {
namespace {

using Found = std::set<std::pair<std::string, std::string>>;  // (code, pointer)

std::optional<Ptr> pointer_of(const std::string& expr) {
  try {
    return Ptr(expr.substr(0, expr.find('=')));
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

bool under(const std::string& pointer, const std::string& prefix) {
  return pointer == prefix ||
         (pointer.starts_with(prefix) && pointer.size() > prefix.size() && pointer[prefix.size()] == '/');
}

// What the override at `p` replaced: "; /sites/0 had no key 'x' (its keys: a, b)" when the key was new.
std::string what_it_replaced(const json& base, const Ptr& p) {
  try {
    if (base.contains(p)) return "";
    const json& parent = base.at(p.parent_pointer());
    if (!parent.is_object()) return "";
    std::string keys;
    for (const auto& [k, v] : parent.items()) keys += (keys.empty() ? "" : ", ") + printable(k);
    const std::string at = p.parent_pointer().empty() ? "the top level" : printable(p.parent_pointer().to_string());
    return fmt::format("; {} had no key '{}' (its keys: {})", at, printable(p.back()), keys);
  } catch (const json::exception&) {
    return "";
  }
}

// The errors `base` raises with the first `k` overrides applied (nothing if they cannot be applied).
std::optional<Found> found_after(const json& base, const std::vector<std::string>& overrides, std::size_t k,
                                 const std::function<void(const json&)>& validate) {
  json doc = base;
  try {
    for (std::size_t i = 0; i < k; ++i) apply_override(doc, overrides[i], "");
  } catch (const ScenarioError&) {
    return std::nullopt;
  }
  Found found;
  try {
    validate(doc);
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.errors()) found.emplace(d.code, d.pointer);
  }
  return found;
}

}  // namespace

ScenarioError blame_overrides(const ScenarioError& e, const json& base, const std::vector<std::string>& overrides,
                              const std::function<void(const json&)>& validate) {
  std::vector<Diagnostic> out = e.errors();
  std::vector<std::optional<std::optional<Found>>> after(overrides.size() + 1);  // computed when first needed
  for (Diagnostic& d : out) {
    if (d.code == "scenario.override") continue;
    // An error at or inside a value an override wrote: the last such override.
    bool written = false;
    for (std::size_t k = overrides.size(); k-- > 0 && !written;) {
      const std::optional<Ptr> p = pointer_of(overrides[k]);
      if (!p || !under(d.pointer, p->to_string())) continue;
      d.message += fmt::format(" (the value of --set {}{})", printable(overrides[k]), what_it_replaced(base, *p));
      written = true;
    }
    if (written) continue;
    if (overrides.size() > kMaxBlamedOverrides) {
      d.message += " (after the --set overrides)";
      continue;
    }
    // Elsewhere: the first override with which the error appears (none if the file has it).
    for (std::size_t k = 0; k <= overrides.size(); ++k) {
      if (!after[k]) after[k] = found_after(base, overrides, k, validate);
      if (!*after[k] || (*after[k])->count({d.code, d.pointer}) == 0) continue;
      if (k > 0) d.message += fmt::format(" (after --set {})", printable(overrides[k - 1]));
      break;
    }
  }
  return ScenarioError(std::move(out));
}

}  // namespace gwsim::detail
