"""Scenario milestones under Monte Carlo (gwsim.MonteCarloResult.milestones), against the replications run
one by one and against the CLI's summary.json."""
import json
import math
import pathlib
import subprocess
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"
N = 40


def with_milestones():
    doc = json.loads(MINIMAL.read_text())
    doc["milestones"] = [
        # deliveries slip (normal, sd 3 d) and stages slip (uniform 0-10 d): the dates vary
        {"name": "half the test racks", "metric": "racks_in_service", "fraction": 0.5, "sku": "TEST_RACK",
         "deadline": "2026-02-05"},
        {"name": "3 MW", "metric": "power_energized_mw", "threshold": 3, "deadline": "2026-03-05"},
        {"name": "all GPUs", "metric": "gpus_in_service", "fraction": 1.0},
    ]
    return doc


@pytest.fixture(scope="module")
def mc():
    return gwsim.monte_carlo(gwsim.load(with_milestones()), n=N, seed=11, progress=False, threads=2)


def per_replication(mc):
    """Each milestone's reached instant in each replication, run one by one (NaT: not reached)."""
    out = {}
    for r in range(N):
        res = gwsim.run(mc.scenario, seed=gwsim._core.replication_seed(11, r))
        for m in res.summary["milestones"]:
            out.setdefault(m["name"], []).append(pd.Timestamp(m["reached"]) if m["reached"] else pd.NaT)
    return out


def test_dataframe_shape(mc):
    df = mc.milestones
    assert list(df.index) == ["half the test racks", "3 MW", "all GPUs"]
    assert list(df.columns) == ["p10", "p50", "p90", "reached", "deadline", "probability", "ci_low", "ci_high"]
    assert df.loc["3 MW", "deadline"] == pd.Timestamp("2026-03-05")
    assert math.isnan(df.loc["all GPUs", "probability"])


def test_quantiles_probability_and_wilson(mc):
    dates = per_replication(mc)
    for name, row in mc.milestones.iterrows():
        when = pd.Series(dates[name])
        reached = when.dropna()
        assert row["reached"] == len(reached) / N
        if len(reached) == N:  # type-7 quantiles of the replications' dates
            seconds = (reached - reached.min()).dt.total_seconds().to_numpy()
            for col, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
                expected = reached.min() + pd.Timedelta(seconds=np.quantile(seconds, q, method="linear"))
                # summary.json's dates (read above) are rounded up to the whole second: within 1 s
                assert abs(row[col] - expected) <= pd.Timedelta(seconds=1), (name, col)
        if pd.notna(row["deadline"]):
            end = row["deadline"] + pd.Timedelta(days=1)
            met = int((when < end).sum())
            assert row["probability"] == met / N
            # Wilson score interval, computed here from its formula
            z = NormalDist().inv_cdf(0.975)
            p = met / N
            centre = (p + z * z / (2 * N)) / (1 + z * z / N)
            half = z / (1 + z * z / N) * math.sqrt(p * (1 - p) / N + z * z / (4 * N * N))
            assert row["ci_low"] == pytest.approx(max(0.0, centre - half), abs=1e-12)
            assert row["ci_high"] == pytest.approx(min(1.0, centre + half), abs=1e-12)
            assert row["ci_low"] <= row["probability"] <= row["ci_high"]
    probs = mc.milestones["probability"].dropna()
    assert ((probs > 0) & (probs < 1)).any(), "the test scenario should make some deadline uncertain"


def test_cli_reports_the_same(mc, build_dir, tmp_path):
    scenario = tmp_path / "m.json"
    scenario.write_text(json.dumps(with_milestones()))
    subprocess.run([str(build_dir / "gwsim"), "run", str(scenario), "--out", str(tmp_path / "out"), "--quiet",
                    "--seed", "11", "--replications", str(N)], check=True)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    for m, (name, row) in zip(summary["monte_carlo"]["milestones"], mc.milestones.iterrows(), strict=True):
        assert m["name"] == name
        for col in ("p10", "p50", "p90"):
            assert (m[col] is None) == pd.isna(row[col])
            if m[col] is not None:
                assert pd.Timestamp(m[col]) == row[col].ceil("s")  # summary dates: the first whole second at or after
        if "probability" in m:
            assert m["probability"] == row["probability"]
            assert m["ci_low"] == row["ci_low"]
    assert [m["name"] for m in summary["milestones"]] == list(mc.milestones.index)
