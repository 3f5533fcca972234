// gwsim/sim/core/weighted_sampler.hpp -- draw a key in proportion to its
// weight, in O(log n), among keys that come and go.
//
// A Fenwick (binary indexed) tree over slots. Each add() takes a slot (a
// freed one first, the last freed first) that holds a key and an integer
// weight; pick(u) returns the key of the slot holding the u-th unit of the
// total weight, counting the slots in order: slot 0 holds units
// [0, w0), slot 1 holds [w0, w0 + w1), and so on. A uniform u in
// [0, total()) thus picks a key with probability weight / total.
//
//   gwsim::WeightedSampler s;
//   auto a = s.add(/*key=*/7, /*weight=*/3);  // slot 0: units 0..2
//   s.add(9, 1);                              // slot 1: unit 3
//   s.pick(2);                                // 7
//   s.pick(3);                                // 9
//   s.remove(a);                              // total() == 1; slot 0 is reused next
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gwsim {

class WeightedSampler {
 public:
  using Slot = std::uint32_t;

  // Places `key` with `weight` (>= 0) in a slot and returns the slot.
  Slot add(std::uint64_t key, std::int64_t weight) {
    Slot slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<Slot>(key_.size());
      key_.push_back(0);
      weight_.push_back(0);
      if (key_.size() > tree_.size()) rebuild(std::max<std::size_t>(64, 2 * tree_.size()));
    }
    key_[slot] = key;
    change(slot, weight);
    return slot;
  }

  // Empties `slot` (its weight leaves the total); a later add() reuses it.
  void remove(Slot slot) {
    change(slot, -weight_[slot]);
    free_.push_back(slot);
  }

  // Adds `delta` to the weight of the occupied `slot` (the result stays >= 0).
  void change(Slot slot, std::int64_t delta) {
    weight_[slot] += delta;
    total_ += delta;
    for (std::size_t i = slot + 1; i <= tree_.size(); i += i & (~i + 1)) tree_[i - 1] += delta;
  }

  std::int64_t total() const { return total_; }
  std::int64_t weight(Slot slot) const { return weight_[slot]; }
  std::uint64_t key(Slot slot) const { return key_[slot]; }

  // The key of the slot holding the u-th unit of weight; 0 <= u < total().
  std::uint64_t pick(std::int64_t u) const {
    std::size_t pos = 0;
    std::size_t step = std::size_t{1} << (63 - __builtin_clzll(tree_.size()));
    for (; step > 0; step >>= 1) {
      if (pos + step <= tree_.size() && tree_[pos + step - 1] <= u) {
        pos += step;
        u -= tree_[pos - 1];
      }
    }
    return key_[pos];
  }

 private:
  // Grows the tree to `n` nodes and refills it from the slots' weights.
  void rebuild(std::size_t n) {
    tree_.assign(n, 0);
    for (std::size_t i = 0; i < weight_.size(); ++i)
      for (std::size_t k = i + 1; k <= n; k += k & (~k + 1)) tree_[k - 1] += weight_[i];
  }

  std::vector<std::int64_t> tree_;    // Fenwick sums over weight_
  std::vector<std::int64_t> weight_;  // by slot
  std::vector<std::uint64_t> key_;    // by slot
  std::vector<Slot> free_;            // slots emptied by remove()
  std::int64_t total_ = 0;
};

}  // namespace gwsim
