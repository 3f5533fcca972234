// gwsim/sim/core/ladder_queue.hpp -- the default pending event set.
//
// Tang, Goh & Thng's ladder queue (ACM TOMACS 15(3), 2005), O(1) amortised.
// Hand-written because no library we may use ships a bucket queue, and
// because at large pending sets a heap's sift-down misses cache at nearly
// every level while the ladder appends to one bucket and later reads buckets
// sequentially; benches/hold and benches/phold measure the difference (see
// benches/RESULTS.md).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "core/pending_event_set.hpp"

namespace gwsim {

namespace detail {

// Buckets of the ladder are chains of fixed-size blocks drawn from a pool.
// Compared with a std::vector per bucket this never copies on growth, wastes
// at most one partly filled block per bucket, and recycles memory between
// buckets (measured: a quarter of the peak memory at 4 million pending
// events, benches/RESULTS.md).
struct Block {
  static constexpr std::size_t kEntries = 16;  // 384 bytes of entries
  Entry entries[kEntries];
  Block* next;
  std::uint32_t count;
};

class BlockPool {
 public:
  BlockPool() = default;
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  Block* get() {
    if (free_ == nullptr) grow();
    Block* b = free_;
    free_ = b->next;
    b->next = nullptr;
    b->count = 0;
    return b;
  }
  void put(Block* b) {
    b->next = free_;
    free_ = b;
  }

 private:
  void grow() {
    // slabs double in size up to 4096 blocks (1.6 MB)
    const std::size_t n = std::min<std::size_t>(4096, std::size_t{64} << std::min<std::size_t>(slabs_.size(), 6));
    slabs_.emplace_back(new Block[n]);
    Block* slab = slabs_.back().get();
    for (std::size_t i = 0; i < n; ++i) put(&slab[i]);
  }
  std::vector<std::unique_ptr<Block[]>> slabs_;
  Block* free_ = nullptr;
};

class Bucket {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  void push(BlockPool& pool, const Entry& e) {
    if (tail_ == nullptr || tail_->count == Block::kEntries) {
      Block* b = pool.get();
      if (tail_ != nullptr) tail_->next = b;
      else head_ = b;
      tail_ = b;
    }
    tail_->entries[tail_->count++] = e;
    ++size_;
  }
  // Calls f(entry) for every entry in insertion order, returning the blocks
  // to the pool; the bucket is empty afterwards.
  template <class F>
  void drain(BlockPool& pool, F&& f) {
    for (Block* b = head_; b != nullptr;) {
      for (std::uint32_t i = 0; i < b->count; ++i) f(b->entries[i]);
      Block* next = b->next;
      pool.put(b);
      b = next;
    }
    head_ = tail_ = nullptr;
    size_ = 0;
  }

 private:
  Block* head_ = nullptr;
  Block* tail_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace detail

// Ladder queue with power-of-two bucket widths (bucket index is a shift, not
// a division). Structure, from latest to earliest pending times:
//   top_    unsorted events at or after top_start_;
//   rungs_  rung 0 (coarsest) .. rung n-1 (finest); each is an array of
//           buckets of equal width covering [start, start + nbuckets*width),
//           of which buckets before `cur` have already been handed down;
//   bottom_ the earliest events, sorted descending so the minimum is at the
//           back and popping is pop_back().
// A push goes to the first of these whose range holds its time. When bottom_
// runs dry the next non-empty bucket of the finest rung is either sorted into
// bottom_ (if small) or split into a finer rung (if it holds more than
// kSplitThreshold events), and an exhausted ladder is rebuilt from top_.
// Pushes earlier than the current minimum are allowed (they go to bottom_).
class LadderQueue {
 public:
  LadderQueue() = default;
  LadderQueue(const LadderQueue&) = delete;  // buckets point into this queue's pool
  LadderQueue& operator=(const LadderQueue&) = delete;

  void push(const Entry& e) {
    ++size_;
    if (e.time >= top_start_) {
      top_.push_back(e);
      top_min_ = std::min(top_min_, e.time);
      top_max_ = std::max(top_max_, e.time);
      return;
    }
    for (std::size_t r = 0; r < nrungs_; ++r) {
      Rung& rung = rungs_[r];
      if (e.time >= rung.bucket_start(rung.cur)) {
        rung.buckets[rung.index(e.time)].push(pool_, e);
        return;
      }
    }
    insert_bottom(e);
  }

  const Entry& min() {
    if (bottom_.empty()) refill();
    return bottom_.back();
  }

