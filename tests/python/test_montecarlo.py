"""gwsim.monte_carlo and gwsim.sweep: agreement with the CLI, executors, invariants."""
import concurrent.futures
import pathlib
import pickle
import subprocess

import pandas as pd
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"


@pytest.fixture(scope="module")
def aws():
    return gwsim.load(AWS)


MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"


def cli_monte_carlo(build_dir, scenario, out, n, *extra):
    subprocess.run([str(build_dir / "gwsim"), "run", str(scenario), "--out", str(out), "--quiet",
                    "--replications", str(n), *extra], check=True)


def assert_same_as_cli(mc, out):
    """mc's bands and replications are exactly what the CLI wrote to `out` (bands.csv, replications.csv)."""
    bands = pd.read_csv(out / "bands.csv", index_col="date", parse_dates=["date"])  # pandas 3: round-trip floats
    assert list(bands.columns) == [f"{c}_{q}" for c, q in mc.bands.columns]
    assert [c for c, _ in mc.bands.columns[::3]] == gwsim.montecarlo.BANDED
    assert list(bands.index) == list(mc.bands.index)
    for (c, q) in mc.bands.columns:
        assert list(bands[f"{c}_{q}"]) == list(mc.bands[(c, q)]), (c, q)  # exact: the same doubles
    reps = pd.read_csv(out / "replications.csv", index_col="replication", dtype={"seed": "uint64"})
    for m in gwsim.montecarlo.MILESTONES:
        reps[m] = pd.to_datetime(reps[m], format="ISO8601")
    assert len(reps) == len(mc.replications)
    for c in reps.columns:
        pd.testing.assert_series_equal(reps[c], mc.replications[c], check_exact=True, check_dtype=False,
                                       check_index_type=False)


def test_replications_match_the_cli(aws, build_dir, tmp_path):
    mc = gwsim.monte_carlo(aws, n=5, progress=False)
    cli_monte_carlo(build_dir, AWS, tmp_path, 5, "--threads", "2")
    assert_same_as_cli(mc, tmp_path)


@pytest.mark.parametrize("executor", [None, "threads", "processes"])
def test_small_scenario_matches_the_cli_on_any_executor(build_dir, tmp_path, executor):
    """tests/scenarios/valid_minimal.json (slips, failures, burn-in): 12 replications, seed 3."""
    cli_monte_carlo(build_dir, MINIMAL, tmp_path, 12, "--seed", "3")
    pools = {"threads": concurrent.futures.ThreadPoolExecutor, "processes": concurrent.futures.ProcessPoolExecutor}
    pool = pools[executor](2) if executor else None
    try:
        mc = gwsim.monte_carlo(gwsim.load(MINIMAL), n=12, seed=3, executor=pool, progress=False)
    finally:
        if pool is not None:
            pool.shutdown()
    assert mc.resumed == 0
    assert mc.replications["in_service_100pct"].nunique() > 1  # replications differ: the bands are not trivial
    assert (mc.bands[("gpus_in_service", "p10")] < mc.bands[("gpus_in_service", "p90")]).any()
    assert_same_as_cli(mc, tmp_path)


def test_threads_do_not_change_the_answer(aws):
    one = gwsim.monte_carlo(aws, n=4, seed=11, threads=1, progress=False)
    two = gwsim.monte_carlo(aws, n=4, seed=11, threads=2, progress=False)
    pd.testing.assert_frame_equal(one.bands, two.bands, check_exact=True)
    pd.testing.assert_frame_equal(one.replications, two.replications, check_exact=True)


def test_progress_reaches_the_count(aws, monkeypatch):
    seen = []
    monkeypatch.setattr(gwsim.montecarlo, "_bar", lambda progress, total, desc: Bar(seen, total))
    gwsim.monte_carlo(aws, n=3, progress=True, threads=2)
    assert seen[-1] == 3 and seen == sorted(seen)


class Bar:
    """Stands for tqdm: records the counts shown."""

    def __init__(self, seen, total):
        self.seen, self.total, self.n = seen, total, 0

    def update(self, k):
        self.n += k
        self.seen.append(self.n)

    def close(self):
        pass


