// gwsim/sim/io/error_list.hpp -- the errors of one document, collected so
// that `gwsim validate` reports them all rather than the first (internal to
// the loader).
//
//   ErrorList errors;
//   for (each site i) errors.attempt([&] { read site i; });  // an error in one site
//   ...                                                       // does not stop the next
//   errors.raise_if_any();  // one ScenarioError holding every error
//
// Reading goes on where the parts are independent (each site, order, SKU,
// contract, top-level section); an error that leaves nothing sound to read
// after it (JSON syntax, the format version, the horizon, a section that is
// not an array) stops at once. An error that only follows from one already
// kept (an order naming a site whose name could not be read) is a Cascade:
// dropped, not reported twice. At kMaxErrors, reading stops.
#pragma once

#include <cstddef>
#include <vector>

#include "scenario/error.hpp"

namespace gwsim::detail {

// docs/scenarios.md, "Errors": the most errors reported for one file.
inline constexpr std::size_t kMaxErrors = 20;

class ErrorList {
 public:
  // Thrown by add() at the kMaxErrors-th error: reading stops.
  struct Full {};
  // Thrown where an error would only repeat one already kept.
  struct Cascade {};

  // Runs f(); a ScenarioError it throws is kept, a Cascade dropped.
  template <class F>
  bool attempt(F&& f) {
    try {
      f();
      return true;
    } catch (const ScenarioError& e) {
      add(e);
    } catch (const Cascade&) {
    }
    return false;
  }

  void add(const ScenarioError& e);
  bool empty() const noexcept { return errors_.empty(); }
  // Throws one ScenarioError holding every error kept, if any.
  void raise_if_any() const;

 private:
  std::vector<Diagnostic> errors_;
};

}  // namespace gwsim::detail
