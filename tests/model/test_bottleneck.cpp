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

TEST_CASE("bottleneck: the cause inside power, when it is larger than what no cause explains", "[bottleneck]") {
  gwsim::BuildoutSummary s = waited(1000, 100, 10);
  s.stranded_interconnection_gpu_days = 600;  // 400 left to the stages' own dates
  CHECK(gwsim::bottleneck(s) == "power (interconnection)");
  s.stranded_interconnection_gpu_days = 500;  // 500 vs 500: not larger
  CHECK(gwsim::bottleneck(s) == "power");
  s.stranded_interconnection_gpu_days = 300;
  s.stranded_equipment_gpu_days = 400;  // 300 left: equipment is the largest and above the rest
  CHECK(gwsim::bottleneck(s) == "power (equipment)");
  s.stranded_interconnection_gpu_days = 350;
  s.stranded_equipment_gpu_days = 350;  // 300 left; a tie: interconnection first
  CHECK(gwsim::bottleneck(s) == "power (interconnection)");
  // racks held for an on-site outage count as power, beside the queue's wait
  gwsim::BuildoutSummary h = waited(50, 100, 10);
  h.generation.stranded_onsite_outage_gpu_days = 200;  // power 250 > slots 100
  CHECK(gwsim::bottleneck(h) == "power (on-site outage)");
  h.generation.stranded_onsite_outage_gpu_days = 40;  // power 90 < slots 100
  CHECK(gwsim::bottleneck(h) == "construction");
  h.generation.stranded_curtailment_gpu_days = 60;  // power 150 > slots 100; curtailment 60 > outage 40 > rest 50
  CHECK(gwsim::bottleneck(h) == "power (curtailment)");
}

TEST_CASE("bottleneck: construction names buildings being built when they explain most slot GPU-days", "[bottleneck]") {
  gwsim::BuildoutSummary s = waited(10, 1000, 100);
  CHECK(gwsim::bottleneck(s) == "construction");
  s.stranded_construction_gpu_days = 501;
  CHECK(gwsim::bottleneck(s) == "construction (buildings being built)");
  s.stranded_construction_gpu_days = 500;
  CHECK(gwsim::bottleneck(s) == "construction");
  // below the deliveries threshold nothing is named
  gwsim::BuildoutSummary d = waited(0, 69, 0);
  d.stranded_construction_gpu_days = 69;
  CHECK(gwsim::bottleneck(d) == "deliveries");
}
