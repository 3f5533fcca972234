// Runs: the engine runs with the GIL released (threads run in parallel), and
// results are exposed as numpy arrays that view the C++ buffers.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cli/cli.hpp"
#include "core/random.hpp"
#include "io/output.hpp"
#include "run/replications.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace gwsim::python {

namespace {

// Everything a run produced, kept alive while Python arrays view it.
struct RunResult {
  std::shared_ptr<const Scenario> scenario;
  std::uint64_t seed = 0;
  RunOutput out;
  double wall_s = 0;
};

std::shared_ptr<RunResult> run(std::shared_ptr<const Scenario> s, std::optional<std::uint64_t> seed) {
  auto r = std::make_shared<RunResult>();
  r->scenario = s;
  r->seed = seed.value_or(s->seed);
  py::gil_scoped_release release;
  const auto t0 = std::chrono::steady_clock::now();
  r->out = run_scenario(*s, r->seed);
  r->wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// A numpy view of `n` values of type T starting at `data` with `stride` bytes
// between them, owned by `owner`.
template <class T>
py::array view(const void* data, std::size_t n, std::size_t stride, py::handle owner) {
  py::array a(py::dtype::of<T>(), {static_cast<py::ssize_t>(n)}, {static_cast<py::ssize_t>(stride)},
              static_cast<const T*>(data), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

}  // namespace

void register_run(py::module_& m) {
  py::class_<RunResult, std::shared_ptr<RunResult>>(m, "RunResult", "The outputs of one run (see gwsim.run).")
      .def_readonly("seed", &RunResult::seed)
      .def_readonly("wall_s", &RunResult::wall_s)
      .def_property_readonly("events", [](const RunResult& r) { return r.out.summary.events; })
      .def(
          "timeseries_arrays",
          [](py::object self) {
            const RunResult& r = self.cast<const RunResult&>();
            py::dict out;
            const auto& t = r.out.timeseries.times();
            out["tick"] = view<std::int64_t>(t.data(), t.size(), sizeof(Tick), self);
            for (const auto& c : r.out.timeseries.columns())
              out[py::str(c.name)] = view<double>(c.values.data(), c.values.size(), sizeof(double), self);
            return out;
          },
          "Column name -> read-only numpy array viewing the C++ buffer (no copy); 'tick' is microseconds "
          "since the scenario start.")
      .def(
          "jobs_arrays",
          [](py::object self) -> py::object {
            const RunResult& r = self.cast<const RunResult&>();
            if (!r.scenario->workloads) return py::none();
            py::dict out;
            const std::size_t n = r.out.jobs.size();
            const JobRow* base = r.out.jobs.data();
            constexpr std::size_t s = sizeof(JobRow);
            out["job_id"] = view<std::uint64_t>(&base->id, n, s, self);
            out["kind"] = view<std::uint8_t>(&base->kind, n, s, self);
            out["source"] = view<std::uint32_t>(&base->source, n, s, self);
            out["priority"] = view<int>(&base->priority, n, s, self);
            out["gpus"] = view<std::int64_t>(&base->gpus, n, s, self);
            out["site"] = view<int>(&base->site, n, s, self);
            out["submit_tick"] = view<std::int64_t>(&base->submit, n, s, self);
            out["first_start_tick"] = view<std::int64_t>(&base->first_start, n, s, self);
            out["end_tick"] = view<std::int64_t>(&base->end, n, s, self);
            out["run_hours"] = view<double>(&base->run_hours, n, s, self);
            out["interruptions"] = view<std::uint32_t>(&base->interruptions, n, s, self);
            out["lost_gpu_hours"] = view<double>(&base->lost_gpu_hours, n, s, self);
            out["useful_gpu_hours"] = view<double>(&base->useful_gpu_hours, n, s, self);
            out["completed"] = view<bool>(&base->completed, n, s, self);
            return out;
          },
          "Job field -> read-only numpy array viewing the C++ job table (strided, no copy); None without workloads.")
      .def(
          "summary_json",
          [](const RunResult& r) {
            const Calendar cal(r.scenario->start_iso);
            nlohmann::json j = summary_json(*r.scenario, r.out.summary, r.seed);
            if (r.out.jobs_summary) j["jobs"] = jobs_summary_json(*r.out.jobs_summary, cal);
            return j.dump();
          },
          "summary.json of the run, as text.");

  m.def(
      "replication_seed",
      [](std::uint64_t seed, std::uint64_t r) { return RandomStreams(seed).stream_seed("replication", r); },
      py::arg("seed"), py::arg("replication"),
      "The seed of replication r of a run with `seed` (the same as gwsim run --replications).");

  m.def("run", &run, py::arg("scenario"), py::arg("seed") = py::none(),
        "Run a scenario (the GIL is released while it runs).");

  m.def(
      "cli",
      [](const std::vector<std::string>& args) {
        std::vector<const char*> argv{"gwsim"};
        for (const std::string& a : args) argv.push_back(a.c_str());
        py::gil_scoped_release release;
        return cli_main(static_cast<int>(argv.size()), argv.data());
      },
      py::arg("args"), "Run the gwsim command line with these arguments; returns the exit status.");
}

}  // namespace gwsim::python
