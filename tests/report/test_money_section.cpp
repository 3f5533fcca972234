// Tests of the report's money section (sim/report/money_section.cpp) and of
// reading cash_flow.csv (report.hpp: parse_cash_flow_csv); docs/report.md.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/error.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"
#include "support/text.hpp"

using namespace gwsim::report;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSummary = R"({"scenario": "money", "seed": 1, "start": "2026-01-01", "end": "2026-03-31",
  "gpus_ordered": 720, "gpus_in_service_at_end": 720, "racks_ordered": 10, "racks_in_service_at_end": 10,
  "bottleneck": "none", "peak_facility_mw": 1.5, "capex_usd": 3.0e7, "energy_cost_usd": 1000,
  "stranded_gpu_days": {"no_power": 0, "no_slot": 0, "total": 0}, "waiting_crew_gpu_days": 0,
  "in_transit_gpu_days": 0, "failed_gpu_days": 0,
  "key_dates": {"in_service_50pct": null, "in_service_90pct": null, "in_service_100pct": null},
  "sites": [], "deliveries": [])";

constexpr const char* kMoney = R"(, "money": {"cost_of_capital": 0.09, "discount_rate": 0.08,
  "spend_usd": {"racks": 3.0e7, "network": 6.0e6, "facility": 1.2e7, "land": 0, "generation": 0, "energy": 1000,
                "capacity_charges": 0, "fuel": 0, "staff": 0, "maintenance": 0, "contracts": 2.0e6, "resale": -5.0e5,
                "total": 4.95010e7},
  "capex_usd": 4.8e7, "opex_usd": 0, "npv_usd": 4.5e7, "depreciation_usd": {"total": 1.0e6},
  "capital_charge_usd": 3.0e5, "annualized_cost_usd_per_year": 1.2e7,
  "cost_per_gpu_hour_usd": 3.21, "cost_per_h100e_hour_usd": 1.07, "owned_gpus": 720, "leased_gpus": 0,
  "contracts": [{"name": "cloud <c1>", "paid_usd": 2.0e6, "committed_gpu_hours": 1e6, "delivered_gpu_hours": 8e5,
                 "exposure_usd": 4.0e5, "credit_usd": 1.0e5, "implied_usd_per_gpu_hour": 2.5}]})";

struct RunDir {
  fs::path dir;
  RunDir(const std::string& name, bool money) {
    dir = fs::temp_directory_path() / fmt::format("gwsim_test_money_{}_{}", name, ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    write("summary.json", std::string(kSummary) + (money ? kMoney : "") + "}");
    write("timeseries.csv",
          "date,gpus_ordered,gpus_in_service,capex_usd,capex_network_usd,capex_facility_usd,spend_usd\n"
          "2026-01-01,720,0,0,0,6e6,6e6\n2026-02-01,720,720,3e7,6e6,1.2e7,4.8e7\n2026-03-31,720,720,3e7,6e6,1.2e7,"
          "4.95e7\n");
    if (money)
      write("cash_flow.csv",
            "month,racks_usd,network_usd,facility_usd,energy_usd,contracts_usd,resale_usd,total_usd,cumulative_usd,"
            "discounted_usd\n"
            "2026-01,0,0,6e6,0,0,0,6e6,6e6,6e6\n2026-02,3e7,6e6,6e6,500,1e6,0,4.30005e7,4.90005e7,4.3e7\n"
            "2026-03,0,0,0,500,1e6,-5e5,1000500,5.01e7,9.9e5\n");
  }
  ~RunDir() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
};

using gwsim::test::count;

// The text of the <figure> with id `id`, or "" when absent.
std::string figure(const std::string& html, const std::string& id) {
  const std::size_t from = html.find(fmt::format("<figure class=\"chart\" id=\"{}\"", id));
  if (from == std::string::npos) return {};
  return html.substr(from, html.find("</figure>", from) - from);
}

}  // namespace

TEST_CASE("cash_flow.csv's months are read as dated rows on each month's first day", "[report][money]") {
  const DatedTable t = parse_cash_flow_csv("month,racks_usd,total_usd\n2026-01,5,5\n2026-02,0,1.5\n", "cf.csv");
  REQUIRE(t.columns == std::vector<std::string>{"racks_usd", "total_usd"});
  REQUIRE(t.days.size() == 2);
  CHECK(detail::iso_date(t.days[0]) == "2026-01-01");
  CHECK(detail::iso_date(t.days[1]) == "2026-02-01");
  CHECK(t.column("total_usd")->at(1) == 1.5);
  try {
    (void)parse_cash_flow_csv("month,total_usd\n2026-01,1\nJanuary,2\n", "cf.csv");
    FAIL("a month that is not YYYY-MM must be an error");
  } catch (const gwsim::Error& e) {
    CHECK(std::string(e.what()).find("cf.csv:3") != std::string::npos);
  }
}

