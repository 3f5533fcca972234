#include "model/buildout.hpp"

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "core/random.hpp"
#include "model/admission.hpp"
#include "model/burn_in.hpp"
#include "model/columns.hpp"
#include "model/construction.hpp"
#include "model/contracts.hpp"
#include "model/cordon.hpp"
#include "model/curtailment.hpp"
#include "model/deliveries.hpp"
#include "model/energy_prices.hpp"
#include "model/fabric.hpp"
#include "model/failure_replay.hpp"
#include "model/failures.hpp"
#include "model/generation.hpp"
#include "model/inventory.hpp"
#include "model/lifecycle.hpp"
#include "model/load_shed.hpp"
#include "model/milestones.hpp"
#include "model/money.hpp"
#include "model/power.hpp"
#include "model/power_stages.hpp"
#include "model/repairs.hpp"

namespace gwsim {
namespace detail {

// The components, wired in the order the racks flow through them. The
// lambdas are the seams between them: each component knows only those below
// it in this list (and none knows Buildout).
class BuildoutImpl {
 public:
  BuildoutImpl(Engine& eng, const Scenario& s, std::uint64_t seed)
      : eng_(check_clock(eng)),
        s_(s),
        streams_(seed),
        horizon_(s.end + days(1) - 1),
        inventory_(s.sites.size(), s.skus.size()),
        milestones_(eng, s),
        power_(eng, s, [this](std::uint32_t si) { energized(si); }),
        power_stages_(eng, s, streams_, power_, [this](std::uint32_t si) { admission_.power_wait_changed(si); }),
        prices_(eng, s, power_, generation_),
        generation_(eng, s, streams_, power_, [this](std::uint32_t si) { supply_changed(si); }),
        capacity_(eng, s, inventory_, power_, [this](std::uint32_t r) { in_service(r); }),
        cordon_(eng, s, inventory_, capacity_),
        load_shed_(eng, s, inventory_, power_, cordon_),
        repairs_(eng, s, streams_, capacity_),
        failures_(eng, s, streams_, inventory_, capacity_, cordon_, repairs_, horizon_),
        replay_(eng, s, failures_, horizon_),
        burn_in_(eng, s, streams_, inventory_, power_,
                 {[this](std::uint32_t r) { capacity_.enter_service(r); }, [this](std::uint32_t r) { rework(r); }}),
        admission_(eng, s, inventory_, power_, [this](std::uint32_t r) { burn_in_.start(r); }),
        construction_(eng, s, streams_,
                      {[this](std::uint32_t si, bool on) { admission_.set_under_construction(si, on); },
                       [this](std::uint32_t si, std::uint32_t k) { admission_.building_built(si, k); }}),
        deliveries_(eng, s, streams_, inventory_,
                    [this](std::uint32_t si, std::uint32_t first, std::int64_t racks) {
                      prices_.delivered(inventory_.racks[first].sku, racks);
                      admission_.arrive(si, first, racks);
                    }),
        contracts_(eng, s, capacity_),
        fabric_(
            s, [this](std::uint32_t r) { return admission_.building_of(r); },
            milestones_.follows_largest_run()
                ? std::function<void(std::uint32_t, std::int64_t)>(
                      [this](std::uint32_t si, std::int64_t gpus) { milestones_.largest_run(si, gpus); })
                : nullptr),
        on_sample_(*this, eng) {
    repairs_.connect(burn_in_, failures_);
    load_shed_.pause_burn_in(burn_in_);
    // the order of these schedules fixes the order of simultaneous events
    for (std::uint32_t si = 0; si < s_.sites.size(); ++si) {
      power_.add_site(si);
      power_stages_.add_site(si);
      add_generation(si);
      prices_.add_site(si);
      admission_.add_site(si);
      construction_.add_site(si);
    }
    deliveries_.schedule_orders();
    replay_.start();
    capacity_.set_racks_ordered(deliveries_.racks_ordered());
    if (milestones_.follows_gpus()) capacity_.add_listener(milestones_);
    if (fabric_.trivial()) fabric_.mirror(capacity_);
    else capacity_.add_listener(fabric_);
    rec_.use(buildout_columns());
    if (prices_.used()) rec_.use(price_columns());
    rec_.use_sites(site_columns(), s_.sites.size());
    rec_.expect_rows(static_cast<std::size_t>(horizon_ / days(1) + 1));
    deliveries_.bind_columns(rec_);
    admission_.bind_columns(rec_);
    if (BuildingConstruction::used(s_)) bind_construction_columns();
    if (PowerStages::used(s_)) bind_interconnect_columns();
    burn_in_.bind_columns(rec_);
    capacity_.bind_columns(rec_);
    power_.bind_columns(rec_);
    prices_.bind_columns(rec_);
    if (generation_.used()) bind_generation_columns();
    if (curtailment_.used())
      bind_ledger_columns(curtailment_columns(), [this] { load_shed_.bind_curtailment_columns(rec_); });
    if (Power::has_non_grid(s_))
      bind_ledger_columns(non_grid_columns(), [this] { power_.bind_non_grid_columns(rec_); });
    contracts_.bind_columns(rec_);
    fabric_.bind_columns(rec_);
    if (Money::used(s_)) bind_money();
    if (FleetLifecycle::used(s_)) bind_lifecycle();
    // the row for day d is the state at the end of that day
    eng_.schedule_at(days(1) - 1, on_sample_.id(), 0);
  }

