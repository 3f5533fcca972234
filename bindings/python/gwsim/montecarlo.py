"""Monte Carlo replications and parameter sweeps, on C++ threads, an executor or a Dask cluster.

The replications, their checkpoints, the bands and the per-replication figures are computed in C++
(the code behind `gwsim run --replications`); this module only chooses where replications run and
turns the results into DataFrames."""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import pathlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import _core
from ._executors import _bar, _interruptible, _map
from ._io import write_atomic
from .columns import C
from .result import PARQUET_KEY, _datetimes, _json_value, run
from .scenario import Scenario, _integer, _plain
from .uncertainty import Precision, Probability, Stop, _measure, _series, _successes

# the columns whose percentile bands are kept, and the key dates (as gwsim run --replications)
BANDED = list(_core.banded_columns())
MILESTONES = list(_core.milestones())


def _figure_columns(arrays: dict, start: str) -> dict:
    """C++ figure columns (io/figures.hpp) with key dates as datetimes (NaT when not reached)."""
    out = dict(arrays)
    for m in MILESTONES:
        ticks = arrays[m]
        out[m] = _datetimes(start, ticks.clip(min=0)).where(ticks >= 0)
    return out


def _replication(scenario: Scenario, seed: int, r: int) -> bytes:
    """Replication r, run wherever the executor runs it; small and picklable (for Dask workers)."""
    return _core.run_replication(scenario._core, seed, r)


