"""Monte Carlo replications and parameter sweeps, on threads or on a Dask cluster."""
from __future__ import annotations

import concurrent.futures
import itertools
import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
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


def _map(fn: Callable, items: Sequence, executor: Any, progress: bool, desc: str) -> list:
    """fn over items, in order, on the chosen executor, with an optional tqdm bar."""
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm
            bar = tqdm(total=len(items), desc=desc)
        except ImportError:
            bar = None
    try:
        if executor == "dask" or _is_dask_client(executor):
            from dask.distributed import Client, LocalCluster, as_completed
            client = executor if _is_dask_client(executor) else Client(LocalCluster(processes=False))
            try:
                futures = [client.submit(fn, *item, pure=False) for item in items]
                for f in as_completed(futures):
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
            for f in concurrent.futures.as_completed(futures):
                if bar is not None:
                    bar.update(1)
            return [f.result() for f in futures]
        finally:
            if own:
                pool.shutdown()
    finally:
        if bar is not None:
            bar.close()


def _is_dask_client(executor: Any) -> bool:
    return type(executor).__name__ == "Client" and type(executor).__module__.startswith("distributed")


@dataclass
class MonteCarloResult:
    """Replications of one scenario: percentile bands and key-date distributions."""

    scenario: Scenario
    seed: int
    replications: pd.DataFrame      # one row per replication: seed, key dates, summary figures
    bands: pd.DataFrame             # per day: (column, "p10"|"p50"|"p90")

    def fan(self, column: str = "gpus_in_service", ax: Any = None):
        """A fan chart (P10-P90 shaded, P50 drawn) of one banded column."""
        from .plot import fan
        return fan(self.bands, column, ax)

    def probability_by(self, date: str, milestone: str = "in_service_100pct") -> float:
        """The fraction of replications in which `milestone` was reached by the end of `date`."""
        when = self.replications[milestone]
        return float((when < pd.Timestamp(date) + pd.Timedelta(days=1)).mean())


def monte_carlo(scenario: Scenario, n: int = 1000, seed: int | None = None, executor: Any = None,
                progress: bool = True) -> MonteCarloResult:
    """`n` replications with independent seeds (replication r uses the seed `gwsim run --replications`
    gives it, so results match the CLI's and do not depend on the executor). `executor`: None (threads
    in this process), a concurrent.futures.Executor, "dask" (a local Dask cluster) or a
    dask.distributed.Client."""
    if n < 1:
        raise ValueError("n must be >= 1")
    base = scenario.seed if seed is None else seed
    seeds = [_core.replication_seed(base, r) for r in range(n)]
    outs = _map(_replicate, [(scenario, s) for s in seeds], executor, progress, f"{scenario.name} x{n}")
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
                            pd.DataFrame(bands, index=index))


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


def sweep(scenario: Scenario, grid: Mapping[str, Iterable[Any]], seed: int | None = None, executor: Any = None,
          progress: bool = True) -> pd.DataFrame:
    """Runs every combination of the grid's values (JSON pointer -> values) and returns one row per
    point: the overrides, key dates and summary figures. Every point is validated like a scenario."""
    keys = list(grid)
    points = [dict(zip(keys, values)) for values in itertools.product(*(list(grid[k]) for k in keys))]
    rows = _map(_sweep_point, [(scenario, p, seed) for p in points], executor, progress, f"{scenario.name} sweep")
    return pd.DataFrame(rows)
