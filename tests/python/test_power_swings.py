"""The power-swing figures from Python: summary.json's jobs.power_swings, reachable from the run result
(docs/power.md, "Power swings of training runs"; docs/outputs.md, "Power swings")."""
import json
import pathlib

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
VALID_MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"


def _doc(swings):
    doc = json.loads(VALID_MINIMAL.read_text())
    doc["failures"] = {"enabled": False}
    # 80 GPUs of TEST_RACK (20 kW / 8 GPUs): 80 x 2.5 kW = 0.2 MW at its start and at its end
    doc["workloads"] = {"policy": "fifo", "training": [
        {"name": "T", "submit": "2026-03-01", "gpus": 80, "wall_hours": 100, "checkpoint_hours": 1,
         "restart_hours": 0.1}]}
    if swings is not None:
        doc["power_swings"] = swings
    return doc


def test_no_power_swings_no_figures():
    r = gwsim.run(gwsim.load(_doc(None)), seed=3)
    assert "power_swings" not in r.summary_json["jobs"]


def test_power_swings_figures_from_the_result():
    r = gwsim.run(gwsim.load(_doc({"threshold_mw": 0.2, "ramp_limit_mw_per_min": 0.1})), seed=3)
    ps = r.summary_json["jobs"]["power_swings"]
    assert ps["threshold_mw"] == 0.2 and ps["idle_share"] == 0.3
    [site] = ps["sites"]
    assert site["site"] == "site-a"
    assert site["steps"] == 2  # its start and its end
    assert site["largest_step_mw"] == 0.2 == site["largest_step_smoothed_mw"]
    assert site["steepest_ramp_mw_per_min"] == 0.2
    assert site["steps_above_threshold"] == 2  # >= 0.2
    assert site["ramp_limit_exceeded_windows"] == 2  # 0.2 MW/min > 0.1
    assert ps["fleet"] == {**site, "site": "fleet"}  # one site: the fleet's figures are its
