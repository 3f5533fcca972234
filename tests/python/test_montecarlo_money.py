"""Money under Monte Carlo in Python (docs/money.md, "Monte Carlo"; docs/python.md): MonteCarloResult.money
and the money columns of .replications are the CLI's summary.json monte_carlo.money and replications.csv,
on C++ threads and through an executor (whose replications travel encoded as checkpoints)."""
import concurrent.futures
import json
import pathlib
import subprocess

import pandas as pd
import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
EVERY_FEATURE = ROOT / "tests" / "scenarios" / "every_feature.json"
VALID_MINIMAL = ROOT / "tests" / "scenarios" / "valid_minimal.json"
MONEY = ["npv_usd", "spend_usd", "cost_per_gpu_hour_usd", "cost_per_h100e_hour_usd", "contract_exposure_usd"]
N = 6


@pytest.fixture(scope="module")
def cli_run(build_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("mc_money")
    subprocess.run([str(build_dir / "gwsim"), "run", str(EVERY_FEATURE), "--out", str(out), "--replications", str(N),
                    "--threads", "2", "--quiet"], check=True)
    return out


@pytest.fixture(scope="module")
def mc():
    return gwsim.monte_carlo(gwsim.load(EVERY_FEATURE), N, progress=False, threads=2)


def test_money_is_the_cli_summary_s(cli_run, mc):
    cli = json.loads((cli_run / "summary.json").read_text())["monte_carlo"]["money"]
    assert list(mc.money.index) == MONEY
    assert sorted(cli) == sorted(MONEY)  # a JSON object: its keys sorted
    assert list(mc.money.columns) == ["p10", "p50", "p90"]
    for name, row in mc.money.iterrows():
        assert dict(row) == cli[name], name
    assert mc.money.loc["npv_usd", "p10"] <= mc.money.loc["npv_usd", "p50"] <= mc.money.loc["npv_usd", "p90"] < 0


def test_replications_hold_the_cli_money_columns(cli_run, mc):
    csv = pd.read_csv(cli_run / "replications.csv")  # pandas 3: round-trip floats
    for name in MONEY:
        assert list(mc.replications[name]) == list(csv[name]), name
    assert mc.replications["contract_exposure_usd"].nunique() > 1  # late deliveries differ by replication


def test_an_executor_gives_the_same_money(mc):
    """Through an executor each replication is encoded as a checkpoint file is, and decoded here: the
    money figures survive it."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        other = gwsim.monte_carlo(gwsim.load(EVERY_FEATURE), N, progress=False, executor=pool)
    pd.testing.assert_frame_equal(other.money, mc.money)
    pd.testing.assert_frame_equal(other.replications[MONEY], mc.replications[MONEY])


def test_without_the_money_model_no_money():
    mc = gwsim.monte_carlo(gwsim.load(json.loads(VALID_MINIMAL.read_text())), 2, progress=False, threads=1)
    assert mc.money is None
    assert not set(MONEY) & set(mc.replications.columns)


def test_a_sweep_row_has_the_run_s_money():
    s = gwsim.load(EVERY_FEATURE)
    df = gwsim.sweep(s, {"/costs/discount_rate": [0.05, 0.1]}, seed=3, progress=False)
    r = gwsim.run(s.override({"/costs/discount_rate": 0.1}), seed=3)
    assert df.loc[1, "npv_usd"] == r.money.npv_usd
    assert df.loc[0, "npv_usd"] < df.loc[1, "npv_usd"] < 0  # a cost discounted more is smaller
