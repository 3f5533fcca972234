"""Bounded resources: absurd inputs are refused with scenario.limit (or
scenario.horizon) naming the limit and the JSON pointer, before any large
allocation: each run here is capped at 1 GiB of address space, so a loader
that tried to build a trillion racks or read a huge file would fail with an
allocation error instead of the expected message. The limits are listed in
docs/scenarios.md ("Limits")."""
from __future__ import annotations

import copy
import json
import pathlib
import resource
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MINIMAL = json.loads((ROOT / "tests/scenarios/valid_minimal.json").read_text())


def validate(build_dir, path, address_space=1 << 30):
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return subprocess.run([str(build_dir / "gwsim"), "validate", str(path)], capture_output=True, text=True,
                          preexec_fn=cap, timeout=60)


def scenario(**changes):
    doc = copy.deepcopy(MINIMAL)
    for pointer, value in changes.items():
        *parents, last = pointer.split("__")
        node = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        node[int(last) if isinstance(node, list) else last] = value
    return doc


def sites(n):
    doc = copy.deepcopy(MINIMAL)
    doc["sites"] = [dict(doc["sites"][0], name=f"site-{i}") for i in range(n)]
    return doc


CASES = {
    "a trillion racks": (scenario(orders__0__deliveries__0__racks=10**12), "scenario.limit",
                         "/orders/0/deliveries/0/racks", "10000000"),
    "a horizon of 8000 years": (scenario(end="9999-12-31"), "scenario.horizon", "/end", "100 years"),
    "twenty thousand sites": (sites(20_000), "scenario.limit", "/sites", "10000"),
    "a billion crews": (scenario(sites__0__install__crews=10**9), "scenario.limit", "/sites/0/install/crews",
                        "1000000"),
    "a terawatt and more": (scenario(sites__0__power_stages__0__power_mw=999_999.0,
                                     sites__0__power_stages=[{"date": "2026-01-01", "power_mw": 999_999.0},
                                                              {"date": "2026-01-02", "power_mw": 999_999.0}]),
                            "scenario.limit", "/sites/0/power_stages/1/power_mw", "1 TW"),
}


@pytest.mark.parametrize("name", CASES)
def test_absurd_scenarios_are_refused_before_allocating(build_dir, tmp_path, name):
    doc, code, pointer, limit = CASES[name]
    path = tmp_path / "absurd.json"
    path.write_text(json.dumps(doc))
    r = validate(build_dir, path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"error[{code}] {path}:{pointer}: "), r.stderr
    assert limit in r.stderr, r.stderr


def test_huge_file_is_refused_unread(build_dir, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "w") as f:
        f.write(json.dumps(MINIMAL)[:-1])
        f.write(" " * (65 << 20))  # 65 MiB of whitespace: valid JSON, but over the limit
        f.write("}")
    r = validate(build_dir, path, address_space=256 << 20)
    assert r.returncode == 2 and "error[scenario.limit]" in r.stderr and "64 MiB" in r.stderr, r.stderr


def test_deep_nesting_is_refused_at_the_limit(build_dir, tmp_path):
    path = tmp_path / "deep.json"
    depth = 5_000_000
    path.write_text('{"gwsim_scenario": 1, "name": ' + "[" * depth + "]" * depth + "}")
    r = validate(build_dir, path, address_space=512 << 20)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"error[scenario.limit] {path}:/name/0/0/"), r.stderr[:200]
    assert "deeper than 64 levels" in r.stderr


def test_a_trace_of_more_than_ten_million_jobs_is_refused(build_dir, tmp_path):
    # docs/scenarios.md, Limits: "a trace of more than 10 million jobs"; one job more is refused
    # as the loader reads it, naming the file (about 3 s).
    trace = tmp_path / "big.csv"
    with open(trace, "w") as f:
        f.write("submit_time,gpu_num,duration\n")
        f.write("0,1,1\n" * 10_000_001)
    doc = copy.deepcopy(MINIMAL)
    doc["workloads"] = {"policy": "fifo", "traces": [{"name": "t", "file": "big.csv", "start": MINIMAL["start"]}]}
    path = tmp_path / "trace.json"
    path.write_text(json.dumps(doc))
    r = validate(build_dir, path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"error[scenario.limit] {path}:/workloads/traces/0/file: "), r.stderr
    assert r.stderr.rstrip().endswith(f"{trace}: more than 10 million jobs"), r.stderr


def test_shipped_scenarios_fit_well_inside_the_limits(build_dir):
    for path in ("scenarios/gigawatt_factory.json", "scenarios/openai_portfolio.json"):
        r = validate(build_dir, ROOT / path, address_space=1 << 30)
        assert r.returncode == 0, r.stderr