@dataclass
class MonteCarloResult:
    """Replications of one scenario: percentile bands and key-date distributions."""

    scenario: Scenario
    seed: int
    replications: pd.DataFrame      # one row per replication: seed, key dates, summary figures
    bands: pd.DataFrame             # per day: (column, "p10"|"p50"|"p90")
    resumed: int = 0                # replications reused from `out` rather than run
    # one row per scenario milestone (index: name): p10, p50, p90 of its date (NaT: not reached by the
    # horizon in that share of replications), reached (fraction), deadline, probability of meeting it
    # and its 95% Wilson interval ci_low, ci_high (NaN without a deadline)
    milestones: pd.DataFrame | None = None
    # one row per replication, one column per scenario milestone: its date (NaT: not reached by the horizon)
    milestone_dates: pd.DataFrame | None = None
    # adaptive Monte Carlo (monte_carlo(..., until=...)): where it stopped and why
    stop: Stop | None = None
    # the built-in key dates over the replications, as `milestones` (no deadline)
    key_dates: pd.DataFrame | None = None
    # scenarios with workloads (else None): one row per replication, the job columns of replications.csv:
    # per training run <run>_end (Timestamp, NaT: not completed by the horizon), <run>_status (completed,
    # running, waiting, never_started), <run>_ettr (NaN: never started), <run>_interruptions; then
    # wait_p50_hours, wait_p90_hours, wait_p99_hours, utilization, goodput
    jobs: pd.DataFrame | None = None
    # one row per training run (index: name), as training_runs.csv: replications, completed, running,
    # waiting, never_started, end_p10/50/90 (NaT: not finished by the horizon in that share), ettr_p10/50/90
    training_runs: pd.DataFrame | None = None
    # one row per queue figure (wait_p50_hours, ..., utilization, goodput): p10, p50, p90 over the replications
    queue: pd.DataFrame | None = None
    # with the money model (else None; docs/money.md, "Monte Carlo"): one row per money figure (index: npv_usd,
    # spend_usd, cost_per_gpu_hour_usd, cost_per_h100e_hour_usd, contract_exposure_usd): p10, p50, p90 over the
    # replications, as summary.json's monte_carlo.money; each replication's values are columns of `replications`
    money: pd.DataFrame | None = None

    def fan(self, column: str = C.gpus_in_service, ax: Any = None):
        """A fan chart (P10-P90 shaded, P50 drawn) of one banded column."""
        from .plot import fan
        return fan(self.bands, column, ax, replications=len(self.replications), scenario=self.scenario.name)

    def probability_by(self, date: str, milestone: str = "in_service_100pct",
                       confidence: float = 0.95) -> Probability:
        """The probability that `milestone` (a key date or a scenario milestone's name) is reached by the end
        of `date`: the fraction of replications in which it was, with its Wilson interval at `confidence`.
        float(p) is the estimate."""
        met = _successes(_series(self.replications, self._milestone_dates(), milestone), date)
        return Probability.of(int(met.sum()), len(met), confidence)

    def _milestone_dates(self) -> pd.DataFrame:
        if self.milestone_dates is not None:
            return self.milestone_dates
        return pd.DataFrame(index=self.replications.index)

    def overview(self) -> pd.DataFrame:
        """One row per key date, then per scenario milestone: p10/p50/p90 of its date, the fraction of
        replications that reached it, and for a milestone with a deadline the probability of meeting it with
        its 95% Wilson interval (all computed in C++, as mc.milestones)."""
        frames = [f for f in (self.key_dates, self.milestones) if f is not None and len(f)]
        if not frames:
            return pd.DataFrame()
        return pd.concat(frames) if len(frames) > 1 else frames[0].copy()

    def __repr__(self) -> str:
        stop = f", {self.stop}" if self.stop is not None else ""
        return f"<gwsim.MonteCarloResult {self.scenario.name!r} n={len(self.replications)} seed={self.seed}{stop}>"

    def _repr_html_(self) -> str:
        import html
        table = self.overview()
        shown = pd.DataFrame(index=table.index)
        day = "%Y-%m-%d"
        if len(table):
            for c in ("p10", "p50", "p90"):
                shown[c] = table[c].dt.strftime(day).fillna("not reached")
            shown["reached"] = table["reached"].map(lambda x: f"{x:.0%}")
            has = table["deadline"].notna()
            shown["deadline"] = table["deadline"].dt.strftime(day).where(has, "")
            shown["probability"] = [f"{p:.2f}" if h else "" for p, h in zip(table["probability"], has, strict=True)]
            shown["95% CI"] = [f"{lo:.2f}-{hi:.2f}" if h else ""
                               for lo, hi, h in zip(table["ci_low"], table["ci_high"], has, strict=True)]
        head = (f"<b>gwsim.MonteCarloResult</b> {html.escape(self.scenario.name)}: "
                f"{len(self.replications):,} replications, seed {self.seed}")
        if self.resumed:
            head += f", {self.resumed:,} resumed"
        if self.stop is not None:
            head += f"<br>{html.escape(str(self.stop))}"
        money = "" if self.money is None else f"<b>Money, over the replications</b>{self.money.to_html()}"
        return f"<div>{head}{shown.to_html(na_rep='')}{self._jobs_html()}{money}</div>"

    def _jobs_html(self) -> str:
        """The training runs' finish-date and ETTR bands and the queue figures (with workloads)."""
        if self.training_runs is None or self.queue is None:
            return ""
        t = self.training_runs
        shown = pd.DataFrame(index=t.index)
        shown["finished"] = [f"{c} of {n}" for c, n in zip(t["completed"], t["replications"], strict=True)]
        for c in ("end_p10", "end_p50", "end_p90"):
            shown[c] = t[c].dt.strftime("%Y-%m-%d").fillna("not finished")
        for c in ("ettr_p10", "ettr_p50", "ettr_p90"):
            shown[c] = t[c].map(lambda x: "" if pd.isna(x) else f"{x:.1%}")
        return f"<b>Training runs</b>{shown.to_html()}<b>Queue, over the replications</b>{self.queue.to_html()}"

    def to_parquet(self, path: str | os.PathLike) -> pathlib.Path:
        """Writes the per-replication results to the Parquet file `path` (pyarrow), atomically: the
        columns of mc.replications, then one column "milestone:<name>" per scenario milestone (its date,
        null when not reached), then with workloads one column "jobs:<name>" per column of mc.jobs. The
        file's key-value metadata holds, under the key "gwsim", a JSON object: gwsim_version, scenario,
        scenario_file (None for a dict), fingerprint, seed, overrides, start, table ("replications") and
        n, as Result.to_parquet, and with workloads "training_runs": the records of mc.training_runs
        (dates as ISO texts, null: not finished); gwsim.read_parquet(path) gives the frame with
        that object in df.attrs["gwsim"]. Returns the path."""
        import pyarrow as pa
        import pyarrow.parquet as pq
        df = self.replications.copy()
        for name, dates in self._milestone_dates().items():
            df[f"milestone:{name}"] = dates
        if self.jobs is not None:
            for name, values in self.jobs.items():
                df[f"jobs:{name}"] = values.astype(str) if name.endswith("_status") else values
        s = self.scenario
        meta = {"gwsim_version": _core.__version__, "scenario": s.name,
                "scenario_file": s._source if isinstance(s._source, str) else None, "fingerprint": s.fingerprint,
                "seed": self.seed, "overrides": s.overrides, "start": s.start, "table": "replications",
                "n": len(self.replications)}
        if self.training_runs is not None:
            meta["training_runs"] = json.loads(self.training_runs.reset_index().to_json(
                orient="records", date_format="iso", date_unit="us"))
        table = pa.Table.from_pandas(df)
        text = json.dumps(meta, default=_json_value).encode()
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), PARQUET_KEY: text})
        write_atomic(path, lambda tmp: pq.write_table(table, tmp))
        return pathlib.Path(path)


