// contracts[] (docs/scenarios.md, "Contracts"; docs/money.md, "Contracts"):
// provider, price and term, and issue 17's committed ramp, prices per SKU
// and late-delivery credits.
#include <algorithm>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "io/scenario_reader.hpp"

namespace gwsim::detail {

void ScenarioReader::contract(const json& a_i, const Ptr& p) {
  const json& j = r_.object(a_i, p,
                            {"name", "provider", "total_usd", "start", "term_years", "take_or_pay", "usd_per_gpu_hour",
                             "ramp", "prices", "late_credit_share"});
  Contract k;
  if (const json* n = Reader::optional(j, "name")) k.name = r_.string(*n, p / "name", false);
  k.provider = r_.string(j, p, "provider", true);
  k.total_usd = r_.number(j, p, "total_usd", kPositive);
  k.start = date(j, p, "start");
  k.term_years = r_.number(j, p, "term_years", Range{0.0, 100.0, true, false});
  k.take_or_pay = r_.boolean(r_.required(j, p, "take_or_pay"), p / "take_or_pay");
  k.usd_per_gpu_hour = r_.number(j, p, "usd_per_gpu_hour", kPositive);
  if (const json* ramp = Reader::optional(j, "ramp")) {
    // [{"date", "gpus"}]: dates strictly increasing, GPUs never falling
    const Ptr q = p / "ramp";
    steps(*ramp, q, "gpus", std::numeric_limits<std::int32_t>::max(), k.ramp.dates, k.ramp.gpus);
    for (std::size_t i = 1; i < k.ramp.gpus.size(); ++i)
      if (k.ramp.gpus[i] < k.ramp.gpus[i - 1])
        r_.fail("scenario.order", q / i / "gpus",
                fmt::format("a ramp's GPUs never fall: {} after {}", k.ramp.gpus[i], k.ramp.gpus[i - 1]));
  }
  if (const json* prices = Reader::optional(j, "prices")) {
    const Ptr q = p / "prices";
    if (!prices->is_object())
      r_.fail("scenario.type", q, fmt::format("expected an object of prices by SKU name, got {}", type_name(*prices)));
    for (const auto& [name, v] : prices->items()) {
      auto it = std::find_if(s_.skus.begin(), s_.skus.end(), [&n = name](const Sku& x) { return x.name == n; });
      if (it == s_.skus.end()) r_.fail("scenario.reference", q / name, fmt::format("no SKU named \"{}\"", name));
      k.sku_prices.push_back(SkuPrice{static_cast<int>(it - s_.skus.begin()), r_.number(v, q / name, kPositive)});
    }
  }
  if (Reader::optional(j, "late_credit_share") != nullptr)
    k.late_credit_share = r_.number(j, p, "late_credit_share", Range{0.0, 1.0, false, false});
  s_.contracts.push_back(std::move(k));
}

}  // namespace gwsim::detail
