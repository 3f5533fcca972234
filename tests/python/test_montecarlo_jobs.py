"""Monte Carlo job outcomes (docs/outputs.md, training_runs.csv; docs/python.md, MonteCarloResult.jobs,
training_runs, queue): the same values as the CLI's outputs and as each replication run alone, kept
across a kill and resume, in Parquet and in the HTML repr."""
from __future__ import annotations

import concurrent.futures
import json
import os
import pathlib
import signal
import subprocess

import numpy as np
import pandas as pd
import pytest

import gwsim

N = 6


def scenario_doc() -> dict:
    """Twenty 8-GPU racks up at the start with node failures: T (128 GPUs, 200 h) is interrupted a different
    number of times in each replication; B (1000 GPUs) never starts."""
    def training(name, gpus, hours):
        return {"name": name, "submit": "2026-01-02", "gpus": gpus, "wall_hours": hours, "checkpoint_hours": 0.5,
                "restart_hours": 0.1, "priority": 0}
    return {
        "gwsim_scenario": 1, "name": "mcjobs", "start": "2026-01-01", "end": "2026-03-31", "seed": 1,
        "catalog": {"EIGHT": {"gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10, "fp8_pflops_per_gpu": 2,
                              "bf16_pflops_per_gpu": 1, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
                              "failure_classes": [{"name": "node", "mtbf_gpu_hours": 800, "blast": "node",
                                                   "repair_hours": {"dist": "fixed", "value": 4}}]}},
        "sites": [{"name": "a", "provider": "X", "pue": 1.1, "max_rack_power_kw": 20,
                   "buildings": [{"rack_slots": 1000, "ready": "2026-01-01"}],
                   "power_stages": [{"date": "2026-01-01", "power_mw": 1}],
                   "install": {"crews": 1000, "racks_per_crew_per_week": 100000, "burn_in_hours": 0,
                               "burn_in_fail_prob": 0},
                   "repair": {"technicians": 1000, "spare_nodes": 1000, "spare_restock_days": 1}}],
        "orders": [{"sku": "EIGHT", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": 20}]}],
        "failures": {"enabled": True},
        "workloads": {"policy": "fifo", "training": [training("T", 128, 200.0), training("B", 1000, 1.0)]},
    }


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mcjobs") / "mcjobs.json"
    path.write_text(json.dumps(scenario_doc()))
    return path


@pytest.fixture(scope="module")
def cli_out(build_dir, scenario_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    subprocess.run([str(build_dir / "gwsim"), "run", str(scenario_file), "--out", str(out), "--quiet",
                    "--replications", str(N), "--seed", "5", "--report"], check=True)
    return out


@pytest.fixture(scope="module")
def mc(scenario_file):
    return gwsim.monte_carlo(gwsim.load(scenario_file), n=N, seed=5, progress=False, threads=2)


def test_frames_have_the_documented_dtypes(mc):
    assert list(mc.jobs.columns) == ["T_end", "T_status", "T_ettr", "T_interruptions", "B_end", "B_status", "B_ettr",
                                     "B_interruptions", "wait_p50_hours", "wait_p90_hours", "wait_p99_hours",
                                     "utilization", "goodput"]
    assert str(mc.jobs["T_end"].dtype).startswith("datetime64")
    assert isinstance(mc.jobs["T_status"].dtype, pd.CategoricalDtype)
    assert mc.jobs["B_end"].isna().all()  # never started: NaT
    assert (mc.jobs["B_status"] == "never_started").all()
    assert mc.jobs["B_ettr"].isna().all()
    assert mc.jobs["T_interruptions"].nunique() > 1  # the replications differ
    t = mc.training_runs.loc["T"]
    assert t["completed"] + t["running"] + t["waiting"] + t["never_started"] == N
    assert mc.training_runs.loc["B", "never_started"] == N
    assert mc.training_runs[["end_p10", "end_p50", "end_p90"]].loc["B"].isna().all()  # not finished
    assert list(mc.queue.index) == ["wait_p50_hours", "wait_p90_hours", "wait_p99_hours", "utilization", "goodput"]


def test_quantiles_follow_the_key_dates_convention(mc):
    """P10/P50/P90 (type 7) of T's end, a replication that did not complete it counting as later than any date."""
    ends = mc.jobs["T_end"]
    done = np.sort(ends.dropna().to_numpy(dtype="datetime64[us]").astype("int64"))
    n = len(ends)
    for q, col in zip((0.1, 0.5, 0.9), ("end_p10", "end_p50", "end_p90"), strict=True):
        pos = q * (n - 1)
        lo, frac = int(np.floor(pos)), pos - np.floor(pos)
        got = mc.training_runs.loc["T", col]
        if lo >= len(done) or (frac > 0 and lo + 1 >= len(done)):
            assert pd.isna(got)
        else:
            hi = min(lo + 1, len(done) - 1)
            want = done[lo] + frac * (done[hi] - done[lo])
            assert abs(got.to_datetime64().astype("datetime64[us]").astype("int64") - want) <= 1
    started = mc.jobs["T_ettr"].dropna()
    assert mc.training_runs.loc["T", "ettr_p50"] == pytest.approx(np.quantile(started, 0.5))


def test_the_frames_are_the_cli_outputs(mc, cli_out):
    reps = pd.read_csv(cli_out / "replications.csv", index_col="replication")
    for c in mc.jobs.columns:
        if c.endswith("_end"):
            got = pd.to_datetime(reps[c], format="ISO8601")
            assert list(got.isna()) == list(mc.jobs[c].isna())
            assert list(got.dropna()) == list(mc.jobs[c].dropna())
        elif c.endswith("_status"):
            assert list(reps[c]) == list(mc.jobs[c].astype(str))
        else:
            np.testing.assert_array_equal(reps[c].to_numpy(dtype=float), mc.jobs[c].to_numpy(dtype=float))
    runs = pd.read_csv(cli_out / "training_runs.csv", index_col="training_run")
    assert list(runs["completed"]) == list(mc.training_runs["completed"])
    np.testing.assert_array_equal(runs["ettr_p50"].to_numpy(dtype=float), mc.training_runs["ettr_p50"].to_numpy())
    summary = json.loads((cli_out / "summary.json").read_text())["monte_carlo"]
    assert [r["name"] for r in summary["training_runs"]] == ["T", "B"]
    assert summary["queue"]["goodput"]["p50"] == mc.queue.loc["goodput", "p50"]
    html = (cli_out / "report.html").read_text()
    assert f"Jobs over {N} replications" in html and 'id="mc-training"' in html and 'id="mc-queue"' in html


def test_a_replication_is_its_seed_run_alone(mc, build_dir, scenario_file, tmp_path):
    r = 3
    seed = int(mc.replications["seed"].iloc[r])
    assert seed == gwsim._core.replication_seed(5, r)
    subprocess.run([str(build_dir / "gwsim"), "run", str(scenario_file), "--out", str(tmp_path), "--quiet",
                    "--seed", str(seed)], check=True)
    jobs = json.loads((tmp_path / "summary.json").read_text())["jobs"]
    t = jobs["training"][0]
    assert t["interruptions"] == mc.jobs["T_interruptions"].iloc[r]
    assert t["effective_training_time"] == mc.jobs["T_ettr"].iloc[r]
    assert jobs["wait_hours"]["p90"] == mc.jobs["wait_p90_hours"].iloc[r]
    assert jobs["goodput"] == mc.jobs["goodput"].iloc[r]


def test_resume_after_a_kill_gives_the_same_bytes(build_dir, scenario_file, cli_out, tmp_path):
    cmd = [str(build_dir / "gwsim"), "run", str(scenario_file), "--out", str(tmp_path), "--quiet",
           "--replications", str(N), "--seed", "5", "--threads", "1"]
    proc = subprocess.run(cmd, env={**os.environ, "GWSIM_TEST_KILL_AFTER_SAVES": "2"})
    assert proc.returncode == -signal.SIGKILL
    subprocess.run(cmd, check=True)
    assert json.loads((tmp_path / "run_info.json").read_text())["replications_resumed"] >= 2
    for name in ("replications.csv", "training_runs.csv", "summary.json"):
        assert (tmp_path / name).read_bytes() == (cli_out / name).read_bytes(), name


def test_parquet_and_html_keep_them(mc, tmp_path):
    df = gwsim.read_parquet(mc.to_parquet(tmp_path / "mc.parquet"))
    assert list(df["jobs:T_interruptions"]) == list(mc.jobs["T_interruptions"])
    assert list(df["jobs:T_status"]) == list(mc.jobs["T_status"].astype(str))
    assert [r["name"] for r in df.attrs["gwsim"]["training_runs"]] == ["T", "B"]
    html = mc._repr_html_()
    assert "Training runs" in html and "not finished" in html and "wait_p90_hours" in html


def test_no_workloads_no_frames():
    minimal = pathlib.Path(__file__).resolve().parents[2] / "tests" / "scenarios" / "valid_minimal.json"
    mc = gwsim.monte_carlo(gwsim.load(minimal), n=2, progress=False, threads=2)
    assert mc.jobs is None and mc.training_runs is None and mc.queue is None


def test_an_executor_gives_the_same_frames(mc, scenario_file):
    """Replications run one by one elsewhere (run_replication, as for Dask) keep their job outcomes."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        other = gwsim.monte_carlo(gwsim.load(scenario_file), n=N, seed=5, progress=False, executor=pool)
    pd.testing.assert_frame_equal(other.jobs, mc.jobs)
    pd.testing.assert_frame_equal(other.training_runs, mc.training_runs)
    pd.testing.assert_frame_equal(other.queue, mc.queue)
