// gwsim/sim/core/pending_event_set.hpp -- what a pending event set (PES)
// holds and must do. Two are provided, both satisfying `PendingEventSet` and
// run through the same tests (tests/core/test_event_queue.cpp):
//   * BinaryHeap  (core/binary_heap.hpp) -- the reference, O(log n);
//   * LadderQueue (core/ladder_queue.hpp) -- the default, O(1) amortised.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "core/time.hpp"

namespace gwsim {

// One pending event: when, the insertion sequence number that breaks ties,
// and an opaque word the engine uses to find the handler and its payload.
struct Entry {
  Tick time;
  std::uint64_t seq;
  std::uint64_t target;
};

constexpr bool earlier(const Entry& a, const Entry& b) noexcept {
  return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

template <class Q>
concept PendingEventSet = requires(Q q, const Q cq, const Entry& e) {
  {q.push(e)};
  { q.min() } -> std::same_as<const Entry&>;  // precondition: !empty()
  {q.pop()};                                  // removes min(); precondition: !empty()
  { cq.empty() } -> std::same_as<bool>;
  { cq.size() } -> std::same_as<std::size_t>;
  {q.clear()};
};

}  // namespace gwsim
