"""Plotting helpers (matplotlib): result.plot.capacity(), .power(), .queue(); fan charts.

Every chart has a title, a y axis labelled with its unit, a legend, dates on the x axis labelled at
month and year boundaries, and plain numbers on the y axes: thousands separated, never an offset or
a power of ten in the corner (a series that reaches ten million is drawn in millions, and its unit
says so: "million USD")."""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .columns import C, unit


def _axes(ax: Any):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    return plt.subplots(figsize=(9, 4), layout="constrained")[1]


def _magnitude(values: Iterable[Any]) -> tuple[float, str]:
    """The divisor and its word for series whose largest value is shown: 1e9 "billion", 1e6 "million"
    from ten million up (a tick label of 8 digits or more is hard to read), else 1 and ""."""
    peak = max((float(abs(v).max()) for v in values), default=0.0)
    if not math.isfinite(peak):
        peak = 0.0
    if peak >= 1e10:
        return 1e9, "billion "
    if peak >= 1e7:
        return 1e6, "million "
    return 1.0, ""


def _plain_numbers(axis: Any) -> None:
    """Tick labels as plain numbers with thousands separators and as many decimals as the ticks need
    (2.5 stays 2.5), at most 6; no offset and no scientific notation."""
    from matplotlib.ticker import Formatter

    class Plain(Formatter):
        decimals: int | None = None  # set from the ticks at each draw; None: as many as the value needs

        def set_locs(self, locs: Any) -> None:
            ticks = [float(v) for v in locs if math.isfinite(v)]
            exact = (d for d in range(7) if all(abs(v - round(v, d)) < 1e-9 * max(1.0, abs(v)) for v in ticks))
            self.decimals = next(exact, 6)

        def __call__(self, x: float, pos: Any = None) -> str:
            decimals = self.decimals if self.decimals is not None else (0 if float(x).is_integer() else 2)
            return f"{x:,.{decimals}f}".replace("-", "\N{MINUS SIGN}")

    axis.set_major_formatter(Plain())


def _dates(ax: Any) -> None:
    """Dates at month and year boundaries ("2026", "Apr", "Jul", ...), no offset in the corner."""
    import matplotlib.dates as mdates
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def _finish(ax: Any, title: str, ylabel: str, handles: list | None = None, legend: str = "lower right") -> Any:
    """Title, labels, date and number formats, legend (lower right by default: the series here grow, so
    that corner is empty)."""
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("date")
    ax.set_ylim(bottom=0)
    ax.margins(x=0)
    _dates(ax)
    _plain_numbers(ax.yaxis)
    ax.grid(True, alpha=0.3)
    if handles is None:
        ax.legend(loc=legend)
    else:
        ax.legend(handles=handles, loc=legend)
    return ax


class ResultPlots:
    """Accessor behind Result.plot; every method returns the matplotlib Axes it drew on."""

    def __init__(self, result: Any) -> None:
        self._r = result

    def capacity(self, ax: Any = None):
        """GPUs in service against those ordered and delivered, with the stranded ones shaded."""
        ts = self._r.timeseries
        ax = _axes(ax)
        k, word = _magnitude([ts[C.gpus_ordered]])
        ax.plot(ts.index, ts[C.gpus_ordered] / k, "--", color="grey", label="ordered")
        ax.plot(ts.index, ts[C.gpus_delivered] / k, label="delivered")
        ax.plot(ts.index, ts[C.gpus_in_service] / k, label="in service")
        ax.fill_between(ts.index, 0, ts[C.gpus_stranded] / k, alpha=0.4, color="tab:red",
                        label="stranded (no power or slot)")
        return _finish(ax, f"{self._r.scenario.name}: capacity", f"{word}{unit(C.gpus_in_service)}")

    def power(self, ax: Any = None):
        """Energized facility power against the facility and IT draw, in MW."""
        ts = self._r.timeseries
        ax = _axes(ax)
        ax.step(ts.index, ts[C.power_energized_mw], where="post", label="energized (facility)")
        ax.plot(ts.index, ts[C.facility_power_mw], label="facility draw (IT x PUE)")
        ax.plot(ts.index, ts[C.it_power_mw], label="IT draw")
        return _finish(ax, f"{self._r.scenario.name}: power", unit(C.facility_power_mw))

    def queue(self, ax: Any = None):
        """Busy GPUs against those in service, and the queued jobs on a second axis (scenarios with
        workloads)."""
        ts = self._r.timeseries
        if C.jobs_queued not in ts:
            raise ValueError("this scenario has no workloads: there is no queue to plot")
        from matplotlib.ticker import MaxNLocator
        ax = _axes(ax)
        k, word = _magnitude([ts[C.gpus_in_service]])
        lines = ax.plot(ts.index, ts[C.gpus_busy] / k, label="busy GPUs")
        lines += ax.plot(ts.index, ts[C.gpus_in_service] / k, "--", color="grey", label="GPUs in service")
        ax2 = ax.twinx()
        lines += ax2.plot(ts.index, ts[C.jobs_queued], color="tab:red", linewidth=1, label="jobs queued (right axis)")
        ax2.set_ylim(0, max(1.0, float(ts[C.jobs_queued].max()) * 1.05))
        ax2.set_ylabel(f"{unit(C.jobs_queued)} queued")
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
        _plain_numbers(ax2.yaxis)
        return _finish(ax, f"{self._r.scenario.name}: queue", f"{word}{unit(C.gpus_busy)}", handles=lines,
                       legend="upper left")


def fan(bands: Any, column: str = C.gpus_in_service, ax: Any = None, label: str | None = None,
        replications: int | None = None, scenario: str | None = None):
    """A fan chart of Monte Carlo bands: the P10-P90 range shaded, the median (P50) drawn, the axis
    in the column's unit; `replications` (the number of replications) is named in the legend and
    `scenario` in the title."""
    ax = _axes(ax)
    b = bands[column]
    k, word = _magnitude([b["p10"], b["p90"]])
    of = f" of {replications:,} replications" if replications else ""
    ax.fill_between(b.index, b["p10"] / k, b["p90"] / k, alpha=0.3, label=f"P10-P90{of}")
    ax.plot(b.index, b["p50"] / k, label="median (P50)")
    name = label or column
    title = f"{scenario}: {name}" if scenario else name
    return _finish(ax, title, f"{name} ({word}{unit(column)})")
