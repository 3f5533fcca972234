// gwsim/sim/core/random.hpp -- independent named random streams from one seed.
//
// Each purpose draws from its own stream, named by a string ("deliveries",
// "failures/gpu") and optionally an index (a rack, a replication). A stream's
// seed is a hash of (master seed, name, index) alone, so adding a stream for
// one model never changes the draws of another, and the order in which
// streams are created does not matter.
//
// Generators and distributions are Boost.Random's: unlike std::'s
// distributions, whose algorithms are implementation-defined, Boost's are the
// same code on every platform, which is what byte-identical outputs across
// machines need.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace gwsim {

using RandomEngine = boost::random::mt19937_64;

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}

  std::uint64_t seed() const { return seed_; }

  // The seed of stream (name, index): SplitMix64 finalisation over the master
  // seed, a 64-bit FNV-1a hash of the name, and the index.
  std::uint64_t stream_seed(std::string_view name, std::uint64_t index = 0) const;

  // A generator for stream (name, index), seeded through boost::random's
  // seed_seq so that its whole 312-word state depends on the stream seed.
  RandomEngine stream(std::string_view name, std::uint64_t index = 0) const;

 private:
  std::uint64_t seed_;
};

namespace detail {
std::uint64_t splitmix64(std::uint64_t x);
std::uint64_t fnv1a64(std::string_view s);
}  // namespace detail

}  // namespace gwsim
