// Facility capex against the actual timeline (docs/money.md, "Capex"): a
// stage's facility is paid over the build_days before the instant it is
// energized (its slip, its equipment), and depreciated from then; at a site
// built by construction, each building's share (by rack slots) is paid over
// its shell and fit-out and depreciated from its ready instant. Worked by hand.
#include <cmath>
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "model/buildout_run.hpp"

using nlohmann::json;

namespace {

constexpr double kYearH = 365.25 * 24;

json fixed(double v) { return {{"dist", "fixed"}, {"value", v}}; }

// One owned site (PUE 1.25), one stage of 12.5 facility MW (10 IT MW, $10M of
// facility at $1M per IT MW) dated 2026-03-01 (day 59), built over 59 days;
// only the facility costs (no racks, land, staff).
json one_stage() {
  return json::parse(R"({
    "gwsim_scenario": 1, "name": "t", "start": "2026-01-01", "end": "2026-12-31",
    "sites": [{"name": "a", "provider": "AWS", "pue": 1.25, "max_rack_power_kw": 140,
               "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
               "power_stages": [{"date": "2026-03-01", "power_mw": 12.5}],
               "install": {"crews": 20, "racks_per_crew_per_week": 1, "burn_in_hours": 24, "burn_in_fail_prob": 0},
               "repair": {"technicians": 10, "spare_nodes": 100, "spare_restock_days": 7}}],
    "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-03-10", "racks": 1}]}],
    "costs": {"energy_usd_per_mwh": 0, "facility": {"usd_per_it_mw": 1e6, "build_days": 59, "life_years": 14},
              "land_usd_per_it_mw": 0, "staff_usd_per_mw_year": 0, "maintenance_share_per_year": 0},
    "failures": {"enabled": false}
  })");
}

// The row of day d is the state at the end of that day.
double end_of_day_hours(std::size_t d) { return gwsim::to_hours(gwsim::days(static_cast<std::int64_t>(d) + 1) - 1); }

}  // namespace

TEST_CASE("money: a stage slipped by 90 days shifts the facility's spend by 90 days", "[money]") {
  const auto plain = gwsim::test::run_buildout(one_stage());
  json doc = one_stage();
  doc["sites"][0]["power_stages"][0]["slip_days"] = fixed(90);
  const auto slipped = gwsim::test::run_buildout(doc);
  const std::vector<double>& a = plain.ts.column("capex_facility_usd");
  const std::vector<double>& b = slipped.ts.column("capex_facility_usd");
  REQUIRE(a.size() == b.size());
  // unslipped: $10M over days 0-59, evenly
  CHECK(a[28] == Approx(10e6 * end_of_day_hours(28) / (59 * 24.0)).epsilon(1e-12));
  for (std::size_t d = 0; d < 90; ++d) CHECK(b[d] == 0);
  for (std::size_t d = 90; d < b.size(); ++d) {
    INFO("day " << d);
    CHECK(b[d] == Approx(a[d - 90]).epsilon(1e-12));
  }
  // depreciation from the energization (day 149), not the scheduled date (day 59)
  const double t_end = end_of_day_hours(a.size() - 1);
  CHECK(slipped.summary.money.depreciation_facility_usd ==
        Approx(10e6 * (t_end - 149 * 24.0) / (14 * kYearH)).epsilon(1e-12));
  CHECK(plain.summary.money.depreciation_facility_usd ==
        Approx(10e6 * (t_end - 59 * 24.0) / (14 * kYearH)).epsilon(1e-12));
}

TEST_CASE("money: a stage waiting for its transformer is paid up to the transformer's arrival", "[money]") {
  json doc = one_stage();
  doc["sites"][0]["power_stages"][0]["equipment"] =
      json::array({{{"name", "transformer"}, {"ordered", "2026-01-01"}, {"lead_time_days", fixed(120)}}});
  const auto r = gwsim::test::run_buildout(doc);
  const std::vector<double>& f = r.ts.column("capex_facility_usd");
  // energized on day 120: paid over days 61-120
  CHECK(f[60] == 0);
  CHECK(f[90] == Approx(10e6 * (end_of_day_hours(90) - 61 * 24.0) / (59 * 24.0)).epsilon(1e-12));
  CHECK(f[120] == Approx(10e6).epsilon(1e-12));
}

TEST_CASE("money: a site built by construction pays each building's share over its shell and fit-out", "[money]") {
  // two buildings of 600 and 400 slots: $6M and $4M of the site's $10M. The first built from day 0 (shell 30,
  // fit-out 20, commissioning 10 days: paid over days 0-50, ready on day 60); the second from day 100 (paid over
  // days 100-150, ready on day 160).
  json doc = one_stage();
  const json c = {{"shell_days", fixed(30)}, {"fitout_days", fixed(20)}, {"commissioning_days", fixed(10)}};
  json b0 = {{"rack_slots", 600}, {"ready", "2026-01-01"}, {"construction", c}};
  json b1 = {{"rack_slots", 400}, {"ready", "2026-01-01"}, {"construction", c}};
  b0["construction"]["start"] = "2026-01-01";
  b1["construction"]["start"] = "2026-04-11";
  doc["sites"][0]["buildings"] = json::array({b0, b1});
  const auto r = gwsim::test::run_buildout(doc);
  const std::vector<double>& f = r.ts.column("capex_facility_usd");
  const double h50 = 50 * 24.0;
  CHECK(f[24] == Approx(6e6 * end_of_day_hours(24) / h50).epsilon(1e-12));
  CHECK(f[50] == Approx(6e6).epsilon(1e-12));
  CHECK(f[99] == Approx(6e6).epsilon(1e-12));
  CHECK(f[124] == Approx(6e6 + 4e6 * (end_of_day_hours(124) - 100 * 24.0) / h50).epsilon(1e-12));
  CHECK(f.back() == Approx(10e6).epsilon(1e-12));
  const double t_end = end_of_day_hours(f.size() - 1);
  CHECK(r.summary.money.depreciation_facility_usd ==
        Approx((6e6 * (t_end - 60 * 24.0) + 4e6 * (t_end - 160 * 24.0)) / (14 * kYearH)).epsilon(1e-12));
}

TEST_CASE("money: a stage never energized (its interconnection withdrawn) is built by its date, never depreciated",
          "[money]") {
  const auto plain = gwsim::test::run_buildout(one_stage());
  json doc = one_stage();
  doc["sites"][0]["grid"] = {{"request", "2026-01-01"},
                             {"study_days", fixed(10)},
                             {"agreement_days", fixed(10)},
                             {"construction_days", fixed(10)},
                             {"withdraw_prob", 1}};
  const auto r = gwsim::test::run_buildout(doc);
  CHECK(r.ts.column("capex_facility_usd") == plain.ts.column("capex_facility_usd"));
  CHECK(r.summary.money.depreciation_facility_usd == 0);
  CHECK(plain.summary.money.depreciation_facility_usd > 0);
  // nor charged: the capital charges differ by the facility's 14-year annuity at 9% (the default) from day 59
  const double t_end = end_of_day_hours(plain.ts.rows() - 1);
  const double annuity = 10e6 * 0.09 / (1 - std::pow(1.09, -14));
  CHECK(plain.summary.money.capital_charge_usd - r.summary.money.capital_charge_usd ==
        Approx(annuity * (t_end - 59 * 24.0) / kYearH).epsilon(1e-9));
}