  Tick horizon() const { return horizon_; }
  const Timeseries& timeseries() const { return rec_.timeseries(); }
  Recorder& recorder() { return rec_; }
  const Fabric& fabric() const { return fabric_; }
  void add_listener(CapacityListener& l) { capacity_.add_listener(l); }
  BuildoutSummary summary() const;
  std::vector<SiteShortfall> shortfall() const;
  void training_run_finished(std::uint32_t run) { milestones_.training_run_finished(run); }

 private:
  static Engine& check_clock(Engine& eng) {
    if (eng.now() != 0) throw Error("model.engine", "the buildout model needs an engine whose clock reads 0");
    return eng;
  }

  // model/construction.hpp's columns, after the buildout's.
  void bind_construction_columns() {
    rec_.use(construction_columns());
    rec_.use_sites(construction_site_columns(), s_.sites.size());
    construction_.bind_columns(rec_);
    rec_.bind(columns::stranded_construction_gpu_days,
              [this] { return admission_.stranded_construction_gpu_days(eng_.now()); });
  }

  // model/power_stages.hpp's stranded-by-cause columns, after the buildout's.
  void bind_interconnect_columns() {
    admission_.set_power_wait([this](std::uint32_t si) { return power_stages_.waiting_for(si); });
    rec_.use(interconnect_columns());
    rec_.bind(columns::stranded_interconnection_gpu_days,
              [this] { return admission_.stranded_interconnection_gpu_days(eng_.now()); });
    rec_.bind(columns::stranded_equipment_gpu_days,
              [this] { return admission_.stranded_equipment_gpu_days(eng_.now()); });
  }

  // model/money.hpp: the money model observes deliveries, power and capacity (docs/money.md).
  void bind_money() {
    money_.emplace(eng_, s_, Money::Sources{power_, power_stages_, prices_, generation_, contracts_});
    rec_.use(money_columns());
    money_->bind_columns(rec_);
    capacity_.add_listener(*money_);
    deliveries_.on_owned_arrival([this](std::uint32_t si, std::uint32_t sku, std::uint32_t first, std::int64_t racks) {
      money_->delivered(eng_.now(), si, sku, first, racks);
    });
    cordon_.on_retired([this](std::uint32_t r) { money_->retired(eng_.now(), r); });
    if (BuildingConstruction::used(s_))
      construction_.on_shell_start([this](std::uint32_t si, std::uint32_t k, Tick fitout_end, Tick ready) {
        money_->shell_started(eng_.now(), si, k, fitout_end, ready);
      });
  }

  // model/lifecycle.hpp: racks_retired and the fleet mix; resale goes to the money model.
  void bind_lifecycle() {
    rec_.use(lifecycle_columns());
    lifecycle_.bind_columns(rec_);
    if (money_) lifecycle_.on_resale([this](double usd) { money_->resale(eng_.now(), usd); });
  }

  // A stage added power at site `si`.
  void energized(std::uint32_t si) {
    if (generation_.used()) generation_.grid_energized(si);
    supply_changed(si);
  }

  // The power of site `si` changed (a stage, or on-site units): racks are
  // held or released (model/load_shed.hpp), then admission installs.
  void supply_changed(std::uint32_t si) {
    load_shed_.balance(si);
    if (money_) money_->power_changed(eng_.now(), si);
    if (milestones_.follows_power()) milestones_.energized(si, power_.energized_uw(si));
    admission_.admit(si);
  }

  // model/generation.hpp: the units of site `si`; the bridge and the shed watch its draw.
  void add_generation(std::uint32_t si) {
    generation_.add_site(si);
    if (s_.sites[si].generation.empty() && !s_.sites[si].curtailment) return;
    power_.watch(si, [this](std::uint32_t w) {
      generation_.accrue(w);
      load_shed_.accrue(w);
    });
  }

