// tests/model/buildout_run.hpp -- one run of the buildout model on a scenario
// document, to its horizon: the summary, the timeseries and its CSV (the
// tests of the model's figures share it).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/engine.hpp"
#include "io/loader.hpp"
#include "io/output.hpp"
#include "model/buildout.hpp"

namespace gwsim::test {

struct BuildoutRun {
  BuildoutSummary summary;
  Timeseries ts;
  std::string csv;
};

// `sites`: the per-site columns are recorded too.
inline BuildoutRun run_buildout(const nlohmann::json& doc, std::uint64_t seed = 1, bool sites = false) {
  const Scenario s = scenario_from_json(doc, "t.json");
  Engine eng;
  Buildout m(eng, s, seed);
  if (sites) m.recorder().record_sites();
  eng.run_until(m.horizon());
  return BuildoutRun{m.summary(), m.timeseries(), timeseries_csv(m.timeseries(), Calendar(s.start_iso))};
}

}  // namespace gwsim::test
