"""The validation harness (docs/validation.md) in its quick form: every criterion must hold.

The full run (`make validation`, about a minute) writes docs/validation.md; this smoke run uses
smaller job counts and writes to a temporary file, so a change that breaks the queueing model,
the failure catalog or the harness fails `make test`.
"""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_quick_validation_passes(build_dir, tmp_path):
    out = tmp_path / "validation.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benches" / "validation" / "make_validation.py"), "--quick",
                           "--build", str(build_dir), "--output", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    text = out.read_text()
    assert "FAIL" not in text.replace("PASS/FAIL", "")
    assert text.count("**PASS**") >= 8
