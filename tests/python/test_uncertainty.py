"""Uncertainty the way analysts read it: probabilities with their intervals, adaptive Monte Carlo, sweeps with
replications, common random numbers (gwsim.compare), and MonteCarloResult's HTML and Parquet forms."""
import copy
import json
import math
import pathlib
import statistics

import pandas as pd
import pyarrow.parquet as pq
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"
MINIMAL = json.loads((ROOT / "tests" / "scenarios" / "valid_minimal.json").read_text())


def small(**changes) -> dict:
    """valid_minimal with only its two explicit deliveries (slipping), power to spare and no failures: the
    date all racks are in service is the later delivery (with its slip and 5 days' lead) plus installation
    and burn-in."""
    d = copy.deepcopy(MINIMAL)
    d["orders"] = d["orders"][:1]
    d["sites"][0]["power_stages"] = [{"date": "2026-01-01", "power_mw": 3}]
    del d["sites"][0]["stage_slip_days"]
    d["failures"] = {"enabled": False}
    d["orders"][0]["slip_days"] = {"dist": "normal", "mean": 10, "sd": 8}
    d.update(changes)
    return d


DEADLINE = {"name": "all racks", "metric": "racks_in_service", "threshold": 20, "deadline": "2026-03-08"}


def wilson(k: int, n: int, z: float = statistics.NormalDist().inv_cdf(0.975)) -> tuple[float, float]:
    """The Wilson score interval, from its formula (E. B. Wilson, 1927)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


# --- Probability and Mean --------------------------------------------------------------------------------

def test_a_probability_reads_as_its_estimate_and_interval():
    p = gwsim.Probability.of(42, 100)
    assert (p.ci_low, p.ci_high) == pytest.approx(wilson(42, 100), abs=1e-12)
    assert str(p) == "0.42 (95% CI 0.33-0.52, 42 of 100)"
    assert float(p) == 0.42 and f"{p:.0%}" == "42%"
    q = gwsim.Probability.of(0, 30, confidence=0.9)
    assert q.ci_low == 0 and q.ci_high == pytest.approx(wilson(0, 30, statistics.NormalDist().inv_cdf(0.95))[1])


def test_a_mean_has_the_student_t_interval():
    m = gwsim.Mean.of([1.0, 2.0, 3.0, 4.0])
    half = 3.182446305284263 * statistics.stdev([1, 2, 3, 4]) / 2  # t(3 dof) at 0.975, sd/sqrt(4)
    assert (m.estimate, m.ci_low, m.ci_high) == pytest.approx((2.5, 2.5 - half, 2.5 + half), abs=1e-9)
    assert gwsim.Mean.of([5.0, 5.0, 5.0]).width == 0


def test_probability_by_counts_replications_and_gives_the_wilson_interval():
    s = gwsim.load(small())
    mc = gwsim.monte_carlo(s, n=40, seed=1, progress=False)
    when = mc.replications["in_service_100pct"]
    day = when.sort_values().iloc[20].normalize()
    p = mc.probability_by(str(day.date()))
    k = int((when < day + pd.Timedelta(days=1)).sum())
    assert 0 < k < 40 and (p.successes, p.n) == (k, 40) and float(p) == k / 40
    assert (p.ci_low, p.ci_high) == pytest.approx(wilson(k, 40), abs=1e-12)
    # a scenario milestone's name works too
    m = gwsim.monte_carlo(gwsim.load(small(milestones=[DEADLINE])), n=40, seed=1, progress=False)
    q = m.probability_by("2026-03-08", "all racks")
    row = m.milestones.loc["all racks"]
    assert (float(q), q.ci_low, q.ci_high) == pytest.approx((row["probability"], row["ci_low"], row["ci_high"]))


# --- adaptive Monte Carlo ----------------------------------------------------------------------------------

def test_adaptive_probability_stops_at_the_first_n_meeting_the_target_and_equals_a_fixed_run():
    s = gwsim.load(small())
    target = gwsim.Precision.probability("in_service_100pct", by="2026-03-06", width=0.25)
    mc = gwsim.monte_carlo(s, n=500, seed=3, until=target, progress=False, threads=2)
    n = mc.stop.n
    assert mc.stop.met and len(mc.replications) == n and 30 < n < 500
    fixed = gwsim.monte_carlo(s, n=n, seed=3, progress=False)
    pd.testing.assert_frame_equal(mc.replications, fixed.replications, check_exact=True)
    pd.testing.assert_frame_equal(mc.bands, fixed.bands, check_exact=True)
    # n is the first sample size (from 30 on) whose Wilson interval is at most 0.25 wide
    met = (fixed.replications["in_service_100pct"] < pd.Timestamp("2026-03-07")).to_numpy()
    widths = [wilson(int(met[:k].sum()), k) for k in range(30, n + 1)]
    assert widths[-1][1] - widths[-1][0] <= 0.25
    assert all(hi - lo > 0.25 for lo, hi in widths[:-1])
    assert mc.stop.estimate.successes == met.sum()


def test_adaptive_mean_of_a_date_and_the_cap():
    s = gwsim.load(small())
    mc = gwsim.monte_carlo(s, n=400, seed=5, progress=False, until=gwsim.Precision.mean("in_service_100pct", width=3))
    n = mc.stop.n
    assert mc.stop.met and mc.stop.width <= 3 and n >= 30
    fixed = gwsim.monte_carlo(s, n=n, seed=5, progress=False)
    pd.testing.assert_frame_equal(mc.replications, fixed.replications, check_exact=True)
    days = (fixed.replications["in_service_100pct"] - pd.Timestamp("2026-01-01")) / pd.Timedelta(days=1)
    assert mc.stop.estimate.estimate == pytest.approx(days.mean())
    assert n > 30 and gwsim.Mean.of(days.to_numpy()[: n - 1]).width > 3  # and not one replication earlier
    capped = gwsim.monte_carlo(s, n=35, seed=5, progress=False,
                               until=gwsim.Precision.mean("in_service_100pct", width=0.001))
    assert (capped.stop.n, capped.stop.met, len(capped.replications)) == (35, False, 35)
    assert "cap" in capped.stop.reason


# --- sweeps with replications, readable columns ----------------------------------------------------------

def test_sweep_columns_have_readable_names_and_keep_their_pointers():
    assert gwsim.montecarlo.column_name("/sites/0/pue") == "sites[0].pue"
    assert gwsim.montecarlo.column_name("/failures/enabled") == "failures.enabled"
    assert gwsim.montecarlo.column_name("/a~1b/2/c~0d") == "a/b[2].c~d"
    # a name that collides with a figure's keeps its pointer
    assert gwsim.montecarlo._column_names(["/failures", "/sites/0/pue"], ["failures", "energy_mwh"]) == {
        "/failures": "/failures", "/sites/0/pue": "sites[0].pue"}


def test_sweep_with_replications_gives_each_deadline_its_probability_and_p50():
    s = gwsim.load(small(milestones=[DEADLINE]))
    grid = {"/orders/0/deliveries/1/date": ["2026-02-10", "2026-02-20"]}
    df = gwsim.sweep(s, grid, seed=4, replications=12, progress=False)
    col = "orders[0].deliveries[1].date"
    assert df.attrs["pointers"] == {col: "/orders/0/deliveries/1/date"} and df.attrs["replications"] == 12
    assert list(df.columns) == [col, "all racks.probability", "all racks.ci_low", "all racks.ci_high", "all racks.p50"]
    for _, row in df.iterrows():
        mc = gwsim.monte_carlo(s.override({"/orders/0/deliveries/1/date": row[col]}), n=12, seed=4, progress=False)
        want = mc.milestones.loc["all racks"]
        for field in ("probability", "ci_low", "ci_high", "p50"):
            assert row[f"all racks.{field}"] == want[field], field
    # later deliveries: less likely to meet the deadline
    assert df["all racks.probability"].iloc[0] > df["all racks.probability"].iloc[1]
    with pytest.raises(ValueError, match="deadline"):
        gwsim.sweep(gwsim.load(small()), grid, replications=2, progress=False)


def test_sweep_with_replications_resumes_from_out_and_keeps_each_n_apart(tmp_path):
    s = gwsim.load(small(milestones=[DEADLINE]))
    grid = {"/orders/0/deliveries/1/date": ["2026-02-10", "2026-02-20"]}
    first = gwsim.sweep(s, grid, seed=4, replications=4, progress=False, out=tmp_path)
    stamps = {f: f.stat().st_mtime_ns for f in tmp_path.glob("point-*.parquet")}
    assert len(stamps) == 2
    again = gwsim.sweep(s, grid, seed=4, replications=4, progress=False, out=tmp_path)  # read back, not rerun
    pd.testing.assert_frame_equal(again, first, check_dtype=False)
    assert all(f.stat().st_mtime_ns == ns for f, ns in stamps.items())
    gwsim.sweep(s, grid, seed=4, replications=5, progress=False, out=tmp_path)  # other points: another n
    assert len(list(tmp_path.glob("point-*.parquet"))) == 4


# --- common random numbers ---------------------------------------------------------------------------------

def test_a_scenario_against_itself_differs_by_exactly_zero():
    s = gwsim.load(small())
    c = gwsim.compare(s, s, n=10, seed=2, progress=False)
    assert c.common_random_numbers
    assert (c.difference.estimate, c.difference.ci_low, c.difference.ci_high) == (0, 0, 0)
    assert (c.pairs["difference"] == 0).all() and (c.pairs["base_seed"] == c.pairs["what_if_seed"]).all()


def test_a_known_shift_is_measured_exactly():
    """Both deliveries 10 days later: with the same slips every replication's dates move by 10 days."""
    s = gwsim.load(small())
    later = s.override({"/orders/0/deliveries/0/date": "2026-01-25", "/orders/0/deliveries/1/date": "2026-02-25"})
    c = gwsim.compare(s, later, n=12, quantity="in_service_100pct", seed=8, progress=False)
    assert c.pairs["base"].nunique() > 1  # the replications differ: the slips are random
    assert c.difference.estimate == pytest.approx(10, abs=1e-6)
    assert c.difference.width == pytest.approx(0, abs=1e-6)
    assert c.what_if.date - c.base.date == pd.Timedelta(days=10)


