"""Case i of docs/validation.md: the money model beside Epoch AI's 1 GW cost breakdown, and the implied
price per GPU-hour of the OpenAI-AWS contract.

Runs `gwsim run scenarios/epoch_1gw.json` (1 GW of GB200 NVL72 IT at one owned site, every cost at gwsim's
shipped default; docs/money.md) and reads its summary.json `money` section and cash_flow.csv:

- upfront capex by category (servers = racks, facility, network, land and utility) from
  money.spend_usd over the whole run (everything is bought once);
- opex and energy per year from cash_flow.csv's months of one steady year (STEADY_YEAR, all racks in
  service all year);
- annualized capex: money.annualized_cost_usd_per_year less the steady year's opex when the summary gives
  no separate figure (docs/money.md, "Depreciation, cost of capital, annualized cost");
- TCO per year = annualized capex + opex per year.

Reference (facts.md lines 87 and 175; Epoch AI "ai-datacenter-cost-breakdown", May 2026): $37.9B upfront =
servers 21.2 + facility 11.4 + network 4.9 + land and utility 0.34; TCO ~$8.5B a year = 7.6 capex
annualized + 0.9 opex, of which energy ~0.59. Criterion ("within a few percent", issue 17): the upfront
total and the TCO per year each within TOLERANCE of Epoch's; the other rows are shown with their relative
error, not criteria.

Then runs `gwsim run scenarios/openai_aws_2026.json` and shows each contract's implied USD per GPU-hour
(money.contracts, docs/money.md "Contracts") beside the closed form $38B / (GPUs x 7 years x 8,766 h) and
the cloud prices of facts.md (a comparison, no criterion).

Standard library only; imported by make_validation.py (`--cases epoch`), or run alone:
`python benches/validation/epoch_1gw.py --build build/release` (prints the section).
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "epoch_1gw.json"
AWS_SCENARIO = ROOT / "scenarios" / "openai_aws_2026.json"
STEADY_YEAR = "2027"
TOLERANCE = 0.05
HOURS_PER_YEAR = 8766.0
# Epoch AI's 1 GW breakdown, USD (facts.md lines 87 and 175)
EPOCH = {"servers": 21.2e9, "facility": 11.4e9, "network": 4.9e9, "land and utility": 0.34e9,
         "upfront total": 37.9e9, "capex annualized (per year)": 7.6e9, "opex (per year)": 0.9e9,
         "energy (per year)": 0.59e9, "TCO (per year)": 8.5e9}
OPEX_CATEGORIES = ("energy", "capacity_charges", "fuel", "staff", "maintenance")
# AWS contract: $38B over 7 years (seeds 000-004; facts.md); cloud prices (facts.md, "Prices")
AWS_TOTAL_USD = 38e9
AWS_YEARS = 7
CLOUD_PRICES = (("AWS EC2 Capacity Block, H100 (early 2025)", 4.92), ("AWS EC2 Capacity Block, H200", 5.41),
                ("CoreWeave GB200 NVL72 list (2026, weak)", 10.50))


@dataclasses.dataclass
class EpochResult:
    model: dict[str, float]          # the rows of EPOCH, gwsim's figure
    racks: int
    gpus: int
    it_mw: float
    aws_contracts: list[dict]        # money.contracts of openai_aws_2026
    aws_gpus: int
    aws_per_gpu_hour: float = math.nan  # money.cost_per_gpu_hour_usd of openai_aws_2026
    error: str | None = None

    def rel(self, key: str) -> float:
        return self.model[key] / EPOCH[key] - 1.0

    @property
    def upfront_pass(self) -> bool:
        return self.error is None and abs(self.rel("upfront total")) <= TOLERANCE

    @property
    def tco_pass(self) -> bool:
        return self.error is None and abs(self.rel("TCO (per year)")) <= TOLERANCE

SPEND = "spend_usd"  # check_columns: not the column (summary.json money.spend_usd, by category)
GPUS_ORDERED = "gpus_ordered"  # check_columns: not the column (summary.json, a figure)


def run(gwsim: pathlib.Path, scenario: pathlib.Path, out: pathlib.Path) -> tuple[dict, list[dict]]:
    proc = subprocess.run([str(gwsim), "run", str(scenario), "--out", str(out), "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"gwsim run {scenario.name} failed: {proc.stderr.strip()[:500]}")
    summary = json.loads((out / "summary.json").read_text())
    flow_file = out / "cash_flow.csv"
    flow = list(csv.DictReader(flow_file.open())) if flow_file.exists() else []
    return summary, flow


def year_sum(flow: list[dict], year: str, category: str) -> float:
    rows = [r for r in flow if r["month"].startswith(year + "-")]
    if len(rows) != 12:
        raise RuntimeError(f"cash_flow.csv has {len(rows)} months of {year}, not 12")
    return math.fsum(float(r[f"{category}_usd"]) for r in rows if r.get(f"{category}_usd"))


def epoch_figures(summary: dict, flow: list[dict]) -> dict[str, float]:
    m = summary["money"]
    spend = m[SPEND]
    opex = math.fsum(year_sum(flow, STEADY_YEAR, c) for c in OPEX_CATEGORIES)
    if "annualized_capex_usd_per_year" in m:
        annual_capex = float(m["annualized_capex_usd_per_year"])
    else:
        annual_capex = float(m["annualized_cost_usd_per_year"]) - opex
    fig = {"servers": float(spend["racks"]), "facility": float(spend["facility"]), "network": float(spend["network"]),
           "land and utility": float(spend["land"])}
    fig["upfront total"] = math.fsum(fig.values())
    fig["capex annualized (per year)"] = annual_capex
    fig["opex (per year)"] = opex
    fig["energy (per year)"] = year_sum(flow, STEADY_YEAR, "energy")
    fig["TCO (per year)"] = annual_capex + opex
    return fig


def run_epoch(gwsim: pathlib.Path) -> EpochResult:
    sc = json.loads(SCENARIO.read_text())
    racks = sum(d["racks"] for o in sc["orders"] for d in o["deliveries"])
    with tempfile.TemporaryDirectory(prefix="gwsim-epoch-") as tmp:
        try:
            summary, flow = run(gwsim, SCENARIO, pathlib.Path(tmp) / "epoch")
            model = epoch_figures(summary, flow)
            aws, _ = run(gwsim, AWS_SCENARIO, pathlib.Path(tmp) / "aws")
        except (RuntimeError, KeyError, ValueError) as e:
            return EpochResult({k: math.nan for k in EPOCH}, racks, racks * 72, racks * 0.132, [], 0, str(e))
    contracts = aws.get("money", {}).get("contracts", [])
    return EpochResult(model, racks, int(summary[GPUS_ORDERED]), racks * 0.132, contracts,
                       int(aws[GPUS_ORDERED]), float(aws.get("money", {}).get("cost_per_gpu_hour_usd", math.nan)))


def usd(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"${x / 1e9:,.2f}B"


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def summary_rows(res: EpochResult) -> list[str]:
    return [f"| Epoch AI 1 GW: upfront capex | within {TOLERANCE:.0%} of $37.9B | {verdict(res.upfront_pass)} |",
            f"| Epoch AI 1 GW: TCO per year | within {TOLERANCE:.0%} of $8.5B | {verdict(res.tco_pass)} |",
            "| AWS contract: implied USD per GPU-hour | none (a comparison) | see below |"]


def md_section(res: EpochResult) -> list[str]:
    L = ["## i. Money: Epoch AI's 1 GW breakdown and the AWS contract", ""]
    L.append(
        f"`scenarios/epoch_1gw.json`: {res.racks:,} GB200 NVL72 racks ({res.gpus:,} GPUs, {res.it_mw:,.1f} MW of "
        "IT at 132 kW a rack) at one owned site, every cost at gwsim's shipped default "
        "([money.md](money.md)); energy at $51/MWh and PUE 1.2 (assumed). gwsim runs it; upfront capex is "
        "summary.json's `money.spend_usd` by category, opex and energy are the sums of cash_flow.csv over "
        f"{STEADY_YEAR} (every rack in service all year), the annualized capex is gwsim's "
        "(money.md, \"Depreciation, cost of capital, annualized cost\"). Reference: Epoch AI, "
        "\"ai-datacenter-cost-breakdown\" (facts.md lines 87 and 175). Script: benches/validation/epoch_1gw.py.")
    L.append("")
    if res.error:
        L.append(f"ERROR: {res.error}")
        L.append("")
        return L
    L.append("| figure | gwsim | Epoch AI | relative error |")
    L.append("|---|---|---|---|")
    for key, ref in EPOCH.items():
        L.append(f"| {key} | {usd(res.model[key])} | {usd(ref)} | {100 * res.rel(key):+.1f}% |")
    L.append("")
    per_rack = EPOCH["servers"] / res.racks
    L.append(
        f"Criterion: upfront total and TCO per year within {TOLERANCE:.0%} of Epoch's: upfront "
        f"{verdict(res.upfront_pass)}, TCO {verdict(res.tco_pass)}. Servers: gwsim prices a GB200 NVL72 rack at "
        "the catalog's $3.0M (HSBC via press, weak; facts.md), so 1 GW of 132 kW racks costs "
        f"{usd(res.model['servers'])}; Epoch's $21.2B for the same IT power is ${per_rack / 1e6:.2f}M a rack at "
        "132 kW, or $3.0M a rack if its 1 GW counts about 7,070 racks (~141 kW of IT each, networking and "
        "storage power inside the 1 GW). Epoch's page does not give its rack count, so the catalog price is "
        "kept (sourced) and the gap is shown, not fitted. Energy: gwsim draws nameplate power all year (an "
        "upper bound; docs/model.md) at the price and PUE above, both assumed for this comparison.")
    L.append("")
    if res.aws_gpus:
        closed = AWS_TOTAL_USD / (res.aws_gpus * AWS_YEARS * HOURS_PER_YEAR)
        L.append(
            f"OpenAI-AWS ($38B over 7 years; `scenarios/openai_aws_2026.json`, leased from AWS): gwsim's implied "
            "price is what the contract paid over the GPU-hours delivered under it in the run "
            f"([money.md](money.md#contracts)); the closed form spreads $38B over the scenario's "
            f"{res.aws_gpus:,} GPUs for 7 years of {HOURS_PER_YEAR:,.0f} h: ${closed:.2f} per GPU-hour.")
        L.append("")
        L.append("| contract | paid | delivered GPU-hours | implied USD per GPU-hour |")
        L.append("|---|---|---|---|")
        for c in res.aws_contracts:
            implied = c.get("implied_usd_per_gpu_hour")
            L.append(f"| {c.get('name')} | {usd(float(c.get('paid_usd', math.nan)))} | "
                     f"{float(c.get('delivered_gpu_hours', math.nan)):,.0f} | "
                     f"{'n/a' if implied is None else f'${float(implied):.2f}'} |")
        L.append(f"| gwsim: all spend per GPU-hour in service (money.cost_per_gpu_hour_usd) | | | "
                 f"${res.aws_per_gpu_hour:.2f} |")
        L.append(f"| closed form, {res.aws_gpus:,} GPUs x 7 years | $38.00B | "
                 f"{res.aws_gpus * AWS_YEARS * HOURS_PER_YEAR:,.0f} | ${closed:.2f} |")
        for name, price in CLOUD_PRICES:
            L.append(f"| cloud price: {name} | | | ${price:.2f} |")
        L.append("")
    return L


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    args = ap.parse_args()
    build = args.build if args.build.is_absolute() else ROOT / args.build
    res = run_epoch(build / "gwsim")
    print("\n".join(md_section(res)))
    return 0 if res.upfront_pass and res.tco_pass else 1


if __name__ == "__main__":
    sys.exit(main())
