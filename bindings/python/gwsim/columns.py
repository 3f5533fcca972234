"""The output contract: every time-series column, declared once in C++ (sim/model/columns.hpp,
sim/jobs/columns.hpp) and read here through gwsim._core.columns().

    from gwsim.columns import C
    ts = gwsim.run(s).timeseries
    ts[[C.gpus_in_service, C.gpus_stranded]].plot()
    gwsim.columns.column(C.facility_power_mw).unit     # 'MW'
    gwsim.columns.table()                              # name -> unit, description, ... (a DataFrame)

Spell a column through C rather than as a string: a misspelt or removed name then fails at once
(AttributeError) instead of as a missing DataFrame key later, and tests/check_columns.py finds
every name spelled as a string outside the C++ declarations.
"""
from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from . import _core

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column of timeseries.csv (and of Result.timeseries)."""

    name: str
    unit: str
    description: str
    integer: bool  # written without a fractional part
    banded: bool  # Monte Carlo keeps its P10/P50/P90 per day (bands.csv, MonteCarloResult.bands)
    group: str  # "buildout", or "jobs" (present when the scenario has workloads)


# Every column, in the order of timeseries.csv: the buildout's, then the jobs'.
COLUMNS: tuple[Column, ...] = tuple(
    Column(c.name, c.unit, c.description, c.integer, c.banded, c.group) for c in _core.columns())
_BY_NAME = {c.name: c for c in COLUMNS}


class _Names:
    """Column names as attributes: C.x is the name of column x (a str); an unknown name raises
    AttributeError naming the closest ones."""

    __slots__ = ()

    def __getattr__(self, name: str) -> str:
        close = difflib.get_close_matches(name, _BY_NAME, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise AttributeError(f"gwsim has no time-series column {name!r}{hint}")

    def __dir__(self) -> list[str]:
        return list(_BY_NAME)

    def __iter__(self):
        return iter(_BY_NAME)

    def __repr__(self) -> str:
        return f"<gwsim.columns.C: {len(_BY_NAME)} column names>"


for _c in COLUMNS:
    setattr(_Names, _c.name, _c.name)
del _c

C = _Names()


def column(name: str) -> Column:
    """The declaration of column `name` (its unit, description, ...); KeyError when there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        close = difflib.get_close_matches(name, _BY_NAME, n=3)
        raise KeyError(f"gwsim has no time-series column {name!r}"
                       + (f"; did you mean {', '.join(close)}?" if close else "")) from None


def unit(name: str) -> str:
    """The unit of column `name` ("GPUs", "MW", "USD", ...), e.g. for an axis label."""
    return column(name).unit


def table() -> pd.DataFrame:
    """Every column as a row, in the order of timeseries.csv: unit, description, integer, banded,
    group; indexed by name."""
    import pandas as pd
    return pd.DataFrame([asdict(c) for c in COLUMNS]).set_index("name")


__all__ = ["C", "COLUMNS", "Column", "column", "table", "unit"]
