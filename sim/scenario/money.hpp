// gwsim/sim/scenario/money.hpp -- what the buildout costs and how long its
// racks last (docs/money.md): facility, network and land capex, operating
// costs, depreciation and the cost of capital; owned or leased capacity;
// contract ramps, prices and credits; rack retirement, refresh and resale.
// Every part is optional: a scenario that names none of them is costed as
// before (rack capex on delivery, energy, contracts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace gwsim {

// One category of the facility's capex and its share (the shares sum to 1).
struct CostShare {
  std::string category;
  double share = 0;
};

// Facility capex per MW of IT power (a power stage's facility MW / the site's
// PUE), paid linearly over the `build_days` before each stage's scheduled
// date; defaults from facts.md (Epoch AI's 1 GW breakdown; Cushman &
// Wakefield's split).
struct FacilityCosts {
  double usd_per_it_mw = 11.4e6;
  std::vector<CostShare> split;  // empty: the default split (docs/money.md)
  double build_days = 540;       // assumed
  double life_years = 14;        // depreciation life
};

// The scenario's top-level `costs` block beyond energy_usd_per_mwh: when
// present (`Scenario::costs`), the money model (docs/money.md) runs.
struct Costs {
  FacilityCosts facility;
  double network_usd_per_gpu = 8983.33;  // Epoch: $4.9B per GW of GB200 IT / 545,455 GPUs
  double network_life_years = 14;
  double land_usd_per_it_mw = 0.34e6;         // land and utility (Epoch), paid with the first stage's build start
  double it_life_years = 5;                   // racks' depreciation life (a SKU's life_years overrides)
  double staff_usd_per_mw_year = 120e3;       // per MW of IT power energized (split of Epoch's opex assumed)
  double maintenance_share_per_year = 0.005;  // of cumulative owned capex, per year (assumed)
  double cost_of_capital = 0.09;              // annual; fits Epoch's $7.6B/yr annualized capex (docs/money.md)
  double discount_rate = 0.09;                // for the net present value, to the scenario's start
};

// Ownership of a site: an owned site's facility, land, network, racks, staff,
// maintenance, energy and capacity charges are the scenario's; a leased site
// is a provider's (a cloud's): its racks are supplied under contracts and
// only the contracts are paid.
enum class Ownership : std::uint8_t { owned, leased };

// GPUs a contract commits to have delivered by a date (a step function:
// gpus[i] from dates[i]).
struct ContractRamp {
  std::vector<Tick> dates;
  std::vector<std::int64_t> gpus;
};

// A contract's price for one SKU's GPU-hours.
struct SkuPrice {
  int sku = 0;  // index into Scenario::skus
  double usd_per_gpu_hour = 0;
};

// Racks retire at the end of their life (SKU life_years) or by a refresh
// policy: each rack of `from` in service at `date` (or reaching `age_years`)
// retires and frees its power and slot; `to` racks are ordered in its place
// (as many as fit the freed rack power, one per freed slot), arriving
// `lead_time_days` later.
struct Refresh {
  std::string name;
  int from = 0;  // index into Scenario::skus
  int to = -1;   // -1: retire only
  std::optional<Tick> date;
  double age_years = 0;  // 0: not by age
  double lead_time_days = 0;
};

// `lifecycle` (top level): when present racks retire (docs/money.md, "Fleet lifecycle").
struct Lifecycle {
  bool retire_at_end_of_life = true;
  std::vector<Refresh> refresh;
};

}  // namespace gwsim
