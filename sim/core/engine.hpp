// gwsim/sim/core/engine.hpp -- the discrete-event kernel.
//
// The engine knows nothing of data centers. Models talk to it through a
// narrow interface: schedule an event for a handler at a time, cancel it, ask
// what time it is. Events fire in (time, insertion sequence) order, so ties
// are deterministic. An engine is a plain value: any number can live in one
// process, each with its own clock and queue; there is no global state.
//
//   gwsim::Engine eng;
//   struct Ping : gwsim::Handler {
//     void handle(std::uint64_t payload) override { ... }
//   } ping;
//   auto h = eng.add_handler(ping);
//   eng.schedule_in(gwsim::hours(2), h, /*payload=*/42);
//   eng.call_at(gwsim::days(1), [&] { ... });  // convenience, slower path
//   eng.run_until(gwsim::days(365));
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/event_queue.hpp"
#include "core/time.hpp"

namespace gwsim {

// Receives the events scheduled for it. A handler is registered once with an
// engine and then addressed by a small integer id, so a pending event costs
// 24 bytes (time, sequence, handler id + 48-bit payload).
class Handler {
 public:
  virtual void handle(std::uint64_t payload) = 0;

 protected:
  ~Handler() = default;
};

using HandlerId = std::uint16_t;

// Registers a member function `void M::f(std::uint64_t payload)` with an
// engine as a handler: models declare one per kind of event,
//   MemberHandler<Model, &Model::arrival> on_arrival_{*this, engine};
//   engine.schedule_in(dt, on_arrival_.id(), job);
template <class M, void (M::*F)(std::uint64_t)>
class MemberHandler final : public Handler {
 public:
  template <class Engine>
  MemberHandler(M& model, Engine& engine) : model_(model), id_(engine.add_handler(*this)) {}
  void handle(std::uint64_t payload) override { (model_.*F)(payload); }
  HandlerId id() const { return id_; }

 private:
  M& model_;
  HandlerId id_;
};

namespace detail {
// Out-of-line error paths of the engine (sim/core/engine.cpp).
[[noreturn, gnu::cold]] void throw_past(Tick t, Tick now);
[[noreturn, gnu::cold]] void throw_delay(Tick dt, Tick now);
[[noreturn, gnu::cold]] void throw_handler(std::uint64_t h);
[[noreturn, gnu::cold]] void throw_payload(std::uint64_t payload);
}  // namespace detail

// Names one scheduled event; copyable, comparable, cheap. A default-constructed
// id names no event.
struct EventId {
  Tick time = 0;
  std::uint64_t seq = 0;
  bool valid() const { return seq != 0; }
  friend bool operator==(const EventId&, const EventId&) = default;
};

enum class RunStatus {
  reached_end,  // run_until: every event at or before the end time has fired
  drained,      // run: no pending event left
  stopped,      // a handler called stop()
};

template <PendingEventSet Queue>
class BasicEngine {
 public:
  static constexpr int kPayloadBits = 48;
  static constexpr std::uint64_t kMaxPayload = (std::uint64_t{1} << kPayloadBits) - 1;
  static constexpr std::size_t kMaxHandlers = std::size_t{1} << (64 - kPayloadBits);

  BasicEngine() { handlers_.push_back(&closures_); }  // id 0: call_at/call_in closures
  BasicEngine(const BasicEngine&) = delete;           // handlers hold references to their engine
  BasicEngine& operator=(const BasicEngine&) = delete;

  // Registers a handler; it must outlive the engine's use of it.
  HandlerId add_handler(Handler& h) {
    if (handlers_.size() >= kMaxHandlers)
      throw Error("engine.handlers", fmt::format("more than {} handlers", kMaxHandlers - 1));
    handlers_.push_back(&h);
    return static_cast<HandlerId>(handlers_.size() - 1);
  }

  // Schedules handler `h` to receive `payload` at absolute time `t` (>= now).
  EventId schedule_at(Tick t, HandlerId h, std::uint64_t payload = 0) {
    // Checks on the hot path are single predictable branches; the error
    // paths live out of line so that this function inlines into handlers.
    if (t < now_) [[unlikely]]
      detail::throw_past(t, now_);
    if (h == 0 || h >= handlers_.size()) [[unlikely]]
      detail::throw_handler(h);
    if (payload > kMaxPayload) [[unlikely]]
      detail::throw_payload(payload);
    return push(t, (std::uint64_t{h} << kPayloadBits) | payload);
  }
  EventId schedule_in(Tick dt, HandlerId h, std::uint64_t payload = 0) {
    return schedule_at(add_delay(dt), h, payload);
  }

