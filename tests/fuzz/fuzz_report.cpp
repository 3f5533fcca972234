// libFuzzer target: the report's readers and renderer (sim/report). Each
// input is a timeseries.csv beside a fixed summary.json; a run directory that
// loads must render, and one that does not must be refused with
// Error("report.input").
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "report/report.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path dir =
      [] {
        const fs::path d = fs::temp_directory_path() / ("gwsim_fuzz_report." + std::to_string(::getpid()));
        fs::create_directories(d);
        std::ofstream(d / "summary.json")
            << R"({"scenario": "fuzz", "seed": 1, "gpus_ordered": 72, "key_dates": {"in_service_100pct": null},
              "stranded_gpu_days": {"no_power": 1, "no_slot": 0, "total": 1}, "waiting_crew_gpu_days": 0})";
        return d;
      }();
  {
    std::ofstream out(dir / "timeseries.csv", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const gwsim::report::RunData run = gwsim::report::load_run(dir);
    (void)gwsim::report::render_report(run);
    (void)gwsim::report::render_comparison(run, run);
  } catch (const gwsim::Error& e) {
    if (e.code() != "report.input") throw;
  }
  return 0;
}
