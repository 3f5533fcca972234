"""Monte Carlo replications and parameter sweeps, on threads or on a Dask cluster."""
from __future__ import annotations

import concurrent.futures
import hashlib
import itertools
import json
import os
import pathlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._io import write_atomic
from .result import Result, run
from .scenario import Scenario

# the columns whose percentile bands are kept (as gwsim run --replications)
BANDED = ["gpus_in_service", "racks_in_service", "gpus_stranded", "facility_power_mw", "pflops_fp8_online",
          "energy_mwh", "capex_usd", "contract_paid_usd"]
MILESTONES = ["in_service_50pct", "in_service_90pct", "in_service_100pct"]


def _replicate(scenario: Scenario, seed: int) -> dict:
    """One replication, reduced to what Monte Carlo keeps (small, picklable: for Dask workers)."""
    r = run(scenario, seed)
    ts = r.timeseries
    return {"seed": seed, "columns": {c: ts[c].to_numpy().copy() for c in BANDED}, "index": ts.index,
            "summary": r.summary}


def _map(fn: Callable, items: Sequence, executor: Any, progress: bool, desc: str,
         on_result: Callable[[Any, Any], None] | None = None) -> list:
    """fn over items, results in the items' order, on the chosen executor, with an optional tqdm bar;
    `on_result(item, result)` is called in this process as each one finishes."""
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm
            bar = tqdm(total=len(items), desc=desc)
        except ImportError:
            bar = None
    try:
        if executor == "dask" or _is_dask_address(executor) or _is_dask_client(executor):
            from dask.distributed import Client, LocalCluster, as_completed
            if _is_dask_client(executor):
                client = executor
            elif _is_dask_address(executor):
                client = Client(executor)  # an existing scheduler, e.g. "tcp://10.0.0.5:8786"
            else:
                client = Client(LocalCluster(processes=False))
            try:
                futures = [client.submit(fn, *item, pure=False) for item in items]
                where = {f.key: i for i, f in enumerate(futures)}
                for f in as_completed(futures):
                    if on_result is not None:
                        on_result(items[where[f.key]], f.result())
                    if bar is not None:
                        bar.update(1)
                return client.gather(futures)
            finally:
                if not _is_dask_client(executor):
                    client.close()
        own = executor is None
        pool = executor or concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1)
        try:
            futures = [pool.submit(fn, *item) for item in items]
            where = {f: i for i, f in enumerate(futures)}
            for f in concurrent.futures.as_completed(futures):
                if on_result is not None:
                    on_result(items[where[f]], f.result())
                if bar is not None:
                    bar.update(1)
            return [f.result() for f in futures]
        finally:
            if own:
                pool.shutdown()
    finally:
        if bar is not None:
            bar.close()


def _is_dask_address(executor: Any) -> bool:
    return isinstance(executor, str) and "://" in executor


def _is_dask_client(executor: Any) -> bool:
    return type(executor).__name__ == "Client" and type(executor).__module__.startswith("distributed")


@dataclass
class MonteCarloResult:
    """Replications of one scenario: percentile bands and key-date distributions."""

    scenario: Scenario
    seed: int
    replications: pd.DataFrame      # one row per replication: seed, key dates, summary figures
    bands: pd.DataFrame             # per day: (column, "p10"|"p50"|"p90")
    resumed: int = 0                # replications reused from `out` rather than run

    def fan(self, column: str = "gpus_in_service", ax: Any = None):
        """A fan chart (P10-P90 shaded, P50 drawn) of one banded column."""
        from .plot import fan
        return fan(self.bands, column, ax)

    def probability_by(self, date: str, milestone: str = "in_service_100pct") -> float:
        """The fraction of replications in which `milestone` was reached by the end of `date`."""
        when = self.replications[milestone]
        return float((when < pd.Timestamp(date) + pd.Timedelta(days=1)).mean())