  // model/generation.hpp's and model/load_shed.hpp's columns, after the buildout's.
  void bind_generation_columns() {
    rec_.use(generation_columns());
    rec_.use_sites(generation_site_columns(), s_.sites.size());
    generation_.bind_columns(rec_);
    load_shed_.bind_columns(rec_);
  }

  // docs/power.md, "Outputs": a table of the power ledger kept for the fleet and per site.
  template <class Bind>
  void bind_ledger_columns(std::span<const ColumnSpec* const> table, Bind bind) {
    rec_.use(table);
    rec_.use_sites(table, s_.sites.size());
    bind();
  }

  // Rack `r` entered service (its GPUs are up).
  void in_service(std::uint32_t r) {
    if (milestones_.follows_racks()) milestones_.rack_in_service(inventory_.racks[r].site, inventory_.racks[r].sku);
    failures_.start_clock(r);
    load_shed_.in_service(r);
    if (FleetLifecycle::used(s_)) lifecycle_.in_service(r);
  }

  // A rack failed burn-in: one node-level repair (a spare node and a technician).
  void rework(std::uint32_t r) {
    const Rack& rack = inventory_.racks[r];
    repairs_.enqueue(RepairWork{rack.site, rack.sku, r, 0, s_.skus[rack.sku].gpus_per_rack,
                                failures_.rework_class(rack.sku), RepairKind::rework, true});
  }

  void sample(std::uint64_t day) {
    rec_.sample(days(static_cast<std::int64_t>(day)), eng_.now());
    const Tick next = days(static_cast<std::int64_t>(day) + 2) - 1;
    if (next <= horizon_) eng_.schedule_at(next, on_sample_.id(), day + 1);
  }

