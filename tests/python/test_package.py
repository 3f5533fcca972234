"""The Python package: load, override, run, DataFrames that view the C++ buffers, errors."""
import concurrent.futures
import json
import pathlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"
JOBS = ROOT / "scenarios" / "openai_aws_2026_jobs.json"


@pytest.fixture(scope="module")
def aws():
    return gwsim.load(AWS)


def test_load_and_properties(aws):
    assert aws.name == "openai_aws_2026"
    assert aws.start == "2025-11-03"
    assert len(aws.sites) == 3
    assert "openai_aws_2026" in repr(aws)


def test_run_matches_the_cli_bytes(aws, build_dir, tmp_path):
    """The package and the CLI run the same code: same summary and time series."""
    r = gwsim.run(aws)
    subprocess.run([str(build_dir / "gwsim"), "run", str(AWS), "--out", str(tmp_path), "--quiet"], check=True)
    cli = json.loads((tmp_path / "summary.json").read_text())
    assert r.summary_json == cli
    csv = pd.read_csv(tmp_path / "timeseries.csv", index_col="date", parse_dates=["date"])
    assert list(csv.columns) == list(r.timeseries.columns)
    np.testing.assert_array_equal(csv["gpus_in_service"].to_numpy(), r.timeseries["gpus_in_service"].to_numpy())
    np.testing.assert_allclose(csv["energy_mwh"].to_numpy(), r.timeseries["energy_mwh"].to_numpy(), rtol=1e-15)
    assert (r.timeseries.index == csv.index).all()


def test_timeseries_columns_view_the_cpp_buffers(aws):
    r = gwsim.run(aws, seed=5)
    raw = r._core.timeseries_arrays()
    df = r.timeseries_view()
    for name in ("gpus_in_service", "facility_power_mw", "capex_usd"):
        assert np.shares_memory(df[name].to_numpy(), raw[name]), name
    assert not raw["gpus_in_service"].flags.writeable
    # the arrays keep the result alive after the Result object is gone
    arr = raw["gpus_in_service"]
    del r, df, raw
    assert arr.sum() > 0


def test_same_seed_same_result_other_seed_differs(aws):
    a, b, c = gwsim.run(aws, seed=11), gwsim.run(aws, seed=11), gwsim.run(aws, seed=12)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    assert not a.timeseries.equals(c.timeseries)
    assert a.summary["seed"] == 11


def test_threads_run_in_parallel_and_agree(aws):
    """run() releases the GIL; concurrent runs give exactly the serial results."""
    seeds = [1, 2, 3, 4]
    serial = [gwsim.run(aws, seed=s).summary for s in seeds]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        parallel = [r.summary for r in pool.map(lambda s: gwsim.run(aws, seed=s), seeds)]
    assert parallel == serial


def test_override_returns_a_validated_variant(aws):
    v = aws.override({"/sites/0/pue": 1.5, "/failures": {"enabled": False}})
    assert v.overrides == {"/sites/0/pue": 1.5, "/failures": {"enabled": False}}
    assert aws.overrides == {}
    r = gwsim.run(v)
    assert r.summary["failures"] == 0
    assert gwsim.run(aws).summary["failures"] > 0


def test_scenario_errors_carry_code_file_and_pointer(aws, tmp_path):
    with pytest.raises(gwsim.ScenarioError) as e:
        aws.override({"/sites/0/pue": 0.5})
    assert e.value.code == "scenario.range"
    assert e.value.pointer == "/sites/0/pue"
    assert e.value.file.endswith("openai_aws_2026.json")
    assert isinstance(e.value, ValueError)
    with pytest.raises(gwsim.ScenarioError) as e:
        gwsim.load(tmp_path / "missing.json")
    assert e.value.code == "scenario.io"
    doc = json.loads(AWS.read_text())
    doc["colour"] = "red"
    with pytest.raises(gwsim.ScenarioError) as e:
        gwsim.load(doc)
    assert (e.value.code, e.value.pointer) == ("scenario.unknown_key", "/colour")


def test_load_from_a_dict():
    doc = json.loads(AWS.read_text())
    doc["name"] = "from_dict"
    s = gwsim.load(doc)
    assert s.name == "from_dict"
    assert gwsim.run(s).summary["scenario"] == "from_dict"
    doc["extends"] = "openai_aws_2026.json"
    with pytest.raises(gwsim.ScenarioError) as e:
        gwsim.load(doc)
    assert e.value.code == "scenario.extends"


def test_jobs_dataframe():
    r = gwsim.run(gwsim.load(JOBS))
    jobs = r.jobs
    assert len(jobs) == r.summary["jobs"]["submitted"]
    assert set(jobs["kind"].unique()) == {"stream", "training"}
    assert jobs["wait_hours"].min() >= 0
    assert jobs.loc[jobs["completed"], "end"].notna().all()
    raw = r._core.jobs_arrays()
    assert np.shares_memory(r.jobs_view()["gpus"].to_numpy(), raw["gpus"])
    assert gwsim.run(gwsim.load(AWS)).jobs is None


def test_python_dash_m_runs_the_cli(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gwsim", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip() == f"gwsim {gwsim.__version__}"
    bad = subprocess.run([sys.executable, "-m", "gwsim", "validate", str(tmp_path / "nope.json")],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error[scenario.io]")


def test_report_from_python_is_the_clis_page(build_dir, tmp_path):
    import subprocess

    run_dir = tmp_path / "run"
    subprocess.run([str(build_dir / "gwsim"), "run", str(ROOT / "scenarios/stargate_abilene.json"),
                    "--out", str(run_dir), "--quiet", "--report"], check=True)
    html = gwsim.report(run_dir, out=tmp_path / "r.html")
    assert html == (run_dir / "report.html").read_text() == (tmp_path / "r.html").read_text()
    assert "<iframe srcdoc=" in html._repr_html_()
    cmp = gwsim.report(run_dir, run_dir)
    assert 'data-run="b"' in cmp
    with pytest.raises(gwsim.GwsimError) as e:
        gwsim.report(tmp_path / "missing")
    assert e.value.code == "report.input"
