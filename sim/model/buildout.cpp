#include "model/buildout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include <boost/math/special_functions/gamma.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "core/distribution.hpp"

namespace gwsim {
namespace detail {

namespace {

enum class Wait : std::uint8_t { none, power, slot, crew };
enum class JobKind : std::uint8_t { rework, rack, cohort };


// Power is accounted in integer microwatts: exact sums, no drift; 1 TW (the
// loader's limit on a scenario's total) is 1e18 uW, inside int64.
constexpr std::int64_t kMicrowattsPerMw = 1'000'000'000'000;

}  // namespace

class BuildoutImpl {
 public:
  BuildoutImpl(Engine& eng, const Scenario& s, std::uint64_t seed)
      : eng_(eng),
        s_(s),
        streams_(seed),
        rng_ship_(streams_.stream("deliveries")),
        rng_stage_(streams_.stream("power_stages")),
        rng_burn_in_(streams_.stream("burn_in")),
        rng_fail_(streams_.stream("failures")),
        rng_repair_(streams_.stream("repairs")),
        on_ship_(*this, eng),
        on_arrive_(*this, eng),
        on_stage_(*this, eng),
        on_building_(*this, eng),
        on_install_(*this, eng),
        on_burn_in_(*this, eng),
        on_failure_(*this, eng),
        on_cohort_(*this, eng),
        on_repair_(*this, eng),
        on_restock_(*this, eng),
        on_sample_(*this, eng) {
    if (eng_.now() != 0) throw Error("model.engine", "the buildout model needs an engine whose clock reads 0");
    horizon_ = s_.end + days(1) - 1;
    prepare_skus();
    prepare_sites();
    prepare_orders();
    bind_columns();
    // the row for day d is the state at the end of that day
    eng_.schedule_at(days(1) - 1, on_sample_.id(), 0);
  }

  Tick horizon() const { return horizon_; }
  const Timeseries& timeseries() const { return rec_.timeseries(); }
  Recorder& recorder() { return rec_; }
  void add_listener(CapacityListener& l) { listeners_.push_back(&l); }

  BuildoutSummary summary() const {
    BuildoutSummary out = sum_;
    const Tick t = std::min(eng_.now(), horizon_);
    out.racks_in_service = racks_in_service_;
    out.gpus_in_service = up_gpus_;
    out.stranded_no_power_gpu_days = stranded_power_.integral_hours(t) / 24.0;
    out.stranded_no_slot_gpu_days = stranded_slot_.integral_hours(t) / 24.0;
    out.waiting_crew_gpu_days = waiting_crew_.integral_hours(t) / 24.0;
    out.in_transit_gpu_days = in_transit_tw_.integral_hours(t) / 24.0;
    out.failed_gpu_days = down_tw_.integral_hours(t) / 24.0;
    out.energy_mwh = facility_mw_.integral_hours(t);
    out.energy_cost_usd = out.energy_mwh * s_.energy_usd_per_mwh;
    out.peak_facility_mw = facility_mw_.max();
    out.peak_it_mw = peak_it_mw_;
    out.contracts = spend_;
    for (const SiteSkuCount& c : cells_)
      if (c.racks_ordered > 0) out.by_site_sku.push_back(c);
    for (const SiteRt& site : sites_)
      out.site_energized_mw.push_back(static_cast<double>(site.energized_mw_int) / kMicrowattsPerMw);
    out.events = eng_.events_processed();
    return out;
  }

  // ---------------------------------------------------------------- events

  void ship(std::uint64_t b) {
    Batch& batch = batches_[b];
    const std::int64_t gpus = batch.racks * skus_[batch.sku].gpus;
    not_shipped_ -= gpus;
    in_transit_ += gpus;
    in_transit_tw_.set(eng_.now(), static_cast<double>(in_transit_));
    eng_.schedule_at(std::min(eng_.now() + batch.lead, kForever), on_arrive_.id(), b);
  }

  void arrive(std::uint64_t b) {
    Batch& batch = batches_[b];
    const SkuRt& k = skus_[batch.sku];
    SiteRt& site = sites_[batch.site];
    in_transit_ -= batch.racks * k.gpus;
    in_transit_tw_.set(eng_.now(), static_cast<double>(in_transit_));
    delivered_ += batch.racks * k.gpus;
    cell(batch.site, batch.sku).racks_delivered += batch.racks;
    sum_.capex_usd += static_cast<double>(batch.racks) * k.sku->capex_usd_per_rack;
    for (std::int64_t i = 0; i < batch.racks; ++i) {
      const auto r = static_cast<std::uint32_t>(racks_.size());
      racks_.push_back(Rack{batch.site, batch.sku, 0, 0});
      site.queue.push_back(r);
    }
    site.waiting_gpus += batch.racks * k.gpus;
    admit(batch.site);
  }

