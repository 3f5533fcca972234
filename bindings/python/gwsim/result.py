"""Run results as pandas DataFrames (writable copies, or zero-copy views of the C++ buffers on request),
a summary with Timestamps, Parquet files that carry what they are of, and the HTML report."""
from __future__ import annotations

import copy
import html
import json
import os
import pathlib
import re
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import _core, _money, _sites
from ._io import write_atomic
from .columns import COLUMNS, C, unit
from .report import Report, finish
from .scenario import Scenario

# Columns declared integer (counts: GPUs, racks, jobs, vCPUs; timeseries.csv writes them without a
# fraction): int64 in Result.timeseries.
_INTEGER = frozenset(c.name for c in COLUMNS if c.integer)
# The job kinds, in the order of JobSource (sim/jobs/jobs.hpp); jobs.csv's `kind`.
_JOB_KINDS = ["stream", "training", "trace"]
# The job fields that count (ids, priorities, GPUs or vCPUs, interruptions): int64 in Result.jobs.
_JOB_COUNTS = ("job_id", "priority", "gpus", "interruptions", "standby_gpus")
# The fields of summary.json that hold dates (ISO text, null when not reached), as key paths; "*" is
# every key of an object or item of an array. Result.summary has them as Timestamps (NaT for null).
_SUMMARY_DATES = (("start",), ("end",), ("key_dates", "*"), ("milestones", "*", "reached"),
                  ("milestones", "*", "deadline"), ("jobs", "training", "*", "end"))
# The Parquet key-value metadata key under which to_parquet writes what a file is of (JSON).
PARQUET_KEY = b"gwsim"


def _datetimes(start: str, ticks: np.ndarray) -> pd.DatetimeIndex:
    # ticks are microseconds since the scenario start (00:00 UTC)
    return pd.DatetimeIndex(np.datetime64(start, "us") + ticks.astype("timedelta64[us]"))


def _timestamps(node: Any, path: tuple[str, ...]) -> None:
    """Replaces, in place, the ISO date texts at `path` under `node` with Timestamps (NaT for null)."""
    if not path:
        return
    head, rest = path[0], path[1:]
    keys = (range(len(node)) if isinstance(node, list) else list(node)) if head == "*" else \
        ([head] if isinstance(node, dict) and head in node else [])
    for k in keys:
        if rest:
            _timestamps(node[k], rest)
        elif node[k] is None or isinstance(node[k], str):
            node[k] = pd.NaT if node[k] is None else pd.Timestamp(node[k])


def _json_value(x: Any) -> Any:
    # numpy scalars and arrays in overrides, as JSON
    if isinstance(x, np.generic | np.ndarray):
        return x.tolist()
    raise TypeError(f"{type(x).__name__} is not JSON serializable")


