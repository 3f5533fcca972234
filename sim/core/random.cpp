#include "core/random.hpp"

#include <array>

#include <boost/random/seed_seq.hpp>

namespace gwsim {
namespace detail {

// Steele, Lea & Flood, "Fast splittable pseudorandom number generators"
// (OOPSLA 2014): the SplitMix64 output function, a bijection on 64-bit words
// with good avalanche.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

}  // namespace detail

std::uint64_t RandomStreams::stream_seed(std::string_view name, std::uint64_t index) const {
  std::uint64_t h = detail::splitmix64(seed_);
  h = detail::splitmix64(h ^ detail::fnv1a64(name));
  return detail::splitmix64(h ^ index);
}

RandomEngine RandomStreams::stream(std::string_view name, std::uint64_t index) const {
  const std::uint64_t s = stream_seed(name, index);
  const std::array<std::uint32_t, 4> words{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32),
                                           static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32)};
  boost::random::seed_seq seq(words.begin(), words.end());
  return RandomEngine(seq);
}

}  // namespace gwsim