  void energize(std::uint64_t stage) {
    const StageRt& st = stages_[stage];
    SiteRt& site = sites_[st.site];
    site.energized_mw_int += st.mw_int;
    energized_total_int_ += st.mw_int;
    admit(st.site);
  }

  void building_ready(std::uint64_t b) {
    const BuildingRt& bu = buildings_[b];
    sites_[bu.site].slots_ready += bu.slots;
    admit(bu.site);
  }

  void install_done(std::uint64_t r) {
    const std::uint32_t si = racks_[r].site;
    SiteRt& site = sites_[si];
    const SkuRt& k = skus_[racks_[r].sku];
    ++site.crews_free;
    installing_ -= k.gpus;
    start_burn_in(static_cast<std::uint32_t>(r));
    admit(si);
  }

  void burn_in_done(std::uint64_t r) {
    const std::uint32_t si = racks_[r].site;
    const Site& spec = s_.sites[si];
    const SkuRt& k = skus_[racks_[r].sku];
    burn_in_ -= k.gpus;
    const bool fails = s_.failures_enabled && spec.burn_in_fail_prob > 0 &&
                       boost::random::bernoulli_distribution<double>(spec.burn_in_fail_prob)(rng_burn_in_);
    if (fails) {
      ++sum_.burn_in_failures;
      rework_ += k.gpus;
      change_it(si, racks_[r].sku, -k.gpus);
      // rework: one node-level repair (a spare node and a technician)
      enqueue_repair(RepairJob{si, racks_[r].sku, static_cast<std::uint32_t>(r), 0, k.gpus,
                               static_cast<std::uint32_t>(k.rework_class), JobKind::rework, true});
      return;
    }
    ++racks_in_service_;
    ++cell(si, racks_[r].sku).racks_in_service;
    cell(si, racks_[r].sku).gpus_up += k.gpus;
    up_gpus_ += k.gpus;
    sites_[si].up_gpus += k.gpus;
    sku_up_[racks_[r].sku] += k.gpus;
    provider_up_add(si, k.gpus);
    for (CapacityListener* l : listeners_) l->gpus_up(si, racks_[r].sku, k.gpus);
    note_key_dates();
    if (s_.failures_enabled && !k.class_rates.empty()) {
      if (k.all_exponential) join_cohort(static_cast<std::uint32_t>(r));
      else schedule_failure(static_cast<std::uint32_t>(r));
    }
  }

  // A failure of a rack with its own (Weibull) clock.
  void rack_failure(std::uint64_t r) {
    const auto rack = static_cast<std::uint32_t>(r);
    Rack& rk = racks_[rack];
    fail(rk.site, rk.sku, rk.down, rk.next_class, JobKind::rack, rack, 0);
    schedule_failure(rack);
  }

  // A failure in a cohort of exponential racks: the superposition of its n
  // racks' Poisson processes is one of rate n x lambda, and the rack that
  // failed is uniform among them. Only the cohort's own array is touched.
  void cohort_failure(std::uint64_t c) {
    Cohort& co = cohorts_[c];
    const auto i = boost::random::uniform_int_distribution<std::uint32_t>(
        0, static_cast<std::uint32_t>(co.down.size() - 1))(rng_fail_);
    const auto cls = static_cast<std::uint32_t>(skus_[co.sku].pick_class(rng_fail_));
    fail(co.site, co.sku, co.down[i], cls, JobKind::cohort, static_cast<std::uint32_t>(c), i);
    schedule_cohort(co, static_cast<std::uint32_t>(c));
  }

  // One failure of class `cls` in a rack whose down-GPU count is `down`.
  void fail(std::uint32_t si, std::uint32_t sku, std::uint32_t& down, std::uint32_t cls, JobKind kind,
            std::uint32_t a, std::uint32_t b) {
    const SkuRt& k = skus_[sku];
    const FailureClass& fc = k.sku->failure_classes[cls];
    const int blast = fc.blast == Blast::gpu ? 1 : fc.blast == Blast::node ? k.sku->gpus_per_node : k.gpus;
    const int lost = std::min(blast, k.gpus - static_cast<int>(down));
    ++sum_.failures;
    if (lost <= 0) return;
    down += static_cast<std::uint32_t>(lost);
    take_down(si, sku, lost);
    enqueue_repair(RepairJob{si, sku, a, b, lost, cls, kind, fc.blast != Blast::gpu});
  }

