// gwsim/benches/hold.cpp -- the classic hold model (Jones 1986) for pending
// event sets: with n events pending, repeatedly remove the minimum and insert
// it again at min + increment. Reports ns per hold (one pop + one push) for
// n = 1e3 .. 1e7 with Google Benchmark. Increments are Exp(mean 1 s) drawn
// ahead of time so that only the queue is timed.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>

#include "core/event_queue.hpp"
#include "core/random.hpp"

namespace {

std::vector<gwsim::Tick> increments() {
  auto rng = gwsim::RandomStreams(1).stream("hold");
  boost::random::exponential_distribution<double> exp(1.0);
  std::vector<gwsim::Tick> v(1 << 16);
  for (auto& x : v) x = static_cast<gwsim::Tick>(exp(rng) * gwsim::kTicksPerSecond);
  return v;
}

template <class Q>
void BM_hold(benchmark::State& state) {
  static const std::vector<gwsim::Tick> inc = increments();
  const auto n = static_cast<std::size_t>(state.range(0));
  Q q;
  std::uint64_t seq = 1;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    q.push(gwsim::Entry{inc[k], seq++, 0});
    k = (k + 1) & (inc.size() - 1);
  }
  // warm up so the structure reaches its steady state before timing
  for (std::size_t i = 0; i < 2 * n; ++i) {
    const gwsim::Tick t = q.min().time;
    q.pop();
    q.push(gwsim::Entry{t + inc[k], seq++, 0});
    k = (k + 1) & (inc.size() - 1);
  }
  for (auto _ : state) {
    const gwsim::Tick t = q.min().time;
    q.pop();
    q.push(gwsim::Entry{t + inc[k], seq++, 0});
    k = (k + 1) & (inc.size() - 1);
  }
  state.counters["pending"] = static_cast<double>(q.size());
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK_TEMPLATE(BM_hold, gwsim::BinaryHeap)->RangeMultiplier(10)->Range(1'000, 10'000'000);
BENCHMARK_TEMPLATE(BM_hold, gwsim::LadderQueue)->RangeMultiplier(10)->Range(1'000, 10'000'000);

BENCHMARK_MAIN();
