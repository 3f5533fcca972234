#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "core/random.hpp"

using gwsim::BasicEngine;
using gwsim::BinaryHeap;
using gwsim::EventId;
using gwsim::LadderQueue;
using gwsim::RunStatus;
using gwsim::Tick;

namespace {

// Records (time, payload) of every event it receives.
struct Recorder : gwsim::Handler {
  std::vector<std::pair<Tick, std::uint64_t>> seen;
  std::function<Tick()> clock;
  void handle(std::uint64_t payload) override { seen.emplace_back(clock(), payload); }
};

}  // namespace

TEMPLATE_TEST_CASE("events fire in time order, ties in scheduling order", "[engine]", LadderQueue, BinaryHeap) {
  BasicEngine<TestType> eng;
  Recorder rec;
  rec.clock = [&] { return eng.now(); };
  const auto h = eng.add_handler(rec);
  eng.schedule_at(30, h, 1);
  eng.schedule_at(10, h, 2);
  eng.schedule_at(30, h, 3);
  eng.schedule_at(10, h, 4);
  eng.schedule_at(20, h, 5);
  REQUIRE(eng.pending() == 5);
  REQUIRE(eng.run() == RunStatus::drained);
  const std::vector<std::pair<Tick, std::uint64_t>> want{{10, 2}, {10, 4}, {20, 5}, {30, 1}, {30, 3}};
  REQUIRE(rec.seen == want);
  REQUIRE(eng.events_processed() == 5);
  REQUIRE(eng.pending() == 0);
}

TEMPLATE_TEST_CASE("events scheduled for now from a handler run after those already due", "[engine]", LadderQueue,
                   BinaryHeap) {
  BasicEngine<TestType> eng;
  std::vector<std::string> log;
  eng.call_at(5, [&] {
    log.push_back("a");
    eng.call_in(0, [&] { log.push_back("c"); });
  });
  eng.call_at(5, [&] { log.push_back("b"); });
  eng.run();
  REQUIRE(log == std::vector<std::string>{"a", "b", "c"});
}

TEMPLATE_TEST_CASE("cancel removes a pending event exactly once", "[engine]", LadderQueue, BinaryHeap) {
  BasicEngine<TestType> eng;
  Recorder rec;
  rec.clock = [&] { return eng.now(); };
  const auto h = eng.add_handler(rec);
  const EventId a = eng.schedule_at(10, h, 1);
  const EventId b = eng.schedule_at(20, h, 2);
  const EventId c = eng.schedule_at(20, h, 3);
  REQUIRE(eng.is_pending(b));
  REQUIRE(eng.cancel(b));
  REQUIRE_FALSE(eng.is_pending(b));
  REQUIRE_FALSE(eng.cancel(b));  // second cancel is a no-op
  REQUIRE(eng.pending() == 2);
  REQUIRE(eng.run_until(15) == RunStatus::reached_end);
  REQUIRE_FALSE(eng.cancel(a));  // already fired
  REQUIRE_FALSE(eng.is_pending(a));
  REQUIRE(eng.is_pending(c));
  eng.run();
  REQUIRE(rec.seen == std::vector<std::pair<Tick, std::uint64_t>>{{10, 1}, {20, 3}});
  REQUIRE_FALSE(eng.cancel(EventId{}));
  REQUIRE(eng.pending() == 0);
}

TEMPLATE_TEST_CASE("a handler can cancel another event due at the same tick", "[engine]", LadderQueue, BinaryHeap) {
  BasicEngine<TestType> eng;
  int fired = 0;
  EventId second;
  eng.call_at(7, [&] {
    ++fired;
    REQUIRE(eng.cancel(second));
  });
  second = eng.call_at(7, [&] { fired += 100; });
  eng.run();
  REQUIRE(fired == 1);
}

TEMPLATE_TEST_CASE("run_until stops at the horizon and advances the clock", "[engine]", LadderQueue, BinaryHeap) {
  BasicEngine<TestType> eng;
  int fired = 0;
  eng.call_at(100, [&] { ++fired; });
  eng.call_at(101, [&] { ++fired; });
  REQUIRE(eng.run_until(100) == RunStatus::reached_end);  // inclusive
  REQUIRE(fired == 1);
  REQUIRE(eng.now() == 100);
  REQUIRE(eng.run_until(500) == RunStatus::reached_end);
  REQUIRE(fired == 2);
  REQUIRE(eng.now() == 500);
  REQUIRE_THROWS_AS(eng.run_until(499), gwsim::Error);
  REQUIRE_THROWS_AS(eng.call_at(499, [] {}), gwsim::Error);
  REQUIRE_THROWS_AS(eng.call_in(-1, [] {}), gwsim::Error);
}

