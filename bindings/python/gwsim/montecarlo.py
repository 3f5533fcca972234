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
from ._executors import _bar, _map
from ._io import write_atomic
from .columns import C
from .result import _datetimes, run
from .scenario import Scenario

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

    def fan(self, column: str = C.gpus_in_service, ax: Any = None):
        """A fan chart (P10-P90 shaded, P50 drawn) of one banded column."""
        from .plot import fan
        return fan(self.bands, column, ax, replications=len(self.replications), scenario=self.scenario.name)

    def probability_by(self, date: str, milestone: str = "in_service_100pct") -> float:
        """The fraction of replications in which `milestone` was reached by the end of `date`."""
        when = self.replications[milestone]
        return float((when < pd.Timestamp(date) + pd.Timedelta(days=1)).mean())


def _result(scenario: Scenario, seed: int, mc: Any, resumed: int) -> MonteCarloResult:
    index = _datetimes(scenario.start, mc.times()).normalize()
    index.name = "date"
    bands = pd.DataFrame(mc.bands(), index=index)
    replications = pd.DataFrame(_figure_columns(mc.replications(), scenario.start))
    replications.index.name = "replication"
    return MonteCarloResult(scenario, seed, replications, bands, resumed=resumed,
                            milestones=_milestones(scenario, mc))


def _milestones(scenario: Scenario, mc: Any) -> pd.DataFrame:
    """The scenario's milestones over the replications (computed in C++, run/monte_carlo_stats.hpp)."""
    rows = mc.milestone_stats(scenario._core)
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
                threads: int | None = None) -> MonteCarloResult:
    """`n` replications with independent seeds: replication r is the CLI's replication r, and the result
    is the same value as `gwsim run --replications n` computes (bands.csv, replications.csv) on any
    executor.

    `executor`: None (the default) runs them on `threads` C++ threads in this process (default: one per
    core; the GIL is released); a concurrent.futures.Executor (threads or processes), "dask" (a local Dask
    cluster), a scheduler address ("tcp://host:8786") or a dask.distributed.Client runs replications one
    by one there, and this process assembles them in C++.

    With `out`, each finished replication is kept in the directory `out` as `gwsim run --replications`
    keeps them in OUT/.replications (`fingerprint`, `rep-000017.cbor`: one checkpoint format), and a
    Monte Carlo started again with the same `out`, scenario and seed reuses them: an interrupted run
    resumes, and finished replications are never recomputed. Replications of another scenario or seed
    found there are deleted."""
    if n < 1:
        raise ValueError("n must be >= 1")
    base = scenario.seed if seed is None else seed
    checkpoint = None
    if out is not None:
        fingerprint = _core.replications_fingerprint(scenario.fingerprint, base)
        checkpoint = _core.CheckpointDir(os.fspath(out), fingerprint)
    desc = f"{scenario.name} x{n}"
    if executor is None:
        bar = _bar(progress, n, desc)

        def update(done: int) -> None:
            bar.update(done - bar.n)

        try:
            mc = _core.run_replications(scenario._core, base, n, threads or os.cpu_count() or 1,
                                        update if bar is not None else None, checkpoint)
        finally:
            if bar is not None:
                bar.close()
        return _result(scenario, base, mc, mc.resumed)
    store = _core.MemoryStore(checkpoint)
    todo = _core.missing_replications(store, base, n)
    _map(_replication, [(scenario, base, r) for r in todo], executor, progress, desc,
         on_result=lambda item, data: store.save(item[2], data))
    mc = _core.run_replications(scenario._core, base, n, 1, None, store)  # all saved: assembles them
    return _result(scenario, base, mc, n - len(todo))


def _sweep_point(scenario: Scenario, overrides: dict, seed: int | None) -> dict:
    variant = scenario.override(overrides)
    figures = _figure_columns(run(variant, seed)._core.figures(), variant.start)
    return {**overrides, **{name: values[0] for name, values in figures.items()}}


def _point_id(overrides: Mapping[str, Any], seed: int | None, base: str = "") -> str:
    """Names a point by its overrides, its seed and the base scenario's fingerprint, so a directory
    of points from another scenario is never mistaken for this one's."""
    text = json.dumps({"overrides": overrides, "seed": seed, "base": base}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sweep(scenario: Scenario, grid: Mapping[str, Iterable[Any]], seed: int | None = None, executor: Any = None,
          progress: bool = True, out: str | os.PathLike | None = None) -> pd.DataFrame:
    """Runs every combination of the grid's values (JSON pointer -> values) and returns one row per
    point: the overrides, key dates and summary figures. Every point is validated like a scenario.
    `executor` as for monte_carlo (None: threads in this process).

    With `out`, each finished point is also written to `out/point-<id>.parquet` (atomically), and a
    sweep started again with the same `out` skips the points already there: an interrupted sweep
    resumes, and finished points are never recomputed."""
    keys = list(grid)
    points = [dict(zip(keys, values, strict=True)) for values in itertools.product(*(list(grid[k]) for k in keys))]
    done: dict[str, dict] = {}
    directory = pathlib.Path(out) if out is not None else None
    base = scenario.fingerprint if directory is not None else ""

    def pid(p: Mapping[str, Any]) -> str:
        return _point_id(p, seed, base)

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

    _map(_sweep_point, [(scenario, p, seed) for p in todo], executor, progress, f"{scenario.name} sweep",
         on_result=finished)
    ordered = [done.get(pid(p)) or fresh[pid(p)] for p in points]
    return pd.DataFrame(ordered)
