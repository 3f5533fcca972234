"""Run results as pandas DataFrames that view the C++ buffers."""
from __future__ import annotations

import json
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from .scenario import Scenario


def _datetimes(start: str, ticks: np.ndarray) -> pd.DatetimeIndex:
    # ticks are microseconds since the scenario start (00:00 UTC)
    return pd.DatetimeIndex(np.datetime64(start, "us") + ticks.astype("timedelta64[us]"))


class Result:
    """The outputs of gwsim.run: .timeseries, .jobs (DataFrames), .summary (dict)."""

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
        """Daily state (one row per day, the state at its end), indexed by date. The columns are
        read-only views of the simulator's buffers: no per-element copy."""
        arrays = self._core.timeseries_arrays()
        ticks = arrays.pop("tick")
        index = _datetimes(self.scenario.start, ticks).normalize()
        index.name = "date"
        return pd.DataFrame(arrays, index=index, copy=False)

    @cached_property
    def jobs(self) -> pd.DataFrame | None:
        """One row per job (None without workloads); times as datetimes, NaT when not applicable."""
        arrays = self._core.jobs_arrays()
        if arrays is None:
            return None
        df = pd.DataFrame({k: v for k, v in arrays.items() if not k.endswith("_tick") and k != "kind"}, copy=False)
        df.insert(1, "kind", pd.Categorical.from_codes(arrays["kind"], ["stream", "training", "trace"]))
        for name in ("submit", "first_start", "end"):
            ticks = arrays[f"{name}_tick"]
            when = _datetimes(self.scenario.start, ticks)
            df[name] = when.where(ticks >= 0)
        df["wait_hours"] = (df["first_start"] - df["submit"]) / pd.Timedelta(hours=1)
        return df

    @cached_property
    def plot(self):
        """Plotting helpers: .capacity(), .power(), .queue() (matplotlib)."""
        from .plot import ResultPlots
        return ResultPlots(self)

    def to_parquet(self, directory: str) -> None:
        """Writes timeseries.parquet (and jobs.parquet) into `directory` (pyarrow)."""
        import pathlib
        out = pathlib.Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        self.timeseries.to_parquet(out / "timeseries.parquet")
        if self.jobs is not None:
            self.jobs.to_parquet(out / "jobs.parquet")

    @cached_property
    def summary(self) -> dict:
        """summary.json as a dict."""
        return json.loads(self._core.summary_json())

    def __repr__(self) -> str:
        return f"<gwsim.Result {self.scenario.name!r} seed={self.seed} events={self.events:,}>"


def run(scenario: Scenario, seed: int | None = None) -> Result:
    """Run a scenario; the GIL is released while the simulation runs, so threads run in parallel."""
    return Result(scenario, _core.run(scenario._core, seed))
