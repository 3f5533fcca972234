#include "core/engine.hpp"

#include <fmt/format.h>

namespace gwsim::detail {

void throw_past(Tick t, Tick now) {
  throw Error("engine.past", fmt::format("event at tick {} is before now ({})", t, now));
}

void throw_delay(Tick dt, Tick now) {
  if (dt < 0) throw Error("engine.past", fmt::format("negative delay {}", dt));
  throw Error("time.range", fmt::format("now ({}) + {} overflows simulation time", now, dt));
}

void throw_handler(std::uint64_t h) { throw Error("engine.handler", fmt::format("no handler with id {}", h)); }

void throw_payload(std::uint64_t payload) {
  throw Error("engine.payload", fmt::format("payload {} exceeds 48 bits", payload));
}

}  // namespace gwsim::detail
