#include "model/money.hpp"

#include <algorithm>
#include <cmath>

#include "model/columns.hpp"
#include "model/contracts.hpp"
#include "model/energy_prices.hpp"
#include "model/generation.hpp"
#include "model/power.hpp"
#include "model/power_stages.hpp"
#include "scenario/catalog.hpp"

namespace gwsim {
namespace {

constexpr double kHoursPerYear = 365.25 * 24.0;  // a Julian year (docs/money.md)
constexpr std::size_t idx(MoneyCategory c) { return static_cast<std::size_t>(c); }
Tick life_ticks(double years) { return ticks_from_hours(years * kHoursPerYear); }

}  // namespace

Money::Money(const Engine& eng, const Scenario& s, Sources src)
    : eng_(eng), s_(s), src_(src), c_(s.costs ? *s.costs : Costs{}), cal_(s.start_iso), staff_mw_(s.sites.size(), 0.0) {
  for (const Sku& k : s.skus) sku_h100e_.push_back(h100_equivalents_per_gpu(k));
  for (const Order& o : s.orders) {
    std::int64_t racks = 0;
    for (const Delivery& d : o.deliveries) racks += d.racks;
    (o.ownership == Ownership::owned ? owned_gpus_ : leased_gpus_) += racks * s.skus[o.sku].gpus_per_rack;
  }
  add_stages();
}

bool Money::used(const Scenario& s) {
  if (s.costs || s.lifecycle) return true;
  return std::any_of(s.sites.begin(), s.sites.end(), [](const Site& x) { return x.ownership == Ownership::leased; }) ||
         std::any_of(s.orders.begin(), s.orders.end(), [](const Order& o) { return o.ownership == Ownership::leased; });
}

double Money::annuity_per_year(double usd, double life_years) const {
  const double r = c_.cost_of_capital;
  if (r == 0) return usd / life_years;
  return usd * r / (1 - std::pow(1 + r, -life_years));
}

void Money::add_asset(Tick from, Tick to, double usd, double life_years, LinearAccrual& paid,
                      LinearAccrual* depreciation, Tick in_service) {
  paid.add(from, to, usd);
  if (in_service >= kFarFuture) return;  // never in service: no depreciation, no capital charge
  const Tick end = in_service + life_ticks(life_years);
  if (depreciation != nullptr) depreciation->add(in_service, end, usd);
  charge_.add(in_service, end, annuity_per_year(usd, life_years) * life_years);
}

bool Money::built_by_construction(const Site& site) {
  return std::any_of(site.buildings.begin(), site.buildings.end(),
                     [](const Building& b) { return b.construction.has_value(); });
}

// Facility, land and on-site generation of the owned sites, against the actual
// timeline (docs/money.md): a stage's facility is paid over the build_days
// before the instant it is energized (drawn up front by PowerStages: its date
// with its slip, its interconnection, its equipment), in service from then; at
// a site built by construction, each building pays its share (by rack slots)
// over its shell and fit-out (shell_started()), or over the build_days before
// its ready date when it has no construction, in service when it is ready.
void Money::add_stages() {
  const Tick build = ticks_from_days(c_.facility.build_days);
  building_usd_.resize(s_.sites.size());
  for (std::uint32_t si = 0; si < s_.sites.size(); ++si) {
    const Site& site = s_.sites[si];
    if (site.ownership == Ownership::leased) continue;
    const bool built = built_by_construction(site);
    double it_mw = 0;
    Tick first = kFarFuture;
    for (std::uint32_t k = 0; k < site.power_stages.size(); ++k) {
      const double mw = site.power_stages[k].power_mw / site.pue;
      it_mw += mw;
      if (built) continue;
      const PowerStages::StageTimes at = src_.stages.times(si, k);
      // never energized (its interconnection withdrawn): built by its date, never in service
      const Tick done = at.energized < kFarFuture ? at.energized : at.dated;
      first = std::min(first, done - build);
      add_asset(done - build, done, mw * c_.facility.usd_per_it_mw, c_.facility.life_years, facility_, &dep_facility_,
                at.energized);
    }
    if (built) first = std::min(first, add_buildings(si, it_mw * c_.facility.usd_per_it_mw, build));
    if (it_mw > 0 && c_.land_usd_per_it_mw > 0) {
      // land is not used up: its capital charge is the cost of capital on it, for ever
      const double usd = it_mw * c_.land_usd_per_it_mw;
      land_.add(first, first, usd);
      charge_.add_rate(first, usd * c_.cost_of_capital / kHoursPerYear);
    }
    for (const Generation& g : site.generation)
      add_asset(0, 0, g.power_mw * 1000.0 * g.capex_usd_per_kw, c_.facility.life_years, generation_, nullptr, 0);
  }
}

// Site `si`'s facility capex `usd` shared by its buildings' rack slots (alike
// when it has none); a building without construction is paid and in service
// by its ready date. Returns the first instant its buildings' spend starts.
Tick Money::add_buildings(std::uint32_t si, double usd, Tick build) {
  const Site& site = s_.sites[si];
  std::int64_t slots = 0;
  for (const Building& b : site.buildings) slots += b.rack_slots;
  Tick first = kFarFuture;
  std::vector<double>& per = building_usd_[si];
  for (const Building& b : site.buildings) {
    const double share = slots > 0 ? static_cast<double>(b.rack_slots) / static_cast<double>(slots)
                                   : 1.0 / static_cast<double>(site.buildings.size());
    per.push_back(usd * share);
    if (b.construction) {
      first = std::min(first, b.construction->start);
      continue;
    }
    first = std::min(first, b.ready - build);
    add_asset(b.ready - build, b.ready, per.back(), c_.facility.life_years, facility_, &dep_facility_, b.ready);
  }
  return first;
}

void Money::shell_started(Tick now, std::uint32_t si, std::uint32_t k, Tick fitout_end, Tick ready) {
  if (building_usd_[si].empty()) return;  // leased, or not built by construction
  add_asset(now, fitout_end, building_usd_[si][k], c_.facility.life_years, facility_, &dep_facility_, ready);
}

void Money::delivered(Tick now, std::uint32_t /*site*/, std::uint32_t sku, std::uint32_t first_rack,
                      std::int64_t racks) {
  const Sku& k = s_.skus[sku];
  add_asset(now, now, static_cast<double>(racks) * k.capex_usd_per_rack, rack_life_years(k), racks_, &dep_racks_, now);
  const double gpus = static_cast<double>(racks * k.gpus_per_rack);
  add_asset(now, now, gpus * c_.network_usd_per_gpu, c_.network_life_years, network_, &dep_network_, now);
  if (racks > 0) owned_.push_back(OwnedBatch{first_rack, static_cast<std::uint32_t>(racks), sku, now});
}

// A retired owned rack: the rest of its straight line and of its annuity is
// taken off from now to the end of its life (the same rate per hour that
// delivered() added for it, so the two cancel exactly for a delivery of one
// rack); what was not depreciated is its book value, written off. Its network
// stays (the site's fabric, with the facility). Leased racks (no batch) cost nothing.
void Money::retired(Tick now, std::uint32_t rack) {
  auto it = std::upper_bound(owned_.begin(), owned_.end(), rack,
                             [](std::uint32_t r, const OwnedBatch& b) { return r < b.first; });
  if (it == owned_.begin()) return;
  --it;
  if (rack - it->first >= it->racks) return;  // leased
  const Sku& k = s_.skus[it->sku];
  const double usd = k.capex_usd_per_rack;
  retired_capex_.add(now, now, usd);
  const double life = rack_life_years(k);
  const Tick end = it->at + life_ticks(life);
  if (now >= end) return;  // fully depreciated
  const double life_hours = to_hours(end - it->at);
  book_value_retired_usd_ += usd * (to_hours(end - now) / life_hours);
  dep_racks_.add_rate(now, end, -(usd / life_hours));
  charge_.add_rate(now, end, -(annuity_per_year(usd, life) * life / life_hours));
}

void Money::power_changed(Tick now, std::uint32_t site) {
  const Site& x = s_.sites[site];
  if (x.ownership == Ownership::leased) return;
  const double it_mw = src_.power.energized_mw(site) / x.pue;
  staff_.add_rate(now, (it_mw - staff_mw_[site]) * c_.staff_usd_per_mw_year / kHoursPerYear);
  staff_mw_[site] = it_mw;
}

void Money::contract_paid(Tick /*now*/, double usd) { contract_extra_usd_ += usd; }
void Money::resale(Tick /*now*/, double usd) { resale_usd_ += usd; }

void Money::gpus_up(std::uint32_t /*site*/, std::uint32_t sku, std::uint32_t /*rack*/, std::int64_t gpus) {
  gpus_up_ += gpus;
  h100e_up_ += static_cast<double>(gpus) * sku_h100e_[sku];
  gpu_tw_.set(eng_.now(), static_cast<double>(gpus_up_));
  h100e_tw_.set(eng_.now(), h100e_up_);
}

void Money::gpus_down(std::uint32_t /*site*/, std::uint32_t sku, std::uint32_t /*rack*/, std::int64_t gpus) {
  gpus_up_ -= gpus;
  h100e_up_ -= static_cast<double>(gpus) * sku_h100e_[sku];
  gpu_tw_.set(eng_.now(), static_cast<double>(gpus_up_));
  h100e_tw_.set(eng_.now(), h100e_up_);
}

void Money::advance(Tick now) {
  for (LinearAccrual* a : {&racks_, &network_, &facility_, &land_, &generation_, &staff_, &charge_, &dep_racks_,
                           &dep_network_, &dep_facility_, &retired_capex_})
    a->advance(now);
  now_ = now;
}

// Every category's spend from the start to `now` (accruals advanced to `now`).
MoneyAmounts Money::cumulative(Tick now) const {
  MoneyAmounts a{};
  a[idx(MoneyCategory::racks)] = racks_.accrued();
  a[idx(MoneyCategory::network)] = network_.accrued();
  a[idx(MoneyCategory::facility)] = facility_.accrued();
  a[idx(MoneyCategory::land)] = land_.accrued();
  a[idx(MoneyCategory::generation)] = generation_.accrued();
  double energy = 0, capacity = 0;
  for (std::uint32_t si = 0; si < s_.sites.size(); ++si) {
    if (s_.sites[si].ownership == Ownership::leased) continue;  // the provider's
    energy += src_.prices.energy_cost_usd(si, now);
    capacity += src_.prices.capacity_cost_usd(si);
  }
  a[idx(MoneyCategory::energy)] = energy;
  a[idx(MoneyCategory::capacity_charges)] = capacity;
  a[idx(MoneyCategory::fuel)] = src_.generation.used() ? src_.generation.bridge_fuel_usd(now) : 0.0;
  a[idx(MoneyCategory::staff)] = staff_.accrued();
  // the capex in place: retired racks are not maintained
  const double capex_usd_hours = racks_.integral_hours() + network_.integral_hours() + facility_.integral_hours() +
                                 land_.integral_hours() + generation_.integral_hours() -
                                 retired_capex_.integral_hours();
  a[idx(MoneyCategory::maintenance)] = c_.maintenance_share_per_year * capex_usd_hours / kHoursPerYear;
  double paid = contract_extra_usd_;
  for (const ContractSpend& k : src_.contracts.spend()) paid += k.paid_usd;
  a[idx(MoneyCategory::contracts)] = paid;
  a[idx(MoneyCategory::resale)] = 0.0 - resale_usd_;  // not -0.0 when nothing was sold
  return a;
}

void Money::sample(Tick now) {
  advance(now);
  const MoneyAmounts cur = cumulative(now);
  const std::string month = cal_.format_date(now).substr(0, 7);
  if (months_.empty() || months_.back().month != month) months_.push_back(CashFlowMonth{month});
  for (std::size_t i = 0; i < kMoneyCategories; ++i) months_.back().usd[i] += cur[i] - last_[i];
  last_ = cur;
  // what the running capacity costs: energy, capacity charges, fuel and contracts (the last year: annualized)
  daily_running_usd_.push_back(cur[idx(MoneyCategory::energy)] + cur[idx(MoneyCategory::capacity_charges)] +
                               cur[idx(MoneyCategory::fuel)] + cur[idx(MoneyCategory::contracts)]);
}

void Money::bind_columns(Recorder& rec) {
  rec.before_row([this](Tick now) { sample(now); });
  rec.bind(columns::spend_usd, [this] { return money_sum(last_); });
  rec.bind(columns::capex_facility_usd, [this] { return last_[idx(MoneyCategory::facility)]; });
  rec.bind(columns::capex_network_usd, [this] { return last_[idx(MoneyCategory::network)]; });
  rec.bind(columns::capex_land_usd, [this] { return last_[idx(MoneyCategory::land)]; });
  rec.bind(columns::opex_usd,
           [this] { return last_[idx(MoneyCategory::staff)] + last_[idx(MoneyCategory::maintenance)]; });
  rec.bind(columns::depreciation_usd,
           [this] { return dep_racks_.accrued() + dep_network_.accrued() + dep_facility_.accrued(); });
}

// The default split of the facility's capex (docs/money.md): Cushman &
// Wakefield's 2025 guide; the 6% it leaves unnamed is "other" (assumed).
std::vector<CostShare> default_facility_split() {
  return {{"shell", 0.21}, {"power_and_mechanical", 0.53}, {"site", 0.10}, {"white_space", 0.10}, {"other", 0.06}};
}

MoneyFigures Money::figures() const {
  MoneyFigures f;
  f.used = true;
  f.cost_of_capital = c_.cost_of_capital;
  f.discount_rate = c_.discount_rate;
  f.spend_usd = last_;
  f.total_usd = money_sum(last_);
  auto at = [&](MoneyCategory c) { return last_[idx(c)]; };
  using C = MoneyCategory;
  f.capex_usd = at(C::racks) + at(C::network) + at(C::facility) + at(C::land) + at(C::generation);
  f.opex_usd = at(C::staff) + at(C::maintenance);
  for (const CostShare& x : c_.facility.split.empty() ? default_facility_split() : c_.facility.split)
    f.facility_by_category_usd.emplace_back(x.category, at(C::facility) * x.share);
  double cumulative = 0, discounted = 0;
  for (std::size_t m = 0; m < months_.size(); ++m) {
    CashFlowMonth row = months_[m];
    row.total_usd = money_sum(row.usd);
    cumulative += row.total_usd;
    row.cumulative_usd = cumulative;
    row.discounted_usd = row.total_usd / std::pow(1 + c_.discount_rate, static_cast<double>(m + 1) / 12.0);
    discounted += row.discounted_usd;
    f.cash_flow.push_back(std::move(row));
  }
  f.npv_usd = -discounted;
  f.depreciation_racks_usd = dep_racks_.accrued();
  f.depreciation_network_usd = dep_network_.accrued();
  f.depreciation_facility_usd = dep_facility_.accrued();
  f.capital_charge_usd = charge_.accrued();
  f.book_value_retired_usd = book_value_retired_usd_;
  // energy, capacity charges, fuel and contracts of the last year (or of the run, scaled to a year)
  const std::size_t n = daily_running_usd_.size();
  double running_per_year = 0;
  if (n >= 366) running_per_year = daily_running_usd_[n - 1] - daily_running_usd_[n - 366];
  else if (n > 0) running_per_year = daily_running_usd_[n - 1] * 365.0 / static_cast<double>(n);
  const double capex_now = f.capex_usd - retired_capex_.accrued();
  f.annualized_cost_usd_per_year = (charge_.rate_per_hour() + staff_.rate_per_hour()) * kHoursPerYear +
                                   c_.maintenance_share_per_year * capex_now + running_per_year;
  f.gpu_hours_in_service = gpu_tw_.integral_hours(now_);
  f.h100e_hours_in_service = h100e_tw_.integral_hours(now_);
  const double cost =
      f.capital_charge_usd + f.opex_usd + at(C::energy) + at(C::capacity_charges) + at(C::fuel) + at(C::contracts);
  if (f.gpu_hours_in_service > 0) f.cost_per_gpu_hour_usd = cost / f.gpu_hours_in_service;
  if (f.h100e_hours_in_service > 0) f.cost_per_h100e_hour_usd = cost / f.h100e_hours_in_service;
  f.owned_gpus = owned_gpus_;
  f.leased_gpus = leased_gpus_;
  return f;
}

}  // namespace gwsim
