"""Result shaped for pandas: Timestamps in the summary, int64 counts, job names as Categoricals,
writable frames (zero-copy views on request), Parquet files that say what they are of, an HTML table
in Jupyter, and the report made from a Result (docs/python.md, "Results")."""
from __future__ import annotations

import html
import json
import re
import subprocess

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import gwsim
from gwsim.columns import C, column

ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?")


def site(name: str, power_mw: float) -> dict:
    return {"name": name, "provider": "P", "pue": 1.0, "max_rack_power_kw": 45.0,
            "buildings": [{"rack_slots": 4, "ready": "2025-01-01"}],
            "power_stages": [{"date": "2025-01-01", "power_mw": power_mw}],
            "install": {"crews": 2, "racks_per_crew_per_week": 7.0, "burn_in_hours": 0.0, "burn_in_fail_prob": 0.0},
            "repair": {"technicians": 1, "spare_nodes": 0, "spare_restock_days": 1.0}}


# Four H100 racks (32 GPUs, 40.8 kW each) on a site energized with 0.1 MW at PUE 1: two racks fit
# (81.6 kW), the other two wait for power to the end, so 50% of the racks is reached and 90% and
# 100% are not; the milestone "one rack" is reached before its deadline, "all racks" never.
POWER_BOUND = {
    "gwsim_scenario": 1, "name": "frames", "start": "2025-01-01", "end": "2025-03-31", "seed": 0,
    "failures": {"enabled": False}, "sites": [site("s0", 0.1)],
    "orders": [{"sku": "H100_HGX", "site": "s0", "deliveries": [{"date": "2025-01-01", "racks": 4}]}],
    "milestones": [{"name": "one rack", "metric": "racks_in_service", "threshold": 1, "deadline": "2025-02-01"},
                   {"name": "all racks", "metric": "racks_in_service", "fraction": 1.0}]}

# Two sites of 4 racks, a GPU stream with a tenant of its own, a CPU stream on a pool, a training
# run, and one submitted on the last day for every GPU (it never starts: no site).
JOBS = {
    "gwsim_scenario": 1, "name": "frames_jobs", "start": "2025-01-01", "end": "2025-01-31", "seed": 0,
    "failures": {"enabled": False}, "sites": [site("s0", 1.0), site("s1", 1.0)],
    "orders": [{"sku": "H100_HGX", "site": s, "deliveries": [{"date": "2025-01-01", "racks": 4}]}
               for s in ("s0", "s1")],
    "workloads": {
        "policy": "fifo",
        "streams": [{"name": "research", "tenant": "team-a", "start": "2025-01-05", "end": "2025-01-31",
                     "arrivals_per_hour": 3, "gpus": {"dist": "lognormal", "median": 8, "sigma": 1.0},
                     "max_gpus": 64, "duration_hours": {"dist": "lognormal", "median": 2, "sigma": 1.0}},
                    {"name": "agents", "start": "2025-01-05", "end": "2025-01-31", "arrivals_per_hour": 1,
                     "vcpus": {"dist": "lognormal", "median": 64, "sigma": 1.0}, "max_vcpus": 512,
                     "duration_hours": {"dist": "lognormal", "median": 2, "sigma": 1.0}}],
        "training": [{"name": "big", "submit": "2025-01-10", "gpus": 128, "wall_hours": 48,
                      "checkpoint_hours": 1, "restart_hours": 0.1},
                     {"name": "late", "submit": "2025-01-31", "gpus": 256, "wall_hours": 48,
                      "checkpoint_hours": 1, "restart_hours": 0.1}],
        "cpu_pool": {"name": "pool", "vcpus": [{"date": "2025-01-01", "vcpus": 1024}]}}}


@pytest.fixture(scope="module")
def power_bound():
    return gwsim.run(gwsim.load(POWER_BOUND), seed=3)


@pytest.fixture(scope="module")
def jobs_run():
    return gwsim.run(gwsim.load(JOBS))


def cli_run(build_dir, doc: dict, out, *args) -> None:
    out.mkdir(parents=True)
    path = out.parent / f"{doc['name']}.json"
    path.write_text(json.dumps(doc))
    subprocess.run([str(build_dir / "gwsim"), "run", str(path), "--out", str(out), "--quiet", *args], check=True)


def strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


# 1. Timestamps, not strings, in the summary