  void repair_done(std::uint64_t j) {
    const RepairJob job = jobs_[j];
    free_jobs_.push_back(static_cast<std::uint32_t>(j));
    SiteRt& site = sites_[job.site];
    ++site.techs_free;
    ++sum_.repairs;
    if (job.spare) eng_.schedule_at(std::min(eng_.now() + site.restock, kForever), on_restock_.id(), job.site);
    switch (job.kind) {
      case JobKind::rework:
        rework_ -= job.gpus;
        start_burn_in(job.a);
        break;
      case JobKind::rack:
        racks_[job.a].down -= static_cast<std::uint32_t>(job.gpus);
        bring_up(job.site, job.sku, job.gpus);
        break;
      case JobKind::cohort:
        cohorts_[job.a].down[job.b] -= static_cast<std::uint32_t>(job.gpus);
        bring_up(job.site, job.sku, job.gpus);
        break;
    }
    start_repairs(job.site);
  }

  void restock(std::uint64_t si) {
    ++sites_[si].spares;
    start_repairs(static_cast<std::uint32_t>(si));
  }

  void sample(std::uint64_t day) {
    rec_.sample(days(static_cast<std::int64_t>(day)), eng_.now());
    const Tick next = days(static_cast<std::int64_t>(day) + 2) - 1;
    if (next <= horizon_) eng_.schedule_at(next, on_sample_.id(), day + 1);
  }

 private:
  static constexpr Tick kForever = std::numeric_limits<Tick>::max() / 2;

  struct Cohort {
    std::uint32_t site;
    std::uint32_t sku;
    std::vector<std::uint32_t> down;  // GPUs down, per member rack (racks never leave service)
    EventId next;
  };
  struct SkuRt {
    const Sku* sku = nullptr;
    int gpus = 0;
    std::int64_t gpu_mw_int = 0;  // IT power of one GPU's share of its rack, in microwatts
    bool all_exponential = true;
    double rate_per_hour = 0;     // rack failure rate, all classes (exponential case)
    std::vector<double> class_rates;
    boost::random::discrete_distribution<std::size_t, double> pick_class;  // in proportion to rates
    std::vector<double> weibull_scale_hours;  // per class, per rack
    std::size_t rework_class = 0;
  };
  struct SiteRt {
    std::int64_t energized_mw_int = 0;  // facility microwatts energized
    std::int64_t reserved_mw_int = 0;   // facility microwatts reserved by installed racks
    std::int64_t slots_ready = 0;
    std::int64_t slots_used = 0;
    int crews_free = 0;
    Tick install_time = 0;
    Tick burn_in_time = 0;
    int techs_free = 0;
    std::int64_t spares = 0;
    Tick restock = 0;
    std::deque<std::uint32_t> queue;    // delivered racks waiting to be installed
    std::int64_t waiting_gpus = 0;
    Wait wait = Wait::none;
    std::int64_t accounted_waiting = 0;  // waiting_gpus as last counted under `wait`
    std::deque<std::uint32_t> repairs;  // repair jobs waiting for a technician/spare
    std::int64_t up_gpus = 0;
    std::int64_t it_int = 0;
    int provider = 0;
    std::vector<std::int64_t> reserve_int;  // per SKU: facility microwatts reserved by one rack
  };
  struct Batch {
    std::uint32_t site = 0;
    std::uint32_t sku = 0;
    std::int64_t racks = 0;
    Tick lead = 0;
  };
  struct StageRt {
    std::uint32_t site = 0;
    std::int64_t mw_int = 0;
  };
  struct BuildingRt {
    std::uint32_t site = 0;
    std::int64_t slots = 0;
  };
  // A repair: of a rack that failed burn-in (a = rack), of a rack with its
  // own clock (a = rack) or of a cohort member (a = cohort, b = its slot).
  struct RepairJob {
    std::uint32_t site;
    std::uint32_t sku;
    std::uint32_t a;
    std::uint32_t b;
    int gpus;
    std::uint32_t cls;
    JobKind kind;
    bool spare;  // needs a spare node
  };

  // ------------------------------------------------------------ set-up

