// libFuzzer target: the scenario loader and validator (sim/scenario/loader).
//
// Each input is written as a scenario file next to copies of the shipped
// scenarios (so `extends` chains resolve) and loaded. A ScenarioError is the
// expected answer to bad input; any other exception, a crash, a sanitizer
// report, a hang (-timeout) or a large allocation (-rss_limit_mb,
// -malloc_limit_mb) is a finding. `make fuzz` runs it; docs/reliability.md.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "io/loader.hpp"

namespace fs = std::filesystem;

namespace {

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("gwsim_fuzz_loader." + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(GWSIM_SOURCE_DIR "/scenarios"))
    if (e.path().extension() == ".json")
      fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path dir = scratch();
  const fs::path file = dir / "input.json";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)gwsim::load_scenario(file);
  } catch (const gwsim::ScenarioError&) {
    // bad input, reported as such: fine
  }
  return 0;
}
