"""Uncertainty the way analysts read it: estimates with their confidence intervals (Probability, Mean), targets
for adaptive Monte Carlo (Precision, and the Stop it reports), and paired comparisons of a base and a what-if
on common random numbers (compare, Comparison).

The intervals are computed in C++ (core/stats.hpp: the Wilson interval of a proportion, Student's t for a
mean, Boost.Math); this module only chooses the values and presents them."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core

if TYPE_CHECKING:
    from .montecarlo import MonteCarloResult
    from .scenario import Scenario

@dataclass(frozen=True, repr=False)
class Probability:
    """An estimated probability: `successes` of `n` replications, with its two-sided Wilson interval at
    `confidence`. float(p) is the estimate; format(p, ".0%") formats the estimate."""

    estimate: float
    ci_low: float
    ci_high: float
    successes: int
    n: int
    confidence: float = 0.95

    @classmethod
    def of(cls, successes: int, n: int, confidence: float = 0.95) -> Probability:
        lo, hi = _core.wilson_interval(int(successes), int(n), confidence)
        return cls(int(successes) / int(n), lo, hi, int(successes), int(n), confidence)

    @property
    def width(self) -> float:
        return self.ci_high - self.ci_low

    def __float__(self) -> float:
        return float(self.estimate)

    def __format__(self, spec: str) -> str:
        return format(self.estimate, spec) if spec else str(self)

    def __str__(self) -> str:
        return (f"{self.estimate:.2f} ({self.confidence:.0%} CI {self.ci_low:.2f}-{self.ci_high:.2f}, "
                f"{self.successes} of {self.n})")

    __repr__ = __str__


@dataclass(frozen=True, repr=False)
class Mean:
    """An estimated mean over `n` replications with its two-sided Student's t interval at `confidence`, in
    `unit`. For a date, `origin` is set and the values are days after it: `.date`, `.date_low`, `.date_high`
    give them as timestamps."""

    estimate: float
    ci_low: float
    ci_high: float
    sd: float              # sample standard deviation of the values
    n: int
    confidence: float = 0.95
    unit: str = ""
    origin: pd.Timestamp | None = None

    @classmethod
    def of(cls, values: np.ndarray, confidence: float = 0.95, unit: str = "",
           origin: pd.Timestamp | None = None) -> Mean:
        values = np.asarray(values, dtype="float64")
        mean, half, sd = _core.mean_interval(values, confidence)
        return cls(mean, mean - half, mean + half, sd, len(values), confidence, unit, origin)

    @property
    def width(self) -> float:
        return self.ci_high - self.ci_low

    def _date(self, days: float) -> pd.Timestamp:
        if self.origin is None:
            raise AttributeError("not a date: this mean has no origin")
        return self.origin + pd.Timedelta(days=days)

    @property
    def date(self) -> pd.Timestamp:
        return self._date(self.estimate)

    @property
    def date_low(self) -> pd.Timestamp:
        return self._date(self.ci_low)

    @property
    def date_high(self) -> pd.Timestamp:
        return self._date(self.ci_high)

    def __float__(self) -> float:
        return float(self.estimate)

    def __format__(self, spec: str) -> str:
        return format(self.estimate, spec) if spec else str(self)

    def __str__(self) -> str:
        ci = f"{self.confidence:.0%} CI"
        if self.origin is not None and math.isfinite(self.width):
            day = "%Y-%m-%d"
            return (f"{self.date.strftime(day)} ({ci} {self.date_low.strftime(day)} to "
                    f"{self.date_high.strftime(day)}, n={self.n})")
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.estimate:+,.4g}{unit} ({ci} {self.ci_low:+,.4g} to {self.ci_high:+,.4g}, n={self.n})"

    __repr__ = __str__


@dataclass(frozen=True)
class Precision:
    """A target for adaptive Monte Carlo (monte_carlo(..., until=...)): run until the two-sided `confidence`
    interval of a quantity is at most `width` wide.

    Precision.probability(milestone, by, width): the probability that `milestone` (a key date such as
    "in_service_100pct", or a scenario milestone's name) is reached by the end of day `by`; `width` in
    probability (0.1: ten points), the Wilson interval. Precision.mean(quantity, width): the mean of a key
    date, a scenario milestone's date (width in days) or a figure of mc.replications (width in its unit),
    the Student's t interval; the mean of a date needs every replication to reach it.

    The first `min_n` replications always run (small samples give deceptively narrow intervals)."""

    quantity: str
    width: float
    by: str | None = None
    confidence: float = 0.95
    min_n: int = 30

    @classmethod
    def probability(cls, milestone: str, by: str, width: float, confidence: float = 0.95,
                    min_n: int = 30) -> Precision:
        return cls(milestone, float(width), str(pd.Timestamp(by).date()), confidence, min_n)

    @classmethod
    def mean(cls, quantity: str, width: float | pd.Timedelta, confidence: float = 0.95, min_n: int = 30) -> Precision:
        if isinstance(width, pd.Timedelta):
            width = width / pd.Timedelta(days=1)
        return cls(quantity, float(width), None, confidence, min_n)

    def __post_init__(self) -> None:
        if not self.width > 0:
            raise ValueError(f"the target width must be > 0, not {self.width}")
        if not 0 < self.confidence < 1:
            raise ValueError(f"confidence must be in (0, 1), not {self.confidence}")
        if self.min_n < 2:
            raise ValueError(f"min_n must be >= 2, not {self.min_n}")

    def __str__(self) -> str:
        what = f"P({self.quantity} by {self.by})" if self.by else f"mean {self.quantity}"
        return f"{what}: {self.confidence:.0%} CI at most {self.width:g} wide"


@dataclass(frozen=True)
class Stop:
    """Where adaptive Monte Carlo stopped: `n` replications kept (the result equals monte_carlo(s, n=n)),
    whether the `target` was `met` (else the cap was reached, or a mean's date was not reached in some
    replication: `reason`), and the estimate with its interval at n."""

    target: Precision
    n: int
    met: bool
    estimate: Probability | Mean
    cap: int
    reason: str = ""

    @property
    def width(self) -> float:
        return self.estimate.width

    def __str__(self) -> str:
        head = f"target met at n={self.n}" if self.met else f"target not met at n={self.n} ({self.reason})"
        return f"{head}: {self.target}; {self.estimate}"


def _series(replications: pd.DataFrame, milestone_dates: pd.DataFrame, quantity: str) -> pd.Series:
    """The values of `quantity` per replication: a key date or scenario milestone (datetimes, NaT when not
    reached by the horizon) or a figure."""
    if quantity in milestone_dates.columns:
        return milestone_dates[quantity]
    if quantity in replications.columns and quantity not in ("seed", "bottleneck"):
        return replications[quantity]
    known = sorted([*milestone_dates.columns, *(c for c in replications.columns if c not in ("seed", "bottleneck"))])
    raise ValueError(f"unknown quantity {quantity!r}: one of {', '.join(known)}")


def _is_date(values: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(values)


def _successes(values: pd.Series, by: str) -> np.ndarray:
    """1 where the date is before the end of day `by` (reached by then), else 0."""
    return (values < pd.Timestamp(by) + pd.Timedelta(days=1)).to_numpy(dtype="uint8")


def _days(values: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    """Dates as days after `origin`, NaN when not reached."""
    return ((values - origin) / pd.Timedelta(days=1)).to_numpy(dtype="float64", na_value=np.nan)


def _unit(quantity: str, is_date: bool) -> str:
    if is_date:
        return "days"
    from .columns import C, unit
    return unit(quantity) if quantity in list(C) else _FIGURE_UNITS.get(quantity, "")


_FIGURE_UNITS = {"stranded_gpu_days": "GPU-days", "waiting_crew_gpu_days": "GPU-days", "failures": "failures",
                 "gpus_in_service_at_end": "GPUs"}


def _measure(replications: pd.DataFrame, milestone_dates: pd.DataFrame, start: str,
             target: Precision) -> tuple[int, Probability | Mean, str]:
    """Over the replications: the first n meeting `target` (0: none), the estimate over all of them, and why
    the target can no longer be met ("" when it still can)."""
    values = _series(replications, milestone_dates, target.quantity)
    if target.by is not None:
        if not _is_date(values):
            raise ValueError(f"a probability needs a milestone, and {target.quantity!r} is a figure")
        met = _successes(values, target.by)
        first = _core.first_proportion_within(met, target.width, target.confidence, target.min_n)
        return first, Probability.of(int(met.sum()), len(met), target.confidence), ""
    origin = pd.Timestamp(start) if _is_date(values) else None
    x = _days(values, origin) if origin is not None else values.to_numpy(dtype="float64")
    first = _core.first_mean_within(x, target.width, target.confidence, target.min_n)
    estimate = Mean.of(x, target.confidence, _unit(target.quantity, origin is not None), origin)
    missing = np.flatnonzero(np.isnan(x))
    reason = f"{target.quantity} not reached in replication {missing[0]}" if len(missing) else ""
    return first, estimate, reason


@dataclass
class Comparison:
    """A what-if against its base, replication by replication: `difference` is the mean of (what_if - base)
    with its interval; `base` and `what_if` each side's mean (dates: `.date`). `pairs` has one row per
    replication (seed of each side, base, what_if, difference). `common_random_numbers`: both sides ran on the
    same replication seeds."""

    quantity: str
    unit: str
    difference: Mean
    base: Mean
    what_if: Mean
    pairs: pd.DataFrame
    common_random_numbers: bool
    results: tuple[MonteCarloResult, MonteCarloResult] = field(repr=False)

    def __repr__(self) -> str:
        how = "common random numbers" if self.common_random_numbers else "independent streams"
        return (f"<gwsim.Comparison {self.quantity}: what-if - base = {self.difference} ({how}); "
                f"base {self.base}, what-if {self.what_if}>")


def compare(base: Scenario, what_if: Scenario, n: int = 200, quantity: str = "in_service_90pct",
            seed: int | None = None, what_if_seed: int | None = None, confidence: float = 0.95,
            executor: Any = None, threads: int | None = None, progress: bool = True) -> Comparison:
    """Runs `n` replications of `base` and of `what_if` on the same replication seeds (replication r of
    each uses replication_seed(seed, r): common random numbers) and pairs them. Returns the mean difference
    (what_if - base) of `quantity` with its `confidence` interval (Student's t over the n paired
    differences). `quantity`: a key date or a scenario milestone (differences in days; it must be reached in
    every replication of both) or a figure of mc.replications (in its unit).

    `seed`: the Monte Carlo seed of both (default: the base scenario's). `what_if_seed`: run the what-if on
    other streams (independent replications, for measuring what common random numbers gain); the
    interval is still valid, only wider."""
    from .montecarlo import monte_carlo
    s = base.seed if seed is None else int(seed)
    w = s if what_if_seed is None else int(what_if_seed)
    runs = (monte_carlo(base, n, seed=s, executor=executor, progress=progress, threads=threads),
            monte_carlo(what_if, n, seed=w, executor=executor, progress=progress, threads=threads))
    # dates as days after the base's start, so that both sides count on one calendar
    origin = pd.Timestamp(base.start)
    sides = []
    for mc in runs:
        values = _series(mc.replications, mc.milestone_dates, quantity)
        is_date = _is_date(values)
        if is_date:
            missing = int(values.isna().sum())
            if missing:
                raise ValueError(f"{quantity} is not reached by the horizon in {missing} of {n} replications of "
                                 f"{mc.scenario.name!r}: the difference of a date is defined only when every "
                                 "replication reaches it (choose another milestone or a figure)")
            sides.append(_days(values, origin))
        else:
            sides.append(values.to_numpy(dtype="float64"))
    b, v = sides
    unit = _unit(quantity, is_date)
    diff = v - b
    pairs = pd.DataFrame({"base_seed": runs[0].replications["seed"], "what_if_seed": runs[1].replications["seed"],
                          "base": b, "what_if": v, "difference": diff})
    pairs.index.name = "replication"
    when = origin if is_date else None
    return Comparison(quantity, unit, Mean.of(diff, confidence, unit), Mean.of(b, confidence, unit, when),
                      Mean.of(v, confidence, unit, when), pairs, s == w, runs)