def monte_carlo(scenario: Scenario, n: int = 1000, seed: int | None = None, executor: Any = None,
                progress: bool = True, out: str | os.PathLike | None = None) -> MonteCarloResult:
    """`n` replications with independent seeds (replication r uses the seed `gwsim run --replications`
    gives it, so results match the CLI's and do not depend on the executor). `executor`: None (threads
    in this process), a concurrent.futures.Executor, "dask" (a local Dask cluster) or a
    dask.distributed.Client.

    With `out`, each finished replication is also kept in `out/rep-<fingerprint>-<seed>.pkl`
    (atomically; the scenario's fingerprint and the replication's seed name it), and a Monte Carlo started
    again with the same `out` reuses them: an interrupted run resumes, and finished replications
    are never recomputed."""
    if n < 1:
        raise ValueError("n must be >= 1")
    base = scenario.seed if seed is None else seed
    seeds = [_core.replication_seed(base, r) for r in range(n)]
    directory = pathlib.Path(out) if out is not None else None
    saved: dict[int, dict] = {}
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        tag = scenario.fingerprint[:16]

        def path(s: int) -> pathlib.Path:
            return directory / f"rep-{tag}-{s:016x}.pkl"

        for s in seeds:
            if path(s).exists():
                try:
                    saved[s] = pd.read_pickle(path(s))
                except Exception:  # damaged: recompute it
                    pass

        def keep(item: tuple, result: dict) -> None:
            write_atomic(path(item[1]), lambda tmp: pd.to_pickle(result, tmp))
    todo = [s for s in seeds if s not in saved]
    fresh = _map(_replicate, [(scenario, s) for s in todo], executor, progress, f"{scenario.name} x{n}",
                 on_result=keep if directory is not None else None)
    computed = dict(zip(todo, fresh))
    outs = [saved[s] if s in saved else computed[s] for s in seeds]
    index = outs[0]["index"]
    bands = {}
    for c in BANDED:
        stack = np.vstack([o["columns"][c] for o in outs])
        for name, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
            bands[(c, name)] = np.quantile(stack, q, axis=0)  # linear interpolation, as the CLI
    rows = []
    for r, o in enumerate(outs):
        s = o["summary"]
        row = {"replication": r, "seed": o["seed"]}
        for m in MILESTONES:
            row[m] = pd.Timestamp(s["key_dates"][m]) if s["key_dates"][m] else pd.NaT
        row.update({"stranded_gpu_days": s["stranded_gpu_days"]["total"], "energy_mwh": s["energy_mwh"],
                    "capex_usd": s["capex_usd"], "failures": s["failures"],
                    "gpus_in_service_at_end": s["gpus_in_service_at_end"]})
        rows.append(row)
    return MonteCarloResult(scenario, base, pd.DataFrame(rows).set_index("replication"),
                            pd.DataFrame(bands, index=index), resumed=len(saved))


def _sweep_point(scenario: Scenario, overrides: dict, seed: int | None) -> dict:
    r = run(scenario.override(overrides), seed)
    s = r.summary
    out = dict(overrides)
    for m in MILESTONES:
        out[m] = pd.Timestamp(s["key_dates"][m]) if s["key_dates"][m] else pd.NaT
    out.update({"stranded_gpu_days": s["stranded_gpu_days"]["total"], "energy_mwh": s["energy_mwh"],
                "energy_cost_usd": s["energy_cost_usd"], "capex_usd": s["capex_usd"], "failures": s["failures"],
                "bottleneck": s["bottleneck"], "gpus_in_service_at_end": s["gpus_in_service_at_end"]})
    return out


def _point_id(overrides: Mapping[str, Any], seed: int | None, base: str = "") -> str:
    """Names a point by its overrides, its seed and the base scenario's fingerprint, so a directory
    of points from another scenario is never mistaken for this one's."""
    text = json.dumps({"overrides": overrides, "seed": seed, "base": base}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sweep(scenario: Scenario, grid: Mapping[str, Iterable[Any]], seed: int | None = None, executor: Any = None,
          progress: bool = True, out: str | os.PathLike | None = None) -> pd.DataFrame:
    """Runs every combination of the grid's values (JSON pointer -> values) and returns one row per
    point: the overrides, key dates and summary figures. Every point is validated like a scenario.

    With `out`, each finished point is also written to `out/point-<id>.parquet` (atomically), and a
    sweep started again with the same `out` skips the points already there: an interrupted sweep
    resumes, and finished points are never recomputed."""
    keys = list(grid)
    points = [dict(zip(keys, values)) for values in itertools.product(*(list(grid[k]) for k in keys))]
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

    def finished(row: dict, overrides: dict) -> None:
        if directory is None:
            return
        write_atomic(directory / f"point-{pid(overrides)}.parquet", lambda tmp: pd.DataFrame([row]).to_parquet(tmp))

    rows = _map(_sweep_point, [(scenario, p, seed) for p in todo], executor, progress, f"{scenario.name} sweep",
                on_result=lambda item, row: finished(row, item[1]))
    fresh = {pid(p): r for p, r in zip(todo, rows)}
    ordered = [done.get(pid(p)) or fresh[pid(p)] for p in points]
    return pd.DataFrame(ordered)