  void prepare_skus() {
    for (const Sku& k : s_.skus) {
      SkuRt rt;
      rt.sku = &k;
      rt.gpus = k.gpus_per_rack;
      rt.gpu_mw_int = std::llround(k.rack_power_kw * 1e9 / k.gpus_per_rack);
      std::size_t best = 0;
      for (std::size_t c = 0; c < k.failure_classes.size(); ++c) {
        const FailureClass& f = k.failure_classes[c];
        const double mean_hours = f.mtbf_gpu_hours / k.gpus_per_rack;  // per rack
        rt.class_rates.push_back(1.0 / mean_hours);
        rt.rate_per_hour += 1.0 / mean_hours;
        rt.weibull_scale_hours.push_back(mean_hours / boost::math::tgamma(1.0 + 1.0 / f.weibull_shape));
        if (f.weibull_shape != 1.0) rt.all_exponential = false;
        // rework after a failed burn-in is repaired like the most frequent node-level failure
        const auto& b = k.failure_classes[best];
        if (f.blast == Blast::node && (b.blast != Blast::node || f.mtbf_gpu_hours < b.mtbf_gpu_hours)) best = c;
      }
      rt.rework_class = best;
      if (!rt.class_rates.empty())
        rt.pick_class = boost::random::discrete_distribution<std::size_t, double>(rt.class_rates.begin(), rt.class_rates.end());
      skus_.push_back(std::move(rt));
    }
    sku_up_.assign(skus_.size(), 0);
  }

  void prepare_sites() {
    std::map<std::string, int> providers;
    for (std::uint32_t i = 0; i < s_.sites.size(); ++i) {
      const Site& spec = s_.sites[i];
      SiteRt rt;
      rt.crews_free = spec.crews;
      rt.install_time = std::max<Tick>(1, ticks_from_hours(168.0 / spec.racks_per_crew_per_week));
      rt.burn_in_time = ticks_from_hours(spec.burn_in_hours);
      rt.techs_free = spec.technicians;
      rt.spares = spec.spare_nodes;
      rt.restock = ticks_from_days(spec.spare_restock_days);
      auto [it, fresh] = providers.try_emplace(spec.provider, static_cast<int>(providers.size()));
      (void)fresh;
      rt.provider = it->second;
      for (const SkuRt& k : skus_)
        rt.reserve_int.push_back(std::llround(k.sku->rack_power_kw * 1e9 * spec.pue));
      // power stages, with optional slips
      for (const PowerStage& st : spec.power_stages) {
        Tick at = st.date;
        if (spec.stage_slip_days) at = clamp_time(at + ticks_from_days(gwsim::sample(*spec.stage_slip_days, rng_stage_)));
        stages_.push_back(StageRt{i, std::llround(st.power_mw * kMicrowattsPerMw)});
        eng_.schedule_at(at, on_stage_.id(), stages_.size() - 1);
      }
      for (const Building& b : spec.buildings) {
        buildings_.push_back(BuildingRt{i, b.rack_slots});
        eng_.schedule_at(b.ready, on_building_.id(), buildings_.size() - 1);
      }
      sites_.push_back(std::move(rt));
    }
    provider_up_.assign(providers.size(), TimeWeighted(0, 0.0));
    provider_up_now_.assign(providers.size(), 0);
    for (const Contract& c : s_.contracts) {
      spend_.push_back(ContractSpend{c.name, c.provider, c.total_usd, 0, 0, 0});
      auto it = providers.find(c.provider);
      contract_provider_.push_back(it == providers.end() ? -1 : it->second);
      contract_last_gpu_hours_.push_back(0.0);
    }
  }

  SiteSkuCount& cell(std::uint32_t site, std::uint32_t sku) { return cells_[site * skus_.size() + sku]; }

  void prepare_orders() {
    cells_.resize(sites_.size() * skus_.size());
    for (std::uint32_t si = 0; si < sites_.size(); ++si)
      for (std::uint32_t k = 0; k < skus_.size(); ++k) {
        cell(si, k).site = si;
        cell(si, k).sku = k;
      }
    for (const Order& o : s_.orders) {
      const Tick lead = ticks_from_days(o.lead_time_days);
      for (const Delivery& d : o.deliveries) {
        if (d.racks == 0) continue;
        Tick at = d.date;
        if (o.slip_days) at = clamp_time(at + ticks_from_days(gwsim::sample(*o.slip_days, rng_ship_)));
        batches_.push_back(Batch{static_cast<std::uint32_t>(o.site), static_cast<std::uint32_t>(o.sku), d.racks, lead});
        const std::int64_t gpus = d.racks * skus_[static_cast<std::size_t>(o.sku)].gpus;
        gpus_ordered_ += gpus;
        sum_.racks_ordered += d.racks;
        cell(static_cast<std::uint32_t>(o.site), static_cast<std::uint32_t>(o.sku)).racks_ordered += d.racks;
        eng_.schedule_at(at, on_ship_.id(), batches_.size() - 1);
      }
    }
    not_shipped_ = gpus_ordered_;
    sum_.gpus_ordered = gpus_ordered_;
    racks_.reserve(static_cast<std::size_t>(sum_.racks_ordered));
  }

