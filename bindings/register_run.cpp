// Runs: the engine runs with the GIL released (threads run in parallel), and
// results are exposed as numpy arrays that view the C++ buffers. Monte Carlo:
// run_replications (C++ threads, the CLI's checkpoint store) or replications
// run one by one elsewhere (Dask) and assembled in C++; bands and tables come
// from C++ (run/monte_carlo_stats.hpp, io/figures.hpp). Only conversions here.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cli/cli.hpp"
#include "io/checkpoint.hpp"
#include "io/figures.hpp"
#include "io/output.hpp"
#include "io/run_dir.hpp"
#include "model/columns.hpp"
#include "register.hpp"
#include "report/report.hpp"
#include "run/distributed.hpp"
#include "run/monte_carlo_stats.hpp"
#include "run/replications.hpp"

namespace py = pybind11;

namespace gwsim::python {

namespace {

// The cancellations entered (`with cancellation:`) on this thread, innermost
// last: run() stops when the innermost is cancelled (a Ctrl-C seen by Python
// cancels the sweep points running on a thread pool).
thread_local std::vector<const Cancellation*> entered_cancellations;

const Cancellation* current_cancellation() {
  return entered_cancellations.empty() ? nullptr : entered_cancellations.back();
}

// Everything a run produced, kept alive while Python arrays view it.
struct RunResult {
  std::shared_ptr<const Scenario> scenario;
  std::uint64_t seed = 0;
  RunOutput out;
  double wall_s = 0;
};

std::shared_ptr<RunResult> run(std::shared_ptr<const Scenario> s, std::optional<std::uint64_t> seed, bool sites) {
  auto r = std::make_shared<RunResult>();
  r->scenario = s;
  r->seed = seed.value_or(s->seed);
  py::gil_scoped_release release;
  const auto t0 = std::chrono::steady_clock::now();
  r->out = run_scenario(*s, r->seed, {}, current_cancellation(), sites);
  r->wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// summary.json of a run, as the CLI writes it (with "jobs" for scenarios with workloads).
nlohmann::json summary_of(const RunResult& r) {
  nlohmann::json j = summary_json(*r.scenario, r.out.summary, r.seed);
  if (r.out.jobs_summary) j["jobs"] = jobs_summary_json(*r.out.jobs_summary, Calendar(r.scenario->start_iso));
  return j;
}

// jobs.csv's names of each job (io/output.hpp: job_names) as pandas builds a
// Categorical: name -> (codes, categories), -1 for an empty name (a job that
// never ran has no site). Categories come in the scenario's order (sites, then
// the CPU pool; streams, training runs, traces), each once.
py::dict job_name_codes(const RunResult& r) {
  const Scenario& s = *r.scenario;
  const Workloads& w = *s.workloads;
  struct Coder {
    std::vector<std::string_view> names;
    std::unordered_map<std::string_view, std::int32_t> codes;
    // job_names gives views of the scenario's strings, a few of them: looked up by address first
    // (the same address and length: the same string), hashing a pointer rather than the text per job
    std::unordered_map<const char*, std::int32_t> by_address;
    std::int32_t operator()(std::string_view name) {
      if (name.empty()) return -1;
      if (const auto it = by_address.find(name.data());
          it != by_address.end() && names[static_cast<std::size_t>(it->second)].size() == name.size())
        return it->second;
      const auto [it, added] = codes.emplace(name, static_cast<std::int32_t>(names.size()));
      if (added) names.push_back(name);
      by_address[name.data()] = it->second;
      return it->second;
    }
  } name, tenant, site, resource;
  for (const Site& x : s.sites) site(x.name);
  if (w.cpu_pool) site(w.cpu_pool->name);
  for (const auto& x : w.streams) {
    name(x.name);
    tenant(x.tenant);
  }
  for (const auto& x : w.training) {
    name(x.name);
    tenant(x.name);
  }
  for (const auto& x : w.traces) {
    name(x.name);
    for (const std::string& t : x.tenants) tenant(t);
  }
  resource("gpu");
  resource("cpu");
  const std::size_t n = r.out.jobs.size();
  py::array_t<std::int32_t> name_codes(static_cast<py::ssize_t>(n)), tenant_codes(static_cast<py::ssize_t>(n)),
      site_codes(static_cast<py::ssize_t>(n)), resource_codes(static_cast<py::ssize_t>(n));
  std::int32_t* name_out = name_codes.mutable_data();
  std::int32_t* tenant_out = tenant_codes.mutable_data();
  std::int32_t* site_out = site_codes.mutable_data();
  std::int32_t* resource_out = resource_codes.mutable_data();
  {
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < n; ++i) {
      const JobNames j = job_names(r.out.jobs[i], s);
      name_out[i] = name(j.name);
      tenant_out[i] = tenant(j.tenant);
      site_out[i] = site(j.site);
      resource_out[i] = resource(j.cpu ? "cpu" : "gpu");
    }
  }
  auto pair = [](py::array_t<std::int32_t>& codes, const Coder& c) {
    py::list names;
    for (std::string_view x : c.names) names.append(py::str(x.data(), x.size()));
    return py::make_tuple(codes, names);
  };
  py::dict out;
  out["name"] = pair(name_codes, name);
  out["tenant"] = pair(tenant_codes, tenant);
  out["site"] = pair(site_codes, site);
  out["resource"] = pair(resource_codes, resource);
  return out;
}

// What a run's outputs are in the CLI's files: summary.json, jobs.csv's names, the report.
void register_run_outputs(py::module_& m) {
  py::class_<RunResult, std::shared_ptr<RunResult>>(m.attr("RunResult"))
      .def(
          "summary_json", [](const RunResult& r) { return summary_of(r).dump(); }, "summary.json of the run, as text.")
      .def(
          "cash_flow_csv",
          [](const RunResult& r) -> std::optional<std::string> {
            if (!r.out.summary.money.used) return std::nullopt;
            return cash_flow_csv(r.out.summary.money);
          },
          "cash_flow.csv of the run, as text; None when the money model did not run (docs/money.md).")
      .def(
          "job_names",
          [](const RunResult& r) -> py::object {
            if (!r.scenario->workloads) return py::none();
            return job_name_codes(r);
          },
          "jobs.csv's name, tenant, site and resource of each job: column -> (int32 codes, category names), code "
          "-1 for none; None without workloads.")
      .def(
          "report_html",
          [](const RunResult& r, std::string label) {
            nlohmann::json summary = summary_of(r);
            py::gil_scoped_release release;
            report::RunData data =
                report::run_data(label, std::move(summary), r.out.timeseries, Calendar(r.scenario->start_iso));
            if (r.out.summary.money.used)  // as load_run reads cash_flow.csv
              data.cash_flow = report::parse_cash_flow_csv(cash_flow_csv(r.out.summary.money),
                                                           fmt::format("{}/{}", label, run_files::cash_flow));
            return report::render_report(data);
          },
          py::arg("label"),
          "The HTML report of this run (report/report.hpp: run_data), the page gwsim report gives for its run "
          "directory; `label` names the run, as the directory's name does.");
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

// A new numpy array holding `f(x)` for each x of `items`.
template <class T, class Items, class F>
py::array_t<T> column(const Items& items, F f) {
  py::array_t<T> a(static_cast<py::ssize_t>(items.size()));
  T* out = a.mutable_data();
  for (const auto& x : items) *out++ = static_cast<T>(f(x));
  return a;
}

// Figures of runs as columns, name -> numpy array (key dates as ticks, -1
// when not reached; bottleneck a list of str).
py::dict figure_columns(const std::vector<RunFigures>& figs) {
  py::dict out;
  for (std::size_t k = 0; k < milestone_names().size(); ++k)
    out[py::str(milestone_names()[k])] =
        column<std::int64_t>(figs, [k](const RunFigures& f) { return f.key_dates[k].value_or(Tick{-1}); });
  auto add = [&](std::string_view name, auto member) {
    using T = std::remove_cvref_t<decltype(RunFigures{}.*member)>;
    out[py::str(name.data(), name.size())] = column<T>(figs, [member](const RunFigures& f) { return f.*member; });
  };
  add("stranded_gpu_days", &RunFigures::stranded_gpu_days);
  add("waiting_crew_gpu_days", &RunFigures::waiting_crew_gpu_days);
  add(columns::energy_mwh.name, &RunFigures::energy_mwh);
  add(columns::energy_cost_usd.name, &RunFigures::energy_cost_usd);
  add(columns::capex_usd.name, &RunFigures::capex_usd);
  add("failures", &RunFigures::failures);
  add("gpus_in_service_at_end", &RunFigures::gpus_in_service_at_end);
  py::list bottleneck;
  for (const RunFigures& f : figs) bottleneck.append(f.bottleneck);
  out["bottleneck"] = bottleneck;
  // with the money model (docs/money.md, "Monte Carlo"): its figures, as replications.csv's money columns
  const bool money = !figs.empty() && std::all_of(figs.begin(), figs.end(), [](const RunFigures& f) {
    return f.money.size() == money_figure_names().size();
  });
  for (std::size_t k = 0; money && k < money_figure_names().size(); ++k)
    out[py::str(money_figure_names()[k])] = column<double>(figs, [k](const RunFigures& f) { return f.money[k]; });
  return out;
}

ReplicationStore* store_of(const py::object& store) {
  if (store.is_none()) return nullptr;
  if (py::isinstance<CheckpointDir>(store)) return &store.cast<CheckpointDir&>();
  return &store.cast<MemoryStore&>();
}

std::shared_ptr<MonteCarlo> replications(const std::shared_ptr<const Scenario>& s, std::uint64_t seed, int n,
                                         int threads, const py::object& progress, const py::object& store,
                                         const Cancellation* cancel) {
  ReplicationStore* st = store_of(store);
  std::function<void(int)> on_done;
  std::optional<py::error_already_set> error;  // raised by `progress`: kept until the threads are done
  if (!progress.is_none())
    on_done = [&](int done) {
      py::gil_scoped_acquire gil;
      if (error) return;
      try {
        progress(done);
      } catch (py::error_already_set& e) {
        error = std::move(e);
      }
    };
  auto mc = std::make_shared<MonteCarlo>();
  {
    py::gil_scoped_release release;
    *mc = run_replications(*s, seed, n, threads, on_done, st, cancel);
  }
  if (error) throw std::move(*error);
  return mc;
}

// Where replications are kept: on disk (as the CLI keeps them) or in memory.
void register_stores(py::module_& m) {
  py::class_<CheckpointDir>(m, "CheckpointDir", "Replications kept on disk, as gwsim run --replications keeps them.")
      .def(py::init([](const std::string& dir, const std::string& fingerprint) {
             return std::make_unique<CheckpointDir>(dir, fingerprint);
           }),
           py::arg("dir"), py::arg("fingerprint"))
      .def_property_readonly("dir", [](const CheckpointDir& c) { return c.dir().string(); });

  py::class_<MemoryStore>(m, "MemoryStore", "Replications kept in memory (and in `backing` too, when given).")
      .def(py::init([](CheckpointDir* backing) { return std::make_unique<MemoryStore>(backing); }),
           py::arg("backing") = py::none(), py::keep_alive<1, 2>())
      .def(
          "save",
          [](MemoryStore& store, int r, const py::bytes& data) {
            const std::optional<ReplicationStore::Saved> saved = decode_replication(std::string(data), "");
            if (!saved) throw py::value_error("not a replication encoded by run_replication");
            store.save(r, saved->run, saved->times);
          },
          py::arg("replication"), py::arg("data"), "Keep replication r, as returned by run_replication.");
}

// The scenario's milestones over the replications, one dict each (dates as ticks, -1: null).
py::list milestone_stats_list(const MonteCarlo& mc, const std::shared_ptr<const Scenario>& s) {
  py::list out;
  for (const MilestoneStats& st : milestone_stats(*s, mc)) out.append(milestone_stats_dict(st));
  return out;
}

// The money figures over the replications (summary.json's monte_carlo.money), one dict each: name, p10, p50,
// p90; empty without the money model.
py::list money_stats_list(const MonteCarlo& mc) {
  py::list out;
  for (const FigureStats& st : money_figure_stats(mc))
    out.append(py::dict(py::arg("name") = st.name, py::arg("p10") = st.quantiles[0], py::arg("p50") = st.quantiles[1],
                        py::arg("p90") = st.quantiles[2]));
  return out;
}

// A Ctrl-C's way into C++ runs (run/replications.hpp): cancel() from any thread.
void register_cancellation(py::module_& m) {
  py::class_<Cancellation>(m, "Cancellation",
                           "Stops runs early: run_replications(cancel=...) and, while entered on a thread "
                           "(`with c:`), run() on that thread; a stopped run raises GwsimError run.cancelled.")
      .def(py::init<>())
      .def("cancel", &Cancellation::cancel, "Stop the runs (from any thread); cannot be undone.")
      .def_property_readonly("cancelled", &Cancellation::cancelled)
      .def(
          "__enter__",
          [](Cancellation& c) -> Cancellation& {
            entered_cancellations.push_back(&c);
            return c;
          },
          py::return_value_policy::reference)
      .def("__exit__", [](Cancellation&, const py::args&) {
        if (!entered_cancellations.empty()) entered_cancellations.pop_back();
      });
}

void register_monte_carlo(py::module_& m) {
  register_cancellation(m);
  py::class_<MonteCarlo, std::shared_ptr<MonteCarlo>>(m, "MonteCarlo",
                                                      "Replications of a scenario (see gwsim.monte_carlo).")
      .def_readonly("resumed", &MonteCarlo::resumed)
      .def_readonly("columns", &MonteCarlo::columns)
      .def(
          "times",
          [](py::object self) {
            const auto& t = self.cast<const MonteCarlo&>().times;
            return view<std::int64_t>(t.data(), t.size(), sizeof(Tick), self);
          },
          "The daily sample instants (ticks: microseconds since the scenario start), a read-only view.")
      .def(
          "bands",
          [](const MonteCarlo& mc) {
            const Bands bands = band_values(mc);
            py::dict out;
            for (std::size_t c = 0; c < bands.size(); ++c)
              for (std::size_t q = 0; q < band_names().size(); ++q)
                out[py::make_tuple(mc.columns[c], band_names()[q])] =
                    py::array_t<double>(static_cast<py::ssize_t>(bands[c][q].size()), bands[c][q].data());
            return out;
          },
          "(column, 'p10'|'p50'|'p90') -> one value per day: the bands of bands.csv.")
      .def(
          "replications",
          [](const MonteCarlo& mc) {
            std::vector<RunFigures> figs;
            for (const Replication& r : mc.runs) figs.push_back(run_figures(r.summary));
            py::dict out;
            out["seed"] = column<std::uint64_t>(mc.runs, [](const Replication& r) { return r.seed; });
            for (auto [name, values] : figure_columns(figs)) out[name] = values;
            return out;
          },
          "One entry per replication (the columns of replications.csv and more): name -> numpy array.")
      .def("milestone_stats", &milestone_stats_list, py::arg("scenario"),
           "The scenario's milestones over the replications (run/monte_carlo_stats.hpp): one dict each, dates as "
           "ticks (-1: null), deadline the end of its day (-1: none).")
      .def("money_stats", &money_stats_list,
           "P10/P50/P90 over the replications of each money figure (summary.json's monte_carlo.money): one dict "
           "each (name, p10, p50, p90); empty without the money model.");

  register_stores(m);

  m.def("banded_columns", &banded_columns, "The time-series columns whose percentile bands Monte Carlo keeps.");
  m.def("milestones", &milestone_names, "The key dates of a run (in_service_50pct, ...).");
  m.def(
      "band_names", [] { return std::vector<std::string>(band_names().begin(), band_names().end()); },
      "The names of the bands: p10, p50, p90.");
  m.def("replications_fingerprint", &replications_fingerprint, py::arg("scenario_fingerprint"), py::arg("seed"),
        "What a checkpoint directory of replications is of (as gwsim run --replications).");
  m.def("run_replications", &replications, py::arg("scenario"), py::arg("seed"), py::arg("n"), py::arg("threads") = 1,
        py::arg("progress") = py::none(), py::arg("store") = py::none(), py::arg("cancel") = py::none(),
        "n replications on C++ threads (GIL released); progress(done) is called as they finish; those "
        "found in `store` (a CheckpointDir or MemoryStore) are not run again, and each one run is saved there. "
        "cancel.cancel() (a Cancellation) starts no more and stops the running ones: GwsimError run.cancelled.");
  m.def(
      "run_replication",
      [](std::shared_ptr<const Scenario> s, std::uint64_t seed, int r) {
        std::string bytes;
        {
          py::gil_scoped_release release;
          const ReplicationStore::Saved saved = run_replication(*s, seed, r);
          bytes = encode_replication(saved.run, saved.times, "");
        }
        return py::bytes(bytes);
      },
      py::arg("scenario"), py::arg("seed"), py::arg("replication"),
      "Replication r alone, encoded as in the checkpoint files (for MemoryStore.save): for remote workers.");
  m.def(
      "missing_replications",
      [](MemoryStore& store, std::uint64_t seed, int n) { return missing_replications(store, seed, n); },
      py::arg("store"), py::arg("seed"), py::arg("n"), "The replications among 0..n-1 that `store` does not hold.");
}

}  // namespace

namespace {

// Per-site series (model/columns.hpp: site_columns()), kept when run with sites=True.
void register_site_series(py::module_& m) {
  py::class_<RunResult, std::shared_ptr<RunResult>>(m.attr("RunResult"))
      .def(
          "site_arrays",
          [](py::object self) {
            const Timeseries& ts = self.cast<const RunResult&>().out.timeseries;
            const auto rows = static_cast<py::ssize_t>(ts.rows()), sites = static_cast<py::ssize_t>(ts.sites());
            const auto row_bytes = static_cast<py::ssize_t>(ts.sites() * sizeof(double));
            py::dict out;
            for (const Timeseries::SiteColumn& c : ts.site_columns()) {
              py::array a(py::dtype::of<double>(), {rows, sites}, {row_bytes, py::ssize_t{sizeof(double)}},
                          c.values.data(), self);
              py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
              out[py::str(c.name)] = a;
            }
            return out;
          },
          "Per-site column name -> read-only (days, sites) numpy array viewing the C++ buffer (no copy), sites in "
          "the scenario's order; empty when run without sites.")
      .def_property_readonly(
          "sites",
          [](const RunResult& r) {
            py::list out;
            for (const Site& s : r.scenario->sites) out.append(py::make_tuple(s.name, s.provider));
            return out;
          },
          "(name, provider) of each site, in the scenario's order.");
  m.def(
      "site_columns",
      [] {
        std::vector<std::string> out;
        for (const ColumnSpec* c : site_columns()) out.emplace_back(c->name);
        return out;
      },
      "The columns kept per site (model/columns.hpp: site_columns()), in order.");
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
            // jobs.csv's gpus (standbys excluded): a view unless a run holds standby GPUs (JobRow::gpus)
            const bool standbys =
                std::any_of(r.out.jobs.begin(), r.out.jobs.end(), [](const JobRow& j) { return j.standby_gpus != 0; });
            if (standbys) {
              py::array gpus = column<std::int64_t>(r.out.jobs, [](const JobRow& j) { return j.working_units(); });
              py::detail::array_proxy(gpus.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;  // as a view
              out["gpus"] = gpus;
            } else {
              out["gpus"] = view<std::int64_t>(&base->gpus, n, s, self);
            }
            out["site"] = view<int>(&base->site, n, s, self);
            out["submit_tick"] = view<std::int64_t>(&base->submit, n, s, self);
            out["first_start_tick"] = view<std::int64_t>(&base->first_start, n, s, self);
            out["end_tick"] = view<std::int64_t>(&base->end, n, s, self);
            out["run_hours"] = view<double>(&base->run_hours, n, s, self);
            out["interruptions"] = view<std::uint32_t>(&base->interruptions, n, s, self);
            out["lost_gpu_hours"] = view<double>(&base->lost_gpu_hours, n, s, self);
            out["useful_gpu_hours"] = view<double>(&base->useful_gpu_hours, n, s, self);
            out["completed"] = view<bool>(&base->completed, n, s, self);
            out["standby_gpus"] = view<std::int64_t>(&base->standby_gpus, n, s, self);
            return out;
          },
          "Job field -> read-only numpy array viewing the C++ job table (strided, no copy); None without workloads.")
      .def(
          "figures", [](const RunResult& r) { return figure_columns({run_figures(r.out.summary)}); },
          "The run's figures as in the Monte Carlo replications table (one-element columns).");

  m.def(
      "replication_seed", [](std::uint64_t seed, int r) { return replication_seed(seed, r); }, py::arg("seed"),
      py::arg("replication"), "The seed of replication r of a run with `seed` (the same as gwsim run --replications).");

  m.def("run", &run, py::arg("scenario"), py::arg("seed") = py::none(), py::arg("sites") = true,
        "Run a scenario (the GIL is released while it runs); with sites, the per-site series are kept too.");

  m.def(
      "cli",
      [](const std::vector<std::string>& args) {
        std::vector<const char*> argv{"gwsim"};
        for (const std::string& a : args) argv.push_back(a.c_str());
        py::gil_scoped_release release;
        return cli_main(static_cast<int>(argv.size()), argv.data());
      },
      py::arg("args"), "Run the gwsim command line with these arguments; returns the exit status.");

  register_site_series(m);
  register_run_outputs(m);
  register_monte_carlo(m);
}

}  // namespace gwsim::python
