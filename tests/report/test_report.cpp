// Tests of sim/report/report: reading a run directory (and its errors), and
// what the report and the comparison contain.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/error.hpp"
#include "report/report.hpp"
#include "support/text.hpp"

using namespace gwsim::report;
namespace fs = std::filesystem;

namespace {

// A scratch run directory with a summary and a three-day time series.
struct RunDir {
  fs::path dir;
  explicit RunDir(const std::string& name, const std::string& end_date = "2027-09-03T06:38:34.5") {
    dir = fs::temp_directory_path() / fmt::format("gwsim_test_report_{}_{}", name, ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    write("summary.json",
          fmt::format(R"({{"scenario": "demo <&>", "seed": 7, "start": "2026-01-01", "end": "2026-01-03",
      "gpus_ordered": 720, "gpus_in_service_at_end": 648, "racks_ordered": 10, "racks_in_service_at_end": 9,
      "bottleneck": "power", "peak_facility_mw": 1.5, "capex_usd": 3.5e7, "energy_cost_usd": 1234.5,
      "stranded_gpu_days": {{"no_power": 12.5, "no_slot": 0.0, "total": 12.5}}, "waiting_crew_gpu_days": 3.0,
      "in_transit_gpu_days": 1.0, "failed_gpu_days": 2.0,
      "key_dates": {{"in_service_50pct": "2026-01-02T00:00:00", "in_service_90pct": null, "in_service_100pct": "{}"}},
      "contracts": [{{"name": "c1", "provider": "AWS", "total_usd": 1e9, "committed_usd": 1e8, "paid_usd": 1e8, "used_usd": 5e7}}],
      "sites": [{{"name": "s1", "provider": "AWS", "power_planned_mw": 2.0, "power_energized_mw": 1.5}}],
      "deliveries": [{{"site": "s1", "sku": "GB200_NVL72", "racks_ordered": 10, "racks_delivered": 10, "racks_in_service": 9,
                      "gpus_ordered": 720, "gpus_delivered": 720, "gpus_in_service": 648}}]}})",
                      end_date));
    write(
        "timeseries.csv",
        "date,gpus_ordered,gpus_delivered,gpus_in_service,gpus_waiting_power,power_energized_mw,facility_power_mw,"
        "contract_paid_usd\n"
        "2026-01-01,720,0,0,0,1,0,0\n2026-01-02,720,720,360,360,1.5,0.8,1e7\n2026-01-03,720,720,648,72,1.5,1.4,2e7\n");
  }
  ~RunDir() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
};

using gwsim::test::count;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const gwsim::Error& e) {
    CHECK(e.code() == "report.input");
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("parse_dated_csv reads columns and names the line of an error", "[report]") {
  const DatedTable t = parse_dated_csv("date,a,b\n2026-01-01,1,2.5\n2026-01-02,,3\n", "f.csv");
  REQUIRE(t.columns == std::vector<std::string>{"a", "b"});
  REQUIRE(t.days.size() == 2);
  CHECK(t.days[1] - t.days[0] == 1);
  CHECK((*t.column("b"))[0] == 2.5);
  CHECK(std::isnan((*t.column("a"))[1]));
  CHECK(t.column("c") == nullptr);
  CHECK(error_of([] { parse_dated_csv("day,a\n", "f.csv"); }).find("f.csv:1") != std::string::npos);
  CHECK(error_of([] { parse_dated_csv("date,a\n2026-01-01,x\n", "f.csv"); }).find("f.csv:2: column 'a': 'x'") !=
        std::string::npos);
  CHECK(error_of([] { parse_dated_csv("date,a\n2026-01-01,1,2\n", "f.csv"); }).find("expected 2 fields") !=
        std::string::npos);
  CHECK(error_of([] { parse_dated_csv("date,a\n2026-01-02,1\n2026-01-01,1\n", "f.csv"); }).find("increase") !=
        std::string::npos);
  CHECK(error_of([] { parse_dated_csv("", "f.csv"); }).find("empty") != std::string::npos);
}

TEST_CASE("load_run reports what is missing or malformed, by file", "[report]") {
  CHECK(error_of([] { load_run("/nonexistent/gwsim/run"); }).find("not a directory") != std::string::npos);
  RunDir r("load");
  fs::remove(r.dir / "timeseries.csv");
  CHECK(error_of([&] { load_run(r.dir); }).find("timeseries.csv: cannot read") != std::string::npos);
  r.write("summary.json", "{\"scenario\": ");
  CHECK(error_of([&] { load_run(r.dir); }).find("summary.json: not valid JSON") != std::string::npos);
  r.write("summary.json", "{\"hello\": 1}");
  CHECK(error_of([&] { load_run(r.dir); }).find("not a gwsim summary") != std::string::npos);
}

TEST_CASE("the report shows the summary's key figures with their exact values", "[report]") {
  RunDir r("one");
  const RunData run = load_run(r.dir);
  CHECK_FALSE(run.bands.has_value());
  const std::string html = render_report(run);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("data-key=\"/gpus_in_service_at_end\" data-value=\"648\">648<") != std::string::npos);
  CHECK(html.find("data-key=\"/capex_usd\" data-value=\"35000000.0\">$35.0 M<") != std::string::npos);
  CHECK(html.find("data-key=\"/key_dates/in_service_100pct\" data-value=\"2027-09-03T06:38:34.5\">2027-09-03<") !=
        std::string::npos);
  CHECK(html.find("demo &lt;&amp;&gt;") != std::string::npos);  // names are escaped
  CHECK(html.find("demo <&>") == std::string::npos);
  // no script, nothing fetched
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
  CHECK(html.find("https://") == std::string::npos);
  // sections without data are left out; those with data are there
  CHECK(html.find("id=\"capacity-gpus\"") != std::string::npos);
  CHECK(html.find("id=\"deliveries\"") != std::string::npos);
  CHECK(html.find("id=\"contracts\"") != std::string::npos);
  CHECK(html.find("Jobs:") == std::string::npos);
  CHECK(html.find("Uncertainty") == std::string::npos);
  CHECK(render_report(load_run(r.dir)) == html);  // deterministic
}

