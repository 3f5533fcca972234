"""jobs.csv and Result.jobs: `gpus` is a job's working size (a training run's `gpus` key) and
`standby_gpus` the standby GPUs a run with standby_nodes holds besides them (docs/jobs.md, Outputs)."""
from __future__ import annotations

import json
import subprocess

import numpy as np
import pandas as pd

import gwsim

SITE = {"name": "s0", "provider": "P", "pue": 1.0, "max_rack_power_kw": 45.0,
        "buildings": [{"rack_slots": 8, "ready": "2025-01-01"}],
        "power_stages": [{"date": "2025-01-01", "power_mw": 1.0}],
        "install": {"crews": 2, "racks_per_crew_per_week": 7.0, "burn_in_hours": 0.0, "burn_in_fail_prob": 0.0},
        "repair": {"technicians": 1, "spare_nodes": 0, "spare_restock_days": 1.0}}

# Eight H100 racks (4 nodes of 8 GPUs each): a run of 64 GPUs with 2 standby nodes holds 80 GPUs;
# a run without standbys and a stream hold what they ask for.
DOC = {
    "gwsim_scenario": 1, "name": "standby_column", "start": "2025-01-01", "end": "2025-01-20", "seed": 0,
    "failures": {"enabled": False}, "sites": [SITE],
    "orders": [{"sku": "H100_HGX", "site": "s0", "deliveries": [{"date": "2025-01-01", "racks": 8}]}],
    "workloads": {
        "policy": "fifo",
        "streams": [{"name": "small", "start": "2025-01-05", "end": "2025-01-06", "arrivals_per_hour": 1,
                     "gpus": {"dist": "fixed", "value": 4}, "duration_hours": {"dist": "fixed", "value": 1}}],
        "training": [{"name": "with_standby", "submit": "2025-01-02", "gpus": 64, "wall_hours": 24,
                      "checkpoint_hours": 1, "restart_hours": 0.1, "standby_nodes": 2, "swap_minutes": 5},
                     {"name": "plain", "submit": "2025-01-08", "gpus": 32, "wall_hours": 24,
                      "checkpoint_hours": 1, "restart_hours": 0.1}]}}


def test_gpus_is_the_working_size_and_standby_gpus_its_own_column(build_dir, tmp_path):
    r = gwsim.run(gwsim.load(DOC))
    jobs = r.jobs.set_index("name")
    assert (jobs.loc["with_standby", "gpus"], jobs.loc["with_standby", "standby_gpus"]) == (64, 8 * 2)
    assert (jobs.loc["plain", "gpus"], jobs.loc["plain", "standby_gpus"]) == (32, 0)
    small = r.jobs[r.jobs["name"] == "small"]
    assert len(small) > 0 and (small["gpus"] == 4).all() and (small["standby_gpus"] == 0).all()
    assert r.jobs["standby_gpus"].dtype == np.int64
    # the run held its standbys: busy GPU-hours count 80 GPUs over its 24 h
    assert r.summary["jobs"]["busy_gpu_hours"] >= 80 * 24
    view = r.jobs_view()
    np.testing.assert_array_equal(view["gpus"].to_numpy(), r.jobs["gpus"].to_numpy())
    np.testing.assert_array_equal(view["standby_gpus"].to_numpy(), r.jobs["standby_gpus"].to_numpy())

    out = tmp_path / "out"
    path = tmp_path / "standby_column.json"
    path.write_text(json.dumps(DOC))
    subprocess.run([str(build_dir / "gwsim"), "run", str(path), "--out", str(out), "--quiet"], check=True)
    csv = pd.read_csv(out / "jobs.csv")
    assert list(csv.columns) == list(r.jobs.columns)
    assert list(csv.columns)[-1] == "standby_gpus"
    for name in ("gpus", "standby_gpus"):
        np.testing.assert_array_equal(csv[name].to_numpy(), r.jobs[name].to_numpy(), err_msg=name)
