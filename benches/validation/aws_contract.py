"""The implied price per GPU-hour of the OpenAI-AWS contract, by closed form (docs/money.md, "Contracts").

facts.md (line 27): $38B over 7 years for "hundreds of thousands" of GB200/GB300 GPUs on EC2 UltraServers,
all capacity before the end of 2026 (announced Nov 2025). The GPU count is not public: 400,000 GPUs is
**assumed**, with a sensitivity over 200,000-600,000. Two delivery profiles:

- flat: every GPU available for the whole 7-year term (the lowest price per GPU-hour);
- ramp: GPUs rising linearly from 0 at the start (Nov 2025) to all by the end of 2026 (14 months,
  **assumed** linear), then flat: the term loses half of the ramp's 14 months of GPU-hours.

implied = total_usd / (GPUs x GPU-years x 8,766 h), beside the cloud rates of facts.md (lines 89-90):
$4.92 (H100, AWS EC2 Capacity Blocks, early 2025) and ~$10.50 (GB200 NVL72, CoreWeave list, weak). The
contract is a commitment (take-or-pay in gwsim's terms), so its price per GPU-hour is a floor on what
OpenAI pays per GPU-hour delivered; lateness raises it (docs/money.md, "Contracts").

Standard library only; imported by make_validation.py, or run alone: `python benches/validation/aws_contract.py`.
"""
from __future__ import annotations

TOTAL_USD = 38e9
TERM_YEARS = 7.0
HOURS_PER_YEAR = 8766.0  # a Julian year, as gwsim's contract terms (core/units.hpp)
RAMP_MONTHS = 14.0  # Nov 2025 to the end of 2026 (assumed linear)
ASSUMED_GPUS = 400_000
SENSITIVITY_GPUS = (200_000, 300_000, 400_000, 500_000, 600_000)
CLOUD_PRICES = (("AWS EC2 Capacity Block, H100 (early 2025)", 4.92), ("CoreWeave GB200 NVL72 list (2026, weak)", 10.50))


def gpu_years(gpus: float, ramp: bool) -> float:
    """GPU-years over the term: all GPUs for the whole term, less half the ramp when ramping."""
    years = TERM_YEARS - (RAMP_MONTHS / 12.0 / 2.0 if ramp else 0.0)
    return gpus * years


def implied_usd_per_gpu_hour(gpus: float, ramp: bool = False, total_usd: float = TOTAL_USD) -> float:
    return total_usd / (gpu_years(gpus, ramp) * HOURS_PER_YEAR)


def rows() -> list[tuple[int, float, float]]:
    """(GPUs, implied flat, implied with the ramp) for each GPU count of the sensitivity."""
    return [(g, implied_usd_per_gpu_hour(g), implied_usd_per_gpu_hour(g, ramp=True)) for g in SENSITIVITY_GPUS]


def section() -> str:
    """A markdown table of the sensitivity and the cloud rates."""
    out = ["| GPUs | implied USD/GPU-hour, flat | with the 2026 ramp |", "|---:|---:|---:|"]
    for g, flat, ramp in rows():
        mark = " (assumed)" if g == ASSUMED_GPUS else ""
        out.append(f"| {g:,}{mark} | {flat:.2f} | {ramp:.2f} |")
    out.append("")
    for name, usd in CLOUD_PRICES:
        ratio = usd / implied_usd_per_gpu_hour(ASSUMED_GPUS, ramp=True)
        out.append(f"- {name}: ${usd:.2f} per GPU-hour, {ratio:.1f}x the implied price at {ASSUMED_GPUS:,} GPUs")
    return "\n".join(out)


if __name__ == "__main__":
    print(section())
