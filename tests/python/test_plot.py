"""The plot helpers (gwsim/plot.py): every chart has a title, a y label with its unit, a legend that
says what is drawn (a fan chart names its number of replications), no offset or scientific notation
on its axes, and something drawn. Rendered with Agg, as a notebook's inline backend renders them."""
import json
import pathlib

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import gwsim  # noqa: E402
from gwsim.columns import C  # noqa: E402
from gwsim.plot import fan  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"
MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"


@pytest.fixture(scope="module")
def aws():
    return gwsim.load(AWS)


@pytest.fixture(scope="module")
def run(aws):
    return gwsim.run(aws, seed=1)


@pytest.fixture(scope="module")
def queued():
    """The minimal scenario (640 GPUs) with a stream asking for five times that: the queue grows."""
    doc = json.loads(MINIMAL.read_text())
    doc["workloads"] = {"policy": "fifo", "streams": [{
        "name": "s", "start": "2026-02-01", "end": "2026-12-31", "arrivals_per_hour": 0.5,
        "gpus": {"dist": "fixed", "value": 64}, "duration_hours": {"dist": "fixed", "value": 24}}]}
    return gwsim.run(gwsim.load(doc), seed=1)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def drawn(ax):
    """Draws the figure (tick labels and offsets are computed at draw time) and returns the axes."""
    ax.figure.canvas.draw()
    return ax


def no_offset(ax):
    """No offset or power of ten in a corner, and each y tick label reads as its tick's value (so no
    hidden scaling, and enough decimals: a tick at 2.5 is not labelled "2")."""
    for axis in (ax.xaxis, ax.yaxis):
        assert axis.get_offset_text().get_text() == "", axis.get_offset_text().get_text()
    low, high = sorted(ax.get_ylim())
    ticks = [(t.get_loc(), t.label1.get_text()) for t in ax.yaxis.get_major_ticks() if low <= t.get_loc() <= high]
    assert len(ticks) >= 3, ticks
    for loc, text in ticks:
        assert float(text.replace(",", "").replace("\N{MINUS SIGN}", "-")) == pytest.approx(loc, abs=1e-9), (loc, text)


def legend_texts(ax):
    legend = ax.get_legend()
    assert legend is not None, "no legend"
    return [t.get_text() for t in legend.get_texts()]


def test_capacity(run):
    ax = drawn(run.plot.capacity())
    assert ax.get_title() == "openai_aws_2026: capacity"
    assert ax.get_ylabel() == "GPUs"
    assert legend_texts(ax) == ["ordered", "delivered", "in service", "stranded (no power or slot)"]
    no_offset(ax)
    # 360,000 GPUs ordered: plain thousands on the axis, not 3.5 with 1e5 in the corner
    assert "350,000" in [t.get_text() for t in ax.get_yticklabels()]
    assert len(ax.lines) == 3 and all(len(line.get_xdata()) == len(run.timeseries) for line in ax.lines)
    assert max(ax.lines[2].get_ydata()) > 350_000
    assert len(ax.collections) == 1  # the stranded GPUs, shaded


def test_dates_are_readable(run):
    ax = drawn(run.plot.capacity())
    labels = [t.get_text() for t in ax.get_xticklabels()]
    # years at year boundaries, months between: no "2026-01-01 00:00"
    assert "2026" in labels and "2027" in labels, labels
    assert all(len(s) <= 4 for s in labels), labels


def test_power(run):
    ax = drawn(run.plot.power())
    assert ax.get_title() == "openai_aws_2026: power"
    assert ax.get_ylabel() == "MW"
    assert legend_texts(ax) == ["energized (facility)", "facility draw (IT x PUE)", "IT draw"]
    no_offset(ax)
    assert len(ax.lines) == 3
    assert max(ax.lines[0].get_ydata()) == pytest.approx(810)  # every stage energized by the end


def test_queue(queued):
    ax = drawn(queued.plot.queue())
    assert ax.get_title() == "valid_minimal: queue"
    assert ax.get_ylabel() == "GPUs"
    assert legend_texts(ax) == ["busy GPUs", "GPUs in service", "jobs queued (right axis)"]
    right = [a for a in ax.figure.axes if a is not ax][0]
    assert right.get_ylabel() == "jobs queued"
    no_offset(ax)
    no_offset(right)
    assert max(right.lines[0].get_ydata()) > 1000  # the queue is drawn, and grows
    # whole jobs on the right axis: no 0.2 of a job
    assert all(float(t.get_text().replace(",", "")).is_integer() for t in right.get_yticklabels() if t.get_text())


def test_queue_needs_workloads(run):
    with pytest.raises(ValueError, match="no workloads"):
        run.plot.queue()


def test_fan_names_the_replications(aws):
    mc = gwsim.monte_carlo(aws, n=4, progress=False, threads=2)
    ax = drawn(mc.fan(C.gpus_in_service))
    assert ax.get_title() == "openai_aws_2026: gpus_in_service"
    assert ax.get_ylabel() == "gpus_in_service (GPUs)"
    assert legend_texts(ax) == ["P10-P90 of 4 replications", "median (P50)"]
    no_offset(ax)
    assert len(ax.collections) == 1 and len(ax.lines) == 1
    assert max(ax.lines[0].get_ydata()) > 350_000

    # dollars reach ~17 billion (contract payments: the AWS sites are leased, no rack capex; issue 17):
    # drawn in billions, and the unit says so
    ax = drawn(mc.fan(C.contract_paid_usd))
    assert ax.get_ylabel() == "contract_paid_usd (billion USD)"
    no_offset(ax)
    assert 15 < max(ax.lines[0].get_ydata()) < 19


def test_fan_without_a_count_says_only_the_band(aws):
    mc = gwsim.monte_carlo(aws, n=2, progress=False, threads=2)
    ax = drawn(fan(mc.bands, C.facility_power_mw))
    assert legend_texts(ax) == ["P10-P90", "median (P50)"]
    assert ax.get_ylabel() == "facility_power_mw (MW)"
    assert ax.get_title() == "facility_power_mw"
