"""Paths: gwsim writes only inside the chosen output directory.

Outputs have fixed names, temporary files live next to them and are renamed
into place (a rename replaces a symbolic link, it does not write through it),
and the checkpoint directory refuses to be a link. The report never
overwrites a run's outputs (test_report.py); a cycle of base files is an
error (the malformed catalog, 66_extends_cycle.json)."""
from __future__ import annotations

import pathlib
import subprocess

SCENARIO = str(pathlib.Path(__file__).resolve().parents[2] / "scenarios/stargate_abilene.json")


def gwsim(build_dir, *args):
    return subprocess.run([str(build_dir / "gwsim"), *map(str, args)], capture_output=True, text=True)


def test_outputs_replace_symlinks_instead_of_writing_through_them(build_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    precious = outside / "precious.txt"
    precious.write_text("keep me\n")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("summary.json", "timeseries.csv", "run_info.json", "report.html"):
        (out / name).symlink_to(precious)
    r = gwsim(build_dir, "run", SCENARIO, "--out", out, "--quiet", "--report")
    assert r.returncode == 0, r.stderr
    assert precious.read_text() == "keep me\n"
    for name in ("summary.json", "timeseries.csv", "run_info.json", "report.html"):
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 0
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]


def test_checkpoint_directory_that_is_a_link_is_refused(build_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".replications").symlink_to(outside, target_is_directory=True)
    r = gwsim(build_dir, "run", SCENARIO, "--out", out, "--quiet", "--replications", 2)
    assert r.returncode == 1
    assert "error[output.io]" in r.stderr and "symbolic link" in r.stderr
    assert list(outside.iterdir()) == []


def test_out_that_is_a_file_is_an_error_and_the_file_is_kept(build_dir, tmp_path):
    target = tmp_path / "not_a_dir"
    target.write_text("data\n")
    r = gwsim(build_dir, "run", SCENARIO, "--out", target, "--quiet")
    assert r.returncode == 1 and "error[output.io]" in r.stderr
    assert target.read_text() == "data\n"


def test_nothing_is_written_outside_out(build_dir, tmp_path):
    """A full run (replications, report) creates files only under --out."""
    work = tmp_path / "work"
    work.mkdir()
    before = set(tmp_path.rglob("*"))
    r = subprocess.run([str(build_dir / "gwsim"), "run", SCENARIO,
                        "--out", "result", "--quiet", "--replications", "3", "--report"],
                       cwd=work, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    created = set(tmp_path.rglob("*")) - before
    assert created and all(p == work / "result" or (work / "result") in p.parents for p in created), created