  Tick clamp_time(Tick t) const { return std::clamp<Tick>(t, 0, kForever); }

  double pflops(double Sku::*per_gpu) const {
    double total = 0;
    for (std::size_t i = 0; i < skus_.size(); ++i) total += static_cast<double>(sku_up_[i]) * (*skus_[i].sku).*per_gpu;
    return total;
  }
  double contracts_total(double ContractSpend::*field) const {
    double total = 0;
    for (const ContractSpend& c : spend_) total += c.*field;
    return total;
  }

  void bind_columns() {
    namespace c = columns;
    auto count = [](const std::int64_t& n) { return [&n] { return static_cast<double>(n); }; };
    rec_.use(buildout_columns());
    rec_.before_row([this](Tick now) { accrue_contracts(now); });
    rec_.bind(c::gpus_ordered, count(gpus_ordered_));
    rec_.bind(c::gpus_not_shipped, count(not_shipped_));
    rec_.bind(c::gpus_in_transit, count(in_transit_));
    rec_.bind(c::gpus_delivered, count(delivered_));
    rec_.bind(c::gpus_waiting_power, count(stranded_power_gpus_));
    rec_.bind(c::gpus_waiting_slot, count(stranded_slot_gpus_));
    rec_.bind(c::gpus_waiting_crew, count(waiting_crew_gpus_));
    rec_.bind(c::gpus_installing, count(installing_));
    rec_.bind(c::gpus_burn_in, count(burn_in_));
    rec_.bind(c::gpus_rework, count(rework_));
    rec_.bind(c::gpus_in_service, count(up_gpus_));
    rec_.bind(c::gpus_failed, count(down_gpus_));
    rec_.bind(c::gpus_in_repair, count(in_repair_));
    rec_.bind(c::gpus_stranded, [this] { return static_cast<double>(stranded_power_gpus_ + stranded_slot_gpus_); });
    rec_.bind(c::racks_in_service, count(racks_in_service_));
    rec_.bind(c::power_energized_mw, [this] { return static_cast<double>(energized_total_int_) / kMicrowattsPerMw; });
    rec_.bind(c::it_power_mw, [this] { return static_cast<double>(it_int_) / kMicrowattsPerMw; });
    rec_.bind(c::facility_power_mw, [this] { return facility_mw_.value(); });
    rec_.bind(c::pflops_fp8_online, [this] { return pflops(&Sku::fp8_pflops_per_gpu); });
    rec_.bind(c::pflops_bf16_online, [this] { return pflops(&Sku::bf16_pflops_per_gpu); });
    rec_.bind(c::energy_mwh, [this] { return facility_mw_.integral_hours(eng_.now()); });
    rec_.bind(c::energy_cost_usd, [this] { return facility_mw_.integral_hours(eng_.now()) * s_.energy_usd_per_mwh; });
    rec_.bind(c::capex_usd, [this] { return sum_.capex_usd; });
    rec_.bind(c::contract_committed_usd, [this] { return contracts_total(&ContractSpend::committed_usd); });
    rec_.bind(c::contract_used_usd, [this] { return contracts_total(&ContractSpend::used_usd); });
    rec_.bind(c::contract_paid_usd, [this] { return contracts_total(&ContractSpend::paid_usd); });
    rec_.bind(c::largest_site_gpus_in_service, [this] {
      std::int64_t largest = 0;
      for (const SiteRt& site : sites_) largest = std::max(largest, site.up_gpus);
      return static_cast<double>(largest);
    });
  }

  // ------------------------------------------------------------ mechanics

