"""Ctrl-C during gwsim.monte_carlo and gwsim.sweep: a child Python running one gets SIGINT once some results
are saved (or once a long replication is running) and must raise KeyboardInterrupt within a second, keeping
what had finished in `out`; run again, it resumes to the result of a run never interrupted.

The second is measured to the moment the child catches the KeyboardInterrupt; its exit comes after the
interpreter's teardown (pandas, pyarrow: about 0.2 s idle, 0.7 s on a loaded two-core machine), bounded
more loosely (EXIT_S)."""
from __future__ import annotations

import pathlib
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"          # about 0.07 s a replication
FACTORY = ROOT / "scenarios" / "gigawatt_factory.json"     # about 20 s a replication
EXIT_S = 3.0  # from the signal to the child's exit (the teardown of the interpreter included)

# The child: Python's own SIGINT handler (a parent started in the background may have left SIGINT ignored),
# "running" once the work starts; on KeyboardInterrupt it prints when it caught it (CLOCK_MONOTONIC, the
# same clock in every process) and exits with status 3.
CHILD = """
import signal, sys, time, gwsim
signal.signal(signal.SIGINT, signal.default_int_handler)
s = gwsim.load({scenario!r})
print("running", flush=True)
try:
    {call}
except KeyboardInterrupt:
    print("caught", time.monotonic(), flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


def interrupt(scenario: pathlib.Path, call: str, ready, timeout_s: float = 60) -> tuple[float, float]:
    """Runs `call` in a child Python and sends it SIGINT once `ready()` holds (checked every 10 ms after the
    child says it is running); the child must end on KeyboardInterrupt. Returns the seconds from the signal
    to the child's catching it, and to its end."""
    code = CHILD.format(scenario=str(scenario), call=call)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "running"
        deadline = time.monotonic() + timeout_s
        while not ready():
            assert proc.poll() is None, "the child ended before it was interrupted"
            assert time.monotonic() < deadline, "never ready"
            time.sleep(0.01)
        assert proc.poll() is None, "the child finished before it was interrupted"
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=30)
        ended = time.monotonic() - sent
        rest = proc.stdout.read().split()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 3 and rest[0] == "caught", f"the child did not end on KeyboardInterrupt (exit status {rc})"
    return float(rest[1]) - sent, ended


def assert_quick(caught: float, ended: float) -> None:
    assert caught < 1.0 and ended < EXIT_S, f"Ctrl-C raised after {caught:.2f} s, the child ended after {ended:.2f} s"


def count(directory: pathlib.Path, pattern: str) -> int:
    return len(list(directory.glob(pattern))) if directory.exists() else 0


def test_ctrl_c_stops_monte_carlo_and_keeps_finished_replications(tmp_path):
    out = tmp_path / "mc"
    n = 30  # about 1 s on two idle threads: not finished when interrupted
    caught, ended = interrupt(AWS, f"gwsim.monte_carlo(s, n={n}, seed=5, threads=2, progress=False, "
                                   f"out={str(out)!r})", lambda: count(out, "rep-*.cbor") >= 4)
    assert_quick(caught, ended)
    kept = count(out, "rep-*.cbor")
    assert 4 <= kept < n
    aws = gwsim.load(AWS)
    resumed = gwsim.monte_carlo(aws, n=n, seed=5, threads=2, progress=False, out=out)
    assert resumed.resumed == kept  # every replication finished before Ctrl-C, none run again
    straight = gwsim.monte_carlo(aws, n=n, seed=5, threads=2, progress=False)
    pd.testing.assert_frame_equal(resumed.replications, straight.replications, check_exact=True)
    pd.testing.assert_frame_equal(resumed.bands, straight.bands, check_exact=True)


def test_ctrl_c_stops_a_running_replication():
    """gigawatt_factory: one replication takes about 20 s; the interrupt stops those running."""
    started = time.monotonic()
    caught, ended = interrupt(FACTORY, "gwsim.monte_carlo(s, n=4, threads=2, progress=False)",
                              lambda: time.monotonic() - started > 3)  # both threads inside a replication
    assert_quick(caught, ended)


def test_ctrl_c_stops_sweep_and_keeps_finished_points(tmp_path):
    out = tmp_path / "sweep"
    grid = {"/sites/0/pue": [1.1, 1.2, 1.3, 1.4], "/sites/0/install/crews": [4, 8, 12, 16, 20]}
    caught, ended = interrupt(AWS, f"gwsim.sweep(s, {grid!r}, seed=3, progress=False, out={str(out)!r})",
                              lambda: count(out, "point-*.parquet") >= 4)
    assert_quick(caught, ended)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("point-*.parquet")}
    assert 4 <= len(before) < 20
    aws = gwsim.load(AWS)
    resumed = gwsim.sweep(aws, grid, seed=3, progress=False, out=out)
    for name, stamp in before.items():
        assert (out / name).stat().st_mtime_ns == stamp, "a point finished before Ctrl-C was recomputed"
    straight = gwsim.sweep(aws, grid, seed=3, progress=False)
    pd.testing.assert_frame_equal(resumed, straight, check_dtype=False)


def test_ctrl_c_stops_sweep_points_that_are_running():
    """gigawatt_factory: each point runs about 20 s; the interrupt stops the runs on the sweep's threads."""
    started = time.monotonic()
    caught, ended = interrupt(FACTORY, "gwsim.sweep(s, {'/sites/0/pue': [1.1, 1.2, 1.3]}, progress=False)",
                              lambda: time.monotonic() - started > 3)
    assert_quick(caught, ended)


def test_ctrl_c_stops_monte_carlo_on_dask(tmp_path):
    """On the local Dask cluster of worker processes: the interrupt cancels the queued tasks and is raised
    within a second (the child's exit then closes the cluster); what the workers had finished is kept."""
    pytest.importorskip("dask.distributed")
    out = tmp_path / "mc"
    n = 40
    caught, ended = interrupt(AWS, f"gwsim.monte_carlo(s, n={n}, seed=5, executor='dask', workers=2, "
                                   f"progress=False, out={str(out)!r})", lambda: count(out, "rep-*.cbor") >= 4)
    assert caught < 1.0, f"Ctrl-C was raised after {caught:.2f} s"
    kept = count(out, "rep-*.cbor")
    assert 4 <= kept < n
    aws = gwsim.load(AWS)
    resumed = gwsim.monte_carlo(aws, n=n, seed=5, threads=2, progress=False, out=out)
    assert resumed.resumed == kept
    straight = gwsim.monte_carlo(aws, n=n, seed=5, threads=2, progress=False)
    pd.testing.assert_frame_equal(resumed.replications, straight.replications, check_exact=True)
