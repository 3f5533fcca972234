"""benches/validation/aws_contract.py: the OpenAI-AWS contract's implied price per GPU-hour by closed form."""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load():
    spec = importlib.util.spec_from_file_location("aws_contract", ROOT / "benches" / "validation" / "aws_contract.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_flat_price_is_total_over_gpu_hours():
    # $38B / (400,000 GPUs x 7 years x 8,766 h) = $1.548 per GPU-hour
    m = load()
    assert abs(m.implied_usd_per_gpu_hour(400_000) - 38e9 / (400_000 * 7 * 8766)) < 1e-12
    assert round(m.implied_usd_per_gpu_hour(400_000), 3) == 1.548


def test_ramp_loses_half_of_its_months():
    # linear from 0 to all over 14 months: 7 - 7/12 years of all GPUs
    m = load()
    assert abs(m.implied_usd_per_gpu_hour(400_000, ramp=True) - 38e9 / (400_000 * (7 - 7 / 12) * 8766)) < 1e-12


def test_sensitivity_falls_with_gpus_and_stays_below_cloud_rates():
    m = load()
    prices = [flat for _, flat, _ in m.rows()]
    assert prices == sorted(prices, reverse=True)
    assert all(ramp > flat for _, flat, ramp in m.rows())
    assert max(ramp for _, _, ramp in m.rows()) < min(usd for _, usd in m.CLOUD_PRICES)
