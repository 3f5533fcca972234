"""Case g of docs/validation.md: fabric domains against the binomial law (docs/jobs.md, "Fabric domains").

n domains of one rack each (`racks_per_domain` 1) of a catalog SKU of 64 GPUs whose only failure class
takes the whole rack (`blast: rack`, exponential, rack MTBF M hours) and whose repair takes a fixed D
hours, with technicians and spares that never bind. A rack is then an alternating renewal process: up
for Exp(M) (failures of a rack already down take nothing and queue no repair, docs/model.md), down for
D, so in steady state it is healthy with probability

    p = M / (M + D)

independently of the others, and the number K of healthy domains is Binomial(n, p). K is read every day
from the timeseries column of the largest multi-domain run (a site's healthy GPUs over all its domains,
/ 64). With M and D of hours, a day apart the samples are nearly independent (the state's correlation
decays as exp(-(1/M + 1/D) t)).

Two cases: 16 domains at p = 40 / 48, the simulated P(K >= k) beside the binomial for every k; and the
TPU superpod figure (Google Cloud, facts.md): 144 cubes, 130 healthy with 95% confidence, p solved
from the binomial, then simulated at that p.

Standard library only; imported by make_validation.py (`--cases fabric`), or run alone:
`python benches/validation/fabric_binomial.py --build build/release`.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import math
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
GPUS = 64
START = dt.date(2026, 1, 1)
WARMUP_DAYS = 2


def column_name(description_start: str) -> str:
    """The name of the time-series column whose description, in its declaration in
    sim/model/columns.hpp (the output contract), begins with `description_start` (standard library
    only: the gwsim package need not be installed)."""
    text = (ROOT / "sim" / "model" / "columns.hpp").read_text()
    m = re.search(r'ColumnSpec\s+\w+\{"(\w+)",\s*"[^"]*",\s*"' + re.escape(description_start), text)
    if not m:
        raise SystemExit(f"no column described as '{description_start}...' in sim/model/columns.hpp")
    return m.group(1)


def binom_at_least(n: int, p: float, k: int) -> float:
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1))


def solve_p(n: int, k: int, confidence: float) -> float:
    """The p at which P(at least k of n healthy) = confidence (bisection; increasing in p)."""
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if binom_at_least(n, mid, k) < confidence:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def wilson(x: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = x / n
    den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return c - h, c + h


def scenario(name: str, n: int, mtbf_h: float, repair_h: float, days: int, seed: int) -> dict:
    return {
        "gwsim_scenario": 1, "name": name, "seed": seed,
        "description": "fabric domains against the binomial (benches/validation/fabric_binomial.py)",
        "start": START.isoformat(), "end": (START + dt.timedelta(days=days - 1)).isoformat(),
        "catalog": {"CUBE64": {
            "gpus_per_rack": GPUS, "gpus_per_node": 4, "rack_power_kw": 50, "fp8_pflops_per_gpu": 1,
            "bf16_pflops_per_gpu": 0.5, "hbm_gb_per_gpu": 96, "capex_usd_per_rack": 1,
            "failure_classes": [{"name": "cube", "blast": "rack", "mtbf_gpu_hours": mtbf_h * GPUS,
                                 "repair_hours": {"dist": "fixed", "value": repair_h}}]}},
        "sites": [{
            "name": "pod", "provider": "Validation", "pue": 1.1, "max_rack_power_kw": 60, "racks_per_domain": 1,
            "buildings": [{"rack_slots": n, "ready": START.isoformat()}],
            "power_stages": [{"date": START.isoformat(), "power_mw": n * 0.1 + 1}],
            "install": {"crews": n, "racks_per_crew_per_week": 100000, "burn_in_hours": 0, "burn_in_fail_prob": 0},
            "repair": {"technicians": n, "spare_nodes": n, "spare_restock_days": 0.01}}],
        "orders": [{"sku": "CUBE64", "site": "pod", "deliveries": [{"date": START.isoformat(), "racks": n}]}],
    }


def healthy_counts(gwsim: pathlib.Path, work: pathlib.Path, sc: dict) -> list[int]:
    path = work / f"{sc['name']}_{sc['seed']}.json"
    path.write_text(json.dumps(sc))
    out = work / f"{sc['name']}_{sc['seed']}"
    proc = subprocess.run([str(gwsim), "run", str(path), "--out", str(out), "--quiet"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"gwsim run {path.name} failed: {proc.stderr.strip()}")
    col = column_name("The largest multi-domain run that could start now")
    with open(out / "timeseries.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return [round(float(r[col])) // GPUS for r in rows[WARMUP_DAYS:]]


@dataclasses.dataclass
class Case:
    n: int
    mtbf_h: float
    repair_h: float
    p: float
    samples: list[int]

    def at_least(self, k: int) -> float:
        return sum(1 for x in self.samples if x >= k) / len(self.samples)


@dataclasses.dataclass
class FabricResult:
    small: Case
    tpu: Case
    tpu_k: int
    small_pass: bool
    tpu_pass: bool


def run_case(gwsim: pathlib.Path, work: pathlib.Path, name: str, n: int, p: float, repair_h: float, days: int,
             seeds: list[int]) -> Case:
    mtbf_h = repair_h * p / (1 - p)
    samples: list[int] = []
    for seed in seeds:
        samples += healthy_counts(gwsim, work, scenario(name, n, mtbf_h, repair_h, days, seed))
    return Case(n, mtbf_h, repair_h, p, samples)


def run_fabric(gwsim: pathlib.Path, quick: bool) -> FabricResult:
    days, seeds = (730, [1, 2]) if quick else (3650, [1, 2, 3, 4])
    with tempfile.TemporaryDirectory(prefix="gwsim-fabric-") as tmp:
        work = pathlib.Path(tmp)
        small = run_case(gwsim, work, "fabric16", 16, 40 / 48, 8.0, days, seeds)
        p_tpu = solve_p(144, 130, 0.95)
        tpu = run_case(gwsim, work, "tpu144", 144, p_tpu, 4.0, days, seeds)
    # each P(K >= k) within 4 standard errors (samples taken as independent; 17 comparisons)
    small_pass = all(abs(small.at_least(k) - binom_at_least(16, small.p, k))
                     <= 4 * math.sqrt(max(binom_at_least(16, small.p, k) * (1 - binom_at_least(16, small.p, k)),
                                          1e-12) / len(small.samples)) + 1e-9
                     for k in range(0, 17))
    lo, hi = wilson(sum(1 for x in tpu.samples if x >= 130), len(tpu.samples))
    return FabricResult(small, tpu, 130, small_pass, lo <= 0.95 <= hi)


def md_section(res: FabricResult) -> list[str]:
    s, t = res.small, res.tpu
    L = ["## g. Fabric domains against the binomial", ""]
    L.append(
        f"n domains of one 64-GPU rack each (`racks_per_domain` 1); the rack's only failure class takes the "
        f"whole rack, exponential with rack MTBF M; repairs take a fixed D; technicians and spares never bind. "
        f"A rack is up Exp(M), down D (failures of a down rack take nothing), so each domain is healthy with "
        f"p = M / (M + D), independently, and the number K of healthy domains is Binomial(n, p). K is read "
        f"daily from `largest_multi_domain_run_gpus` / 64 after {WARMUP_DAYS} days; samples a day apart are "
        f"treated as independent (the correlation decays as exp(-(1/M + 1/D) t): after a day "
        f"{math.exp(-24 * (1 / s.mtbf_h + 1 / s.repair_h)):.3f} for 16 domains, "
        f"{math.exp(-24 * (1 / t.mtbf_h + 1 / t.repair_h)):.4f} for 144). "
        f"Script: benches/validation/fabric_binomial.py.")
    L.append("")
    L.append(f"**16 domains**, M = {s.mtbf_h:g} h, D = {s.repair_h:g} h, p = {s.p:.4f}; {len(s.samples):,} daily "
             f"samples; mean K {sum(s.samples) / len(s.samples):.3f} (n p = {16 * s.p:.3f}). "
             "Criterion: every P(K >= k) within 4 standard errors of the binomial: "
             f"**{'PASS' if res.small_pass else 'FAIL'}**.")
    L.append("")
    L.append("| k | P(K >= k) binomial | simulated |")
    L.append("|---|---|---|")
    for k in range(8, 17):
        L.append(f"| {k} | {binom_at_least(16, s.p, k):.4f} | {s.at_least(k):.4f} |")
    L.append("")
    x = sum(1 for v in t.samples if v >= res.tpu_k)
    lo, hi = wilson(x, len(t.samples))
    L.append(
        f"**TPU superpod** (Google Cloud blog on cluster-level reliability, facts.md: 144 cubes of 64 chips, "
        f"a cube counts only if all its chips and links are healthy; 130 of 144 healthy with 95% confidence). "
        f"The binomial gives 95% for at least 130 of 144 at p = {t.p:.4f} per cube (solved by bisection); "
        f"at that p (M = {t.mtbf_h:.1f} h, D = {t.repair_h:g} h) the simulation has at least 130 healthy on "
        f"{x:,} of {len(t.samples):,} days: {x / len(t.samples):.4f}, 95% Wilson interval [{lo:.4f}, {hi:.4f}] "
        f"(criterion: contains 0.95: **{'PASS' if res.tpu_pass else 'FAIL'}**); mean K "
        f"{sum(t.samples) / len(t.samples):.2f} (n p = {144 * t.p:.2f}).")
    L.append("")
    return L


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    res = run_fabric(args.build / "gwsim", args.quick)
    print("\n".join(md_section(res)))
    return 0 if res.small_pass and res.tpu_pass else 1


if __name__ == "__main__":
    sys.exit(main())
