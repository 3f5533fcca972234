#include "io/reliability_warnings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/math/special_functions/gamma.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/distribution.hpp"
#include "core/time.hpp"
#include "io/findings.hpp"

namespace gwsim::detail {
namespace {

std::string sku_pointer(const Sku& k, const char* key) {
  return (nlohmann::json::json_pointer("/catalog") / k.name / key).to_string();
}

// A rack's failure rate, all classes, lemon-free (per hour).
double rack_rate_per_hour(const Sku& k) {
  double rate = 0;
  for (const FailureClass& c : k.failure_classes) rate += k.gpus_per_rack / c.mtbf_gpu_hours;
  return rate;
}

// What the policy sees of one rack: faults at `fault_per_hour`; two-stage
// repair adds refailures (docs/reliability.md, "Warnings").
struct RackFailures {
  double fault_per_hour = 0;
  double failures_per_fault = 1;  // 1 + p_a / (1 - p_m)
  double chain_prob = 0;          // one fault alone fails the rack `failures` times within the window
};

RackFailures rack_failures(const Site& site, double fault_per_hour, const LemonPolicy& p) {
  RackFailures r{fault_per_hour, 1, 0};
  if (!site.repair_stages || p.failures < 2) return r;
  const TwoStageRepair& st = *site.repair_stages;
  const double pa = st.automated.not_fixed_prob, pm = st.manual.not_fixed_prob;
  r.failures_per_fault = 1.0 + pa / (1.0 - pm);
  // m failures of one fault: automated not fixed, then m - 2 manual stages not fixed; its mean span
  const double refail = mean(st.refail_hours), m2 = p.failures - 2;
  const double span_hours = mean(st.automated.hours) + refail + m2 * (mean(st.manual.hours) + refail);
  if (span_hours <= p.window_days * 24.0) r.chain_prob = pa * std::pow(pm, m2);
  return r;
}

// Expected times the policy acts on such a rack in `hours` of service.
double expected_actions(const RackFailures& r, const LemonPolicy& p, double hours) {
  const double per_hour = r.fault_per_hour * r.failures_per_fault;
  return expected_policy_triggers(per_hour, p.window_days * 24.0, p.failures, hours) +
         r.fault_per_hour * hours * r.chain_prob;
}

void check_skus(const Scenario& s, Findings& f) {
  for (const Sku& k : s.skus) {
    if (k.lemons.fraction > kImplausibleLemonFraction)
      f.warn("plausibility.lemon_fraction", sku_pointer(k, "lemons") + "/fraction",
             fmt::format("{} lemons.fraction {:.6g}: most racks would be lemons, at rate_multiplier times the "
                         "rate; AIReSim assumes 0.15 (is it a percentage? it is a fraction)",
                         k.name, k.lemons.fraction));
    if (k.lemons.fraction > 0 && k.lemons.rate_multiplier > kImplausibleLemonMultiplier)
      f.warn("plausibility.lemon_multiplier", sku_pointer(k, "lemons") + "/rate_multiplier",
             fmt::format("{} lemons fail {:.6g} times as often as other racks; AIReSim assumes 5", k.name,
                         k.lemons.rate_multiplier));
    const int nodes = k.gpus_per_node > 0 ? k.gpus_per_rack / k.gpus_per_node : 0;
    if (k.tolerated_nodes_down >= 0 && k.tolerated_nodes_down >= nodes)
      f.warn("plausibility.tolerated_nodes_down", sku_pointer(k, "tolerated_nodes_down"),
             fmt::format("{} tolerates {} nodes down of its {}: more can never be down, so the cordon rule "
                         "never acts (CoreWeave's rule tolerates a few)",
                         k.name, k.tolerated_nodes_down, nodes));
  }
}

void check_stages(const Scenario& s, Findings& f) {
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    if (!s.sites[i].repair_stages) continue;
    const TwoStageRepair& st = *s.sites[i].repair_stages;
    for (const auto& [name, stage] : {std::pair{"automated", &st.automated}, std::pair{"manual", &st.manual}}) {
      if (stage->not_fixed_prob <= kImplausibleNotFixedProb) continue;
      f.warn("plausibility.repair_not_fixed", fmt::format("/sites/{}/repair_stages/{}/not_fixed_prob", i, name),
             fmt::format("site \"{}\": the {} repair leaves the fault in {:.6g} of cases (AIReSim: 0.4 "
                         "automated, 0.2 manual); each fault then fails its rack again many times",
                         s.sites[i].name, name, stage->not_fixed_prob));
    }
  }
}

void check_policy(const Scenario& s, Findings& f) {
  if (!s.lemon_policy || !s.failures_enabled) return;
  if (s.failure_replay && !s.failure_replay->stochastic) return;  // the replay's failures, not the rates
  const LemonPolicy& p = *s.lemon_policy;
  const bool retire = p.action == LemonAction::retire;
  double actions = 0, worst = 0;  // expected racks acted on; the most a lemon-free rack expects
  std::size_t worst_order = 0;
  bool any_rate = false;
  for (std::size_t o = 0; o < s.orders.size(); ++o) {
    const Order& order = s.orders[o];
    const Sku& k = s.skus[static_cast<std::size_t>(order.sku)];
    const Site& site = s.sites[static_cast<std::size_t>(order.site)];
    const double base = rack_rate_per_hour(k);
    if (base <= 0) continue;
    any_rate = true;
    const RackFailures plain = rack_failures(site, base, p);
    const RackFailures lemon = rack_failures(site, base * k.lemons.rate_multiplier, p);
    for (const Delivery& d : order.deliveries) {
      // in service at most from its arrival to the end
      const double hours = to_hours(s.end - d.date) - order.lead_time_days * 24.0;
      if (hours <= 0) continue;
      const double e = expected_actions(plain, p, hours);
      const double fl = k.lemons.fraction;
      const double per_rack = (1 - fl) * e + fl * expected_actions(lemon, p, hours);
      actions += static_cast<double>(d.racks) * (retire ? std::min(per_rack, 1.0) : per_rack);
      if (e > worst) {
        worst = e;
        worst_order = o;
      }
    }
  }
  if (!any_rate) return;
  // a cordon is a quarantine, not a loss: only a policy that retires is warned of acting on most racks
  if (retire && worst >= 1) {
    const Order& order = s.orders[worst_order];
    f.warn("plausibility.lemon_policy_broad", "/lemon_policy/failures",
           fmt::format("a lemon-free {} rack at site \"{}\" is expected to meet the policy ({} failures within "
                       "{:.6g} days, refailures of two-stage repair included) {:.3g} times by the end: the "
                       "policy would retire most racks, not the lemons",
                       s.skus[static_cast<std::size_t>(order.sku)].name,
                       s.sites[static_cast<std::size_t>(order.site)].name, p.failures, p.window_days, worst));
  } else if (actions < kIdlePolicyActions) {
    f.warn("plausibility.lemon_policy_idle", "/lemon_policy/window_days",
           fmt::format("{} failures of one rack within {:.6g} days: at the scenario's failure rates the policy is "
                       "expected to act on {:.2g} racks by the end, so it will almost surely never act",
                       p.failures, p.window_days, actions));
  }
}

}  // namespace

double expected_policy_triggers(double per_hour, double window_hours, int failures, double hours) {
  if (per_hour <= 0 || hours <= 0) return 0;
  const double others = failures <= 1 ? 1.0 : boost::math::gamma_p(failures - 1, per_hour * window_hours);
  return per_hour * hours * others;
}

std::vector<Diagnostic> reliability_warnings(const Scenario& s, const std::string& file) {
  Findings f{file, {}};
  check_skus(s, f);
  check_stages(s, f);
  check_policy(s, f);
  return std::move(f.list);
}

}  // namespace gwsim::detail
