// Sequential PHOLD benchmark (ROSS semantics) on SimGrid 3.32.
//
// Model (identical to benches/simpy/phold_simpy.py):
//   * N logical processes (LPs), numbered 0..N-1.
//   * Initially every LP i holds K events, each at time 0.1 + Exp(mean 0.9).
//   * Processing an event at LP i at time t counts as one event, then:
//       - draw u ~ U[0,1); if u < P the destination is uniform over all N LPs,
//         otherwise it is i itself (draw order: u, [destination], delay);
//       - schedule one new event at the destination at t + 0.1 + Exp(mean 0.9).
//   * Only events with time <= T are processed; events = number processed.
//   * A single RNG stream: boost::random::mt19937_64 seeded with S, with
//     uniform_01<double> for u, uniform_int_distribution<int>(0, N-1) for the
//     remote destination and exponential_distribution<double>(1/0.9) for the
//     exponential part of the delay.
//
// Mapping onto SimGrid (the aim is to time SimGrid's own event core):
//   * A PHOLD event is a kernel timer, simgrid::kernel::timer::Timer::set(date,
//     callback) (public header simgrid/kernel/Timer.hpp).  Timers live in the
//     engine's future-event set (a boost::heap::fibonacci_heap keyed by date);
//     the engine main loop (EngineImpl::run) advances the simulated clock to the
//     earliest timer through EngineImpl::solve() -- which also polls every
//     resource model (CPU, network, disk, ...) for its next event, updates
//     them and fires the on_time_advance signal -- and then runs every timer
//     that is due.  The callback (run in maestro, the kernel context) counts
//     the event and sets the next timer.  The callback captures {LP, date}:
//     16 bytes, so xbt::Task keeps it in its small buffer (no extra
//     allocation); the date is captured rather than read back from the clock
//     because the clock is advanced by now += (next - now), which may differ
//     from the timer date by an ulp.
//   * Why not actors: an LP has no behaviour besides forwarding tokens, and the
//     s4u way (one actor per token doing sleep_until, or per LP receiving from
//     a mailbox) adds a context switch plus a Sleep/Comm activity to every
//     event, and a stack per actor (4 Mi tokens would need 4 Mi stacks).
//     Timers are the cheapest faithful mechanism that still goes through the
//     engine's scheduling loop.
//   * The platform is one host in a full zone built programmatically; it is
//     only there because the engine wants a sealed platform.  No actor is
//     started.
//   * Stopping: Engine::run_until(T) never lets the clock pass T, so only
//     timers with date <= T fire and the later ones stay pending (like ROSS and
//     like SimPy's run(until=T)).  EngineImpl::run() however also leaves its
//     loop as soon as |T - now| < 1e-5, which could drop the few events in
//     (now, T]; run_until(T) is therefore called again while the earliest
//     pending timer is still <= T, which makes the cut exactly "time <= T".
//
// Output: one JSON line on stdout.  wall_s covers engine creation, platform,
// initial events and run (steady_clock); peak_rss_mb = ru_maxrss / 1024
// (Linux reports KiB).  The process exits with std::_Exit right after printing,
// skipping the engine teardown.  Bad arguments: message on stderr, exit
// status 2.
//
// Build: g++ -O2 -std=c++20 phold_simgrid.cpp -lsimgrid -o phold_simgrid

#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <xbt/log.h>

namespace {

constexpr double kMeanDelay = 0.9;  // mean of the exponential part of the delay
constexpr double kLookahead = 0.1;  // constant part of the delay

struct Options {
  int lps = 1024;
  int events_per_lp = 1;
  double remote = 0.25;
  double end = 100.0;
  std::uint64_t seed = 1;
};

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "phold_simgrid: error: %s\n", msg.c_str());
  std::fprintf(stderr, "usage: phold_simgrid [--lps N] [--events-per-lp K] [--remote P] [--end T] [--seed S]\n");
  std::exit(2);
}