def _result(scenario: Scenario, seed: int, mc: Any, resumed: int) -> MonteCarloResult:
    index = _datetimes(scenario.start, mc.times()).normalize()
    index.name = "date"
    bands = pd.DataFrame(mc.bands(), index=index)
    replications = pd.DataFrame(_figure_columns(mc.replications(), scenario.start))
    replications.index.name = "replication"
    jobs, training_runs, queue = _job_outcomes(scenario, mc)
    return MonteCarloResult(scenario, seed, replications, bands, resumed=resumed,
                            milestones=_milestones(scenario, mc), milestone_dates=_milestone_dates(scenario, mc),
                            key_dates=_date_stats(scenario, _core.key_date_stats(mc)), jobs=jobs,
                            training_runs=training_runs, queue=queue, money=_money(mc))


def _money(mc: Any) -> pd.DataFrame | None:
    """P10/P50/P90 of each money figure over the replications (computed in C++, run/monte_carlo_stats.hpp);
    None without the money model."""
    rows = mc.money_stats()
    if not rows:
        return None
    return pd.DataFrame(rows, columns=["name", "p10", "p50", "p90"]).set_index("name")


STATUSES = ["completed", "running", "waiting", "never_started"]


def _job_outcomes(scenario: Scenario, mc: Any) -> tuple[Any, Any, Any]:
    """mc.jobs, mc.training_runs and mc.queue (computed in C++, run/job_outcome_stats.hpp); None without
    workloads."""
    columns = _core.job_outcomes(mc)
    if not columns:
        return None, None, None
    jobs = pd.DataFrame(index=pd.RangeIndex(len(next(iter(columns.values()))), name="replication"))
    for name, values in columns.items():
        if name.endswith("_end"):
            jobs[name] = _datetimes(scenario.start, values.clip(min=0)).where(values >= 0)
        elif name.endswith("_status"):
            jobs[name] = pd.Categorical(values, categories=STATUSES)
        else:
            jobs[name] = values
    rows = _core.training_run_stats(mc)
    cols = ["replications", "completed", "running", "waiting", "never_started", "end_p10", "end_p50", "end_p90",
            "ettr_p10", "ettr_p50", "ettr_p90"]
    runs = pd.DataFrame(rows, columns=["name", *cols]).set_index("name")
    for c in ("end_p10", "end_p50", "end_p90"):
        ticks = runs[c].to_numpy(dtype="int64")
        runs[c] = _datetimes(scenario.start, ticks.clip(min=0)).where(ticks >= 0)
    for c in ("ettr_p10", "ettr_p50", "ettr_p90"):
        runs[c] = runs[c].astype("float64")
    queue = pd.DataFrame(_core.queue_stats(mc), columns=["name", "p10", "p50", "p90"]).set_index("name")
    return jobs, runs, queue


def _milestone_dates(scenario: Scenario, mc: Any) -> pd.DataFrame:
    """Each scenario milestone's date per replication (NaT: not reached by the horizon)."""
    out = pd.DataFrame({name: _datetimes(scenario.start, ticks.clip(min=0)).where(ticks >= 0)
                        for name, ticks in _core.milestone_dates(mc, scenario._core).items()})
    out.index.name = "replication"
    return out