def test_summary_dates_are_timestamps_and_nat_when_not_reached(power_bound):
    s, raw = power_bound.summary, power_bound.summary_json
    kd = s["key_dates"]
    assert isinstance(kd["in_service_50pct"], pd.Timestamp)
    assert kd["in_service_50pct"] == pd.Timestamp(raw["key_dates"]["in_service_50pct"])
    assert kd["in_service_90pct"] is pd.NaT and kd["in_service_100pct"] is pd.NaT
    assert raw["key_dates"]["in_service_90pct"] is None  # summary.json as written
    # the reason stays, and it is power: 2 racks fit in 0.1 MW
    assert set(s["why_not_reached"]) == {"in_service_90pct", "in_service_100pct"}
    assert "wait for power" in s["why_not_reached"]["in_service_90pct"]
    assert s["racks_in_service_at_end"] == 2
    assert (s["start"], s["end"]) == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-31"))
    one, every = s["milestones"]
    assert one["deadline"] == pd.Timestamp("2025-02-01")
    assert one["reached"] <= kd["in_service_50pct"] and one["met_deadline"] is True
    assert every["reached"] is pd.NaT and every["deadline"] is pd.NaT and "power" in every["explanation"]
    # the raw JSON is untouched by the conversion
    assert raw == json.loads(power_bound._core.summary_json())
    # NaT is one object, so summaries with dates not reached still compare equal
    assert s == gwsim.run(gwsim.load(POWER_BOUND), seed=3).summary


def test_no_date_is_left_as_text(power_bound, jobs_run):
    """Every date summary.json holds (this one has key dates, milestones and a training run's end) is
    converted: none is left as ISO text."""
    for r in (power_bound, jobs_run):
        assert [x for x in strings(r.summary) if ISO.fullmatch(x)] == []
        assert any(ISO.fullmatch(x) for x in strings(r.summary_json))
    assert isinstance(jobs_run.summary["jobs"]["training"][0]["end"], pd.Timestamp)


# 2. Integer dtypes for counts (and the values of timeseries.csv)

def test_counts_are_int64_and_the_frame_is_the_cli_csv(power_bound, build_dir, tmp_path):
    ts = power_bound.timeseries
    for name, dtype in ts.dtypes.items():
        assert dtype == (np.int64 if column(name).integer else np.float64), name
    assert ts[C.racks_in_service].iloc[-1] == 2 and ts[C.gpus_in_service].iloc[-1] == 64
    cli_run(build_dir, POWER_BOUND, tmp_path / "out", "--seed", "3")
    csv = pd.read_csv(tmp_path / "out" / "timeseries.csv", index_col="date", parse_dates=["date"])
    # (read_csv guesses int64 for a float column whose values are all whole: dtypes are checked above)
    pd.testing.assert_frame_equal(ts, csv, check_exact=True, check_dtype=False, check_index_type=False,
                                  check_freq=False)


# 3. Names, not codes, in the jobs table; the columns of jobs.csv

def test_jobs_have_names_as_categoricals_and_equal_jobs_csv(jobs_run, build_dir, tmp_path):
    jobs = jobs_run.jobs
    assert jobs["site"].cat.categories.tolist() == ["s0", "s1", "pool"]
    assert jobs["name"].cat.categories.tolist() == ["research", "agents", "big", "late"]
    assert jobs["tenant"].cat.categories.tolist() == ["team-a", "agents", "big", "late"]
    assert set(jobs.loc[jobs["name"] == "research", "tenant"]) == {"team-a"}
    assert set(jobs.loc[jobs["resource"] == "cpu", "site"]) == {"pool"}
    late = jobs[jobs["name"] == "late"].iloc[0]
    assert pd.isna(late["site"]) and pd.isna(late["first_start"])  # never started
    for name in ("job_id", "priority", "gpus", "interruptions"):
        assert jobs[name].dtype == np.int64, name

    cli_run(build_dir, JOBS, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "jobs.csv", keep_default_na=False, na_values={"site": [""]})
    assert list(jobs.columns) == list(csv.columns)
    for name in ("kind", "name", "tenant", "site", "resource"):
        assert jobs[name].astype(object).where(jobs[name].notna(), None).tolist() == \
            csv[name].astype(object).where(csv[name].notna(), None).tolist(), name
    for name in ("job_id", "priority", "gpus", "interruptions", "run_hours", "lost_gpu_hours", "useful_gpu_hours"):
        np.testing.assert_array_equal(jobs[name].to_numpy(), csv[name].to_numpy(), err_msg=name)
    assert (jobs["completed"] == csv["completed"].astype(bool)).all()


# 4. Writable by default, zero-copy on request

