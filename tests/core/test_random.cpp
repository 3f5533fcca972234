#include <cstdint>
#include <set>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "core/random.hpp"

using gwsim::RandomStreams;

namespace {
std::vector<std::uint64_t> draws(gwsim::RandomEngine g, int n) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(g());
  return v;
}
}  // namespace

TEST_CASE("same seed and name give the same stream", "[random]") {
  RandomStreams a(7);
  RandomStreams b(7);
  REQUIRE(draws(a.stream("failures"), 100) == draws(b.stream("failures"), 100));
  REQUIRE(draws(a.stream("failures", 3), 100) == draws(b.stream("failures", 3), 100));
}

TEST_CASE("streams differ by seed, name and index", "[random]") {
  RandomStreams s(7);
  const auto base = draws(s.stream("failures"), 10);
  REQUIRE(base != draws(RandomStreams(8).stream("failures"), 10));
  REQUIRE(base != draws(s.stream("deliveries"), 10));
  REQUIRE(base != draws(s.stream("failures", 1), 10));
  // a thousand indexed streams have pairwise-distinct seeds
  std::set<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < 1000; ++i) seeds.insert(s.stream_seed("rack", i));
  REQUIRE(seeds.size() == 1000);
}

TEST_CASE("adding or reordering streams does not change another stream's draws", "[random]") {
  RandomStreams s(2026);
  const auto alone = draws(s.stream("jobs"), 50);
  // create other streams first and consume from them, then the same stream
  auto other = s.stream("power");
  (void)draws(other, 1000);
  auto extra = s.stream("new-model");
  (void)draws(extra, 10);
  REQUIRE(draws(s.stream("jobs"), 50) == alone);
}

TEST_CASE("stream output is pinned (cross-machine reproducibility)", "[random]") {
  // These constants were produced by this implementation; a change in the
  // seeding scheme or generator would silently change every scenario output,
  // so it must show up here first.
  RandomStreams s(1);
  REQUIRE(s.stream_seed("x") ==
          gwsim::detail::splitmix64(
              gwsim::detail::splitmix64(gwsim::detail::splitmix64(1) ^ gwsim::detail::fnv1a64("x")) ^ 0));
  REQUIRE(gwsim::detail::fnv1a64("") == 0xCBF29CE484222325ULL);
  REQUIRE(gwsim::detail::fnv1a64("a") == 0xAF63DC4C8601EC8CULL);   // published FNV-1a test vector
  REQUIRE(gwsim::detail::splitmix64(0) == 0xE220A8397B1DCDAFULL);  // reference SplitMix64 output
}

TEST_CASE("independent streams are uncorrelated", "[random]") {
  RandomStreams s(99);
  auto g1 = s.stream("a");
  auto g2 = s.stream("b");
  boost::random::uniform_01<double> u;
  const int n = 100'000;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = u(g1);
    const double y = u(g2);
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double r = cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
  // |r| < 4/sqrt(n) holds with probability > 0.9999 for independent streams
  REQUIRE(std::abs(r) < 4.0 / std::sqrt(n));
  REQUIRE(std::abs(sx / n - 0.5) < 0.005);
}