def _milestones(scenario: Scenario, mc: Any) -> pd.DataFrame:
    """The scenario's milestones over the replications (computed in C++, run/monte_carlo_stats.hpp)."""
    return _date_stats(scenario, mc.milestone_stats(scenario._core))


def _date_stats(scenario: Scenario, rows: list[dict]) -> pd.DataFrame:
    """C++ date statistics (MonteCarlo.milestone_stats, key_date_stats) as a DataFrame, dates as datetimes."""
    cols = ["p10", "p50", "p90", "reached", "deadline", "probability", "ci_low", "ci_high"]
    if not rows:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="name"))
    df = pd.DataFrame(rows).set_index("name")
    for c in ("p10", "p50", "p90", "deadline"):
        ticks = df[c].to_numpy(dtype="int64")
        df[c] = _datetimes(scenario.start, ticks.clip(min=0)).where(ticks >= 0)
    # the deadline is kept as the end of its day: show the day
    df["deadline"] = df["deadline"] - pd.Timedelta(days=1)
    df["reached"] = df["reached"] / df["replications"]
    no_deadline = df["deadline"].isna()
    df.loc[no_deadline, ["probability", "ci_low", "ci_high"]] = float("nan")
    return df[cols]


def monte_carlo(scenario: Scenario, n: int = 1000, seed: int | None = None, executor: Any = None,
                progress: bool = True, out: str | os.PathLike | None = None,
                threads: int | None = None, workers: int | None = None, until: Precision | None = None,
                _store: Any = None) -> MonteCarloResult:
    """`n` replications with independent seeds: replication r is the CLI's replication r, and the result
    is the same value as `gwsim run --replications n` computes (bands.csv, replications.csv) on any
    executor.

    `executor`: None (the default) runs them on `threads` C++ threads in this process (default: one per
    core; the GIL is released); a concurrent.futures.Executor (threads or processes), "dask" (a local Dask
    cluster), a scheduler address ("tcp://host:8786") or a dask.distributed.Client runs replications one
    by one there, and this process assembles them in C++. `workers`: the number of worker processes of
    the local Dask cluster that executor="dask" starts (default: one per core). n, seed, threads and
    workers may be numpy integers.

    Ctrl-C (KeyboardInterrupt) returns within a second: replications not started are cancelled, those
    running on C++ threads stop, and those finished are kept in `out` (see below).

    With `out`, each finished replication is kept in the directory `out` as `gwsim run --replications`
    keeps them in OUT/.replications (`fingerprint`, `rep-000017.cbor`: one checkpoint format), and a
    Monte Carlo started again with the same `out`, scenario and seed reuses them: an interrupted run
    resumes, and finished replications are never recomputed. Replications of another scenario or seed
    found there are deleted.

    With `until` (a gwsim.Precision), `n` is a cap: replications run in growing batches until the
    confidence interval of the target's quantity is at most its width wide, and the result keeps the
    smallest number of replications N (>= the target's min_n) at which it is, checked after every
    replication: the same value as monte_carlo(s, n=N) (replication r never depends on n). mc.stop
    says N, whether the target was met or the cap reached, and the estimate with its interval."""
    n = _integer(n, "n")
    if n < 1:
        raise ValueError("n must be >= 1")
    base = scenario.seed if seed is None else _integer(seed, "seed")
    if until is not None:
        return _until(scenario, n, base, until, executor, progress, out, threads, workers)
    checkpoint = None
    if out is not None:
        fingerprint = _core.replications_fingerprint(scenario.fingerprint, base)
        checkpoint = _core.CheckpointDir(os.fspath(out), fingerprint)
    if _store is not None:  # adaptive Monte Carlo (_until): its replications, kept across its batches
        checkpoint = _store
    desc = f"{scenario.name} x{n}"
    if executor is None:
        bar = _bar(progress, n, desc)

        def update(done: int) -> None:
            bar.update(done - bar.n)

        cancel = _core.Cancellation()  # a Ctrl-C stops the C++ threads (run/replications.hpp)
        count = _integer(threads, "threads") if threads is not None else os.cpu_count() or 1
        try:
            mc = _interruptible(lambda: _core.run_replications(scenario._core, base, n, count,
                                                               update if bar is not None else None, checkpoint,
                                                               cancel), cancel)
        finally:
            if bar is not None:
                bar.close()
        return _result(scenario, base, mc, mc.resumed)
    store = checkpoint if isinstance(checkpoint, _core.MemoryStore) else _core.MemoryStore(checkpoint)
    todo = _core.missing_replications(store, base, n)
    _map(_replication, [(scenario, base, r) for r in todo], executor, progress, desc,
         on_result=lambda item, data: store.save(item[2], data), workers=workers)
    mc = _core.run_replications(scenario._core, base, n, 1, None, store)  # all saved: assembles them
    return _result(scenario, base, mc, n - len(todo))


