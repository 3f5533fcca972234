// gwsim/sim/core/error.hpp -- the one exception type the kernel throws.
//
// Every error carries a stable code (e.g. "time.format") that tools and tests
// can match on, in the spirit of nlohmann::json's exception ids.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace gwsim {

class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message) : std::runtime_error(message), code_(std::move(code)) {}

  // Stable identifier of the error kind; never changes between versions.
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

}  // namespace gwsim