  // Starts installing waiting racks at a site while crews, slots and power
  // allow, in delivery order; records why the queue waits otherwise.
  void admit(std::uint32_t si) {
    SiteRt& site = sites_[si];
    const Tick now = eng_.now();
    while (!site.queue.empty()) {
      const std::uint32_t r = site.queue.front();
      const std::uint32_t k = racks_[r].sku;
      Wait why = Wait::none;
      if (site.reserved_mw_int + site.reserve_int[k] > site.energized_mw_int) why = Wait::power;
      else if (site.slots_used >= site.slots_ready) why = Wait::slot;
      else if (site.crews_free == 0) why = Wait::crew;
      if (why != Wait::none) {
        set_wait(site, why);
        return;
      }
      site.queue.pop_front();
      site.waiting_gpus -= skus_[k].gpus;
      site.reserved_mw_int += site.reserve_int[k];
      ++site.slots_used;
      --site.crews_free;
      installing_ += skus_[k].gpus;
      eng_.schedule_at(now + site.install_time, on_install_.id(), r);
    }
    set_wait(site, Wait::none);
  }

  // Moves the site's waiting GPUs between the stranded/waiting counters.
  void set_wait(SiteRt& site, Wait why) {
    const Tick now = eng_.now();
    counter(site.wait) -= site.accounted_waiting;
    site.wait = why;
    site.accounted_waiting = why == Wait::none ? 0 : site.waiting_gpus;
    counter(site.wait) += site.accounted_waiting;
    stranded_power_.set(now, static_cast<double>(stranded_power_gpus_));
    stranded_slot_.set(now, static_cast<double>(stranded_slot_gpus_));
    waiting_crew_.set(now, static_cast<double>(waiting_crew_gpus_));
  }
  std::int64_t& counter(Wait w) {
    switch (w) {
      case Wait::power: return stranded_power_gpus_;
      case Wait::slot: return stranded_slot_gpus_;
      case Wait::crew: return waiting_crew_gpus_;
      case Wait::none: break;
    }
    return no_wait_sink_;
  }

  void start_burn_in(std::uint32_t r) {
    const std::uint32_t si = racks_[r].site;
    burn_in_ += skus_[racks_[r].sku].gpus;
    change_it(si, racks_[r].sku, skus_[racks_[r].sku].gpus);
    eng_.schedule_at(eng_.now() + sites_[si].burn_in_time, on_burn_in_.id(), r);
  }

  // IT power follows the GPUs that are powered (burn-in or up in service).
  void change_it(std::uint32_t si, std::uint32_t k, std::int64_t gpus) {
    const std::int64_t delta = gpus * skus_[k].gpu_mw_int;
    sites_[si].it_int += delta;
    it_int_ += delta;
    facility_int_ += static_cast<double>(delta) * s_.sites[si].pue;
    facility_mw_.set(eng_.now(), std::max(0.0, facility_int_ / kMicrowattsPerMw));
    peak_it_mw_ = std::max(peak_it_mw_, static_cast<double>(it_int_) / kMicrowattsPerMw);
  }

  void take_down(std::uint32_t si, std::uint32_t sku, int gpus) {
    up_gpus_ -= gpus;
    down_gpus_ += gpus;
    down_tw_.set(eng_.now(), static_cast<double>(down_gpus_ + in_repair_));
    sites_[si].up_gpus -= gpus;
    sku_up_[sku] -= gpus;
    cell(si, sku).gpus_up -= gpus;
    provider_up_add(si, -gpus);
    change_it(si, sku, -gpus);
    for (CapacityListener* l : listeners_) l->gpus_down(si, sku, gpus);
  }
  void bring_up(std::uint32_t si, std::uint32_t sku, int gpus) {
    up_gpus_ += gpus;
    in_repair_ -= gpus;
    down_tw_.set(eng_.now(), static_cast<double>(down_gpus_ + in_repair_));
    sites_[si].up_gpus += gpus;
    sku_up_[sku] += gpus;
    cell(si, sku).gpus_up += gpus;
    provider_up_add(si, gpus);
    change_it(si, sku, gpus);
    for (CapacityListener* l : listeners_) l->gpus_up(si, sku, gpus);
  }
  void provider_up_add(std::uint32_t si, std::int64_t gpus) {
    const auto p = static_cast<std::size_t>(sites_[si].provider);
    provider_up_now_[p] += gpus;
    provider_up_[p].set(eng_.now(), static_cast<double>(provider_up_now_[p]));
  }