TEST_CASE("the money section draws capex by category, the cash flow, costs per GPU-hour and contracts",
          "[report][money]") {
  const RunDir run("with", true);
  const std::string html = render_report(load_run(run.dir));
  REQUIRE(count(html, "<h2>Money</h2>") == 1);
  // capex stacked by category: the three columns the time series has, and the spend line
  const std::string capex = figure(html, "money-capex");
  CHECK(count(capex, "<title>racks (owned)") > 0);
  CHECK(count(capex, "<title>network") > 0);
  CHECK(count(capex, "<title>facility") > 0);
  CHECK(count(capex, "land and utility") == 0);  // no capex_land_usd column: no series
  // monthly cash flow: only the categories with money in them, resale as the amount received
  const std::string flow = figure(html, "money-cash-flow");
  REQUIRE_FALSE(flow.empty());
  CHECK(count(flow, "class=\"mark") > 0);
  CHECK(count(flow, "resale (received)") > 0);
  CHECK(count(flow, ">staff<") == 0);
  // spend by category: resale received $500 k, shown positive
  const std::string spend = figure(html, "money-spend");
  CHECK(count(spend, "resale (received) / spend: $500 k") == 1);
  CHECK(count(spend, "<title>land") == 0);  // zero categories are left out
  // cost per GPU-hour beside the cloud prices of facts.md
  const std::string per_hour = figure(html, "money-per-gpu-hour");
  CHECK(count(per_hour, "$3.21") == 1);
  CHECK(count(per_hour, "$4.92") == 1);
  CHECK(count(per_hour, "$10.5</title>") == 1);
  // the figures table carries JSON pointers; the contract's name is escaped
  CHECK(count(html, "data-key=\"/money/npv_usd\" data-value=\"45000000.0\">$45.0 M") == 1);
  CHECK(count(html, "cost of capital 9.0%, NPV discounted at 8.0%") == 1);
  CHECK(count(figure(html, "money-contracts"), "cloud &lt;c1&gt;") > 0);
  CHECK(count(html, "<td>$2.50</td>") == 1);
}

TEST_CASE(
    "the money section's charts read: capex in the order spent, running costs apart from capex lumps, "
    "contract labels within the margin",
    "[report][money]") {
  {
    const RunDir run("order", true);
    const std::string html = render_report(load_run(run.dir));
    // stacked bottom first: the facility (built first) under the racks (which arrive last)
    const std::string capex = figure(html, "money-capex");
    REQUIRE(capex.find("</span>facility<") != std::string::npos);
    CHECK(capex.find("</span>facility<") < capex.find("</span>racks (owned)<"));  // the legend, bottom first
    // the running costs alone, without the racks' $30 M month beside the $1 M of contracts
    const std::string running = figure(html, "money-operating");
    REQUIRE_FALSE(running.empty());
    CHECK(count(running, "<title>contracts") > 0);
    CHECK(count(running, "<title>energy") > 0);
    CHECK(count(running, "<title>racks") == 0);
    CHECK(count(running, "resale") == 0);
    // the three figures of the contract, each label short enough for the bar chart's 230 px margin
    const std::string bars = figure(html, "money-contracts");
    for (const char* label : {">paid<", ">exposure when late<", ">late-delivery credits<"})
      CHECK(count(bars, label) == 1);
  }
  {
    // a leased fleet: contracts only, no credits
    RunDir run("leased", true);
    std::string summary = fmt::format("{}{}}}", kSummary, kMoney);
    summary.replace(summary.find("\"credit_usd\": 1.0e5"), 19, "\"credit_usd\": 0.0e0");
    run.write("summary.json", summary);
    run.write("cash_flow.csv",
              "month,racks_usd,contracts_usd,total_usd,cumulative_usd,discounted_usd\n"
              "2026-01,0,1e6,1e6,1e6,1e6\n2026-02,0,1e6,1e6,2e6,1e6\n");
    const std::string html = render_report(load_run(run.dir));
    CHECK_FALSE(figure(html, "money-cash-flow").empty());
    CHECK(figure(html, "money-operating").empty());  // the cash flow is all running costs already
    const std::string bars = figure(html, "money-contracts");
    CHECK(count(bars, ">exposure when late<") == 1);
    CHECK(count(bars, ">late-delivery credits<") == 0);  // no contract has a credit: no empty row
  }
}

TEST_CASE("no money section when the summary has no money", "[report][money]") {
  const RunDir run("without", false);
  const std::string html = render_report(load_run(run.dir));
  CHECK(count(html, "<h2>Money</h2>") == 0);
  CHECK(count(html, "money-") == 0);
}