class Result:
    """The outputs of gwsim.run: .timeseries, .jobs (DataFrames), .summary (dict with Timestamps),
    .summary_json (summary.json as written), .to_parquet(), .report(); an HTML table in Jupyter."""

    def __init__(self, scenario: Scenario, core: Any) -> None:
        self.scenario = scenario
        self._core = core

    @property
    def seed(self) -> int:
        return self._core.seed

    @property
    def events(self) -> int:
        return self._core.events

    @property
    def wall_s(self) -> float:
        return self._core.wall_s

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """Daily state (one row per day, the state at its end), indexed by date: a writable copy, with
        the columns declared integer (gwsim.columns.column(name).integer: counts) as int64, as
        timeseries.csv writes them; the others float64. timeseries_view() is the zero-copy form."""
        return self._timeseries()

    def _timeseries(self) -> pd.DataFrame:
        arrays = self._core.timeseries_arrays()
        ticks = arrays.pop("tick")
        data = {k: v.astype(np.int64) if k in _INTEGER else v.copy() for k, v in arrays.items()}
        return pd.DataFrame(data, index=self._dates(ticks), copy=False)

    def timeseries_view(self) -> pd.DataFrame:
        """The daily state as read-only numpy arrays that view the simulator's buffers (no copy; every
        column float64, counts too); writing to it raises ValueError. A new frame each call."""
        arrays = self._core.timeseries_arrays()
        ticks = arrays.pop("tick")
        return pd.DataFrame(arrays, index=self._dates(ticks), copy=False)

    def _dates(self, ticks: np.ndarray) -> pd.DatetimeIndex:
        index = _datetimes(self.scenario.start, ticks).normalize()
        index.name = "date"
        return index

    @cached_property
    def jobs(self) -> pd.DataFrame | None:
        """One row per job (None without workloads), the columns of jobs.csv in its order: `kind`,
        `name` (its stream, training run or trace), `tenant`, `site` and `resource` as Categoricals of
        names (NaN site: never ran); times as datetimes (NaT: not applicable); counts int64. A writable
        copy; jobs_view() keeps the numeric columns as zero-copy views."""
        return self._jobs(copy=True)

    def jobs_view(self) -> pd.DataFrame | None:
        """As .jobs, but the numeric columns are read-only strided views of the C++ job table (no copy,
        their C++ types: uint64 job_id, int32 priority, uint32 interruptions). A new frame each call.
        `gpus` is a read-only copy instead when some run holds standby GPUs (the C++ field counts them)."""
        return self._jobs(copy=False)

    def _jobs(self, copy: bool) -> pd.DataFrame | None:
        arrays = self._core.jobs_arrays()
        if arrays is None:
            return None
        names = {k: pd.Categorical.from_codes(codes, categories) for k, (codes, categories)
                 in self._core.job_names().items()}
        when = {}
        for name in ("submit", "first_start", "end"):
            ticks = arrays[f"{name}_tick"]
            when[name] = _datetimes(self.scenario.start, ticks).where(ticks >= 0)

        def field(k: str) -> Any:
            v = arrays[k]
            return (v.astype(np.int64) if k in _JOB_COUNTS else v.copy()) if copy else v

        columns = {
            "job_id": field("job_id"), "kind": pd.Categorical.from_codes(arrays["kind"], _JOB_KINDS),
            "name": names["name"], "tenant": names["tenant"], "priority": field("priority"),
            "gpus": field("gpus"), "site": names["site"], **when,
            "wait_hours": (when["first_start"] - when["submit"]) / pd.Timedelta(hours=1),
            "run_hours": field("run_hours"), "interruptions": field("interruptions"),
            "lost_gpu_hours": field("lost_gpu_hours"), "useful_gpu_hours": field("useful_gpu_hours"),
            "completed": field("completed"), "resource": names["resource"],
            "standby_gpus": field("standby_gpus")}
        return pd.DataFrame(columns, copy=False)

    # Per-site and per-provider series: gwsim/_sites.py (docs/python.md, "Per-site series").
    @cached_property
    def sites(self) -> pd.DataFrame:
        """Each site's daily series: one row per day; columns a MultiIndex (site, metric), the
        metrics of gwsim._sites.SITE_COLUMNS (the fleet's names and units; counts int64). A copy."""
        return _sites.frame(self, "site")

    @cached_property
    def providers(self) -> pd.DataFrame:
        """As .sites, summed over each provider's sites: columns (provider, metric)."""
        return _sites.frame(self, "provider")

    def to_long(self, by: str = "site") -> pd.DataFrame:
        """The per-site (or, by="provider", per-provider) series in long form: columns date, site (or
        provider), metric, value, unit."""
        return _sites.long(self, by)

    def to_xarray(self):
        """The per-site series as an xarray.Dataset: dims (date, site), one variable per metric with
        units and long_name, provider a coordinate on site, Result.metadata in attrs."""
        return _sites.to_xarray(self)

    @cached_property
    def plot(self):
        """Plotting helpers: .capacity(), .power(), .queue() (matplotlib)."""
        from .plot import ResultPlots
        return ResultPlots(self)

    @property
    def metadata(self) -> dict:
        """What this result is of, as to_parquet writes it into a file's metadata: gwsim_version,
        scenario (its name), scenario_file (the file it was loaded from; "<name> (dict)" for a dict, as
        errors name it), fingerprint (Scenario.fingerprint), seed, overrides, start."""
        s = self.scenario
        return {"gwsim_version": _core.__version__, "scenario": s.name, "scenario_file": s._core.file,
                "fingerprint": s.fingerprint, "seed": self.seed, "overrides": s.overrides, "start": s.start}

    def to_parquet(self, path: str | os.PathLike, table: str = "timeseries") -> pathlib.Path:
        """Writes one Parquet file (pyarrow), atomically: the daily series (`table="timeseries"`, with
        its date index) or the jobs (`table="jobs"`; ValueError without workloads). The file's
        key-value metadata holds, under the key "gwsim", a JSON object: Result.metadata, the table's
        name and summary.json. gwsim.read_parquet(path) gives them back. The values are the run's, as
        .timeseries and .jobs first give them (not edits made to those frames). Returns the path."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if table not in ("timeseries", "jobs"):
            raise ValueError(f"table must be 'timeseries' or 'jobs', not {table!r}")
        df = self._timeseries() if table == "timeseries" else self._jobs(copy=True)  # the run's, not edited
        if df is None:
            raise ValueError(f"{self.scenario.name}: no jobs to write (the scenario has no workloads)")
        arrow = pa.Table.from_pandas(df, preserve_index=table == "timeseries")
        meta = {**self.metadata, "table": table, "summary": self.summary_json}
        arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}),
                                               PARQUET_KEY: json.dumps(meta, default=_json_value).encode()})
        write_atomic(path, lambda tmp: pq.write_table(arrow, tmp))
        return pathlib.Path(path)

    @cached_property
    def summary_json(self) -> dict:
        """summary.json exactly as `gwsim run` writes it: dates as ISO text, null when not reached."""
        return json.loads(self._core.summary_json())

    @cached_property
    def summary(self) -> dict:
        """summary.json as a dict, its dates as pandas Timestamps: key_dates, start, end, each
        milestone's reached and deadline, each training run's end. A date not reached is NaT;
        why_not_reached (key dates) and a milestone's explanation say why, as in summary.json."""
        out = copy.deepcopy(self.summary_json)
        for path in _SUMMARY_DATES:
            _timestamps(out, path)
        return out

    @property
    def reliability(self) -> pd.Series | None:
        """summary.json's "reliability" figures (lemon_racks, failures_from_lemons, racks_cordoned,
        racks_retired, repairs_automated, repairs_manual, repairs_not_fixed, replayed, replay_skipped;
        docs/outputs.md) as an int64 Series indexed by name; None when the scenario uses no
        reliability feature (summary.json then has no "reliability")."""
        figures = self.summary_json.get("reliability")
        return None if figures is None else pd.Series(figures, dtype=np.int64, name="reliability")

    @property
    def power(self) -> pd.Series | None:
        """summary.json's "power" section (docs/power.md, "Outputs") flattened into a float Series:
        nested keys joined by a dot ("stranded_gpu_days.interconnection", "bridge.tco2",
        "prices.grid_tco2", "energized_mw_at_end_by_site.<site>"); None when the scenario uses no
        part of the power supply chain (summary.json then has no "power")."""
        section = self.summary_json.get("power")
        if section is None:
            return None
        flat: dict[str, float] = {}

        def walk(prefix: str, value) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(f"{prefix}.{k}" if prefix else k, v)
            else:
                flat[prefix] = float(value)

        walk("", section)
        return pd.Series(flat, dtype=np.float64, name="power")

    @cached_property
    def money(self) -> _money.Money | None:
        """summary.json's "money" section (docs/money.md, "Outputs") as a read-only mapping: spend_usd by
        category, capex_usd, opex_usd, npv_usd, depreciation_usd, annualized_cost_usd_per_year,
        cost_per_gpu_hour_usd, contracts, lifecycle, ...; with shortcuts .spend (Series), .npv_usd,
        .cost_per_gpu_hour_usd, .contracts (DataFrame). None when the money model did not run."""
        section = self.summary_json.get("money")
        return None if section is None else _money.Money(section)

    @cached_property
    def cash_flow(self) -> pd.DataFrame | None:
        """cash_flow.csv as a float64 DataFrame indexed by month (monthly PeriodIndex "month"): one
        `<category>_usd` column per cash-flow category in the money model's order, then total_usd,
        cumulative_usd, discounted_usd; None when the money model did not run. A copy."""
        text = self._core.cash_flow_csv()
        return None if text is None else _money.cash_flow_frame(text)

    def report(self, out: str | os.PathLike | None = None, label: str | None = None) -> Report:
        """The planner's HTML report of this run (docs/report.md), made in C++ from the run in memory:
        the page `gwsim report` gives for the directory of `gwsim run --out` with the same scenario and
        seed, the same bytes except the footer's command line (a Result has none). `label` names the
        run in headings (default: the scenario's name; the CLI uses the directory's name). With
        `out`, also written there atomically."""
        return finish(self._core.report_html(label if label is not None else self.scenario.name), out)

    def __repr__(self) -> str:
        return f"<gwsim.Result {self.scenario.name!r} seed={self.seed} events={self.events:,}>"

    def _repr_html_(self) -> str:
        """A compact table for Jupyter: scenario, seed, key dates (or why not reached), the report's
        headline figures (made in C++), energy, milestones, events."""
        s, raw = self.summary, self.summary_json

        def day(t: Any) -> str:
            return "not reached" if pd.isna(t) else t.strftime("%Y-%m-%d")

        rows = [("Scenario", f"{s['scenario']} ({day(s['start'])} .. {day(s['end'])})"), ("Seed", str(self.seed))]
        for key in _core.milestones():  # in_service_50pct, _90pct, _100pct
            when = s["key_dates"][key]
            m = re.fullmatch(r"in_service_(\d+)pct", key)
            label = f"{m.group(1)}% of racks in service" if m else key
            why = s["why_not_reached"].get(key)
            rows.append((label, day(when) + (f": {why}" if pd.isna(when) and why else "")))
        for label, pointer, text in _core.key_figures(self._core.summary_json()):
            if not pointer.startswith("/key_dates/"):
                rows.append((label, text))
        rows.append(("Energy", f"{raw[C.energy_mwh]:,.0f} {unit(C.energy_mwh)}"))
        for ms in s["milestones"]:
            rows.append((f"Milestone {ms['name']}", day(ms["reached"]) + (
                f": {ms['explanation']}" if pd.isna(ms["reached"]) and ms.get("explanation") else "")))
        rows.append(("Events", f"{self.events:,} in {self.wall_s:.2f} s"))
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td style='text-align:left'>{html.escape(v)}</td></tr>" for k, v in rows)
        return f"<table class='gwsim-result'><caption>gwsim.Result</caption>{body}</table>"


def run(scenario: Scenario, seed: int | None = None, sites: bool = True) -> Result:
    """Run a scenario; the GIL is released while the simulation runs, so threads run in parallel.
    With sites=False the per-site series (Result.sites, .providers, .to_long(), .to_xarray()) are not
    kept: 24 x sites x days values fewer (78 MB for gigawatt_factory), as sweep points do."""
    return Result(scenario, _core.run(scenario._core, seed, bool(sites)))


def read_parquet(path: str | os.PathLike) -> pd.DataFrame:
    """A file written by Result.to_parquet, as a DataFrame; what it is of (the JSON object under the
    metadata key "gwsim": gwsim_version, scenario, scenario_file, fingerprint, seed, overrides, start,
    table, summary) in `df.attrs["gwsim"]`. Other Parquet files are read as they are (no such attrs)."""
    import pyarrow.parquet as pq

    arrow = pq.read_table(path)
    df = arrow.to_pandas()
    meta = (arrow.schema.metadata or {}).get(PARQUET_KEY)
    if meta is not None:
        df.attrs["gwsim"] = json.loads(meta)
    return df