TEST_CASE("Monte Carlo files add fan charts", "[report]") {
  RunDir r("mc");
  r.write("bands.csv",
          "date,gpus_in_service_p10,gpus_in_service_p50,gpus_in_service_p90\n"
          "2026-01-01,0,0,0\n2026-01-02,300,360,400\n2026-01-03,600,648,700\n");
  r.write("key_dates.csv",
          "date,p_in_service_50pct,p_in_service_90pct,p_in_service_100pct\n"
          "2026-01-01,0,0,0\n2026-01-02,0.5,0,0\n2026-01-03,1,0.25,0\n");
  const std::string html = render_report(load_run(r.dir));
  CHECK(html.find("id=\"fan-gpus_in_service\"") != std::string::npos);
  CHECK(html.find("id=\"fan-key-dates\"") != std::string::npos);
  CHECK(html.find("id=\"fan-facility_power_mw\"") == std::string::npos);  // not in this bands.csv
  CHECK(count(html, "class=\"mark band\"") == 2);                         // the fan and the band on the capacity chart
}

TEST_CASE("a comparison sets two runs side by side with their differences", "[report]") {
  RunDir a("a"), b("b", "2027-08-25T00:00:00");
  const std::string html = render_comparison(load_run(a.dir), load_run(b.dir));
  CHECK(html.find("data-run=\"a\" data-key=\"/gpus_ordered\"") != std::string::npos);
  CHECK(html.find("data-run=\"b\" data-key=\"/gpus_ordered\"") != std::string::npos);
  CHECK(html.find("-9 days") != std::string::npos);                   // 2027-09-03 -> 2027-08-25
  CHECK(html.find("class=\"better\">-9 days") != std::string::npos);  // earlier is better
  CHECK(html.find("id=\"cmp-capacity\"") != std::string::npos);
  CHECK(count(html, "stroke-dasharray") >= 1);  // B dashed
}

TEST_CASE("a summary with values of the wrong type is bad input, named, not a crash", "[report]") {
  RunDir r("types");
  r.write("summary.json", R"({"scenario": "x", "gpus_ordered": "many", "key_dates": {}, "contracts": [{"name": 1}]})");
  const RunData run = load_run(r.dir);
  for (const auto& render : {std::function<std::string()>([&] { return render_report(run); }),
                             std::function<std::string()>([&] { return render_comparison(run, run); })}) {
    const std::string what = error_of([&] { (void)render(); });
    CHECK(what.find((r.dir / "summary.json").string()) != std::string::npos);
    CHECK(what.find("unexpected content") != std::string::npos);
  }
}

namespace {

// Edits the run directory's summary.json with `edit`.
void edit_summary(const RunDir& r, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(std::ifstream(r.dir / "summary.json"));
  edit(j);
  r.write("summary.json", j.dump());
}

}  // namespace