  void pop() {
    if (bottom_.empty()) refill();
    bottom_.pop_back();
    --size_;
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void clear() {
    top_.clear();
    for (std::size_t r = 0; r < nrungs_; ++r)
      for (auto& b : rungs_[r].buckets) b.drain(pool_, [](const Entry&) {});
    nrungs_ = 0;
    bottom_.clear();
    size_ = 0;
    reset_top();
  }

 private:
  // A bucket holding more events than this is split into a finer rung
  // instead of being sorted (sorting cost grows as n log n, splitting as n).
  static constexpr std::size_t kSplitThreshold = 64;
  // Target mean occupancy of a bucket when a rung is built.
  static constexpr std::size_t kPerBucket = 4;
  static constexpr std::size_t kMaxRungs = 24;
  static constexpr std::size_t kInsertionSortMax = 16;
  // At most this many buckets per rung. Few, large buckets keep every
  // bucket's append point in cache (2^10 blocks' tails, well inside L2), so a
  // push is a cached append rather than a cache miss; a large bucket is later
  // read sequentially and split into a finer rung that fits in cache.
  static constexpr int kBucketBits = 10;
  static constexpr std::size_t kMaxBuckets = std::size_t{1} << kBucketBits;

  struct Rung {
    Tick start = 0;
    int shift = 0;  // bucket width is 2^shift ticks
    std::size_t cur = 0;
    std::size_t nbuckets = 0;
    std::vector<detail::Bucket> buckets;

    Tick bucket_start(std::size_t i) const { return start + (static_cast<Tick>(i) << shift); }
    std::size_t index(Tick t) const { return static_cast<std::size_t>((t - start) >> shift); }
  };

  static int bit_width_u64(std::uint64_t x) { return x == 0 ? 0 : 64 - __builtin_clzll(x); }

  void reset_top() {
    top_start_ = std::numeric_limits<Tick>::min();
    top_min_ = std::numeric_limits<Tick>::max();
    top_max_ = std::numeric_limits<Tick>::min();
  }

  // Sets up rung `r` to cover [start, start + span] with about n events.
  Rung& make_rung(std::size_t r, Tick start, std::uint64_t span, std::size_t n) {
    Rung& rung = rungs_[r];
    const std::size_t want = std::clamp<std::size_t>(n / kPerBucket, 1, kMaxBuckets);
    // smallest power-of-two width with span / width < want
    const int shift = bit_width_u64(span / want);
    rung.start = start;
    rung.shift = shift;
    rung.cur = 0;
    rung.nbuckets = static_cast<std::size_t>(span >> shift) + 1;
    if (rung.buckets.size() < rung.nbuckets) rung.buckets.resize(rung.nbuckets);
    return rung;
  }

  void insert_bottom(const Entry& e) {
    // bottom_ is in descending order: insert before the first entry earlier than e
    auto pos = std::upper_bound(bottom_.begin(), bottom_.end(), e,
                                [](const Entry& a, const Entry& b) { return earlier(b, a); });
    bottom_.insert(pos, e);
  }

  // Moves a bucket into the empty bottom_, sorted descending. Small buckets
  // (the common case, about kPerBucket events) are insertion-sorted as they
  // are read, which measured faster than std::sort's call and dispatch.
  void fill_bottom(detail::Bucket& bucket) {
    if (bucket.size() > kInsertionSortMax) {
      bucket.drain(pool_, [&](const Entry& e) { bottom_.push_back(e); });
      sort_bottom();
      return;
    }
    bottom_.resize(bucket.size());
    Entry* out = bottom_.data();
    std::size_t n = 0;
    bucket.drain(pool_, [&](const Entry& e) {
      std::size_t i = n++;
      for (; i > 0 && earlier(out[i - 1], e); --i) out[i] = out[i - 1];
      out[i] = e;
    });
  }

  void sort_bottom() {
    std::sort(bottom_.begin(), bottom_.end(), [](const Entry& a, const Entry& b) { return earlier(b, a); });
  }

  // Builds rung 0 from top_. The bucket width is set where events are
  // densest: width = kPerBucket x (mean time ahead) / n, so the front buckets
  // hold about kPerBucket events each (pending times are front-loaded, so
  // (max - min) / n, the textbook choice, puts several times more there and
  // makes sorting the main cost). The width is then doubled until the rung's
  // kMaxBuckets buckets cover at least half of the events, so that a rebuild
  // always consumes half of top_ and rescanning what stays is amortised O(1)
  // per event; buckets that end up large are split into finer rungs later.
  // Events beyond the rung's end stay in top_.
  void rebuild_from_top(std::uint64_t span) {
    const std::size_t n = top_.size();
    double ahead = 0.0;
    for (const Entry& e : top_) ahead += static_cast<double>(e.time - top_min_);
    const double width =
        std::max(1.0, static_cast<double>(kPerBucket) * ahead / static_cast<double>(n) / static_cast<double>(n));
    int shift = std::min(62, bit_width_u64(static_cast<std::uint64_t>(width) - 1));
    std::array<std::size_t, 65> by_bits{};  // events by bit width of their bucket index
    for (const Entry& e : top_)
      ++by_bits[static_cast<std::size_t>(bit_width_u64(static_cast<std::uint64_t>(e.time - top_min_) >> shift))];
    std::size_t covered = 0;
    for (int bits = 0; bits <= 64; ++bits) {
      covered += by_bits[static_cast<std::size_t>(bits)];
      if (bits >= kBucketBits && 2 * covered >= n) {
        shift = std::min(62, shift + (bits - kBucketBits));
        break;
      }
    }
    Rung& rung = rungs_[0];
    rung.start = top_min_;
    rung.shift = shift;
    rung.cur = 0;
    rung.nbuckets = static_cast<std::size_t>(std::min<std::uint64_t>(span >> shift, kMaxBuckets - 1)) + 1;
    if (rung.buckets.size() < rung.nbuckets) rung.buckets.resize(rung.nbuckets);
    const std::uint64_t end = static_cast<std::uint64_t>(rung.start) + (std::uint64_t{rung.nbuckets} << rung.shift);
    const Tick rung_end = end > static_cast<std::uint64_t>(std::numeric_limits<Tick>::max())
                              ? std::numeric_limits<Tick>::max()
                              : static_cast<Tick>(end);
    reset_top();
    top_start_ = rung_end;
    std::size_t kept = 0;  // events at or after the rung's end stay in top_, in order
    for (const Entry& e : top_) {
      if (e.time < rung_end) {
        rung.buckets[rung.index(e.time)].push(pool_, e);
      } else {
        top_[kept++] = e;
        top_min_ = std::min(top_min_, e.time);
        top_max_ = std::max(top_max_, e.time);
      }
    }
    top_.resize(kept);
    nrungs_ = 1;
  }

  // Precondition: bottom_ empty and size_ > 0. Postcondition: bottom_ non-empty.
  void refill() {
    for (;;) {
      if (nrungs_ == 0) {
        // Rebuild from top_, which holds every pending event.
        const std::uint64_t span = static_cast<std::uint64_t>(top_max_) - static_cast<std::uint64_t>(top_min_);
        if (top_.size() <= kSplitThreshold || span == 0) {
          bottom_.swap(top_);  // bottom_ was empty
          sort_bottom();
          const Tick next = top_max_ == std::numeric_limits<Tick>::max() ? top_max_ : top_max_ + 1;
          reset_top();
          top_start_ = next;
          return;
        }
        rebuild_from_top(span);
      }
      Rung& rung = rungs_[nrungs_ - 1];
      while (rung.cur < rung.nbuckets && rung.buckets[rung.cur].empty()) ++rung.cur;
      if (rung.cur == rung.nbuckets) {  // rung exhausted
        --nrungs_;
        continue;
      }
      detail::Bucket& bucket = rung.buckets[rung.cur];
      const Tick bstart = rung.bucket_start(rung.cur);
      ++rung.cur;
      if (bucket.size() > kSplitThreshold && rung.shift > 0 && nrungs_ < kMaxRungs) {
        const std::uint64_t span = (std::uint64_t{1} << rung.shift) - 1;
        Rung& child = make_rung(nrungs_, bstart, span, bucket.size());
        bucket.drain(pool_, [&](const Entry& e) { child.buckets[child.index(e.time)].push(pool_, e); });
        ++nrungs_;
        continue;
      }
      fill_bottom(bucket);
      return;
    }
  }

  detail::BlockPool pool_;
  std::vector<Entry> top_;
  Tick top_start_ = std::numeric_limits<Tick>::min();
  Tick top_min_ = std::numeric_limits<Tick>::max();
  Tick top_max_ = std::numeric_limits<Tick>::min();
  std::array<Rung, kMaxRungs> rungs_;
  std::size_t nrungs_ = 0;
  std::vector<Entry> bottom_;
  std::size_t size_ = 0;
};

static_assert(PendingEventSet<LadderQueue>);

}  // namespace gwsim
