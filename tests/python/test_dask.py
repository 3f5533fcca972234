"""gwsim on Dask: a real scheduler and two worker processes on localhost (started here as the `dask` command
would start them on a cluster), executor="dask" (a local cluster of processes, kept and reused), what
travels to workers (the merged document, not a path), worker errors on the client, a worker killed
mid-sweep. Results must be identical to threads in this process."""
from __future__ import annotations

import json
import pathlib
import pickle
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

import gwsim
from gwsim import _executors

distributed = pytest.importorskip("distributed")

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"
DASK = pathlib.Path(sys.executable).parent / "dask"


def start_worker(scheduler_file: pathlib.Path, name: str) -> subprocess.Popen:
    # no nanny: the worker is one process, so SIGKILL kills it for good
    return subprocess.Popen([str(DASK), "worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1",
                             "--no-nanny", "--no-dashboard", "--name", name],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_workers(address: str, n: int) -> None:
    with distributed.Client(address, set_as_default=False) as client:
        client.wait_for_workers(n, timeout=60)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded worker processes; yields the scheduler address."""
    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    procs = [subprocess.Popen([str(DASK), "scheduler", "--scheduler-file", str(scheduler_file), "--port", "0",
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            assert time.monotonic() < deadline and procs[0].poll() is None, "the scheduler did not start"
            time.sleep(0.05)
        procs += [start_worker(scheduler_file, f"w{i}") for i in range(2)]
        address = distributed.Client(scheduler_file=str(scheduler_file), set_as_default=False)
        address.wait_for_workers(2, timeout=60)
        addr = address.scheduler.address
        address.close()
        yield {"address": addr, "scheduler_file": scheduler_file}
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@pytest.fixture(scope="module")
def aws():
    return gwsim.load(AWS)


def test_monte_carlo_on_a_scheduler_is_the_threads_result(cluster, aws):
    dask = gwsim.monte_carlo(aws, n=8, seed=4, executor=cluster["address"], progress=False)
    threads = gwsim.monte_carlo(aws, n=8, seed=4, progress=False)
    pd.testing.assert_frame_equal(dask.replications, threads.replications, check_exact=True)
    pd.testing.assert_frame_equal(dask.bands, threads.bands, check_exact=True)


def test_sweep_on_a_scheduler_is_the_threads_result(cluster, aws):
    grid = {"/sites/0/pue": [1.1, 1.3], "/failures/enabled": [True, False]}
    dask = gwsim.sweep(aws, grid, seed=2, executor=cluster["address"], progress=False)
    threads = gwsim.sweep(aws, grid, seed=2, progress=False)
    pd.testing.assert_frame_equal(dask, threads, check_exact=True)


def test_a_scenario_loaded_through_a_relative_path_runs_on_workers(cluster, aws, monkeypatch):
    """The workers' folder is not the caller's: the merged document travels, not the path."""
    monkeypatch.chdir(AWS.parent)
    relative = gwsim.load(AWS.name)
    assert relative.fingerprint == aws.fingerprint
    dask = gwsim.monte_carlo(relative, n=4, seed=9, executor=cluster["address"], progress=False)
    threads = gwsim.monte_carlo(aws, n=4, seed=9, progress=False)
    pd.testing.assert_frame_equal(dask.replications, threads.replications, check_exact=True)


def test_a_point_with_a_bad_override_raises_scenario_error_on_the_client(cluster, aws):
    grid = {"/sites/0/pue": [1.2, 0.5]}  # 0.5 is below the range of a PUE
    with pytest.raises(gwsim.ScenarioError) as e:
        gwsim.sweep(aws, grid, executor=cluster["address"], progress=False)
    assert e.value.code == "scenario.range"
    assert e.value.pointer == "/sites/0/pue"
    assert e.value.file == str(AWS)  # the worker names the file by its absolute path
    with pytest.raises(gwsim.ScenarioError) as local:
        aws.override({"/sites/0/pue": 0.5})
    assert (local.value.code, local.value.pointer, local.value.detail) == (e.value.code, e.value.pointer,
                                                                           e.value.detail)


def test_a_worker_killed_mid_sweep_changes_nothing(cluster, aws, tmp_path):
    """A third worker joins, takes points and is killed (SIGKILL) while it runs one: the scheduler gives its
    points to the others, and the sweep is the uninterrupted one."""
    grid = {"/sites/0/pue": [1.1, 1.2, 1.3, 1.4], "/sites/0/install/crews": [4, 8, 12]}
    victim = start_worker(cluster["scheduler_file"], "victim")
    try:
        wait_for_workers(cluster["address"], 3)
        client = distributed.Client(cluster["address"], set_as_default=False)
        workers = client.scheduler_info()["workers"]
        address = next(a for a, w in workers.items() if w.get("name") == "victim")
        result: dict = {}
        sweep = threading.Thread(target=lambda: result.update(
            df=gwsim.sweep(aws, grid, seed=6, executor=client, progress=False, out=tmp_path / "sweep")))
        sweep.start()
        deadline = time.monotonic() + 60
        while not client.processing(workers=[address]).get(address):
            assert time.monotonic() < deadline and sweep.is_alive(), "the victim never ran a point"
            time.sleep(0.005)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        assert sweep.is_alive(), "the sweep finished before the kill"
        sweep.join(timeout=120)
        client.close()
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
    straight = gwsim.sweep(aws, grid, seed=6, progress=False)
    pd.testing.assert_frame_equal(result["df"], straight, check_exact=True)
    assert len(list((tmp_path / "sweep").glob("point-*.parquet"))) == 12


def test_executor_dask_reuses_its_local_cluster(aws):
    _executors._close_local()
    first = gwsim.monte_carlo(aws, n=3, seed=1, executor="dask", workers=np.int64(2), progress=False)
    cluster = _executors._local["cluster"]
    assert len(_executors._local["client"].nthreads()) == 2
    assert all(n == 1 for n in _executors._local["client"].nthreads().values())  # one thread a process
    second = gwsim.sweep(aws, {"/sites/0/pue": [1.1, 1.2]}, seed=1, executor="dask", progress=False)
    assert _executors._local["cluster"] is cluster
    pd.testing.assert_frame_equal(first.replications,
                                  gwsim.monte_carlo(aws, n=3, seed=1, progress=False).replications, check_exact=True)
    pd.testing.assert_frame_equal(second, gwsim.sweep(aws, {"/sites/0/pue": [1.1, 1.2]}, seed=1, progress=False),
                                  check_exact=True)
    _executors._close_local()


def test_executor_dask_uses_a_running_default_client(cluster, aws):
    _executors._close_local()
    with distributed.Client(cluster["address"]) as client:  # the default client while open
        mc = gwsim.monte_carlo(aws, n=2, seed=1, executor="dask", progress=False)
        assert "cluster" not in _executors._local  # no local cluster was started
        assert client.status == "running"
    assert mc.replications.shape[0] == 2


# --- what travels: pickles, without a cluster ---------------------------------------------------------

def test_a_pickled_scenario_is_its_document(tmp_path, aws, monkeypatch):
    monkeypatch.chdir(AWS.parent)
    variant = gwsim.load(AWS.name).override({"/sites/0/pue": 1.25})
    data = pickle.dumps(variant)
    assert str(AWS).encode() in data
    fingerprint, summary = variant.fingerprint, gwsim.run(variant, seed=3).summary
    monkeypatch.chdir(tmp_path)  # where the file is not
    back = pickle.loads(data)
    assert back.fingerprint == fingerprint == aws.override({"/sites/0/pue": 1.25}).fingerprint
    assert back.overrides == {"/sites/0/pue": 1.25}
    assert gwsim.run(back, seed=3).summary == summary
    with pytest.raises(gwsim.ScenarioError) as e:  # a bad override on a worker names the file
        back.override({"/sites/0/pue": 0.5})
    assert (e.value.code, e.value.file, e.value.pointer) == ("scenario.range", str(AWS), "/sites/0/pue")


def test_a_bad_document_fails_in_the_task_not_in_unpickling(aws):
    """Unpickling validates nothing (a worker's failure to unpickle is a generic Dask error); the first use
    does, and raises the ScenarioError."""
    document = gwsim._core.document_file(str(AWS), [])
    bad = gwsim.scenario._rebuild(str(AWS), document, str(AWS), {"/sites/0/pue": 0.5})  # as a worker gets it
    s = pickle.loads(pickle.dumps(bad))
    with pytest.raises(gwsim.ScenarioError) as e:
        _ = s.name
    assert e.value.code == "scenario.range"


def test_trace_files_are_read_at_their_absolute_path(tmp_path, monkeypatch):
    """A scenario's trace file is relative to the scenario file; a worker reads it at the absolute path the
    client resolved (so it must be readable there: a shared or copied folder)."""
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "trace.csv").write_text("submit_time,gpu_num,duration\n0,8,3600\n600,16,7200\n")
    doc = json.loads((ROOT / "tests" / "scenarios" / "valid_minimal.json").read_text())
    doc["workloads"] = {"policy": "fifo", "traces": [{"name": "t", "file": "trace.csv", "start": doc["start"]}]}
    (folder / "traced.json").write_text(json.dumps(doc))
    monkeypatch.chdir(folder)
    s = gwsim.load("traced.json")
    data = pickle.dumps(s)
    fingerprint, summary = s.fingerprint, gwsim.run(s, seed=2).summary
    monkeypatch.chdir(tmp_path)
    back = pickle.loads(data)
    assert back.fingerprint == fingerprint
    assert gwsim.run(back, seed=2).summary == summary
    assert len(gwsim.run(back, seed=2).jobs) == 2
    (folder / "trace.csv").unlink()  # not readable at that path (on a new worker): the error names the trace
    gwsim.scenario._load_text.cache_clear()  # a worker validates a document once
    with pytest.raises(gwsim.ScenarioError) as e:
        _ = pickle.loads(data).name
    assert e.value.pointer == "/workloads/traces/0/file"


def test_errors_pickle_whole():
    e = pickle.loads(pickle.dumps(gwsim.GwsimError("boom", "engine.past")))
    assert (type(e), str(e), e.code) == (gwsim.GwsimError, "boom", "engine.past")
    s = pickle.loads(pickle.dumps(gwsim.ScenarioError("bad", "scenario.range", "f.json", "/a", "d")))
    assert (s.code, s.file, s.pointer, s.detail) == ("scenario.range", "f.json", "/a", "d")


def test_worker_count_must_be_a_positive_integer(aws):
    with pytest.raises(TypeError):
        gwsim.monte_carlo(aws, n=2, executor="dask", workers=1.5, progress=False)
    with pytest.raises(ValueError):
        gwsim.monte_carlo(aws, n=2, executor="dask", workers=0, progress=False)

