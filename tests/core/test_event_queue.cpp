// Every pending-event-set implementation runs through the same tests.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>

#include "core/event_queue.hpp"
#include "core/random.hpp"

using gwsim::BinaryHeap;
using gwsim::Entry;
using gwsim::LadderQueue;
using gwsim::Tick;

namespace {

template <class Q>
std::vector<Entry> drain(Q& q) {
  std::vector<Entry> out;
  while (!q.empty()) {
    out.push_back(q.min());
    q.pop();
  }
  return out;
}

bool same(const Entry& a, const Entry& b) { return a.time == b.time && a.seq == b.seq && a.target == b.target; }

}  // namespace

TEMPLATE_TEST_CASE("pending event set yields (time, seq) order", "[queue]", BinaryHeap, LadderQueue) {
  TestType q;
  REQUIRE(q.empty());
  std::uint64_t seq = 1;
  const std::vector<Tick> times{50, 10, 30, 10, 10, 70, 0, 30, 1'000'000'000, 5};
  for (Tick t : times) q.push(Entry{t, seq++, static_cast<std::uint64_t>(t)});
  REQUIRE(q.size() == times.size());
  const auto out = drain(q);
  REQUIRE(out.size() == times.size());
  for (std::size_t i = 1; i < out.size(); ++i) REQUIRE(gwsim::earlier(out[i - 1], out[i]));
  // the three events at t=10 come out in insertion order
  REQUIRE(out[2].time == 10);
  REQUIRE(out[2].seq == 2);
  REQUIRE(out[3].seq == 4);
  REQUIRE(out[4].seq == 5);
}

TEMPLATE_TEST_CASE("many ties at one time keep insertion order", "[queue]", BinaryHeap, LadderQueue) {
  TestType q;
  // more than any bucket split threshold, all at one tick, mixed with others
  for (std::uint64_t s = 1; s <= 5000; ++s) q.push(Entry{s % 3 == 0 ? Tick{7} : Tick(s), s, 0});
  Entry prev{-1, 0, 0};
  while (!q.empty()) {
    const Entry e = q.min();
    q.pop();
    REQUIRE(gwsim::earlier(prev, e));
    prev = e;
  }
}

TEMPLATE_TEST_CASE("interleaved push and pop match the reference heap", "[queue]", LadderQueue, BinaryHeap) {
  // A hold-model workload with bursts, far-future outliers and zero delays,
  // compared event by event against std::push_heap order.
  gwsim::RandomStreams streams(GENERATE(1u, 2u, 3u));
  auto rng = streams.stream("queue-test");
  boost::random::exponential_distribution<double> exp(1.0 / 1000.0);
  boost::random::uniform_int_distribution<int> coin(0, 99);
  TestType q;
  BinaryHeap ref;
  std::uint64_t seq = 1;
  Tick now = 0;
  auto push = [&](Tick t) {
    const Entry e{t, seq, seq * 7};
    ++seq;
    q.push(e);
    ref.push(e);
  };
  for (int i = 0; i < 2000; ++i) push(static_cast<Tick>(exp(rng)));
  for (int step = 0; step < 100'000; ++step) {
    REQUIRE(q.size() == ref.size());
    if (ref.empty()) break;
    const Entry got = q.min();
    REQUIRE(same(got, ref.min()));
    q.pop();
    ref.pop();
    now = got.time;
    const int c = coin(rng);
    if (c < 5) push(now);                                 // zero delay
    if (c < 2) push(now + 1'000'000'000);                 // far future
    if (c < 90) push(now + static_cast<Tick>(exp(rng)));  // hold
    if (c >= 95)
      for (int k = 0; k < 20; ++k) push(now + (k % 4));  // burst of near-ties
  }
  while (!ref.empty()) {
    REQUIRE(same(q.min(), ref.min()));
    q.pop();
    ref.pop();
  }
  REQUIRE(q.empty());
}

TEMPLATE_TEST_CASE("clear empties and the queue is reusable", "[queue]", BinaryHeap, LadderQueue) {
  TestType q;
  for (std::uint64_t s = 1; s <= 1000; ++s) q.push(Entry{Tick(s * 13 % 997), s, 0});
  (void)q.min();  // force internal restructuring before clear
  q.clear();
  REQUIRE(q.empty());
  REQUIRE(q.size() == 0);
  q.push(Entry{3, 1, 0});
  q.push(Entry{2, 2, 0});
  REQUIRE(q.min().time == 2);
  q.pop();
  REQUIRE(q.min().time == 3);
}

TEMPLATE_TEST_CASE("pushes earlier than everything pending still come first", "[queue]", BinaryHeap, LadderQueue) {
  TestType q;
  std::uint64_t seq = 1;
  for (Tick t = 1000; t < 2000; ++t) q.push(Entry{t, seq++, 0});
  REQUIRE(q.min().time == 1000);
  q.pop();
  // below the current minimum, inside bottom/rung ranges and beyond everything
  q.push(Entry{1001, seq++, 1});
  q.push(Entry{1500, seq++, 2});
  q.push(Entry{5000, seq++, 3});
  std::vector<Tick> got;
  while (!q.empty()) {
    got.push_back(q.min().time);
    q.pop();
  }
  REQUIRE(std::is_sorted(got.begin(), got.end()));
  REQUIRE(got.size() == 1002);
  REQUIRE(got.front() == 1001);
  REQUIRE(got.back() == 5000);
}
