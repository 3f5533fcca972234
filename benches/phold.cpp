// gwsim/benches/phold.cpp -- sequential PHOLD on gwsim's engine.
// See phold_common.hpp for the model. Prints one JSON line.
#include <cstdint>

#include "core/engine.hpp"
#include "phold_common.hpp"

namespace {

// One handler serves all LPs; the payload is the LP index.
template <class Engine>
class Phold final : public gwsim::Handler {
 public:
  Phold(Engine& eng, const phold::Args& a) : eng_(eng), draws_(a.seed, a.lps, a.remote) {
    self_ = eng_.add_handler(*this);
    for (std::uint64_t lp = 0; lp < a.lps; ++lp)
      for (std::uint64_t k = 0; k < a.events_per_lp; ++k) eng_.schedule_at(delay(), self_, lp);
  }
  void handle(std::uint64_t lp) override {
    const std::uint64_t dest = draws_.destination(lp);
    eng_.schedule_at(eng_.now() + delay(), self_, dest);
  }

 private:
  gwsim::Tick delay() { return static_cast<gwsim::Tick>(draws_.increment() * gwsim::kTicksPerSecond + 0.5); }
  Engine& eng_;
  phold::Draws draws_;
  gwsim::HandlerId self_ = 0;
};

template <class Queue>
int run(const phold::Args& a, const char* name) {
  const auto t0 = phold::Clock::now();
  gwsim::BasicEngine<Queue> eng;
  Phold model(eng, a);
  eng.run_until(static_cast<gwsim::Tick>(a.end * gwsim::kTicksPerSecond));
  phold::report(name, a, eng.events_processed(), t0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // --queue heap|ladder selects the pending event set (default: the engine's).
  bool heap = false;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--queue" && i + 1 < argc) {
      const std::string_view q = argv[++i];
      if (q == "heap") heap = true;
      else if (q != "ladder") phold::usage(argv[0], "--queue must be heap or ladder");
    } else {
      argv[out++] = argv[i];
    }
  }
  const phold::Args a = phold::parse(out, argv);
  return heap ? run<gwsim::BinaryHeap>(a, "gwsim-heap") : run<gwsim::LadderQueue>(a, "gwsim");
}