  // Per-rack clock: competing Weibull clocks, restarted at each failure (a
  // renewal approximation). Used only for SKUs with a non-exponential class.
  void schedule_failure(std::uint32_t r) {
    const SkuRt& k = skus_[racks_[r].sku];
    double hours = std::numeric_limits<double>::infinity();
    std::size_t cls = 0;
    for (std::size_t c = 0; c < k.class_rates.size(); ++c) {
      const double h = boost::random::weibull_distribution<double>(k.sku->failure_classes[c].weibull_shape,
                                                                    k.weibull_scale_hours[c])(rng_fail_);
      if (h < hours) {
        hours = h;
        cls = c;
      }
    }
    racks_[r].next_class = static_cast<std::uint32_t>(cls);
    const Tick at = eng_.now() + std::max<Tick>(1, ticks_from_hours(std::min(hours, 1e9)));
    if (at <= horizon_) eng_.schedule_at(at, on_failure_.id(), r);
  }

  // Exponential racks share one pending event per (site, SKU) cohort, so the
  // pending event set stays as small as the number of cohorts however large
  // the fleet. A rack joining changes the rate: by memorylessness the
  // pending draw is simply replaced.
  void join_cohort(std::uint32_t r) {
    const std::uint64_t key = (std::uint64_t{racks_[r].site} << 32) | racks_[r].sku;
    auto [it, fresh] = cohort_index_.try_emplace(key, static_cast<std::uint32_t>(cohorts_.size()));
    if (fresh) cohorts_.push_back(Cohort{racks_[r].site, racks_[r].sku, {}, EventId{}});
    Cohort& co = cohorts_[it->second];
    co.down.push_back(0);
    schedule_cohort(co, it->second);
  }

  void schedule_cohort(Cohort& co, std::uint32_t c) {
    eng_.cancel(co.next);  // no-op if it is the event being handled
    const double rate = skus_[co.sku].rate_per_hour * static_cast<double>(co.down.size());
    const double hours = boost::random::exponential_distribution<double>(rate)(rng_fail_);
    const Tick at = eng_.now() + std::max<Tick>(1, ticks_from_hours(std::min(hours, 1e9)));
    co.next = at <= horizon_ ? eng_.schedule_at(at, on_cohort_.id(), c) : EventId{};
  }

  void enqueue_repair(const RepairJob& job) {
    std::uint32_t j;
    if (!free_jobs_.empty()) {
      j = free_jobs_.back();
      free_jobs_.pop_back();
    } else {
      j = static_cast<std::uint32_t>(jobs_.size());
      jobs_.emplace_back();
    }
    jobs_[j] = job;
    sites_[job.site].repairs.push_back(j);
    start_repairs(job.site);
  }

  void start_repairs(std::uint32_t si) {
    SiteRt& site = sites_[si];
    while (site.techs_free > 0 && !site.repairs.empty()) {
      const std::uint32_t j = site.repairs.front();
      RepairJob& job = jobs_[j];
      if (job.spare && site.spares == 0) return;  // waits for a restock
      site.repairs.pop_front();
      --site.techs_free;
      if (job.spare) --site.spares;
      if (job.kind != JobKind::rework) {
        down_gpus_ -= job.gpus;
        in_repair_ += job.gpus;
      }
      const SkuRt& k = skus_[job.sku];
      double hours = 24.0;  // a SKU without failure classes: rework takes a day
      if (!k.sku->failure_classes.empty())
        hours = std::max(0.0, gwsim::sample(k.sku->failure_classes[job.cls].repair_hours, rng_repair_));
      eng_.schedule_at(eng_.now() + ticks_from_hours(std::min(hours, 1e6)), on_repair_.id(), j);
    }
  }

  void note_key_dates() {
    const std::int64_t n = racks_in_service_;
    const std::int64_t total = sum_.racks_ordered;
    const Tick now = eng_.now();
    if (!sum_.in_service_50pct && 2 * n >= total) sum_.in_service_50pct = now;
    if (!sum_.in_service_90pct && 10 * n >= 9 * total) sum_.in_service_90pct = now;
    if (!sum_.in_service_100pct && n >= total) sum_.in_service_100pct = now;
  }

