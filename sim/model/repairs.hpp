// gwsim/sim/model/repairs.hpp -- each site's technicians and spare nodes.
// Repair work waits in a FIFO queue per site; a technician takes the item at
// the head when one is free and, for work that needs a spare node (node- or
// rack-level failures, rework after a failed burn-in), when a spare is on
// hand. Its duration is drawn from the failure class's repair_hours (the
// "repairs" stream). A spare used is restocked spare_restock_days later.
// With Site::repair_stages, a failure's first repair is automated (no
// technician, no spare, no queue) and later ones manual; each may not fix the
// fault (drawn from the "repair_stages" stream), and the rack then fails
// again after refail_hours (Failures::refail).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "core/engine.hpp"
#include "core/random.hpp"
#include "model/capacity.hpp"
#include "scenario/scenario.hpp"

namespace gwsim {

enum class RepairKind : std::uint8_t { rework, rack, cohort };
// The stage of a repair: one as without Site::repair_stages, or an automated
// or a manual stage of a two-stage repair (docs/model.md, "Two-stage repair").
enum class RepairStep : std::uint8_t { single, automated, manual };

// One item of repair work: of a rack that failed burn-in (a = rack), of a rack
// with its own failure clock (a = rack) or of a cohort member (a = cohort, b =
// its slot in the cohort).
struct RepairWork {
  std::uint32_t site;
  std::uint32_t sku;
  std::uint32_t a;
  std::uint32_t b;
  int gpus;
  std::uint32_t cls;  // failure class (its repair_hours)
  RepairKind kind;
  bool spare;  // needs a spare node
  RepairStep step = RepairStep::single;
};

class BurnIn;
class Failures;

class Repairs {
 public:
  Repairs(Engine& eng, const Scenario& s, const RandomStreams& streams, Capacity& capacity);
  // Who is told when work is done: burn-in for rework, failures for the rest.
  // Direct calls rather than callbacks: repairs are among the most frequent events.
  void connect(BurnIn& burn_in, Failures& failures) {
    burn_in_ = &burn_in;
    failures_ = &failures;
  }

  void enqueue(const RepairWork& work) {
    const std::uint32_t w = allocate(work);
    if (stages_ && work.step == RepairStep::automated) automate(w);
    else {
      sites_[work.site].queue.push_back(w);
      start(work.site);
    }
  }
  std::int64_t repairs() const { return repairs_; }
  std::int64_t repairs_automated() const { return automated_; }
  std::int64_t repairs_manual() const { return manual_; }
  std::int64_t repairs_not_fixed() const { return not_fixed_; }

 private:
  std::uint32_t allocate(const RepairWork& work) {
    std::uint32_t w;
    if (!free_work_.empty()) {
      w = free_work_.back();
      free_work_.pop_back();
    } else {
      w = static_cast<std::uint32_t>(work_.size());
      work_.emplace_back();
    }
    work_[w] = work;
    return w;
  }
  void automate(std::uint32_t w);
  double stage_hours(const RepairWork& work);
  bool fixed(const RepairWork& work);
  void refail(std::uint64_t w);
  void done(std::uint64_t w);
  void restock(std::uint64_t si);
  void start(std::uint32_t si);

  struct Crew {
    int techs_free = 0;
    std::int64_t spares = 0;
    Tick restock = 0;
    std::deque<std::uint32_t> queue;  // work items waiting for a technician or a spare
  };

  Engine& eng_;
  const Scenario& s_;
  RandomEngine rng_;
  RandomEngine stages_rng_;
  Capacity& capacity_;
  BurnIn* burn_in_ = nullptr;
  Failures* failures_ = nullptr;
  std::vector<Crew> sites_;
  std::vector<RepairWork> work_;  // pooled: indices are recycled
  std::vector<std::uint32_t> free_work_;
  std::int64_t repairs_ = 0, automated_ = 0, manual_ = 0, not_fixed_ = 0;
  bool stages_ = false;  // some site has repair stages (else every step is single: no stage check per repair)
  MemberHandler<Repairs, &Repairs::done> on_done_;
  MemberHandler<Repairs, &Repairs::restock> on_restock_;
  MemberHandler<Repairs, &Repairs::refail> on_refail_;
};

}  // namespace gwsim
