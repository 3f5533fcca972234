"""Per-site and per-provider daily series of a run: Result.sites, .providers, .to_long(), .to_xarray().

The C++ model keeps, each day, each site's share of the buildout columns listed by
gwsim._core.site_columns() (sim/model/columns.hpp: site_columns(); the same names and units as the
fleet's columns in Result.timeseries), as one (days, sites) array per column. A provider's series are
the sum of its sites' (here, and only here: `_by_provider`). The sites' values sum to the fleet's
column every day (tests/python/test_sites.py checks it on every shipped scenario).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core
from .columns import C, column

if TYPE_CHECKING:
    import xarray

    from .result import Result

# The columns kept per site, in their order (a subset of the buildout's, in the same order).
SITE_COLUMNS: tuple[str, ...] = tuple(_core.site_columns())
_LEVELS = ("site", "provider")
# Per-site columns whose fleet (and provider) value is the maximum over the sites, not the sum.
_MAX_OVER_SITES = {C.largest_run_gpus, C.largest_multi_domain_run_gpus}


def _arrays(result: Result) -> dict[str, np.ndarray]:
    """Column -> (days, sites) read-only view of the C++ buffer."""
    arrays = result._core.site_arrays()
    if not arrays:
        raise ValueError(f"{result.scenario.name}: run with sites=False: it kept no per-site series")
    return arrays


def _by_provider(result: Result, arrays: dict[str, np.ndarray]) -> tuple[list[str], dict[str, np.ndarray]]:
    """The providers, in order of first appearance among the sites, and column -> (days, providers):
    the sum of each provider's sites (exact for counts: integers below 2**53)."""
    providers = [p for _, p in result._core.sites]
    names = list(dict.fromkeys(providers))
    member = np.zeros((len(providers), len(names)))
    member[np.arange(len(providers)), [names.index(p) for p in providers]] = 1.0
    out = {k: v @ member for k, v in arrays.items()}
    for k in _MAX_OVER_SITES & set(arrays):  # a provider's largest run is its largest site's
        out[k] = np.stack([arrays[k][:, member[:, j] > 0].max(axis=1) for j in range(len(names))], axis=1)
    return names, out


def _grouped(result: Result, by: str) -> tuple[list[str], dict[str, np.ndarray]]:
    """The labels (sites or providers) and column -> (days, labels) arrays, writable, counts int64."""
    if by not in _LEVELS:
        raise ValueError(f"by must be 'site' or 'provider', not {by!r}")
    arrays = _arrays(result)
    if by == "site":
        labels, values = [name for name, _ in result._core.sites], arrays
    else:
        labels, values = _by_provider(result, arrays)
    return labels, {k: v.astype(np.int64) if column(k).integer else np.array(v, dtype=np.float64)
                    for k, v in values.items()}


def frame(result: Result, by: str = "site") -> pd.DataFrame:
    """One row per day (the index of Result.timeseries); columns a MultiIndex (site or provider,
    metric), sites in the scenario's order and columns in SITE_COLUMNS' order; counts int64."""
    labels, values = _grouped(result, by)
    data = {(label, k): values[k][:, j] for j, label in enumerate(labels) for k in values}
    columns = pd.MultiIndex.from_tuples(list(data), names=[by, "metric"])
    return pd.DataFrame(dict(zip(columns, data.values(), strict=True)), index=result.timeseries.index,
                        columns=columns, copy=False)


def long(result: Result, by: str = "site") -> pd.DataFrame:
    """The long (tidy) form: one row per (column, site or provider, date), in that order, with columns
    date, site (or provider), metric, value (float64) and unit; site, metric and unit Categoricals."""
    labels, values = _grouped(result, by)
    dates = result.timeseries.index.to_numpy()
    days, n = len(dates), len(labels)
    names = list(values)
    units = [column(k).unit for k in names]
    return pd.DataFrame({
        "date": np.tile(dates, n * len(names)),
        by: pd.Categorical.from_codes(np.tile(np.repeat(np.arange(n), days), len(names)), labels),
        "metric": pd.Categorical.from_codes(np.repeat(np.arange(len(names)), n * days), names),
        "value": np.concatenate([values[k].T.ravel().astype(np.float64) for k in names]) if names else [],
        "unit": pd.Categorical(np.repeat(units, n * days), categories=list(dict.fromkeys(units))),
    })


def to_xarray(result: Result) -> xarray.Dataset:
    """An xarray Dataset with dims (date, site), one variable per column of SITE_COLUMNS (counts int64)
    with attributes units and long_name (the column's declaration), `provider` as a coordinate on
    site, and in attrs what the run is of (Result.metadata: scenario, fingerprint, seed, ...)."""
    import xarray as xr

    labels, values = _grouped(result, "site")
    variables = {k: (("date", "site"), v, {"units": column(k).unit, "long_name": column(k).description})
                 for k, v in values.items()}
    coords = {"date": result.timeseries.index.to_numpy(), "site": labels,
              "provider": ("site", [p for _, p in result._core.sites])}
    attrs: dict[str, Any] = {k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in result.metadata.items()}
    attrs["title"] = f"gwsim: {result.scenario.name}, per-site daily series (the state at the end of each day)"
    return xr.Dataset(variables, coords=coords, attrs=attrs)