  // Contract spend, accrued at each daily sample.
  void accrue_contracts(Tick t) {
    for (std::size_t c = 0; c < spend_.size(); ++c) {
      const Contract& k = s_.contracts[c];
      const Tick term_end = k.start + ticks_from_days(k.term_years * 365.25);
      const int p = contract_provider_[c];
      const double gpu_hours = p < 0 ? 0.0 : provider_up_[static_cast<std::size_t>(p)].integral_hours(t);
      if (t > k.start) {
        // GPU-hours between the previous sample and now, counted inside the term only
        const double in_term = t <= term_end ? 1.0 : 0.0;
        spend_[c].used_usd += in_term * (gpu_hours - contract_last_gpu_hours_[c]) * k.usd_per_gpu_hour;
        if (k.take_or_pay) {
          const double frac = std::clamp(to_hours(t - k.start) / to_hours(term_end - k.start), 0.0, 1.0);
          spend_[c].committed_usd = k.total_usd * frac;
        }
        spend_[c].paid_usd = std::max(spend_[c].used_usd, spend_[c].committed_usd);
      }
      contract_last_gpu_hours_[c] = gpu_hours;
    }
  }

  Engine& eng_;
  const Scenario& s_;
  RandomStreams streams_;
  RandomEngine rng_ship_, rng_stage_, rng_burn_in_, rng_fail_, rng_repair_;
  Tick horizon_ = 0;

  std::vector<SkuRt> skus_;
  std::vector<SiteRt> sites_;
  std::vector<Batch> batches_;
  std::vector<StageRt> stages_;
  std::vector<BuildingRt> buildings_;
  std::vector<RepairJob> jobs_;
  std::vector<std::uint32_t> free_jobs_;

  // One record per delivered rack, indexed by rack id (in order of delivery);
  // an event on a rack touches one 16-byte record, one cache line.
  struct Rack {
    std::uint32_t site;
    std::uint32_t sku;
    std::uint32_t down;        // GPUs down (failed or in repair)
    std::uint32_t next_class;  // failure class of the rack's pending failure
  };
  std::vector<Rack> racks_;

  std::vector<Cohort> cohorts_;
  std::unordered_map<std::uint64_t, std::uint32_t> cohort_index_;  // (site, SKU) -> cohort

  // GPU counts by state (their sum is gpus_ordered_ at every instant)
  std::int64_t gpus_ordered_ = 0, not_shipped_ = 0, in_transit_ = 0, delivered_ = 0;
  std::int64_t stranded_power_gpus_ = 0, stranded_slot_gpus_ = 0, waiting_crew_gpus_ = 0, no_wait_sink_ = 0;
  std::int64_t installing_ = 0, burn_in_ = 0, rework_ = 0, up_gpus_ = 0;
  std::int64_t down_gpus_ = 0;   // failed, waiting for a technician or a spare
  std::int64_t in_repair_ = 0;   // failed, being repaired
  std::int64_t racks_in_service_ = 0;
  std::vector<SiteSkuCount> cells_;  // site-major, one per (site, SKU)
  std::vector<std::int64_t> sku_up_;
  std::int64_t it_int_ = 0, energized_total_int_ = 0;
  double facility_int_ = 0, peak_it_mw_ = 0;

  TimeWeighted stranded_power_, stranded_slot_, waiting_crew_, in_transit_tw_, down_tw_, facility_mw_;
  std::vector<TimeWeighted> provider_up_;
  std::vector<std::int64_t> provider_up_now_;
  std::vector<ContractSpend> spend_;
  std::vector<int> contract_provider_;
  std::vector<double> contract_last_gpu_hours_;

  BuildoutSummary sum_;
  Recorder rec_;
  std::vector<CapacityListener*> listeners_;

  MemberHandler<BuildoutImpl, &BuildoutImpl::ship> on_ship_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::arrive> on_arrive_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::energize> on_stage_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::building_ready> on_building_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::install_done> on_install_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::burn_in_done> on_burn_in_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::rack_failure> on_failure_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::cohort_failure> on_cohort_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::repair_done> on_repair_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::restock> on_restock_;
  MemberHandler<BuildoutImpl, &BuildoutImpl::sample> on_sample_;
};

}  // namespace detail

Buildout::Buildout(Engine& engine, const Scenario& scenario, std::uint64_t seed)
    : impl_(std::make_unique<detail::BuildoutImpl>(engine, scenario, seed)) {}
Buildout::~Buildout() = default;
Tick Buildout::horizon() const { return impl_->horizon(); }
void Buildout::add_listener(CapacityListener& l) { impl_->add_listener(l); }
Recorder& Buildout::recorder() { return impl_->recorder(); }
BuildoutSummary Buildout::summary() const { return impl_->summary(); }
const Timeseries& Buildout::timeseries() const { return impl_->timeseries(); }

}  // namespace gwsim
