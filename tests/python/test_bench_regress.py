"""The bench regression gate's own logic (benches/regress.py), without valgrind: the comparison
must fail on what it is meant to catch, so that the gate cannot silently pass."""
import importlib.util
import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def regress():
    spec = importlib.util.spec_from_file_location("regress", ROOT / "benches" / "regress.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


TOOLCHAIN = {"build_type": "Release", "compiler": "g++ (Debian 12.2.0-14+deb12u1) 12.2.0",
             "libc": "glibc 2.36", "valgrind": "valgrind-3.19.0"}


def baseline(instructions=1_000_000, events=5000, checksums=None):
    return {"threshold_pct": 10.0, "faster_pct": 10.0, "toolchain": dict(TOOLCHAIN, note="test"),
            "benches": {"b": {"instructions": instructions, "events": events,
                              "checksums": checksums if checksums is not None else {"summary.json": "a" * 64}}}}


def measured(instructions=1_000_000, events=5000, checksums=None, **extra):
    m = {"bench": "b", "instructions": instructions, "events": events,
         "checksums": checksums if checksums is not None else {"summary.json": "a" * 64},
         "wall_s": 0.1, "peak_rss_mb": 5.0, "callgrind_s": 1.0}
    m.update(extra)
    return m


def verdicts(cmp, metric):
    return [r["verdict"] for r in cmp.rows if r["metric"] == metric]


def test_identical_passes(regress):
    cmp = regress.compare(baseline(), [measured()], TOOLCHAIN)
    assert not cmp.failed and cmp.warnings == 0
    assert {r["verdict"] for r in cmp.rows} == {"ok"}


def test_instructions_up_15_percent_fails(regress):
    cmp = regress.compare(baseline(), [measured(instructions=1_150_000)], TOOLCHAIN)
    assert cmp.failed
    assert verdicts(cmp, "instructions")[0].startswith("FAIL")
    row = next(r for r in cmp.rows if r["metric"] == "instructions")
    assert row["change"] == "+15.00%"


def test_instructions_up_5_percent_passes(regress):
    cmp = regress.compare(baseline(), [measured(instructions=1_050_000)], TOOLCHAIN)
    assert not cmp.failed
    assert verdicts(cmp, "instructions") == ["ok"]


def test_threshold_is_the_files_and_can_be_overridden(regress):
    base = baseline()
    base["threshold_pct"] = 3.0
    assert regress.compare(base, [measured(instructions=1_050_000)], TOOLCHAIN).failed
    assert not regress.compare(base, [measured(instructions=1_050_000)], TOOLCHAIN, threshold_pct=6).failed
    assert regress.compare(baseline(), [measured(instructions=1_050_000)], TOOLCHAIN, threshold_pct=4).failed


def test_instructions_down_15_percent_is_reported_not_failed(regress):
    cmp = regress.compare(baseline(), [measured(instructions=850_000)], TOOLCHAIN)
    assert not cmp.failed
    assert verdicts(cmp, "instructions") == ["faster: consider make bench-baseline"]
    assert verdicts(regress.compare(baseline(), [measured(instructions=950_000)], TOOLCHAIN),
                    "instructions") == ["ok"]


def test_changed_checksum_fails(regress):
    cmp = regress.compare(baseline(), [measured(checksums={"summary.json": "b" * 64})], TOOLCHAIN)
    assert cmp.failed
    assert verdicts(cmp, "summary.json")[0].startswith("FAIL")


def test_added_or_missing_output_fails(regress):
    extra = {"summary.json": "a" * 64, "jobs.csv": "c" * 64}
    assert regress.compare(baseline(), [measured(checksums=extra)], TOOLCHAIN).failed
    assert regress.compare(baseline(checksums=extra), [measured()], TOOLCHAIN).failed


def test_changed_events_fail(regress):
    cmp = regress.compare(baseline(), [measured(events=5001)], TOOLCHAIN)
    assert cmp.failed
    assert verdicts(cmp, "events")[0].startswith("FAIL")


def test_changed_toolchain_only_warns(regress):
    other = dict(TOOLCHAIN, compiler="g++ (Debian 13.2.0-1) 13.2.0", valgrind="valgrind-3.22.0")
    cmp = regress.compare(baseline(), [measured()], other)
    assert not cmp.failed
    assert cmp.warnings == 2
    assert all(v.startswith("warning") for v in verdicts(cmp, "compiler") + verdicts(cmp, "valgrind"))


def test_bench_missing_from_baseline_fails(regress):
    m = measured()
    m["bench"] = "new"
    assert regress.compare(baseline(), [m], TOOLCHAIN).failed


def test_native_and_callgrind_runs_disagreeing_fails(regress):
    cmp = regress.compare(baseline(), [measured(nondeterminism="summary.json differs")], TOOLCHAIN)
    assert cmp.failed


def test_table_has_every_column(regress):
    table = regress.format_table(regress.compare(baseline(), [measured(instructions=1_150_000)], TOOLCHAIN).rows)
    header = table.splitlines()[0].split()
    assert header == ["bench", "metric", "baseline", "now", "change", "verdict"]
    assert "1,150,000" in table and "FAIL" in table


def test_parse_callgrind_totals(regress):
    text = "version: 1\ncmd: x\nevents: Ir\nfl=(1)\n0 5\n\nsummary: 354096995\ntotals: 354096995\n"
    assert regress.parse_callgrind_total(text) == 354096995
    assert regress.parse_callgrind_total("", "==1== Collected : 42\n") == 42
    with pytest.raises(ValueError):
        regress.parse_callgrind_total("", "")


def test_update_is_sorted_stable_and_keeps_unmeasured_benches(regress, tmp_path):
    old = baseline()
    old["benches"]["jobs_1e5"] = {"instructions": 7, "events": 8, "checksums": {}}
    old["benches"]["retired_bench"] = {"instructions": 1, "events": 1, "checksums": {}}
    m = measured(instructions=123)
    m["bench"] = "phold_1e6"
    new = regress.updated_baseline(old, [m], TOOLCHAIN)
    assert new["benches"]["phold_1e6"] == {"instructions": 123, "events": 5000, "checksums": {"summary.json": "a" * 64}}
    assert new["benches"]["jobs_1e5"] == old["benches"]["jobs_1e5"]
    assert "retired_bench" not in new["benches"]
    assert new["threshold_pct"] == 10.0 and new["toolchain"]["note"] == "test"
    path = tmp_path / "baseline.json"
    regress.write_atomic(path, regress.dumps(new))
    first = path.read_text()
    regress.write_atomic(path, regress.dumps(json.loads(first)))
    assert path.read_text() == first
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    assert list(json.loads(first)) == sorted(json.loads(first))


def test_shipped_baseline_covers_the_suite(regress):
    base = json.loads((ROOT / "benches" / "baseline.json").read_text())
    assert base["threshold_pct"] > 0
    assert {b.name for b in regress.SUITE} == set(base["benches"])
    for name, entry in base["benches"].items():
        assert entry["instructions"] > 0 and entry["events"] > 0, name
    for key in ("compiler", "valgrind", "note"):
        assert base["toolchain"][key]
    assert regress.dumps(base) == (ROOT / "benches" / "baseline.json").read_text(), \
        "baseline.json is not in canonical form"


def test_quick_suite_is_a_subset_covering_every_area(regress):
    quick = [b for b in regress.SUITE if b.quick]
    assert 0 < len(quick) < len(regress.SUITE)
    assert {b.name.split("_")[0] for b in quick} == {"phold", "portfolio", "jobs"}
