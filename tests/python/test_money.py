"""Result.money and Result.cash_flow (docs/python.md; docs/money.md, "Outputs"), against the files of
`gwsim run --out` for the same scenario and seed, and the Epoch AI validation scenario's closed forms
(benches/validation/epoch_1gw.py; docs/validation.md, case i)."""
import json
import math
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import gwsim
from gwsim import _money

ROOT = pathlib.Path(__file__).resolve().parents[2]
VALID_MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"
EPOCH = ROOT / "scenarios" / "epoch_1gw.json"


@pytest.fixture(scope="module")
def epoch_run(build_dir, tmp_path_factory):
    """scenarios/epoch_1gw.json run by the CLI (its directory) and by Python, seed 1."""
    out = tmp_path_factory.mktemp("epoch")
    subprocess.run([str(build_dir / "gwsim"), "run", str(EPOCH), "--out", str(out), "--quiet", "--seed", "1"],
                   check=True)
    return out, gwsim.run(gwsim.load(EPOCH), seed=1)


def test_no_money_model_no_section_and_no_cash_flow():
    r = gwsim.run(gwsim.load(json.loads(VALID_MINIMAL.read_text())), seed=3)
    assert r.money is None
    assert r.cash_flow is None
    assert "money" not in r.summary_json


def test_money_is_the_cli_summary_s(epoch_run):
    out, r = epoch_run
    cli = json.loads((out / "summary.json").read_text())["money"]
    assert dict(r.money) == cli
    assert r.money.npv_usd == cli["npv_usd"]
    assert r.money.cost_per_gpu_hour_usd == cli["cost_per_gpu_hour_usd"] > 0
    assert r.money.spend["facility"] == cli["spend_usd"]["facility"]
    # read-only: editing what it gives does not change the run's figures
    r.money["spend_usd"]["racks"] = 0.0
    assert r.money["spend_usd"]["racks"] == cli["spend_usd"]["racks"]


def test_cash_flow_is_the_cli_file_indexed_by_month(epoch_run):
    out, r = epoch_run
    cf = r.cash_flow
    pd.testing.assert_frame_equal(cf, _money.read_cash_flow(out))
    assert isinstance(cf.index, pd.PeriodIndex) and cf.index.freqstr == "M" and cf.index.name == "month"
    assert str(cf.index[0]) == "2025-01" and str(cf.index[-1]) == "2028-06"
    assert list(cf.columns) == [f"{c}_usd" for c in _money.CATEGORIES] + ["total_usd", "cumulative_usd",
                                                                          "discounted_usd"]
    assert (cf.dtypes == np.float64).all()


def test_cash_flow_adds_up(epoch_run):
    """Each month's total is its categories summed (in their order), the cumulative column is the running
    sum of totals, and the months sum to summary.json's total spend per category."""
    _, r = epoch_run
    cf = r.cash_flow
    cats = [f"{c}_usd" for c in _money.CATEGORIES]
    for _, row in cf.iterrows():
        total = 0.0
        for c in cats:
            total += row[c]
        assert row["total_usd"] == total
    assert cf["cumulative_usd"].to_numpy() == pytest.approx(np.cumsum(cf["total_usd"].to_numpy()), rel=1e-12)
    for c in _money.CATEGORIES:
        assert math.fsum(cf[f"{c}_usd"]) == pytest.approx(r.money["spend_usd"][c], rel=1e-12, abs=1e-6)


def test_epoch_scenario_capex_is_its_closed_form(epoch_run):
    """7,575 GB200 NVL72 racks at the catalog's $3.0M, 545,400 GPUs at $8,983.33 of network, 1,000 MW of
    IT (1,200 MW of facility power at PUE 1.2) at $11.4M of facility and $0.34M of land per MW."""
    _, r = epoch_run
    spend = r.money["spend_usd"]
    assert spend["racks"] == pytest.approx(7575 * 3.0e6, rel=1e-12)
    assert spend["network"] == pytest.approx(7575 * 72 * 8983.33, rel=1e-12)
    assert spend["facility"] == pytest.approx(1000 * 11.4e6, rel=1e-12)
    assert spend["land"] == pytest.approx(1000 * 0.34e6, rel=1e-12)
    assert spend["contracts"] == 0 and r.money["leased_gpus"] == 0 and r.money["owned_gpus"] == 545_400


def money_section(html: str) -> str:
    start = html.index("<h2>Money</h2>")
    return html[start:html.index("<h2>", start + 1)]


def test_report_has_the_money_section_with_marks(epoch_run):
    out, r = epoch_run
    html = r.report(label=out.name)
    for chart in ("money-capex", "money-cash-flow", "money-spend", "money-per-gpu-hour"):
        start = html.index(f'id="{chart}"')
        assert 'class="mark' in html[start:html.index("</figure>", start)], chart
    # the report of the run in memory has the same money section as the CLI's run directory
    assert money_section(html) == money_section(gwsim.report(out))
    plain = gwsim.run(gwsim.load(json.loads(VALID_MINIMAL.read_text())), seed=3).report()
    assert "<h2>Money</h2>" not in plain