TEST_CASE("the key-date fan names its milestones in full", "[report]") {
  RunDir r("legend");
  r.write("bands.csv", "date,gpus_in_service_p10,gpus_in_service_p50,gpus_in_service_p90\n2026-01-01,0,0,0\n");
  r.write("key_dates.csv",
          "date,p_in_service_50pct,p_in_service_90pct,p_in_service_100pct\n"
          "2026-01-01,0,0,0\n2026-01-02,0.5,0,0\n2026-01-03,1,0.25,0\n");
  const std::string html = render_report(load_run(r.dir));
  const std::string fan = html.substr(html.find("id=\"fan-key-dates\""));
  for (const char* label : {"50% of racks in service", "90% of racks in service", "100% of racks in service"})
    CHECK(fan.find(label) != std::string::npos);
  CHECK(fan.find(">0% in service") == std::string::npos);  // the old legend: "0% / 0% / 00%"
  CHECK(fan.find(">00% in service") == std::string::npos);
}

TEST_CASE("no contract, no contract chart (not even a fan)", "[report]") {
  RunDir r("nocontract");
  edit_summary(r, [](nlohmann::json& j) { j["contracts"] = nlohmann::json::array(); });
  r.write("bands.csv",
          "date,gpus_in_service_p10,gpus_in_service_p50,gpus_in_service_p90,contract_paid_usd_p10,"
          "contract_paid_usd_p50,contract_paid_usd_p90\n2026-01-01,0,0,0,0,0,0\n2026-01-02,1,2,3,0,0,0\n");
  const std::string html = render_report(load_run(r.dir));
  CHECK(html.find("id=\"contracts\"") == std::string::npos);
  CHECK(html.find("id=\"fan-gpus_in_service\"") != std::string::npos);  // the other fans are drawn
  CHECK(html.find("id=\"fan-contract_paid_usd\"") == std::string::npos);
  CHECK(html.find("Contract spend") == std::string::npos);
}

TEST_CASE("a key date not reached shows why, and the racks not in service", "[report]") {
  RunDir r("why");
  edit_summary(r, [](nlohmann::json& j) {
    j["why_not_reached"] = {{"in_service_90pct", "9 of the 9 racks needed <x>: 1 rack at site s1 waits for power"}};
    j["not_in_service_at_end"] = nlohmann::json::array({{{"site", "s1"},
                                                         {"racks", 1},
                                                         {"not_shipped", 0},
                                                         {"in_transit", 0},
                                                         {"queued", 1},
                                                         {"installing", 0},
                                                         {"in_burn_in", 0},
                                                         {"why", {"1 rack at site s1 waits for power"}}}});
  });
  const std::string html = render_report(load_run(r.dir));
  CHECK(html.find("not reached<div class=\"note why\">9 of the 9 racks needed &lt;x&gt;: 1 rack") != std::string::npos);
  CHECK(html.find("id=\"not-in-service\"") != std::string::npos);
  CHECK(html.find("<td>s1</td><td>1</td><td>0</td><td>0</td><td>1</td>") != std::string::npos);
}

TEST_CASE("a comparison shows the jobs: a training run's end and its shift", "[report]") {
  RunDir a("ja"), b("jb");
  auto jobs = [](const char* end, int interruptions) {
    return [=](nlohmann::json& j) {
      j["jobs"] = {{"completed", 420700},
                   {"interruptions", interruptions},
                   {"wait_hours", {{"p50", 0.5}, {"p90", 0.87}, {"p99", 2.0}}},
                   {"goodput", 0.9},
                   {"training", {{{"name", "frontier"}, {"interruptions", interruptions}, {"end", end}}}}};
    };
  };
  edit_summary(a, jobs("2027-01-10T00:00:00", 5309));
  edit_summary(b, jobs("2027-08-12T00:00:00", 5455));
  const std::string html = render_comparison(load_run(a.dir), load_run(b.dir));
  const std::string training = html.substr(html.find("id=\"cmp-training\""));
  CHECK(training.find(
            "<td>frontier</td><td>2027-01-10</td><td>2027-08-12</td><td>+214 days</td><td>5,309 / 5,455</td>") !=
        std::string::npos);
  CHECK(html.find("<td>Queue wait P90 (h)</td><td>0.87</td><td>0.87</td><td>0.00</td>") != std::string::npos);
  CHECK(html.find("<td>Interruptions</td><td>5,309</td><td>5,455</td><td>+146</td>") !=
        std::string::npos);  // counts whole
  CHECK(html.find("<td>Jobs completed</td><td>420,700</td><td>420,700</td><td>0</td>") != std::string::npos);
  CHECK(html.find("<td>Goodput</td><td>90.00%</td><td>90.00%</td><td>0.00 pt</td>") != std::string::npos);
}