def _until(scenario: Scenario, cap: int, base: int, target: Precision, executor: Any, progress: bool,
           out: str | os.PathLike | None, threads: int | None, workers: int | None) -> MonteCarloResult:
    """Adaptive Monte Carlo (monte_carlo(..., until=target)): batches of replications 0..n-1, n growing
    with the estimated need, until some prefix meets `target` or n reaches `cap`."""
    checkpoint = None
    if out is not None:
        checkpoint = _core.CheckpointDir(os.fspath(out), _core.replications_fingerprint(scenario.fingerprint, base))
    store = _core.MemoryStore(checkpoint)  # every replication run, for the next batch; also in `out`
    on_disk = set(range(cap)) - set(_core.missing_replications(store, base, cap)) if checkpoint else set()
    n = min(cap, target.min_n)
    while True:
        mc = monte_carlo(scenario, n, seed=base, executor=executor, progress=progress, threads=threads,
                         workers=workers, _store=store)
        first, estimate, reason = _measure(mc.replications, mc.milestone_dates, scenario.start, target)
        if first or reason or n == cap:
            break
        n = _next_batch(n, estimate.width, target.width, cap)
    keep = first or n
    if keep != n:  # assembled from the replications kept in memory: nothing runs again
        mc = monte_carlo(scenario, keep, seed=base, executor=None, progress=False, threads=1, _store=store)
        _, estimate, _ = _measure(mc.replications, mc.milestone_dates, scenario.start, target)
    mc.resumed = sum(1 for r in on_disk if r < keep)
    mc.stop = Stop(target, keep, bool(first), estimate, cap, "" if first else reason or f"the cap n={cap} was reached")
    return mc


