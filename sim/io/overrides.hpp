// gwsim/sim/io/overrides.hpp -- naming the --set override behind an error
// (internal to the loader).
//
// An error at a value an override wrote says "(the value of --set X)"; an
// override that wrote a key the object did not have says so and lists the
// keys it had; an error elsewhere that the document without overrides does
// not have (an order naming a site an override renamed) says "(after --set X)",
// X being the first override with which it appears.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/error.hpp"

namespace gwsim::detail {

// The most overrides tried one by one to find the one behind an error.
inline constexpr std::size_t kMaxBlamedOverrides = 16;

// `e` raised by the document `base` with `overrides` applied: the same errors,
// each naming the override behind it where there is one. `validate` reads a
// document and throws its errors (scenario_from_json).
ScenarioError blame_overrides(const ScenarioError& e, const nlohmann::json& base,
                              const std::vector<std::string>& overrides,
                              const std::function<void(const nlohmann::json& doc)>& validate);

}  // namespace gwsim::detail
