// The weighted sampler (sim/core/weighted_sampler.hpp), on cases worked by hand.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "core/weighted_sampler.hpp"

using gwsim::WeightedSampler;

TEST_CASE("weighted sampler: pick(u) is the key of the slot holding unit u", "[weighted_sampler]") {
  WeightedSampler s;
  REQUIRE(s.total() == 0);
  REQUIRE(s.add(10, 3) == 0);  // units 0, 1, 2
  REQUIRE(s.add(20, 0) == 1);  // holds none: never picked
  REQUIRE(s.add(30, 5) == 2);  // units 3..7
  REQUIRE(s.total() == 8);
  for (std::int64_t u = 0; u < 3; ++u) REQUIRE(s.pick(u) == 10);
  for (std::int64_t u = 3; u < 8; ++u) REQUIRE(s.pick(u) == 30);
  REQUIRE(s.key(1) == 20);
  REQUIRE(s.weight(2) == 5);
}

TEST_CASE("weighted sampler: remove and change keep the total and the mapping right", "[weighted_sampler]") {
  WeightedSampler s;
  const auto a = s.add(10, 3);
  s.add(20, 2);                 // units 3, 4
  const auto c = s.add(30, 5);  // units 5..9
  s.remove(a);                  // 20 holds units 0, 1; 30 holds 2..6
  REQUIRE(s.total() == 7);
  REQUIRE(s.pick(0) == 20);
  REQUIRE(s.pick(1) == 20);
  REQUIRE(s.pick(2) == 30);
  REQUIRE(s.pick(6) == 30);
  REQUIRE(s.add(40, 4) == a);  // the freed slot comes first: 40 holds units 0..3
  REQUIRE(s.total() == 11);
  REQUIRE(s.pick(3) == 40);
  REQUIRE(s.pick(4) == 20);
  REQUIRE(s.pick(6) == 30);
  s.change(c, -3);  // 30 now holds units 6, 7
  REQUIRE(s.total() == 8);
  REQUIRE(s.weight(c) == 2);
  REQUIRE(s.pick(7) == 30);
  s.change(a, 1);  // 40: 0..4, 20: 5, 6, 30: 7, 8
  REQUIRE(s.pick(4) == 40);
  REQUIRE(s.pick(5) == 20);
  REQUIRE(s.pick(8) == 30);
  REQUIRE(s.total() == 9);
}

TEST_CASE("weighted sampler: grows past its first 64 slots; freed slots reused last freed first",
          "[weighted_sampler]") {
  WeightedSampler s;
  std::vector<WeightedSampler::Slot> slots;
  for (std::uint64_t k = 0; k < 200; ++k) slots.push_back(s.add(1000 + k, 2));  // key 1000+k: units 2k, 2k+1
  REQUIRE(s.total() == 400);
  for (std::uint64_t k = 0; k < 200; ++k) {
    REQUIRE(s.pick(static_cast<std::int64_t>(2 * k)) == 1000 + k);
    REQUIRE(s.pick(static_cast<std::int64_t>(2 * k + 1)) == 1000 + k);
  }
  s.remove(slots[5]);
  s.remove(slots[150]);
  REQUIRE(s.total() == 396);
  REQUIRE(s.pick(9) == 1004);   // units 8, 9: key 1004
  REQUIRE(s.pick(10) == 1006);  // key 1005 is gone
  REQUIRE(s.add(7, 1) == slots[150]);
  REQUIRE(s.add(8, 1) == slots[5]);
  REQUIRE(s.add(9, 1) == 200);  // then new slots
  // slot 5 holds key 8 at unit 10 (after keys 1000..1004: units 0..9)
  REQUIRE(s.pick(10) == 8);
  REQUIRE(s.pick(11) == 1006);
  REQUIRE(s.total() == 399);
}
