"""Plotting helpers (matplotlib): result.plot.capacity(), .power(), .queue(); fan charts."""
from __future__ import annotations

from typing import Any

from .columns import C, unit


def _axes(ax: Any):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    return plt.subplots(figsize=(9, 4))[1]


class ResultPlots:
    """Accessor behind Result.plot; every method returns the matplotlib Axes it drew on."""

    def __init__(self, result: Any) -> None:
        self._r = result

    def capacity(self, ax: Any = None):
        """GPUs in service against those ordered, with the stranded ones."""
        ts = self._r.timeseries
        ax = _axes(ax)
        ax.plot(ts.index, ts[C.gpus_ordered], "--", color="grey", label="ordered")
        ax.plot(ts.index, ts[C.gpus_delivered], label="delivered")
        ax.plot(ts.index, ts[C.gpus_in_service], label="in service")
        ax.fill_between(ts.index, 0, ts[C.gpus_stranded], alpha=0.3, color="tab:red", label="stranded")
        ax.set_ylabel(unit(C.gpus_in_service))
        ax.set_title(f"{self._r.scenario.name}: capacity")
        ax.legend(loc="upper left")
        return ax

    def power(self, ax: Any = None):
        """Energized capacity, IT and facility power, in MW."""
        ts = self._r.timeseries
        ax = _axes(ax)
        ax.step(ts.index, ts[C.power_energized_mw], where="post", label="energized")
        ax.plot(ts.index, ts[C.facility_power_mw], label="facility")
        ax.plot(ts.index, ts[C.it_power_mw], label="IT")
        ax.set_ylabel(unit(C.facility_power_mw))
        ax.set_title(f"{self._r.scenario.name}: power")
        ax.legend(loc="upper left")
        return ax

    def queue(self, ax: Any = None):
        """Queued jobs and busy GPUs (scenarios with workloads)."""
        ts = self._r.timeseries
        if C.jobs_queued not in ts:
            raise ValueError("this scenario has no workloads: there is no queue to plot")
        ax = _axes(ax)
        ax.plot(ts.index, ts[C.gpus_busy], label="busy GPUs")
        ax.plot(ts.index, ts[C.gpus_in_service], "--", color="grey", label="GPUs in service")
        ax2 = ax.twinx()
        ax2.plot(ts.index, ts[C.jobs_queued], color="tab:red", label="jobs queued")
        ax.set_ylabel(unit(C.gpus_busy))
        ax2.set_ylabel(f"{unit(C.jobs_queued)} queued")
        ax.set_title(f"{self._r.scenario.name}: queue")
        ax.legend(loc="upper left")
        return ax


def fan(bands: Any, column: str = C.gpus_in_service, ax: Any = None, label: str | None = None):
    """A fan chart of Monte Carlo bands: the P10-P90 range shaded, P50 drawn; the axis in the column's unit."""
    ax = _axes(ax)
    b = bands[column]
    ax.fill_between(b.index, b["p10"], b["p90"], alpha=0.3, label=f"{label or column} P10-P90")
    ax.plot(b.index, b["p50"], label=f"{label or column} P50")
    ax.set_ylabel(f"{column} ({unit(column)})")
    ax.legend(loc="upper left")
    return ax
