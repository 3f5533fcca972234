"""Regenerates the golden outputs of the shipped scenarios (`make golden`).

For each scenario in GOLDEN, runs `gwsim run` with the scenario's own seed and stores
summary.json and the SHA-256 of timeseries.csv and jobs.csv (plus the whole time series for the
small ones)
under tests/golden/<scenario>/. tests/python/test_golden.py compares fresh runs to them.
Review the diff before committing: a change here is a change in gwsim's answers.
"""
import argparse
import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
# scenario -> keep the full CSV (small scenarios) or only its hash
GOLDEN = {"openai_aws_2026": True, "stargate_abilene": True, "openai_portfolio": False,
          "openai_aws_2026_jobs": False, "frontier_fleet_2027": False,
          "abilene_gas_bridge": False}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    args = ap.parse_args()
    gwsim = (ROOT / args.build / "gwsim") if not args.build.is_absolute() else args.build / "gwsim"
    for name, keep_csv in GOLDEN.items():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([str(gwsim), "run", str(ROOT / "scenarios" / f"{name}.json"), "--out", tmp, "--quiet"],
                           check=True)
            out = HERE / name
            out.mkdir(exist_ok=True)
            shutil.copy(pathlib.Path(tmp) / "summary.json", out / "summary.json")
            csv = (pathlib.Path(tmp) / "timeseries.csv").read_bytes()
            (out / "timeseries.sha256").write_text(hashlib.sha256(csv).hexdigest() + "\n")
            if keep_csv:
                (out / "timeseries.csv").write_bytes(csv)
            jobs = pathlib.Path(tmp) / "jobs.csv"
            if jobs.exists():
                (out / "jobs.sha256").write_text(hashlib.sha256(jobs.read_bytes()).hexdigest() + "\n")
            print(f"{name}: {len(csv):,} bytes of CSV, sha256 {hashlib.sha256(csv).hexdigest()[:16]}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
