// gwsim/sim/core/binary_heap.hpp -- the reference pending event set: a
// binary min-heap on (time, seq) over std::push_heap/pop_heap, O(log n).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/pending_event_set.hpp"

namespace gwsim {

// Reference PES: a binary min-heap on (time, seq).
class BinaryHeap {
 public:
  void push(const Entry& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  const Entry& min() { return heap_.front(); }
  void pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  void clear() { heap_.clear(); }

 private:
  static bool later(const Entry& a, const Entry& b) noexcept { return earlier(b, a); }
  std::vector<Entry> heap_;
};

static_assert(PendingEventSet<BinaryHeap>);

}  // namespace gwsim
