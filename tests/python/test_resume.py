"""No lost results: `gwsim run --replications N` killed mid-run (SIGKILL, no
chance to clean up) resumes from DIR/.replications and ends with the same
bytes as a run that was never interrupted; replications finished before the
kill are not run again."""
from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess

import pytest

SCENARIO = str(pathlib.Path(__file__).resolve().parents[2] / "scenarios/openai_aws_2026.json")
OUTPUTS = ("summary.json", "timeseries.csv", "bands.csv", "replications.csv", "key_dates.csv")
N = 120


def run(build_dir, out, *extra):
    cmd = [str(build_dir / "gwsim"), "run", SCENARIO, "--out", str(out), "--replications", str(N), "--threads", "2",
           *extra]
    return subprocess.run(cmd, capture_output=True, text=True, check=True)


def kill_midway(build_dir, out, at_least=8):
    """Runs until `at_least` more replications are saved, when the run kills itself (SIGKILL, no
    chance to clean up: the fault injection GWSIM_TEST_KILL_AFTER_SAVES of docs/reliability.md), so
    the test waits on the process, not on a clock; returns how many replications are saved."""
    cmd = [str(build_dir / "gwsim"), "run", SCENARIO, "--out", str(out), "--replications", str(N), "--threads", "2",
           "--quiet"]
    proc = subprocess.run(cmd, env={**os.environ, "GWSIM_TEST_KILL_AFTER_SAVES": str(at_least)})
    assert proc.returncode == -signal.SIGKILL, "the run ended before its replications were saved"
    return len(list((out / ".replications").glob("rep-*.cbor")))


@pytest.fixture(scope="module")
def straight(build_dir, tmp_path_factory):
    """The reference: the same run, never interrupted."""
    out = tmp_path_factory.mktemp("straight")
    run(build_dir, out, "--quiet")
    assert not (out / ".replications").exists()  # removed once the outputs are written
    return out


def test_killed_monte_carlo_resumes_to_the_same_bytes(build_dir, tmp_path, straight):
    killed = tmp_path / "killed"

    saved = kill_midway(build_dir, killed)
    assert 8 <= saved < N
    assert not (killed / "bands.csv").exists()  # nothing half-done was published
    out = run(build_dir, killed)
    resumed = json.loads((killed / "run_info.json").read_text())["replications_resumed"]
    assert resumed >= saved  # every replication saved before the kill was reused, none recomputed
    assert f"resumed {resumed} of {N} replications" in out.stderr
    for name in OUTPUTS:
        assert (killed / name).read_bytes() == (straight / name).read_bytes(), name
    assert not (killed / ".replications").exists()
    assert not list(killed.glob(".*.tmp.*"))


def test_killed_twice_still_resumes(build_dir, tmp_path, straight):
    killed = tmp_path / "killed"
    first = kill_midway(build_dir, killed, at_least=5)
    assert first >= 5
    second = kill_midway(build_dir, killed, at_least=10)  # ten more, after the resumed ones
    assert second >= first + 10
    run(build_dir, killed, "--quiet")
    assert json.loads((killed / "run_info.json").read_text())["replications_resumed"] >= second
    for name in OUTPUTS:
        assert (killed / name).read_bytes() == (straight / name).read_bytes(), name


def test_checkpoint_of_another_seed_is_not_used(build_dir, tmp_path):
    out, ref = tmp_path / "out", tmp_path / "ref"
    kill_midway(build_dir, out)
    run(build_dir, out, "--quiet", "--seed", "99")  # a different run into the same directory
    assert json.loads((out / "run_info.json").read_text())["replications_resumed"] == 0
    run(build_dir, ref, "--quiet", "--seed", "99")
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_damaged_checkpoint_file_is_recomputed(build_dir, tmp_path, straight):
    killed = tmp_path / "killed"
    saved = kill_midway(build_dir, killed)
    victim = sorted((killed / ".replications").glob("rep-*.cbor"))[0]
    victim.write_bytes(victim.read_bytes()[:100])  # e.g. a disk error
    run(build_dir, killed, "--quiet")
    assert json.loads((killed / "run_info.json").read_text())["replications_resumed"] == saved - 1
    for name in OUTPUTS:
        assert (killed / name).read_bytes() == (straight / name).read_bytes(), name


