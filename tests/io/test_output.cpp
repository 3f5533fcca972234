// Run outputs (sim/io/output.hpp): files written atomically, and the Monte
// Carlo figures of summary.json.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/loader.hpp"
#include "io/loader_fixtures.hpp"
#include "io/output.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE(
    "rule: an output that cannot be written is output.io and leaves the earlier file in place (docs/cli.md, "
    "docs/user-guide.md)",
    "[output][rule]") {
  gwsim::test::TempDir dir;
  const fs::path path = dir.write("summary.json", "old");
  // write_atomic writes `.<name>.tmp.<pid>` in the same directory, then renames it.
  // Made a link to a device, the temporary file fails as a disk would: /dev/full
  // refuses the bytes (ENOSPC, a full disk); /dev/null takes them, but cannot
  // fsync them (EINVAL) while its fclose succeeds.
  const fs::path tmp = dir.path / fmt::format(".summary.json.tmp.{}", static_cast<long>(::getpid()));
  for (const char* device : {"/dev/full", "/dev/null"}) {
    INFO(device);
    fs::create_symlink(device, tmp);
    try {
      gwsim::write_atomic(path, "new");
      FAIL("no error");
    } catch (const gwsim::Error& e) {
      CHECK(e.code() == "output.io");
      CHECK(std::string(e.what()).find("write failed") != std::string::npos);
    }
    CHECK(fs::is_regular_file(fs::symlink_status(path)));
    CHECK(read(path) == "old");
    CHECK_FALSE(fs::exists(fs::symlink_status(tmp)));  // the temporary file is removed
    fs::remove(tmp);
  }
  gwsim::write_atomic(path, "new");
  CHECK(read(path) == "new");
}

TEST_CASE(
    "rule: monte_carlo gives P10/P50/P90 of each key date among the replications that reached it, and the fraction "
    "that did (docs/user-guide.md)",
    "[output][rule]") {
  gwsim::MonteCarlo mc;
  for (int r = 1; r <= 5; ++r) {
    gwsim::BuildoutSummary s;
    s.in_service_50pct = gwsim::days(1);              // all 5 reach 50% on day 1
    if (r <= 4) s.in_service_90pct = gwsim::days(r);  // 4 of 5 reach 90%, on days 1, 2, 3, 4; none 100%
    mc.runs.push_back({static_cast<std::uint64_t>(r), s, {}});
  }
  const nlohmann::json j = gwsim::monte_carlo_json(mc, gwsim::Calendar("2026-01-01"));
  CHECK(j["replications"] == 5);
  const nlohmann::json& half = j["key_dates"]["in_service_50pct"];
  CHECK(half["reached"] == 1.0);
  CHECK(half["p10"] == "2026-01-02T00:00:00");
  CHECK(half["p90"] == "2026-01-02T00:00:00");
  // type-7 quantiles of {1, 2, 3, 4} days: 1 + 3p days: p10 1.3 d (1 d 7 h 12 min), p50 2.5 d, p90 3.7 d (3 d 16 h 48
  // min)
  const nlohmann::json& most = j["key_dates"]["in_service_90pct"];
  CHECK(most["reached"] == 0.8);
  CHECK(most["p10"] == "2026-01-02T07:12:00");
  CHECK(most["p50"] == "2026-01-03T12:00:00");
  CHECK(most["p90"] == "2026-01-04T16:48:00");
  const nlohmann::json& none = j["key_dates"]["in_service_100pct"];
  CHECK(none["reached"] == 0.0);
  CHECK(none["p10"].is_null());
  CHECK(none["p50"].is_null());
  CHECK(none["p90"].is_null());
}

TEST_CASE("rule: an output whose directory does not exist is output.io, and nothing is written (docs/cli.md)",
          "[output][rule]") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("gwsim-no-such-dir-{}", ::getpid());
  fs::remove_all(dir);
  const fs::path file = dir / "summary.json";
  try {
    gwsim::write_atomic(file, "{}\n");
    FAIL("write_atomic into a missing directory did not throw");
  } catch (const gwsim::Error& e) {
    CHECK(e.code() == "output.io");
    CHECK(std::string(e.what()).find("cannot create") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("rule: summary.json gives a key date reached as its instant and one not reached as null (docs/outputs.md)",
          "[output][rule]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(gwsim::test::minimal_scenario(), "t.json");
  gwsim::BuildoutSummary sum;
  sum.in_service_50pct = gwsim::days(1) + gwsim::hours(6);  // 90% and 100% not reached
  sum.stranded_no_power_gpu_days = 1.5;
  sum.stranded_no_slot_gpu_days = 2.25;
  const nlohmann::json j = gwsim::summary_json(s, sum, 7);
  CHECK(j["seed"] == 7);
  CHECK(j["key_dates"]["in_service_50pct"] == "2026-01-02T06:00:00");
  CHECK(j["key_dates"]["in_service_90pct"].is_null());
  CHECK(j["key_dates"]["in_service_100pct"].is_null());
  CHECK(j["stranded_gpu_days"]["no_power"] == 1.5);
  CHECK(j["stranded_gpu_days"]["no_slot"] == 2.25);
  CHECK(j["stranded_gpu_days"]["total"] == 3.75);  // the sum of its parts
}

TEST_CASE(
    "rule: a site's shortfall in summary.json gives next_rack_mw and queue_waits_for when a rack is queued, "
    "null otherwise (docs/user-guide.md)",
    "[output][rule]") {
  const gwsim::Scenario s = gwsim::scenario_from_json(gwsim::test::minimal_scenario(), "t.json");
  gwsim::BuildoutSummary sum;
  gwsim::SiteShortfall f;
  f.racks_not_in_service = f.racks_queued = 1;
  f.queue_waits_for = gwsim::InstallWait::power;
  f.energized_mw = 1.0;
  f.reserved_mw = 0.9;
  f.next_rack_mw = 0.25;
  sum.shortfall.push_back(f);
  nlohmann::json site = gwsim::summary_json(s, sum, 1)["not_in_service_at_end"][0];
  CHECK(site["queued"] == 1);
  CHECK(site["queue_waits_for"] == "power");
  CHECK(site["next_rack_mw"] == 0.25);
  sum.shortfall[0].racks_queued = 0;  // none queued: nothing to wait for
  sum.shortfall[0].queue_waits_for = gwsim::InstallWait::none;
  site = gwsim::summary_json(s, sum, 1)["not_in_service_at_end"][0];
  CHECK(site["queue_waits_for"].is_null());
  CHECK(site["next_rack_mw"].is_null());
}
