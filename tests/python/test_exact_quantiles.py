"""Every quantile of summary.json's jobs.wait_hours is exact (docs/jobs.md, "Outputs").

Runs `gwsim run` on the shipped jobs scenario and on random small job scenarios, reads jobs.csv
with pandas, and recomputes mean, P50, P90, P99 and max of `wait_hours` over the jobs that started
(the non-empty cells) with numpy.quantile(method="linear") (Hyndman and Fan type 7, as gwsim).
"""
import json
import math
import pathlib
import random
import subprocess

import numpy as np
import pandas as pd
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
QUANTILES = {"p50": 0.5, "p90": 0.9, "p99": 0.99}


def run(build_dir, scenario: pathlib.Path, out: pathlib.Path, *extra: str) -> tuple[dict, pd.DataFrame]:
    proc = subprocess.run([str(build_dir / "gwsim"), "run", str(scenario), "--out", str(out), "--quiet", *extra],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    jobs = pd.read_csv(out / "jobs.csv")
    return summary, jobs


def check_waits(summary: dict, jobs: pd.DataFrame) -> int:
    w = summary["jobs"]["wait_hours"]
    started = jobs["wait_hours"].dropna().to_numpy()
    assert len(started) == summary["jobs"]["started"] == jobs["first_start"].notna().sum()
    if len(started) == 0:
        assert all(w[k] == 0 for k in ("mean", "p50", "p90", "p99", "max"))
        return 0
    for key, q in QUANTILES.items():
        exact = float(np.quantile(started, q, method="linear"))
        assert math.isclose(w[key], exact, rel_tol=1e-9, abs_tol=1e-12), (key, w[key], exact)
    assert w["max"] == started.max()
    assert math.isclose(w["mean"], float(np.mean(started)), rel_tol=1e-9, abs_tol=1e-12)
    return len(started)


@pytest.mark.parametrize("overrides", [
    [],  # as shipped: no job waits (all quantiles 0)
    ["--set", "/workloads/streams/0/gpus/median=2000"],  # the batch stream congests the fleet: waits of weeks
])
def test_shipped_jobs_scenario_quantiles_are_exact(build_dir, tmp_path, overrides):
    summary, jobs = run(build_dir, ROOT / "scenarios" / "openai_aws_2026_jobs.json", tmp_path / "out", *overrides)
    assert check_waits(summary, jobs) > 1000
    if overrides:
        assert summary["jobs"]["wait_hours"]["p90"] > 1.0


def random_scenario(rng: random.Random, name: str) -> dict:
    """A small fleet (one to three racks of 8 GPUs) and one to three streams and runs that queue on it."""
    streams = [{
        "name": f"s{i}", "start": "2026-01-01", "end": "2026-01-20",
        "arrivals_per_hour": rng.choice([0.5, 2.0, 6.0]),
        "gpus": {"dist": "lognormal", "median": rng.choice([1, 2, 4]), "sigma": 1.0},
        "duration_hours": {"dist": "exponential", "mean": rng.choice([0.5, 2.0, 5.0])},
        "max_gpus": 8, "priority": rng.randint(0, 2),
    } for i in range(rng.randint(1, 3))]
    training = [{"name": f"t{i}", "submit": f"2026-01-{rng.randint(2, 15):02d}", "gpus": 8,
                 "wall_hours": rng.choice([5, 20, 60]), "checkpoint_hours": 1.0, "restart_hours": 0.1,
                 **({"checkpoint_cost_hours": 0.05} if rng.random() < 0.5 else {})} for i in range(rng.randint(0, 2))]
    racks = rng.randint(1, 3)
    return {
        "gwsim_scenario": 1, "name": name, "start": "2026-01-01", "end": "2026-01-31", "seed": rng.randint(1, 10**6),
        "catalog": {"EIGHT": {"gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10, "fp8_pflops_per_gpu": 2,
                              "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
                              "failure_classes": [{"name": "node", "mtbf_gpu_hours": 400, "blast": "node",
                                                   "repair_hours": {"dist": "fixed", "value": 4}}]}},
        "sites": [{"name": "a", "provider": "X", "pue": 1.1, "max_rack_power_kw": 20,
                   "buildings": [{"rack_slots": 100, "ready": "2026-01-01"}],
                   "power_stages": [{"date": "2026-01-01", "power_mw": 10}],
                   "install": {"crews": 10, "racks_per_crew_per_week": 1000, "burn_in_hours": 0,
                               "burn_in_fail_prob": 0},
                   "repair": {"technicians": 10, "spare_nodes": 10, "spare_restock_days": 1}}],
        "orders": [{"sku": "EIGHT", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": racks}]}],
        "workloads": {"policy": rng.choice(["fifo", "priority", "easy_backfill", "fair_share"]),
                      "streams": streams, "training": training},
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_job_scenario_quantiles_are_exact(build_dir, tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(random_scenario(rng, f"random_{seed}")))
    summary, jobs = run(build_dir, path, tmp_path / "out")
    assert check_waits(summary, jobs) > 0
