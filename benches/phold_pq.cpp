// gwsim/benches/phold_pq.cpp -- the anchor: the same PHOLD on a minimal core,
// a std::priority_queue of (double time, LP) and a loop. No handlers, no
// cancellation, no tie-breaking by sequence: the least an event core can do.
#include <cstdint>
#include <queue>
#include <vector>

#include "phold_common.hpp"

namespace {
struct Ev {
  double time;
  std::uint64_t lp;
  bool operator>(const Ev& o) const { return time > o.time; }
};
}  // namespace

int main(int argc, char** argv) {
  const phold::Args a = phold::parse(argc, argv);
  const auto t0 = phold::Clock::now();
  phold::Draws draws(a.seed, a.lps, a.remote);
  std::priority_queue<Ev, std::vector<Ev>, std::greater<>> pq;
  for (std::uint64_t lp = 0; lp < a.lps; ++lp)
    for (std::uint64_t k = 0; k < a.events_per_lp; ++k) pq.push(Ev{draws.increment(), lp});
  std::uint64_t events = 0;
  while (!pq.empty() && pq.top().time <= a.end) {
    const Ev e = pq.top();
    pq.pop();
    ++events;
    const std::uint64_t dest = draws.destination(e.lp);
    pq.push(Ev{e.time + draws.increment(), dest});
  }
  phold::report("std::priority_queue", a, events, t0);
  return 0;
}
