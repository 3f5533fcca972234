#include <catch2/catch.hpp>

#include "model/bottleneck.hpp"

namespace {

gwsim::BuildoutSummary waited(double power, double slot, double crew) {
  gwsim::BuildoutSummary s;
  s.gpus_ordered = 1000;  // deliveries-bound below 7 x 1000 x 1% = 70 GPU-days for every reason
  s.stranded_no_power_gpu_days = power;
  s.stranded_no_slot_gpu_days = slot;
  s.waiting_crew_gpu_days = crew;
  return s;
}

}  // namespace

TEST_CASE("bottleneck: the reason with the most GPU-days, or deliveries when none reaches 1% of a GPU-week per GPU",
          "[bottleneck]") {
  CHECK(gwsim::bottleneck(waited(69.9, 69.9, 69.9)) == "deliveries");
  CHECK(gwsim::bottleneck(waited(70.0, 0, 0)) == "power");
  CHECK(gwsim::bottleneck(waited(100, 50, 20)) == "power");
  CHECK(gwsim::bottleneck(waited(100, 100, 20)) == "power");         // ties: power first
  CHECK(gwsim::bottleneck(waited(100, 20, 100)) == "power");         // before crews too
  CHECK(gwsim::bottleneck(waited(10, 100, 100)) == "construction");  // then slots
  CHECK(gwsim::bottleneck(waited(10, 20, 100)) == "install crews");
}