def test_dask_gives_the_same_answer_as_threads(aws):
    threads = gwsim.monte_carlo(aws, n=4, progress=False)
    dask = gwsim.monte_carlo(aws, n=4, executor="dask", progress=False)
    pd.testing.assert_frame_equal(threads.bands, dask.bands, check_exact=True)
    pd.testing.assert_frame_equal(threads.replications, dask.replications, check_exact=True)


def test_sweep_points_have_the_figures_of_their_run(aws):
    sw = gwsim.sweep(aws, {"/sites/0/pue": [1.3]}, seed=3, progress=False)
    summary = gwsim.run(aws.override({"/sites/0/pue": 1.3}), seed=3).summary
    row = sw.iloc[0]
    for m in gwsim.montecarlo.MILESTONES:
        when = summary["key_dates"][m]
        # summary's dates are rounded up to the whole second (NaT: not reached); the sweep's are exact
        assert row[m].ceil("s") == when if pd.notna(when) else pd.isna(row[m])
    assert pd.notna(row["in_service_50pct"])
    assert row["stranded_gpu_days"] == summary["stranded_gpu_days"]["total"]
    assert row["energy_cost_usd"] == summary["energy_cost_usd"]
    assert row["bottleneck"] == summary["bottleneck"]
    assert row["gpus_in_service_at_end"] == summary["gpus_in_service_at_end"]


def test_bands_are_ordered_and_probabilities_monotone(aws):
    mc = gwsim.monte_carlo(aws, n=10, progress=False)
    for col in ("gpus_in_service", "energy_mwh"):
        assert (mc.bands[(col, "p10")] <= mc.bands[(col, "p50")]).all()
        assert (mc.bands[(col, "p50")] <= mc.bands[(col, "p90")]).all()
    dates = pd.date_range("2026-06-01", "2028-12-31", freq="MS")
    probs = [float(mc.probability_by(str(d.date()))) for d in dates]
    assert probs == sorted(probs)
    assert probs[0] == 0.0 and probs[-1] == 1.0


def test_sweep_runs_every_point(aws):
    sw = gwsim.sweep(aws, {"/sites/0/pue": [1.1, 1.3], "/failures/enabled": [True, False]}, seed=3, progress=False)
    assert len(sw) == 4
    # readable column names, the pointers in attrs
    assert sw.attrs["pointers"] == {"sites[0].pue": "/sites/0/pue", "failures.enabled": "/failures/enabled"}
    assert set(zip(sw["sites[0].pue"], sw["failures.enabled"], strict=True)) == {
        (1.1, True), (1.1, False), (1.3, True), (1.3, False)}
    by = sw.set_index(["sites[0].pue", "failures.enabled"])
    assert by.loc[(1.3, True), "energy_mwh"] > by.loc[(1.1, True), "energy_mwh"]
    assert by.loc[(1.1, False), "failures"] == 0
    with pytest.raises(gwsim.ScenarioError):
        gwsim.sweep(aws, {"/sites/0/pue": [0.5]}, progress=False)


def test_scenarios_pickle_for_workers(aws):
    v = aws.override({"/sites/0/pue": 1.2})
    w = pickle.loads(pickle.dumps(v))
    assert w.overrides == v.overrides
    assert gwsim.run(w, seed=1).summary == gwsim.run(v, seed=1).summary


def test_interrupted_sweep_resumes_without_recomputing(aws, tmp_path):
    grid = {"/sites/0/pue": [1.1, 1.2, 1.3], "/failures/enabled": [True, False]}
    full = gwsim.sweep(aws, grid, seed=2, progress=False, out=tmp_path / "sweep")
    parts = sorted((tmp_path / "sweep").glob("point-*.parquet"))
    assert len(parts) == 6
    # simulate an interruption: two points never finished, one half-written temp file left behind
    for p in parts[:2]:
        p.unlink()
    (tmp_path / "sweep" / ".point-x.parquet.tmp").write_bytes(b"partial")
    stamps = {p.name: p.stat().st_mtime_ns for p in parts[2:]}
    resumed = gwsim.sweep(aws, grid, seed=2, progress=False, out=tmp_path / "sweep")
    pd.testing.assert_frame_equal(resumed, full, check_dtype=False)
    assert len(list((tmp_path / "sweep").glob("point-*.parquet"))) == 6
    for p in parts[2:]:
        assert p.stat().st_mtime_ns == stamps[p.name], "a finished point was recomputed"


