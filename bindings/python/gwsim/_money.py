"""The money model's outputs in Python (docs/money.md, "Outputs"): summary.json's `money` section as a
read-only mapping, and cash_flow.csv as a DataFrame indexed by month. Used by gwsim.Result.money and
gwsim.Result.cash_flow, and by gwsim.read_cash_flow for a `gwsim run --out` directory."""
from __future__ import annotations

import copy
import io
import os
import pathlib
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

# The cash-flow categories in the money model's fixed order (docs/money.md); cash_flow.csv has one
# `<category>_usd` column each, then total_usd, cumulative_usd, discounted_usd.
CATEGORIES = ("racks", "network", "facility", "land", "generation", "energy", "capacity_charges", "fuel",
              "staff", "maintenance", "contracts", "resale")

_SPEND = "spend_usd"  # check_columns: not the column (summary.json money.spend_usd, by category)


class Money(Mapping[str, Any]):
    """summary.json's "money" section as a read-only mapping (nested values are copies: editing them
    does not change the run's figures). Shortcuts: .spend (a float Series by category, with "total"),
    .npv_usd, .cost_per_gpu_hour_usd, .cost_per_h100e_hour_usd, .contracts (a DataFrame, one row per
    contract; empty without contracts)."""

    def __init__(self, section: Mapping[str, Any]) -> None:
        self._section = dict(section)

    def __getitem__(self, key: str) -> Any:
        return copy.deepcopy(self._section[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._section)

    def __len__(self) -> int:
        return len(self._section)

    def __repr__(self) -> str:
        return f"<gwsim.Money {self._section.get(_SPEND, {}).get('total', float('nan')):,.0f} USD spent>"

    @property
    def spend(self) -> pd.Series:
        return pd.Series(self._section[_SPEND], dtype=np.float64, name=_SPEND)

    @property
    def npv_usd(self) -> float:
        return float(self._section["npv_usd"])

    @property
    def cost_per_gpu_hour_usd(self) -> float:
        return float(self._section["cost_per_gpu_hour_usd"])

    @property
    def cost_per_h100e_hour_usd(self) -> float:
        return float(self._section["cost_per_h100e_hour_usd"])

    @property
    def contracts(self) -> pd.DataFrame:
        rows = self._section.get("contracts", [])
        return pd.DataFrame(copy.deepcopy(rows)).set_index("name") if rows else pd.DataFrame()


def cash_flow_frame(text: str) -> pd.DataFrame:
    """cash_flow.csv's text as a float64 DataFrame indexed by month (a monthly PeriodIndex named
    "month"), its columns in the file's order."""
    df = pd.read_csv(io.StringIO(text), dtype={"month": str})
    index = pd.PeriodIndex(df.pop("month"), freq="M", name="month")
    return pd.DataFrame(df.to_numpy(dtype=np.float64), index=index, columns=df.columns)


def read_cash_flow(run_dir: str | os.PathLike) -> pd.DataFrame | None:
    """cash_flow.csv of a `gwsim run --out` directory as Result.cash_flow gives it; None when the run
    has none (the money model did not run)."""
    path = pathlib.Path(run_dir) / "cash_flow.csv"
    return cash_flow_frame(path.read_text()) if path.exists() else None