def test_common_random_numbers_narrow_the_interval_on_a_shipped_what_if():
    base = gwsim.load(AWS)
    what_if = base.override({"/sites/2/install/crews": 12})  # Oregon: 12 install crews instead of 18
    crn = gwsim.compare(base, what_if, n=10, progress=False, threads=2)
    independent = gwsim.compare(base, what_if, n=10, what_if_seed=base.seed + 1, progress=False, threads=2)
    assert not independent.common_random_numbers
    assert crn.difference.estimate > 0  # fewer crews: later
    assert crn.difference.width < independent.difference.width / 2


# --- HTML and Parquet ----------------------------------------------------------------------------------------

def test_html_repr_is_a_summary_table():
    mc = gwsim.monte_carlo(gwsim.load(small(milestones=[DEADLINE])), n=20, seed=1, progress=False)
    page = mc._repr_html_()
    assert page.count("<table") == 1 and "valid_minimal" in page and "20 replications" in page
    for text in ("in_service_50pct", "in_service_100pct", "all racks", "2026-03-08", "95% CI", "p50"):
        assert text in page
    assert len(repr(mc)) < 200


def test_to_parquet_keeps_the_replications_and_what_they_are_of(tmp_path):
    s = gwsim.load(small(milestones=[DEADLINE])).override({"/sites/0/pue": 1.3})
    mc = gwsim.monte_carlo(s, n=6, seed=9, progress=False)
    path = mc.to_parquet(tmp_path / "mc.parquet")
    table = pq.read_table(path)
    meta = json.loads(table.schema.metadata[b"gwsim"])
    assert (meta["fingerprint"], meta["seed"], meta["n"], meta["overrides"], meta["table"]) == (
        s.fingerprint, 9, 6, {"/sites/0/pue": 1.3}, "replications")
    df = table.to_pandas()
    pd.testing.assert_frame_equal(df[list(mc.replications.columns)], mc.replications, check_dtype=False)
    pd.testing.assert_series_equal(df["milestone:all racks"], mc.milestone_dates["all racks"], check_names=False,
                                   check_dtype=False)
    back = gwsim.read_parquet(path)  # the reader of Result.to_parquet's files reads these too
    assert back.attrs["gwsim"] == meta
    pd.testing.assert_frame_equal(back, df)