# --- killed for real (SIGKILL) in a child process, then resumed here ---------------------------

def _run_until_killed(code: str, directory: pathlib.Path, pattern: str, env: dict | None = None) -> set[str]:
    """Runs `code` in a child Python that kills itself (SIGKILL) once enough results are saved
    (the code or `env` arranges it), so nothing here waits on a clock; returns the names of the
    files matching `pattern` in `directory`."""
    import os
    import signal
    import sys

    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **(env or {})})
    assert proc.returncode == -signal.SIGKILL, "the child finished before it was killed"
    return {p.name for p in directory.glob(pattern)}


# A sweep point is saved by gwsim.montecarlo.write_atomic: the child kills itself after the 4th.
_KILL_AFTER_4_POINTS = """
import os, signal, gwsim.montecarlo as m
_write, _n = m.write_atomic, [0]
def write_atomic(path, produce):
    _write(path, produce)
    _n[0] += 1
    if _n[0] >= 4:
        os.kill(os.getpid(), signal.SIGKILL)
m.write_atomic = write_atomic
"""


def test_killed_sweep_resumes_without_recomputing(aws, tmp_path):
    out = tmp_path / "sweep"
    grid = {"/sites/0/pue": [1.1, 1.15, 1.2, 1.25, 1.3, 1.35], "/sites/0/install/crews": [4, 8, 12, 16, 20, 24]}
    code = _KILL_AFTER_4_POINTS + (
        f"import gwsim; gwsim.sweep(gwsim.load({str(AWS)!r}), {grid!r}, seed=3, progress=False, "
        f"out={str(out)!r}, executor=__import__('concurrent.futures').futures.ThreadPoolExecutor(2))")
    before = _run_until_killed(code, out, "point-*.parquet")
    assert 4 <= len(before) < 36
    stamps = {n: (out / n).stat().st_mtime_ns for n in before}
    resumed = gwsim.sweep(aws, grid, seed=3, progress=False, out=out)
    full = gwsim.sweep(aws, grid, seed=3, progress=False)
    pd.testing.assert_frame_equal(resumed, full, check_dtype=False)
    for n in before:
        assert (out / n).stat().st_mtime_ns == stamps[n], "a point finished before the kill was recomputed"


def test_killed_monte_carlo_resumes_without_recomputing(aws, tmp_path):
    out = tmp_path / "mc"
    code = (f"import gwsim; gwsim.monte_carlo(gwsim.load({str(AWS)!r}), 150, seed=5, progress=False, "
            f"out={str(out)!r}, executor=__import__('concurrent.futures').futures.ThreadPoolExecutor(2))")
    # The CLI's checkpoint files; the C++ store kills the process after the 6th (docs/reliability.md).
    before = _run_until_killed(code, out, "rep-*.cbor", {"GWSIM_TEST_KILL_AFTER_SAVES": "6"})
    assert len(before) >= 6
    resumed = gwsim.monte_carlo(aws, 150, seed=5, progress=False, out=out)
    assert resumed.resumed >= len(before)
    full = gwsim.monte_carlo(aws, 150, seed=5, progress=False)
    pd.testing.assert_frame_equal(resumed.replications, full.replications)
    pd.testing.assert_frame_equal(resumed.bands, full.bands)
    again = gwsim.monte_carlo(aws, 150, seed=5, progress=False, out=out)
    assert again.resumed == 150


def test_saved_points_of_another_scenario_are_not_reused(aws, tmp_path):
    out = tmp_path / "sweep"
    grid = {"/failures/enabled": [True, False]}
    gwsim.sweep(aws, grid, seed=2, progress=False, out=out)
    other = aws.override({"/sites/0/pue": 1.4})
    assert other.fingerprint != aws.fingerprint
    assert aws.fingerprint == gwsim.load(AWS).fingerprint
    got = gwsim.sweep(other, grid, seed=2, progress=False, out=out)
    pd.testing.assert_frame_equal(got, gwsim.sweep(other, grid, seed=2, progress=False), check_dtype=False)
    assert len(list(out.glob("point-*.parquet"))) == 4