  Engine& eng_;
  const Scenario& s_;
  RandomStreams streams_;
  Tick horizon_;
  Inventory inventory_;
  Milestones milestones_;
  Power power_;
  PowerStages power_stages_;
  EnergyPrices prices_;
  OnsiteGeneration generation_;
  Capacity capacity_;
  Cordon cordon_;
  LoadShed load_shed_;
  Repairs repairs_;
  Failures failures_;
  ReplayedFailures replay_;
  BurnIn burn_in_;
  Admission admission_;
  BuildingConstruction construction_;
  Deliveries deliveries_;
  Contracts contracts_;
  Fabric fabric_;
  std::optional<Money> money_;  // only when Money::used(s_)
  Recorder rec_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::sample> on_sample_;
  // Last: its handlers and draws come after every other model's (model/curtailment.hpp).
  CurtailmentWindows curtailment_{eng_, s_, streams_, [this](std::uint32_t si, std::int64_t cut_uw) {
                                    load_shed_.curtail(si, cut_uw);
                                    supply_changed(si);
                                  }};
  // After it: retirement at end of life and refresh (model/lifecycle.hpp).
  FleetLifecycle lifecycle_{eng_, s_, inventory_, horizon_,
                            lifecycle_hooks(inventory_, cordon_, failures_, power_, admission_, deliveries_)};
};

// The racks of each site not in service now, by stage: exact, as every
// ordered rack is in exactly one stage (installed racks that have not entered
// service are in burn-in or its rework).
std::vector<SiteShortfall> BuildoutImpl::shortfall() const {
  const std::vector<Deliveries::Pending> pending = deliveries_.pending();
  std::vector<SiteShortfall> out;
  for (std::uint32_t si = 0; si < s_.sites.size(); ++si) {
    SiteShortfall f;
    f.site = si;
    std::int64_t delivered = 0;
    for (std::uint32_t k = 0; k < s_.skus.size(); ++k) {
      const SiteSkuCount& c = inventory_.cells()[si * s_.skus.size() + k];
      f.racks_not_in_service += c.racks_ordered - c.racks_in_service;
      delivered += c.racks_delivered - c.racks_in_service;
    }
    // racks retired by the lemon policy left service: they are in no stage
    f.racks_not_in_service -= cordon_.racks_retired(si);
    delivered -= cordon_.racks_retired(si);
    if (f.racks_not_in_service == 0) continue;
    f.racks_not_shipped = pending[si].racks_not_shipped;
    f.racks_in_transit = pending[si].racks_in_transit;
    f.next_ship = pending[si].next_ship;
    admission_.describe(si, f);
    f.racks_in_burn_in = delivered - f.racks_queued - f.racks_installing;
    out.push_back(f);
  }
  return out;
}

BuildoutSummary BuildoutImpl::summary() const {
  BuildoutSummary out;
  const Tick t = std::min(eng_.now(), horizon_);
  out.racks_ordered = deliveries_.racks_ordered();
  out.gpus_ordered = deliveries_.gpus_ordered();
  out.racks_in_service = capacity_.racks_in_service();
  out.gpus_in_service = capacity_.gpus_up();
  const KeyDates& k = capacity_.key_dates();
  out.in_service_50pct = k.in_service_50pct;
  out.in_service_90pct = k.in_service_90pct;
  out.in_service_100pct = k.in_service_100pct;
  out.stranded_no_power_gpu_days = admission_.stranded_no_power_gpu_days(t);
  out.stranded_no_slot_gpu_days = admission_.stranded_no_slot_gpu_days(t);
  out.waiting_crew_gpu_days = admission_.waiting_crew_gpu_days(t);
  out.stranded_construction_gpu_days = admission_.stranded_construction_gpu_days(t);
  out.stranded_interconnection_gpu_days = admission_.stranded_interconnection_gpu_days(t);
  out.stranded_equipment_gpu_days = admission_.stranded_equipment_gpu_days(t);
  out.in_transit_gpu_days = deliveries_.in_transit_gpu_days(t);
  out.failed_gpu_days = capacity_.failed_gpu_days(t);
  out.energy_mwh = power_.energy_mwh(t);
  out.energy_cost_usd = prices_.energy_cost_usd(t);
  out.prices = PriceFigures{prices_.used(), prices_.capacity_cost_usd(), prices_.grid_tco2(t), prices_.embodied_tco2()};
  out.capex_usd = deliveries_.capex_usd();
  out.peak_facility_mw = power_.peak_facility_mw();
  out.peak_it_mw = power_.peak_it_mw();
  out.failures = failures_.failures();
  out.repairs = repairs_.repairs();
  out.burn_in_failures = burn_in_.failures();
  out.reliability = ReliabilityFigures{failures_.lemon_racks(),
                                       failures_.failures_from_lemons(),
                                       cordon_.racks_cordoned(),
                                       cordon_.racks_retired(),
                                       repairs_.repairs_automated(),
                                       repairs_.repairs_manual(),
                                       repairs_.repairs_not_fixed(),
                                       replay_.replayed(),
                                       replay_.skipped()};
  if (generation_.used() || curtailment_.used()) {  // by name: GenerationFigures gains fields
    GenerationFigures& g = out.generation;
    g.used = true;
    g.bridge_energy_mwh = generation_.bridge_energy_mwh(t);
    g.bridge_fuel_usd = generation_.bridge_fuel_usd(t);
    g.bridge_tco2 = generation_.bridge_tco2(t);
    g.generation_capex_usd = generation_.capex_usd();
    g.stranded_onsite_outage_gpu_days = load_shed_.stranded_gpu_days(t);
    g.racks_held = load_shed_.racks_held();
    g.unserved_mwh = load_shed_.unserved_mwh(t);
    g.stranded_curtailment_gpu_days = load_shed_.curtailment_gpu_days(t);
  }
  out.power_ledger = load_shed_.ledger_figures();
  out.power_ledger.burn_in_pauses = burn_in_.pauses();
  out.power_ledger.curtailment_hours = curtailment_.curtailment_hours(t);
  out.contracts = contracts_.spend();
  if (money_) out.money = money_->figures();
  out.lifecycle = lifecycle_.figures();
  out.contract_figures = contracts_.figures();
  for (const SiteSkuCount& c : inventory_.cells())
    if (c.racks_ordered > 0) out.by_site_sku.push_back(c);
  for (std::uint32_t si = 0; si < s_.sites.size(); ++si) out.site_energized_mw.push_back(power_.energized_mw(si));
  out.shortfall = shortfall();
  out.milestones = milestones_.outcomes();
  out.events = eng_.events_processed();
  return out;
}

}  // namespace detail

Buildout::Buildout(Engine& engine, const Scenario& scenario, std::uint64_t seed)
    : impl_(std::make_unique<detail::BuildoutImpl>(engine, scenario, seed)) {}
Buildout::~Buildout() = default;
Tick Buildout::horizon() const { return impl_->horizon(); }
void Buildout::add_listener(CapacityListener& l) { impl_->add_listener(l); }
Recorder& Buildout::recorder() { return impl_->recorder(); }
const Fabric& Buildout::fabric() const { return impl_->fabric(); }
BuildoutSummary Buildout::summary() const { return impl_->summary(); }
void Buildout::training_run_finished(std::uint32_t run) { impl_->training_run_finished(run); }
const Timeseries& Buildout::timeseries() const { return impl_->timeseries(); }

}  // namespace gwsim
