"""Golden-file regression: the shipped scenarios still give exactly the stored outputs.

If a change is meant to alter the model's answers, run `make golden`, review the diff of
tests/golden/ and commit it with the change.
"""
import difflib
import hashlib
import json
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
SCENARIOS = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def test_every_golden_scenario_is_shipped():
    assert SCENARIOS, "no golden outputs stored"
    for name in SCENARIOS:
        assert (ROOT / "scenarios" / f"{name}.json").exists()


@pytest.mark.parametrize("name", SCENARIOS)
def test_outputs_match_golden(build_dir, tmp_path, name):
    proc = subprocess.run([str(build_dir / "gwsim"), "run", str(ROOT / "scenarios" / f"{name}.json"),
                           "--out", str(tmp_path), "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    want = json.loads((GOLDEN / name / "summary.json").read_text())
    got = json.loads((tmp_path / "summary.json").read_text())
    assert got == want, f"summary.json differs from tests/golden/{name} (run `make golden` if intended)"
    assert (tmp_path / "summary.json").read_bytes() == (GOLDEN / name / "summary.json").read_bytes()
    csv = (tmp_path / "timeseries.csv").read_bytes()
    stored_csv = GOLDEN / name / "timeseries.csv"
    if stored_csv.exists() and csv != stored_csv.read_bytes():
        diff = difflib.unified_diff(stored_csv.read_text().splitlines(), csv.decode().splitlines(),
                                    "golden", "now", n=0, lineterm="")
        pytest.fail("timeseries.csv differs:\n" + "\n".join(list(diff)[:20]))
    assert hashlib.sha256(csv).hexdigest() == (GOLDEN / name / "timeseries.sha256").read_text().strip()
    jobs_hash = GOLDEN / name / "jobs.sha256"
    assert jobs_hash.exists() == (tmp_path / "jobs.csv").exists()
    if jobs_hash.exists():
        assert hashlib.sha256((tmp_path / "jobs.csv").read_bytes()).hexdigest() == jobs_hash.read_text().strip()