  // Convenience for tests, examples and rare events: runs `fn` at time `t`.
  // Costs a std::function per event; hot model paths should use handlers.
  EventId call_at(Tick t, std::function<void()> fn) {
    if (t < now_) [[unlikely]]
      detail::throw_past(t, now_);
    return push(t, closures_.store(std::move(fn)));
  }
  EventId call_in(Tick dt, std::function<void()> fn) { return call_at(add_delay(dt), std::move(fn)); }

  // Cancels a pending event: O(1) expected, lazily removed when it reaches the
  // front. Returns false (and does nothing) if it already fired or was
  // cancelled. Events are popped in (time, seq) order, so any event ordered at
  // or before the last popped one is no longer pending.
  bool cancel(EventId id) {
    if (!is_pending(id)) return false;
    cancelled_.insert(id.seq);
    return true;
  }

  bool is_pending(EventId id) const {
    return id.valid() && id.seq < next_seq_ && after_last_popped(id) && !cancelled_.contains(id.seq);
  }

  Tick now() const { return now_; }
  // Number of events still to fire (cancelled ones excluded).
  std::size_t pending() const { return queue_.size() - cancelled_.size(); }
  std::uint64_t events_processed() const { return processed_; }

  // Asks the running loop to return after the current event.
  void stop() { stop_requested_ = true; }

  // Fires every event with time <= end, in order; then the clock reads `end`
  // (unless stopped, when it reads the time of the last event fired).
  RunStatus run_until(Tick end) {
    if (end < now_) throw Error("engine.past", fmt::format("run_until({}) is before now ({})", end, now_));
    const RunStatus s = loop(end);
    if (s != RunStatus::stopped) now_ = end;
    return s == RunStatus::drained ? RunStatus::reached_end : s;
  }

  // Fires events until none is left or a handler calls stop().
  RunStatus run() { return loop(std::numeric_limits<Tick>::max()); }

 private:
  // Closures for call_at/call_in live in a slot pool; the payload is the slot.
  class Closures final : public Handler {
   public:
    std::uint64_t store(std::function<void()> fn) {
      std::uint64_t slot;
      if (!free_.empty()) {
        slot = free_.back();
        free_.pop_back();
        fns_[slot] = std::move(fn);
      } else {
        slot = fns_.size();
        fns_.push_back(std::move(fn));
      }
      return slot;
    }
    void release(std::uint64_t slot) {
      fns_[slot] = nullptr;
      free_.push_back(slot);
    }
    void handle(std::uint64_t slot) override {
      std::function<void()> fn = std::move(fns_[slot]);
      release(slot);
      fn();
    }

   private:
    std::vector<std::function<void()>> fns_;
    std::vector<std::uint64_t> free_;
  };

  Tick add_delay(Tick dt) const {
    if (dt < 0 || dt > std::numeric_limits<Tick>::max() - now_) [[unlikely]]
      detail::throw_delay(dt, now_);
    return now_ + dt;
  }

  EventId push(Tick t, std::uint64_t target) {
    const std::uint64_t seq = next_seq_++;
    queue_.push(Entry{t, seq, target});
    return EventId{t, seq};
  }

  bool after_last_popped(EventId id) const {
    return id.time > last_time_ || (id.time == last_time_ && id.seq > last_seq_);
  }

  RunStatus loop(Tick end) {
    if (running_) throw Error("engine.reentrant", "run()/run_until() called from inside a handler");
    running_ = true;
    struct Reset {  // a throwing handler must not leave the engine marked running
      bool& flag;
      ~Reset() { flag = false; }
    } reset{running_};
    stop_requested_ = false;
    RunStatus status = RunStatus::drained;
    while (!queue_.empty()) {
      const Entry e = queue_.min();
      if (e.time > end) {
        status = RunStatus::reached_end;
        break;
      }
      queue_.pop();
      last_time_ = e.time;
      last_seq_ = e.seq;
      const std::uint64_t hid = e.target >> kPayloadBits;
      const std::uint64_t payload = e.target & kMaxPayload;
      if (!cancelled_.empty() && cancelled_.erase(e.seq) != 0) {
        if (hid == 0) closures_.release(payload);
        continue;
      }
      now_ = e.time;
      ++processed_;
      handlers_[hid]->handle(payload);
      if (stop_requested_) {
        status = RunStatus::stopped;
        break;
      }
    }
    return status;
  }

  Queue queue_;
  Tick now_ = 0;
  std::uint64_t next_seq_ = 1;
  Tick last_time_ = std::numeric_limits<Tick>::min();
  std::uint64_t last_seq_ = 0;
  std::uint64_t processed_ = 0;
  bool running_ = false;
  bool stop_requested_ = false;
  std::unordered_set<std::uint64_t> cancelled_;
  Closures closures_;
  std::vector<Handler*> handlers_;
};

// The engine models use: the ladder queue measured fastest at every pending
// set size in benches/RESULTS.md.
using Engine = BasicEngine<LadderQueue>;

}  // namespace gwsim
