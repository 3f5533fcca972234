"""The fleet-reliability figures in Python: Result.reliability (summary.json's "reliability") and the
report's key figures (docs/model.md, "Lemons", "Two-stage repair")."""
import json
import pathlib

import numpy as np

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
VALID_MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"
NAMES = ["lemon_racks", "failures_from_lemons", "racks_cordoned", "racks_retired", "repairs_automated",
         "repairs_manual", "repairs_not_fixed", "replayed", "replay_skipped"]


def test_no_reliability_feature_no_figures():
    r = gwsim.run(gwsim.load(json.loads(VALID_MINIMAL.read_text())), seed=3)
    assert r.reliability is None
    assert "reliability" not in r.summary_json
    assert "Lemon racks" not in r._repr_html_()


def test_reliability_figures_are_summary_json_s():
    doc = json.loads(VALID_MINIMAL.read_text())
    doc["catalog"]["TEST_RACK"]["lemons"] = {"fraction": 0.5}
    doc["sites"][0]["repair_stages"] = {}
    r = gwsim.run(gwsim.load(doc), seed=3)
    rel = r.reliability
    assert list(rel.index) == sorted(NAMES) == sorted(r.summary_json["reliability"])
    assert rel.dtype == np.int64
    assert rel.to_dict() == r.summary_json["reliability"]
    # 20 TEST_RACK racks, half of them lemons on average; two-stage repair: every repair starts automated
    assert 0 < rel["lemon_racks"] <= 20
    assert rel["repairs_automated"] > 0
    assert rel["racks_retired"] == 0 and rel["replayed"] == 0  # no policy, no replay
    html = r._repr_html_()
    assert "Lemon racks" in html and "Repairs automated" in html
    assert "Racks retired" not in html  # a 0 is not shown
