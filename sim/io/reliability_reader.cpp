// The reliability keys of a scenario (docs/model.md, "Reliability"): a SKU's
// lemons and cordon rule, a site's two-stage repair, the lemon policy.
// Omitted fields of "lemons" and "repair_stages" take AIReSim's defaults
// (arXiv 2603.07041, /work/shared/reference/facts.md).
#include <filesystem>

#include <fmt/format.h>

#include "io/failure_replay_csv.hpp"
#include "io/scenario_reader.hpp"

namespace gwsim::detail {

namespace {
// AIReSim's knobs: 15% of servers "bad", failing at 5x; automated repair 2 h,
// not fixing the fault 40% of the time; manual repair 2 days, 20%.
constexpr double kLemonFraction = 0.15;
constexpr double kLemonRateMultiplier = 5.0;
constexpr double kAutomatedHours = 2.0, kAutomatedNotFixed = 0.4;
constexpr double kManualHours = 48.0, kManualNotFixed = 0.2;
constexpr double kRefailHours = 24.0;  // assumed: "fails again soon"
}  // namespace

void ScenarioReader::sku_reliability(const json& j, const Ptr& p, Sku& k) {
  if (const json* l = Reader::optional(j, "lemons")) {
    const Ptr lp = p / "lemons";
    r_.object(*l, lp, {"fraction", "rate_multiplier"});
    k.lemons = Lemons{kLemonFraction, kLemonRateMultiplier};
    if (const json* f = Reader::optional(*l, "fraction"))
      k.lemons.fraction = r_.number(*f, lp / "fraction", Range{0.0, 1.0});
    if (const json* m = Reader::optional(*l, "rate_multiplier"))
      k.lemons.rate_multiplier = r_.number(*m, lp / "rate_multiplier", Range{1.0, 1000.0});
  }
  if (const json* t = Reader::optional(j, "tolerated_nodes_down"))
    k.tolerated_nodes_down =
        static_cast<int>(r_.integer(*t, p / "tolerated_nodes_down", 0, k.gpus_per_rack / k.gpus_per_node));
}

TwoStageRepair ScenarioReader::repair_stages(const json& j, const Ptr& p) {
  r_.object(j, p, {"automated", "manual", "refail_hours"});
  TwoStageRepair st;
  const json empty = json::object();
  const json* a = Reader::optional(j, "automated");
  st.automated = repair_stage(a ? *a : empty, p / "automated", kAutomatedHours, kAutomatedNotFixed);
  const json* m = Reader::optional(j, "manual");
  st.manual = repair_stage(m ? *m : empty, p / "manual", kManualHours, kManualNotFixed);
  st.refail_hours = Fixed{kRefailHours};
  if (const json* rf = Reader::optional(j, "refail_hours"))
    st.refail_hours = distribution(*rf, p / "refail_hours", true);
  return st;
}

RepairStage ScenarioReader::repair_stage(const json& j, const Ptr& p, double hours, double not_fixed_prob) {
  r_.object(j, p, {"hours", "not_fixed_prob"});
  RepairStage st{Fixed{hours}, not_fixed_prob};
  if (const json* h = Reader::optional(j, "hours")) st.hours = distribution(*h, p / "hours", true);
  // below 1: a fault that no repair fixes would fail its rack for ever
  if (const json* q = Reader::optional(j, "not_fixed_prob"))
    st.not_fixed_prob = r_.number(*q, p / "not_fixed_prob", Range{0.0, 1.0, false, true});
  return st;
}

void ScenarioReader::lemon_policy(const Ptr& root) {
  const json* lp = Reader::optional(doc_, "lemon_policy");
  if (lp == nullptr) return;
  const Ptr p = root / "lemon_policy";
  r_.object(*lp, p, {"failures", "window_days", "action", "cordon_days"});
  LemonPolicy pol;
  pol.failures = static_cast<int>(r_.integer(*lp, p, "failures", 1, 1000));
  pol.window_days = r_.number(*lp, p, "window_days", Range{0.0, 36500.0, true, false});
  const std::string action = r_.string(*lp, p, "action", true);
  if (action == "cordon") pol.action = LemonAction::cordon;
  else if (action == "retire") pol.action = LemonAction::retire;
  else r_.fail("scenario.range", p / "action", fmt::format("expected \"cordon\" or \"retire\", got \"{}\"", action));
  const json* cd = Reader::optional(*lp, "cordon_days");
  if (pol.action == LemonAction::cordon)
    pol.cordon_days =
        r_.number(r_.required(*lp, p, "cordon_days"), p / "cordon_days", Range{0.0, 36500.0, true, false});
  else if (cd != nullptr)
    r_.fail("scenario.unknown_key", p / "cordon_days", "cordon_days applies only to \"action\": \"cordon\"");
  s_.lemon_policy = pol;
}

// {"file": CSV path relative to the scenario, "stochastic": boolean (default true)}.
void ScenarioReader::failure_replay(const Ptr& root) {
  const json* fr = Reader::optional(doc_, "failure_replay");
  if (fr == nullptr) return;
  const Ptr p = root / "failure_replay";
  r_.object(*fr, p, {"file", "stochastic"});
  FailureReplay replay;
  const std::string rel = r_.string(*fr, p, "file", true);
  if (const json* st = Reader::optional(*fr, "stochastic")) replay.stochastic = r_.boolean(*st, p / "stochastic");
  const std::filesystem::path path = (std::filesystem::path(r_.file()).parent_path() / rel).lexically_normal();
  replay.file = path.string();
  read_failure_replay_csv(replay, path, cal_, s_, r_.file(), p / "file");
  s_.failure_replay = std::move(replay);
}

}  // namespace gwsim::detail
