"""Meta's E[ETTR] closed form in benches/validation/ettr.py (docs/validation.md, case f): the paper's own
figures for a 16k-GPU job at RSC-1 rates, and its identity with the first-order renewal form."""
import math
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benches" / "validation"))
import ettr  # noqa: E402


def test_reproduces_the_papers_16k_gpu_figures():
    """Kokolis et al.: ~0.70 with 60-minute checkpoints and ~0.93 with 5-minute ones (facts.md), u0 = 5 min."""
    assert ettr.meta_ettr(16384, 6.50, 5 / 60, 1.0) == pytest.approx(0.70, abs=0.03)
    assert ettr.meta_ettr(16384, 6.50, 5 / 60, 5 / 60) == pytest.approx(0.93, abs=0.01)


def test_by_hand():
    """8,000 GPUs = 1,000 nodes at 2.4 failures per 1,000 node-days: 0.1 failures per hour; u0 = 0.5 h,
    dt_cp = 1 h: 1 - 0.1 x (0.5 + 0.5) = 0.9; a 0.25 h blocking write divides by 1.25: 0.72."""
    assert ettr.meta_ettr(8000, 2.4, 0.5, 1.0) == pytest.approx(0.9)
    assert ettr.meta_ettr(8000, 2.4, 0.5, 1.0, w_cp_h=0.25) == pytest.approx(0.72)


@pytest.mark.parametrize("gpus", [1024, 16384, 100000])
@pytest.mark.parametrize("rate", [6.50, 2.34])
def test_is_the_first_order_renewal_form_with_free_writes(gpus, rate):
    m = ettr.mttf_hours(gpus, rate)
    for tau in (5 / 60, 1.0):
        assert math.isclose(ettr.meta_ettr(gpus, rate, 5 / 60, tau), ettr.first_order_ettr(m, tau, 5 / 60),
                            rel_tol=1e-12, abs_tol=1e-12)


def test_floored_at_zero():
    assert ettr.meta_ettr(100000, 6.50, 5 / 60, 1.0) == 0.0
