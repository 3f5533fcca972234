"""Warnings and error reports that explain themselves, at the command line.

The implausible catalog lives in tests/scenarios/implausible/: one valid file per warning, each
tests/scenarios/valid_minimal.json changed to draw exactly that warning, and expected.json mapping
each file name to {"code": ..., "pointer": ...}. `gwsim validate` prints the warning and exits 0;
with --strict it is an error (exit 2) and `gwsim run --strict` writes nothing.
"""
import json
import pathlib
import re

import pytest

from test_cli import AWS, VALID_MINIMAL, files_in, gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMPLAUSIBLE = ROOT / "tests" / "scenarios" / "implausible"
EXPECTED = json.loads((IMPLAUSIBLE / "expected.json").read_text())
WARNING_CODES = {"feasibility.power", "feasibility.slots", "feasibility.horizon", "feasibility.provider",
                 "feasibility.fabric_domain",
                 "plausibility.power", "plausibility.rack_power",
                 "plausibility.checkpoint_cost",
                 "plausibility.reservation_size", "plausibility.reservation_overlap",
                 "plausibility.reservation_before_run", "plausibility.reservation_empty_cluster",
                 "plausibility.standby_nodes", "plausibility.swap_minutes", "plausibility.elastic_min_fraction",
                 "plausibility.preemptible",
                 "plausibility.lemon_fraction", "plausibility.lemon_multiplier", "plausibility.repair_not_fixed",
                 "plausibility.tolerated_nodes_down", "plausibility.lemon_policy_idle",
                 "plausibility.lemon_policy_broad",
                 "plausibility.construction_fast", "plausibility.construction_crews",
                 "plausibility.grid_duration", "plausibility.transformer_lead_time", "plausibility.equipment_order"}


def test_catalog_is_complete():
    names = {p.name for p in IMPLAUSIBLE.glob("*.json")} - {"expected.json"}
    assert names == set(EXPECTED), "every implausible file has an expected warning and vice versa"
    for name in EXPECTED:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.json", name), name
    assert {e["code"] for e in EXPECTED.values()} == WARNING_CODES


def test_warning_codes_are_documented():
    doc = (ROOT / "docs" / "scenarios.md").read_text()
    section = doc.split("\n## Warnings")[1].split("\n## ")[0]
    assert set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", section, flags=re.M)) == WARNING_CODES


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_implausible_validate_warns(build_dir, name):
    e, path = EXPECTED[name], IMPLAUSIBLE / name
    res = gwsim(build_dir, "validate", path)
    assert res.returncode == 0, res
    assert res.stdout.startswith(f"ok {path}:") and res.stdout.endswith(", 1 warning\n"), res
    assert res.stderr.count("\n") == 1, res
    assert res.stderr.startswith(f"warning[{e['code']}] {path}:{e['pointer']}: "), res


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_implausible_strict_is_an_error(build_dir, tmp_path, name):
    e, path = EXPECTED[name], IMPLAUSIBLE / name
    res = gwsim(build_dir, "validate", "--strict", path)
    assert res.returncode == 2, res
    assert res.stdout == "", res
    assert res.stderr.startswith(f"error[{e['code']}] {path}:{e['pointer']}: "), res
    out = tmp_path / "out"
    res = gwsim(build_dir, "run", path, "--out", out, "--strict")
    assert res.returncode == 2, res
    assert res.stderr.startswith(f"error[{e['code']}] {path}:{e['pointer']}: "), res
    assert files_in(out) == []


def test_run_prints_and_records_warnings(build_dir, tmp_path):
    path = IMPLAUSIBLE / "02_feasibility_slots_short.json"
    out = tmp_path / "out"
    res = gwsim(build_dir, "run", path, "--out", out, "--quiet")
    assert res.returncode == 0, res
    assert res.stderr.startswith(f"warning[feasibility.slots] {path}:/sites/0/buildings: "), res
    info = json.loads((out / "run_info.json").read_text())
    assert [(w["code"], w["pointer"]) for w in info["warnings"]] == [("feasibility.slots", "/sites/0/buildings")]


def test_validate_reports_every_error_of_a_file(build_dir, tmp_path):
    doc = json.loads(VALID_MINIMAL.read_text())
    doc["sites"][0]["pue"] = 0.5
    doc["orders"][1]["sku"] = "H100_HGK"
    doc["contracts"][0]["total_usd"] = -1
    path = tmp_path / "three.json"
    path.write_text(json.dumps(doc))
    res = gwsim(build_dir, "validate", path, VALID_MINIMAL)  # the next file is checked all the same
    assert res.returncode == 2, res
    lines = res.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        f"error[scenario.range] {path}:/sites/0/pue",
        f"error[scenario.reference] {path}:/orders/1/sku",
        f"error[scenario.range] {path}:/contracts/0/total_usd",
    ], res
    assert 'did you mean "H100_HGX"?' in lines[1]
    assert res.stdout.startswith(f"ok {VALID_MINIMAL}:"), res


def test_messages_that_help(build_dir, tmp_path):
    missing = tmp_path / "nope.json"
    res = gwsim(build_dir, "validate", missing)
    assert res.stderr == f"error[scenario.io] {missing}:: cannot open the file: No such file or directory\n"
    out = tmp_path / "out"
    res = gwsim(build_dir, "run", AWS, "--out", out, "--set", "/sites/9/pue=1.3")
    assert res.returncode == 2, res
    assert re.search(r"/sites is an array of \d+ items", res.stderr), res
    res = gwsim(build_dir, "run", AWS, "--out", out, "--set", "/sites/0/instal/crews=3")
    assert "/sites/0 has no key 'instal'; its keys are: " in res.stderr, res
    doc = json.loads(VALID_MINIMAL.read_text())
    doc["end"] = "2026-02-30"
    path = tmp_path / "day.json"
    path.write_text(json.dumps(doc))
    res = gwsim(build_dir, "validate", path)
    assert res.stderr == f"error[scenario.date] {path}:/end: 2026-02-30 does not exist (February 2026 has 28 days)\n"
    res = gwsim(build_dir, "run", VALID_MINIMAL, "--out", out, "--set", "/sites/0/name=site-b")
    assert res.stderr.startswith(f"error[scenario.reference] {VALID_MINIMAL}:/orders/0/site: "), res
    assert res.stderr.rstrip().endswith("(after --set /sites/0/name=site-b)"), res
    assert files_in(out) == []