def test_python_and_the_cli_share_checkpoints(build_dir, tmp_path, straight):
    """One checkpoint format: gwsim.monte_carlo resumes a killed CLI run from DIR/.replications,
    and the CLI then resumes every replication from what Python kept there."""
    import pandas as pd

    import gwsim

    killed = tmp_path / "killed"
    saved = kill_midway(build_dir, killed)
    mc = gwsim.monte_carlo(gwsim.load(SCENARIO), N, progress=False, out=killed / ".replications", threads=2)
    assert saved <= mc.resumed < N
    bands = pd.read_csv(straight / "bands.csv", index_col="date")  # pandas 3: round-trip floats
    for c, q in mc.bands.columns:
        assert list(bands[f"{c}_{q}"]) == list(mc.bands[(c, q)]), (c, q)
    run(build_dir, killed, "--quiet")
    assert json.loads((killed / "run_info.json").read_text())["replications_resumed"] == N
    for name in OUTPUTS:
        assert (killed / name).read_bytes() == (straight / name).read_bytes(), name


def test_a_malformed_kill_variable_is_an_error(build_dir, tmp_path):
    cmd = [str(build_dir / "gwsim"), "run", SCENARIO, "--out", str(tmp_path), "--replications", "2", "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "GWSIM_TEST_KILL_AFTER_SAVES": "x"})
    assert proc.returncode == 2
    assert "error[setup.env] GWSIM_TEST_KILL_AFTER_SAVES: expected a positive integer, got 'x'" in proc.stderr


EVERY_FEATURE = str(pathlib.Path(__file__).resolve().parents[1] / "scenarios/every_feature.json")


def test_every_feature_killed_resumes_to_the_same_files(build_dir, tmp_path):
    """tests/scenarios/every_feature.json (money owned and leased, a contract with a ramp, SKU prices and
    credits, the lifecycle, generation, a battery, curtailment, construction, a grid, equipment, prices,
    reliability, milestones, jobs and power swings) killed mid-Monte Carlo: every output file of the
    resumed run is byte for byte the uninterrupted run's (run_info.json but for its timings and
    replications_resumed), the money figures included (a checkpoint that dropped a field would show it)."""
    n = 16

    def cmd(out):
        return [str(build_dir / "gwsim"), "run", EVERY_FEATURE, "--out", str(out), "--replications", str(n),
                "--threads", "2", "--quiet"]

    straight, killed = tmp_path / "straight", tmp_path / "killed"
    subprocess.run(cmd(straight), check=True)
    proc = subprocess.run(cmd(killed), env={**os.environ, "GWSIM_TEST_KILL_AFTER_SAVES": "5"})
    assert proc.returncode == -signal.SIGKILL
    saved = len(list((killed / ".replications").glob("rep-*.cbor")))
    assert 5 <= saved < n
    subprocess.run(cmd(killed), check=True)
    files = sorted(p.name for p in straight.iterdir())
    assert files == sorted(p.name for p in killed.iterdir())
    assert {"summary.json", "timeseries.csv", "bands.csv", "replications.csv", "key_dates.csv", "training_runs.csv",
            "cash_flow.csv", "fleet_mix.csv", "jobs.csv", "run_info.json"} <= set(files)
    for name in files:
        if name != "run_info.json":
            assert (killed / name).read_bytes() == (straight / name).read_bytes(), name
    info = {k: json.loads((d / "run_info.json").read_text()) for k, d in (("s", straight), ("k", killed))}
    assert info["k"]["replications_resumed"] >= saved
    for k in ("command", "wall_s", "events_per_s", "finished_utc", "peak_rss_mb", "replications_resumed"):
        info["s"].pop(k)
        info["k"].pop(k)
    assert info["k"] == info["s"]
    # the figures a checkpoint must keep are there, and differ by replication
    import pandas as pd
    reps = pd.read_csv(straight / "replications.csv")
    for column in ("npv_usd", "spend_usd", "cost_per_gpu_hour_usd", "contract_exposure_usd",
                   "power_swings_largest_step_mw", "frontier_ettr"):
        assert reps[column].nunique() > 1, column
    mc = json.loads((straight / "summary.json").read_text())["monte_carlo"]
    assert {"money", "milestones", "training_runs", "queue", "power_swings"} <= set(mc)