// Parse the whole of `text` as a number of type T (int, double, uint64).
template <class T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if constexpr (std::is_unsigned_v<T>) {
    if (*first == '+') ++first;
  }
  auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last;
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::printf("usage: phold_simgrid [--lps N] [--events-per-lp K] [--remote P] [--end T] [--seed S]\n");
      std::exit(0);
    }
    std::string_view name = arg;
    std::string_view value;
    bool have_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      have_value = true;
    }
    auto take_value = [&]() {
      if (!have_value) {
        if (i + 1 >= argc) usage_error("argument " + std::string(name) + ": expected one value");
        value = argv[++i];
      }
      return value;
    };
    auto bad = [&]() { usage_error("argument " + std::string(name) + ": invalid value '" + std::string(value) + "'"); };
    if (name == "--lps") {
      if (!parse_number(take_value(), o.lps)) bad();
    } else if (name == "--events-per-lp") {
      if (!parse_number(take_value(), o.events_per_lp)) bad();
    } else if (name == "--remote") {
      if (!parse_number(take_value(), o.remote)) bad();
    } else if (name == "--end") {
      if (!parse_number(take_value(), o.end)) bad();
    } else if (name == "--seed") {
      if (!parse_number(take_value(), o.seed)) bad();
    } else {
      usage_error("unrecognized argument '" + std::string(arg) + "'");
    }
  }
  if (o.lps < 1) usage_error("--lps must be >= 1");
  if (o.events_per_lp < 1) usage_error("--events-per-lp must be >= 1");
  if (!(o.remote >= 0.0 && o.remote <= 1.0))  // also rejects NaN
    usage_error("--remote must be in [0, 1]");
  if (!(o.end > 0.0 && std::isfinite(o.end))) usage_error("--end must be a finite number > 0");
  return o;
}

// Model state shared by all timer callbacks (one process, one simulation).
struct Phold {
  int lps = 0;
  double remote = 0.0;
  double end = 0.0;
  std::uint64_t processed = 0;
  boost::random::mt19937_64 rng;
  boost::random::uniform_01<double> unif;
  boost::random::uniform_int_distribution<int> pick_lp;
  boost::random::exponential_distribution<double> expo{1.0 / kMeanDelay};

  void schedule(int lp, double date);
  void process(int lp, double date);
};

Phold phold;

// Put one PHOLD event for `lp` at `date` into SimGrid's future-event set.
inline void Phold::schedule(int lp, double date) {
  simgrid::kernel::timer::Timer::set(date, [lp, date] { phold.process(lp, date); });
}

// Timer callback: process the event at `lp`, due at `date`.
inline void Phold::process(int lp, double date) {
  // run_until(end) never advances the clock past `end`, so this always holds;
  // the test only documents (and enforces) the "time <= T" rule.
  if (date > end) return;
  ++processed;
  const int dest = unif(rng) < remote ? pick_lp(rng) : lp;
  schedule(dest, date + kLookahead + expo(rng));
}

// Shortest round-trip text of a double, written the way Python's json does
// for floats (always with a '.' or an exponent, e.g. 2000.0).
std::string json_double(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, ptr);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);

  const auto t0 = std::chrono::steady_clock::now();

  // The engine only sees its own options, never the PHOLD ones; logging is
  // silenced below "critical".
  char prog[] = "phold_simgrid";
  char log_arg[] = "--log=root.thres:critical";
  char* sg_argv[] = {prog, log_arg, nullptr};
  int sg_argc = 2;
  simgrid::s4u::Engine engine(&sg_argc, sg_argv);
  xbt_log_control_set("root.thres:critical");

  // Minimal platform: a single host in a full-routing zone.
  auto* zone = simgrid::s4u::create_full_zone("phold_zone");
  zone->create_host("phold_host", 1e9);
  zone->seal();

  phold.lps = opt.lps;
  phold.remote = opt.remote;
  phold.end = opt.end;
  phold.rng.seed(opt.seed);
  phold.pick_lp = boost::random::uniform_int_distribution<int>(0, opt.lps - 1);

  for (int lp = 0; lp < opt.lps; ++lp)
    for (int k = 0; k < opt.events_per_lp; ++k) phold.schedule(lp, kLookahead + phold.expo(phold.rng));

  // See the header comment: repeat while a due timer (<= T) was left behind by
  // the engine's 1e-5 end-date tolerance.
  do {
    engine.run_until(opt.end);
  } while (simgrid::kernel::timer::Timer::next() >= 0.0 && simgrid::kernel::timer::Timer::next() <= opt.end);

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  const double events = static_cast<double>(phold.processed);

  std::printf(
      "{\"impl\": \"simgrid\", \"lps\": %d, \"events_per_lp\": %d, \"remote\": %s, \"end\": %s, "
      "\"seed\": %llu, \"events\": %llu, \"wall_s\": %s, \"events_per_s\": %s, \"peak_rss_mb\": %s}\n",
      opt.lps, opt.events_per_lp, json_double(opt.remote).c_str(), json_double(opt.end).c_str(),
      static_cast<unsigned long long>(opt.seed), static_cast<unsigned long long>(phold.processed),
      json_double(wall).c_str(), json_double(wall > 0 ? events / wall : 0.0).c_str(), json_double(peak_mb).c_str());
  std::fflush(stdout);
  // Leave without tearing the engine down: EngineImpl::shutdown() pops and
  // deletes every pending timer one by one (about 26 s for 4 Mi pending
  // events), which is not part of the measurement.
  std::fflush(stderr);
  std::_Exit(0);
}