def _next_batch(n: int, width: float, target: float, cap: int) -> int:
    """The next number of replications: what the width's 1/sqrt(n) decay says is needed, plus 10%, at
    least n + 10 and at most 4n (a first estimate from a few replications can be far off)."""
    need = n * (width / target) ** 2 * 1.1 if 0 < width < float("inf") else 4 * n
    return int(min(cap, max(n + 10, min(4 * n, -(-need // 1)))))


def _sweep_point(scenario: Scenario, overrides: dict, seed: int | None, replications: int | None = None) -> dict:
    variant = scenario.override(overrides)
    if replications is not None:
        # each milestone with a deadline: the probability of meeting it, its interval and its P50 (in C++)
        mc = monte_carlo(variant, replications, seed=seed, progress=False, threads=1)
        row = dict(overrides)
        for name, m in mc.milestones[mc.milestones["deadline"].notna()].iterrows():
            for field in ("probability", "ci_low", "ci_high", "p50"):
                row[f"{name}.{field}"] = m[field]
        return row
    figures = _figure_columns(run(variant, seed, sites=False)._core.figures(), variant.start)
    return {**overrides, **{name: values[0] for name, values in figures.items()}}


def _point_id(overrides: Mapping[str, Any], seed: int | None, base: str = "", replications: int | None = None) -> str:
    """Names a point by its overrides, its seed, its replications and the base scenario's fingerprint, so
    a directory of points from another scenario is never mistaken for this one's."""
    what = {"overrides": overrides, "seed": seed, "base": base}
    if replications is not None:
        what["replications"] = replications
    text = json.dumps(what, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sweep(scenario: Scenario, grid: Mapping[str, Iterable[Any]], seed: int | None = None, executor: Any = None,
          progress: bool = True, out: str | os.PathLike | None = None, workers: int | None = None,
          replications: int | None = None) -> pd.DataFrame:
    """Runs every combination of the grid's values (JSON pointer -> values) and returns one row per
    point: the overrides, key dates and summary figures.

    Columns of the overrides have readable names (column_name: "/sites/0/pue" -> "sites[0].pue"); the
    pointers are in df.attrs["pointers"] (column -> pointer).

    With `replications=n`, each point runs n replications (monte_carlo with `seed`, the same replication
    seeds at every point) and its row holds, for each scenario milestone with a deadline, "<name>.probability"
    of meeting it, its 95% Wilson interval "<name>.ci_low", "<name>.ci_high" and "<name>.p50", its P50
    date (as mc.milestones), instead of one run's figures. Every point is validated like a scenario.
    `executor` and `workers` as for monte_carlo (None: threads in this process); grid values may be numpy
    scalars or arrays (np.arange, np.linspace), kept as Python numbers and lists. Ctrl-C returns within a
    second, as for monte_carlo; points finished before it are in `out`.

    With `out`, each finished point is also written to `out/point-<id>.parquet` (atomically), and a
    sweep started again with the same `out` skips the points already there: an interrupted sweep
    resumes, and finished points are never recomputed."""
    keys = list(grid)
    if replications is not None:
        replications = _integer(replications, "replications")
        if replications < 1:
            raise ValueError("replications must be >= 1")
        if not any(deadline >= 0 for _, deadline in _core.milestone_deadlines(scenario._core)):
            raise ValueError(f"sweep(..., replications=n) reports the scenario's milestones with a deadline, and "
                             f"{scenario.name!r} has none (docs/scenarios.md, Milestones)")
    seed = _integer(seed, "seed") if seed is not None else None
    values_of = [[_plain(v) for v in grid[k]] for k in keys]  # numpy values as Python ones (point ids, overrides)
    points = [dict(zip(keys, values, strict=True)) for values in itertools.product(*values_of)]
    done: dict[str, dict] = {}
    directory = pathlib.Path(out) if out is not None else None
    base = scenario.fingerprint if directory is not None else ""

    def pid(p: Mapping[str, Any]) -> str:
        return _point_id(p, seed, base, replications)

    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        for p in points:
            f = directory / f"point-{pid(p)}.parquet"
            if f.exists():
                done[pid(p)] = pd.read_parquet(f).iloc[0].to_dict()
    todo = [p for p in points if pid(p) not in done]
    fresh: dict[str, dict] = {}

    def finished(item: tuple, row: dict) -> None:
        fresh[pid(item[1])] = row
        if directory is not None:
            write_atomic(directory / f"point-{pid(item[1])}.parquet", lambda tmp: pd.DataFrame([row]).to_parquet(tmp))

    _map(_sweep_point, [(scenario, p, seed, replications) for p in todo], executor, progress, f"{scenario.name} sweep",
         on_result=finished, workers=workers)
    ordered = [done.get(pid(p)) or fresh[pid(p)] for p in points]
    df = pd.DataFrame(ordered)
    names = _column_names(keys, [c for c in df.columns if c not in keys])
    df = df.rename(columns=names)
    df.attrs["pointers"] = {names[k]: k for k in keys}
    if replications is not None:
        df.attrs["replications"] = replications
    return df


def column_name(pointer: str) -> str:
    """A sweep column's name for a JSON pointer: array indices in brackets, keys joined by dots
    ("/sites/0/pue" -> "sites[0].pue", "/failures/enabled" -> "failures.enabled")."""
    name = ""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        name += f"[{token}]" if token.isdigit() else f".{token}" if name else token
    return name or pointer


def _column_names(pointers: list[str], others: list[str]) -> dict[str, str]:
    """column_name of each pointer; a pointer whose name would collide with another column's (a figure such
    as "failures", or another pointer's name) keeps the pointer as its name."""
    names = {p: column_name(p) for p in pointers}
    taken = [*names.values(), *others]
    return {p: n if taken.count(n) == 1 else p for p, n in names.items()}