def test_frames_are_writable_copies_and_views_on_request(power_bound, tmp_path):
    raw = power_bound._core.timeseries_arrays()
    ts = power_bound.timeseries
    assert not np.shares_memory(ts[C.facility_power_mw].to_numpy(), raw[C.facility_power_mw])
    ts.loc[ts.index[0], C.facility_power_mw] = -1.0  # writable; the simulator's buffers are not touched
    assert raw[C.facility_power_mw][0] != -1.0
    assert power_bound.timeseries_view()[C.facility_power_mw].iloc[0] != -1.0

    view = power_bound.timeseries_view()
    for name in (C.gpus_in_service, C.facility_power_mw):
        assert np.shares_memory(view[name].to_numpy(), raw[name]), name
        assert view[name].dtype == np.float64
    with pytest.raises(ValueError):
        view[C.gpus_in_service].to_numpy()[0] = 1.0

    r = gwsim.run(gwsim.load(JOBS))  # its frames are edited here
    jobs, jraw = r.jobs, r._core.jobs_arrays()
    assert not np.shares_memory(jobs["gpus"].to_numpy(), jraw["gpus"])
    jobs.loc[0, "gpus"] = 0
    assert r.jobs_view()["gpus"].iloc[0] == jraw["gpus"][0] > 0
    assert np.shares_memory(r.jobs_view()["run_hours"].to_numpy(), jraw["run_hours"])
    # what to_parquet writes is the run's, not the edited frame
    assert gwsim.read_parquet(power_bound.to_parquet(tmp_path / "ts.parquet"))[C.facility_power_mw].iloc[0] != -1.0
    assert gwsim.read_parquet(r.to_parquet(tmp_path / "jobs.parquet", table="jobs"))["gpus"].iloc[0] > 0


# 5. to_parquet writes a file that says what it is of

def test_to_parquet_writes_a_file_with_its_metadata(tmp_path):
    s = gwsim.load(POWER_BOUND).override({"/sites/0/pue": 1.2})
    r = gwsim.run(s, seed=9)
    path = r.to_parquet(tmp_path / "frames.parquet")
    assert path.is_file()
    back = gwsim.read_parquet(path)
    pd.testing.assert_frame_equal(back, r.timeseries, check_exact=True, check_freq=False)
    meta = back.attrs["gwsim"]
    assert meta["fingerprint"] == s.fingerprint != gwsim.load(POWER_BOUND).fingerprint
    assert (meta["scenario"], meta["seed"], meta["table"]) == ("frames", 9, "timeseries")
    assert meta["overrides"] == {"/sites/0/pue": 1.2}
    assert meta["gwsim_version"] == gwsim.__version__
    assert meta["summary"] == r.summary_json
    # the documented pyarrow way, without gwsim
    assert json.loads(pq.read_schema(path).metadata[b"gwsim"])["seed"] == 9
    assert [p.name for p in tmp_path.iterdir()] == ["frames.parquet"]  # no temporary file left
    with pytest.raises(ValueError, match="no jobs"):
        r.to_parquet(tmp_path / "jobs.parquet", table="jobs")


def test_jobs_to_parquet(jobs_run, tmp_path):
    back = gwsim.read_parquet(jobs_run.to_parquet(tmp_path / "jobs.parquet", table="jobs"))
    pd.testing.assert_frame_equal(back, jobs_run.jobs, check_exact=True)
    assert back["site"].dtype == "category" and back.attrs["gwsim"]["table"] == "jobs"


# 6. HTML repr: a compact table

def test_html_repr_is_a_summary_table(power_bound):
    page = power_bound._repr_html_()
    rows = dict(re.findall(r"<tr><th[^>]*>(.*?)</th><td[^>]*>(.*?)</td></tr>", page))
    assert page.count("<tr>") == len(rows) < 30
    assert rows["Scenario"] == "frames (2025-01-01 .. 2025-03-31)"
    assert rows["Seed"] == "3"
    assert rows["50% of racks in service"] == power_bound.summary["key_dates"]["in_service_50pct"].strftime("%Y-%m-%d")
    why = power_bound.summary["why_not_reached"]["in_service_90pct"]
    assert rows["90% of racks in service"] == html.escape(f"not reached: {why}")
    assert rows["GPUs in service at the end"] == "64"  # two racks of 32 GPUs
    assert rows["Bottleneck"] == "power"
    assert rows["Milestone one rack"] == power_bound.summary["milestones"][0]["reached"].strftime("%Y-%m-%d")
    assert rows["Energy"] == f"{power_bound.summary['energy_mwh']:,.0f} MWh"
    assert list(rows)[2:5] == [f"{p}% of racks in service" for p in (50, 90, 100)]


# 7. The report from a Result equals the CLI's

@pytest.mark.parametrize("doc", [POWER_BOUND, JOBS], ids=["power_bound", "jobs"])
def test_report_from_a_result_is_the_cli_report(doc, build_dir, tmp_path):
    r = gwsim.run(gwsim.load(doc), seed=5)
    out = tmp_path / doc["name"]
    cli_run(build_dir, doc, out, "--seed", "5", "--report")
    cli = (out / "report.html").read_text(encoding="utf-8")
    mine = r.report(out=tmp_path / "mine.html", label=doc["name"])
    assert isinstance(mine, gwsim.Report)
    assert (tmp_path / "mine.html").read_text(encoding="utf-8") == mine
    # the same bytes but the footer's command line (a Result has none)
    command = re.search(r", <code>[^<]*</code>(?=\.</footer>)", cli)
    assert command is not None
    assert mine == cli[:command.start()] + cli[command.end():]
    assert f"Run <b>{doc['name']}</b>" in mine
    assert r.report().count(f"<b>{doc['name']}</b>") >= 1  # the default label: the scenario's name