TEMPLATE_TEST_CASE("stop returns after the current event and run resumes", "[engine]", LadderQueue, BinaryHeap) {
  BasicEngine<TestType> eng;
  std::vector<Tick> at;
  for (Tick t = 1; t <= 5; ++t)
    eng.call_at(t, [&] {
      at.push_back(eng.now());
      if (eng.now() == 3) eng.stop();
    });
  REQUIRE(eng.run() == RunStatus::stopped);
  REQUIRE(at == std::vector<Tick>{1, 2, 3});
  REQUIRE(eng.now() == 3);
  REQUIRE(eng.run() == RunStatus::drained);
  REQUIRE(at == std::vector<Tick>{1, 2, 3, 4, 5});
}

TEST_CASE("bad schedule arguments are rejected with stable codes", "[engine]") {
  gwsim::Engine eng;
  Recorder rec;
  rec.clock = [&] { return eng.now(); };
  const auto h = eng.add_handler(rec);
  auto code_of = [](auto&& f) {
    try {
      f();
    } catch (const gwsim::Error& e) {
      return e.code();
    }
    return std::string("none");
  };
  REQUIRE(code_of([&] { eng.schedule_at(1, h, gwsim::Engine::kMaxPayload + 1); }) == "engine.payload");
  REQUIRE(code_of([&] { eng.schedule_at(1, static_cast<gwsim::HandlerId>(h + 1)); }) == "engine.handler");
  REQUIRE(code_of([&] { eng.schedule_at(1, 0); }) == "engine.handler");  // 0 is internal
  eng.run_until(1);                                                      // now = 1, so now + max overflows
  REQUIRE(code_of([&] { eng.call_in(std::numeric_limits<Tick>::max(), [] {}); }) == "time.range");
  eng.call_at(1, [&] { eng.run(); });  // re-entrant run from a handler
  REQUIRE(code_of([&] { eng.run(); }) == "engine.reentrant");
  // the engine is usable after a handler threw
  int ok = 0;
  eng.call_at(2, [&] { ++ok; });
  REQUIRE(eng.run() == RunStatus::drained);
  REQUIRE(ok == 1);
}

namespace {

// A small stochastic model: hold events with exponential delays and random
// cancellations; returns the full trace so runs can be compared.
template <class Q>
std::vector<std::pair<Tick, std::uint64_t>> stochastic_trace(std::uint64_t seed) {
  BasicEngine<Q> eng;
  gwsim::RandomStreams streams(seed);
  auto rng = streams.stream("trace");
  boost::random::exponential_distribution<double> exp(1e-6);
  boost::random::uniform_int_distribution<std::uint64_t> pick(0, 9);
  struct Model : gwsim::Handler {
    BasicEngine<Q>* eng;
    gwsim::RandomEngine* rng;
    boost::random::exponential_distribution<double>* exp;
    boost::random::uniform_int_distribution<std::uint64_t>* pick;
    gwsim::HandlerId self = 0;
    std::vector<EventId> recent;
    std::vector<std::pair<Tick, std::uint64_t>> trace;
    void handle(std::uint64_t payload) override {
      trace.emplace_back(eng->now(), payload);
      if (trace.size() > 20'000) return;
      recent.push_back(eng->schedule_in(static_cast<Tick>((*exp)(*rng)), self, (*pick)(*rng)));
      if ((*pick)(*rng) == 0 && recent.size() > 3) eng->cancel(recent[recent.size() - 3]);
    }
  } m;
  m.eng = &eng;
  m.rng = &rng;
  m.exp = &exp;
  m.pick = &pick;
  m.self = eng.add_handler(m);
  for (int i = 0; i < 100; ++i) eng.schedule_at(static_cast<Tick>(exp(rng)), m.self, i);
  eng.run();
  return m.trace;
}

}  // namespace

TEST_CASE("same seed gives the same event sequence, another seed does not", "[engine][determinism]") {
  const auto a = stochastic_trace<LadderQueue>(42);
  const auto b = stochastic_trace<LadderQueue>(42);
  const auto c = stochastic_trace<LadderQueue>(43);
  REQUIRE(a.size() > 20'000);
  REQUIRE(a == b);
  REQUIRE(a != c);
  // and both pending-event sets produce exactly the same trace
  REQUIRE(stochastic_trace<BinaryHeap>(42) == a);
}

TEST_CASE("independent engines in one process do not share state", "[engine]") {
  gwsim::Engine e1;
  gwsim::Engine e2;
  int n1 = 0;
  int n2 = 0;
  e1.call_at(10, [&] { ++n1; });
  e2.call_at(20, [&] { ++n2; });
  e2.call_at(30, [&] { ++n2; });
  e1.run();
  REQUIRE(n1 == 1);
  REQUIRE(n2 == 0);
  REQUIRE(e1.now() == 10);
  REQUIRE(e2.now() == 0);
  REQUIRE(e2.pending() == 2);
  e2.run();
  REQUIRE(n2 == 2);
  REQUIRE(e2.now() == 30);
}
