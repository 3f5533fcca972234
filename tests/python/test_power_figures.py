"""Result.power: summary.json's "power" section flattened (docs/power.md, "Outputs")."""
import json
import pathlib

import numpy as np
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
VALID_MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"


def test_no_power_supply_feature_no_section():
    r = gwsim.run(gwsim.load(json.loads(VALID_MINIMAL.read_text())), seed=3)
    assert r.power is None
    assert "power" not in r.summary_json


def test_power_figures_are_summary_json_s():
    doc = json.loads(VALID_MINIMAL.read_text())
    doc["sites"][0]["prices"] = {"capacity_usd_per_mw_day": [{"from": "2026-06-01", "value": 300}],
                                 "grid_tco2_per_mwh": [{"from": "2026-01-01", "value": 0.4}]}
    doc["catalog"]["TEST_RACK"]["embodied_tco2_per_rack"] = 2.0
    r = gwsim.run(gwsim.load(doc), seed=3)
    p = r.power
    section = r.summary_json["power"]
    assert p.dtype == np.float64
    assert p["prices.grid_tco2"] == section["prices"]["grid_tco2"] > 0
    assert p["stranded_gpu_days.no_power"] == section["stranded_gpu_days"]["no_power"]
    assert p["energized_mw_at_end_by_site.site-a"] == section["energized_mw_at_end_by_site"]["site-a"]
    # 20 TEST_RACKs delivered (the explicit order) and the H100 racks of the schedule carry none
    assert p["prices.embodied_tco2"] == 2.0 * 20
    # grid emissions: every MWh at 0.4 t, the intensity in force from the start
    assert p["prices.grid_tco2"] == pytest.approx(0.4 * r.summary_json["energy_mwh"], rel=1e-9)
    ts = r.timeseries
    assert ts["embodied_tco2"].iloc[-1] == p["prices.embodied_tco2"]
    assert ts["capacity_cost_usd"].iloc[-1] == p["prices.capacity_cost_usd"] > 0
