"""Case f of docs/validation.md: expected effective training time (ETTR) beside a closed form, and
warm standbys.

ETTR depends on a run's size only through its mean time to failure (MTTF): Kokolis et al. (arXiv
2410.21680, facts.md) give the job MTTF as 1 / (nodes x rate) with 8-GPU nodes, 6.50 failures per
1,000 node-days (RSC-1) and 2.34 (RSC-2). Each point simulates one 8-GPU training run on a site whose
only failure class is GPU-level (`blast: gpu`, exponential) at the rate that gives the run the MTTF of
an N-GPU job (so a 100k-GPU run is simulated in milliseconds), with TAU_H checkpoints (free) and
RESTART_H per restart; repairs take 3 minutes and spare GPUs are up, so a restart never waits. The
closed form is the renewal model of case e with C = 0:

    E[T] = e^(lambda R) / lambda x (e^(lambda tau) - 1) x W / tau,   E[ETTR] ~ W / E[T]

and its first-order expansion 1 - (R + tau / 2) / M. Beside them, Kokolis et al.'s own estimate
(meta_ettr below), E[ETTR] ~ (1 - N_nodes r_f (u0 + dt_cp / 2)) / (1 + w_cp / dt_cp), evaluated from
the run's node count and the cluster's rate directly. The standby case: the 300k-GPU run of issue 15
(a failure about every 10 minutes, restarts of 15 minutes) scaled to 8 GPUs with the same MTTF, with
and without one standby node (8 GPUs, swap 2 minutes).

Standard library only; imported by make_validation.py (`--cases ettr`).
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import json
import math
from collections.abc import Callable

GPUS = 8
TAU_H = 1.0            # 60-minute checkpoints (Kokolis et al.'s first setting)
TAU_FAST_H = 5 / 60    # 5-minute checkpoints (their second)
RESTART_H = 5 / 60     # assumed: 5 minutes to restart from a checkpoint
WORK_H = 24.0
REPAIR_H = 0.05
SIZES = [1024, 4096, 16384, 32768, 100000]
RATES = {"RSC-1": 6.50, "RSC-2": 2.34}   # failures per 1,000 node-days
SEEDS = list(range(1, 17))
LLAMA_M_H = 3.09       # Llama 3 405B: one unexpected interruption every ~3.09 h (facts.md)
LLAMA_TAU_H = 10 / 60  # assumed
LLAMA_R_H = 10 / 60    # assumed
STANDBY_M_H = 10 / 60  # a failure every ~10 minutes
STANDBY_R_H = 0.25     # 15-minute restarts
STANDBY_TAU_H = 5 / 60
STANDBY_SWAP_MIN = 2.0
STANDBY_WORK_H = 48.0
STANDBY_DAYS = 10


def mttf_hours(gpus: int, rate_per_1000_node_days: float) -> float:
    return 24.0 / (gpus / 8 * rate_per_1000_node_days / 1000.0)


def expected_ettr(mttf: float, tau: float, restart: float) -> float:
    lam = 1.0 / mttf
    return tau / (math.exp(lam * restart) / lam * math.expm1(lam * tau))


def first_order_ettr(mttf: float, tau: float, restart: float) -> float:
    return max(0.0, 1.0 - (restart + tau / 2) / mttf)


def meta_ettr(gpus: int, rate_per_1000_node_days: float, u0_h: float, dt_cp_h: float, w_cp_h: float = 0.0) -> float:
    """Kokolis et al.'s closed form (arXiv 2410.21680, section on E[ETTR]), as quoted by secondary sources:
    E[ETTR] ~ (1 - N_nodes r_f (u0 + dt_cp / 2)) / (1 + w_cp / dt_cp), N_nodes = gpus / 8, r_f failures per
    node-day, u0 the restart overhead, dt_cp the checkpoint interval, w_cp the checkpoint write time (0:
    non-blocking writes, as the paper assumes). Floored at 0 (the expression goes negative past it)."""
    failures_per_hour = gpus / 8 * rate_per_1000_node_days / 1000.0 / 24.0
    return max(0.0, (1.0 - failures_per_hour * (u0_h + dt_cp_h / 2)) / (1.0 + w_cp_h / dt_cp_h))


def scenario(fleet_scenario: Callable[..., dict], start: dt.date, name: str, mttf: float, tau: float,
             restart: float, work: float, days: int, standby: bool = False) -> dict:
    catalog = {"ETTR8": {
        "gpus_per_rack": GPUS, "gpus_per_node": GPUS, "rack_power_kw": 10.0, "fp8_pflops_per_gpu": 1.979,
        "bf16_pflops_per_gpu": 0.989, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 0,
        "failure_classes": [{"name": "gpu", "mtbf_gpu_hours": GPUS * mttf, "blast": "gpu",
                             "repair_hours": {"dist": "fixed", "value": REPAIR_H}}]}}
    training = {"name": "run", "submit": start.isoformat(), "gpus": GPUS, "wall_hours": work,
                "checkpoint_hours": tau, "restart_hours": restart, "site": "dc"}
    if standby:
        training["standby_nodes"] = 1
        training["swap_minutes"] = STANDBY_SWAP_MIN
    return fleet_scenario(name, "One training run under Poisson GPU failures (validation case f)", days=days,
                          sku="ETTR8", racks=4, rack_kw=10.0, catalog=catalog, failures=True,
                          repair={"technicians": 32, "spare_nodes": 0, "spare_restock_days": 1},
                          workloads={"policy": "fifo", "training": [training]})


@dataclasses.dataclass
class Point:
    label: str
    gpus: int
    mttf: float
    tau: float
    restart: float
    ettrs: list[float]
    completed: list[bool]
    rate: float = 0.0  # failures per 1,000 node-days (the 1k-100k rows)

    @property
    def mean(self) -> float:
        return math.fsum(self.ettrs) / len(self.ettrs)


@dataclasses.dataclass
class EttrResult:
    points: list[Point] = dataclasses.field(default_factory=list)
    llama: Point | None = None
    standby: list[Point] = dataclasses.field(default_factory=list)
    error: str | None = None


def outcome(out) -> tuple[float, bool]:
    t = json.loads((out / "summary.json").read_text())["jobs"]["training"][0]
    return float(t["effective_training_time"]), bool(t["completed"])


def run_ettr(r, fleet_scenario: Callable[..., dict], start: dt.date) -> EttrResult:
    res = EttrResult()
    specs = []
    for site, rate in RATES.items():
        for n in SIZES:
            m = mttf_hours(n, rate)
            for tau in (TAU_H, TAU_FAST_H):
                days = max(3, math.ceil(WORK_H / max(expected_ettr(m, tau, RESTART_H), 0.02) * 1.5 / 24))
                specs.append((f"{site} {n:,} GPUs", n, m, tau, RESTART_H, WORK_H, days, False, "point", rate))
    specs.append(("Llama 3-like (16,384 GPUs, 54 days)", 16384, LLAMA_M_H, LLAMA_TAU_H, LLAMA_R_H, 54 * 24, 80,
                  False, "llama", 0.0))
    for sb in (False, True):
        specs.append((f"300k-GPU-like, {'1 standby node' if sb else 'no standby'}", 300000, STANDBY_M_H,
                      STANDBY_TAU_H, STANDBY_R_H, STANDBY_WORK_H, STANDBY_DAYS, sb, "standby", 0.0))
    print(f"  {len(specs)} configurations x {len(SEEDS)} seeds", flush=True)
    try:
        scen = [scenario(fleet_scenario, start, f"validation_ettr_{i}", m, tau, rr, w, d, sb)
                for i, (_, _, m, tau, rr, w, d, sb, _, _) in enumerate(specs)]
        for s in scen:
            r.write(s)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = [[pool.submit(r.run, s, seed, write=False, verbose=False) for seed in SEEDS] for s in scen]
            for spec, fs in zip(specs, futs, strict=True):
                label, n, m, tau, rr, _, _, _, kind, rate = spec
                outs = [outcome(f.result()) for f in fs]
                p = Point(label, n, m, tau, rr, [o[0] for o in outs], [o[1] for o in outs], rate)
                if kind == "point":
                    res.points.append(p)
                elif kind == "llama":
                    res.llama = p
                else:
                    res.standby.append(p)
                print(f"    {label}, tau {tau * 60:g} min: ETTR {p.mean:.3f} "
                      f"(renewal {expected_ettr(m, tau, rr):.3f}); completed {sum(p.completed)}/{len(SEEDS)}",
                      flush=True)
    except Exception as e:  # noqa: BLE001 -- reported in the document, as the other cases do
        res.error = str(e)
        print(f"    ERROR: {e}", flush=True)
    return res


def relative(value: float, reference: float) -> str:
    return f"{(value - reference) / reference:+.1%}" if reference > 0 else "n/a"


def agreement(points: list[Point]) -> list[str]:
    """States how far Meta's expression is from the simulation, inside and outside the regime where a
    first-order form holds (the loss per MTTF, (u0 + dt_cp / 2) / M, at most 0.1)."""
    small, large = [], []
    for p in points:
        if p.mean <= 0:
            continue
        gap = abs(meta_ettr(p.gpus, p.rate, p.restart, p.tau) - p.mean) / p.mean
        (small if (p.restart + p.tau / 2) / p.mttf <= 0.1 else large).append((gap, p))
    L = []
    if small:
        worst = max(small, key=lambda g: g[0])
        L.append(
            f"**Agreement.** Where the expected loss per failure is at most a tenth of the MTTF ((u0 + dt_cp/2) / M "
            f"<= 0.1: {len(small)} of {len(small) + len(large)} rows) Meta's expression is within "
            f"{worst[0]:.1%} of the simulated ETTR (worst: {worst[1].label}, tau {worst[1].tau * 60:g} min), "
            + ("inside the 5% they report against their own Monte Carlo." if worst[0] <= 0.05 else
               "outside the 5% they report against their own Monte Carlo."))
    if large:
        below = all(meta_ettr(p.gpus, p.rate, p.restart, p.tau) < p.mean for _, p in large)
        renewal_gap = max(abs(expected_ettr(p.mttf, p.tau, p.restart) - p.mean) for _, p in large)
        L.append(
            f"Beyond that regime ({len(large)} rows) the first-order expression "
            f"{'falls below the simulation in every row' if below else 'departs from the simulation'} "
            f"(largest gap {max(large, key=lambda g: g[0])[0]:.0%}; floored at 0 where it goes negative), "
            "as a first-order expansion of the renewal form must once (u0 + dt_cp/2) / M is not small, while the "
            f"renewal closed form stays within {renewal_gap:.3f} of the simulated ETTR there. The paper's ~0.70 "
            "(16k GPUs at RSC-1, 60-minute checkpoints) lies in this second regime.")
    L.append("")
    return L


def md_section(res: EttrResult) -> list[str]:
    L = ["## f. Effective training time ratio (Meta's ETTR) and warm standbys", ""]
    L.append(
        "Kokolis et al., \"Revisiting Reliability in Large-Scale Machine Learning Research Clusters\" (arXiv "
        "2410.21680, HPCA 2025; facts.md) model a job's failures as Poisson with MTTF = 1 / (N_nodes r_f), "
        "8-GPU nodes, at r_f = 6.50 failures per 1,000 node-days (RSC-1) and 2.34 (RSC-2), and estimate the "
        "expected ETTR (productive wall time over wall time) in closed form:")
    L.append("")
    L.append("    E[ETTR] ~ (1 - N_nodes r_f (u0 + dt_cp / 2)) / (1 + w_cp / dt_cp)")
    L.append("")
    L.append(
        "with u0 the restart overhead, dt_cp the checkpoint interval and w_cp the checkpoint write time (their "
        "setting: non-blocking writes, w_cp = 0). Provenance: the expression is taken as quoted from the paper "
        "by secondary sources (reading notes of other projects); the paper's typeset equation could not be read "
        "here, but the expression reproduces the paper's own figures for a 16k-GPU job at RSC-1 rates "
        f"({meta_ettr(16384, RATES['RSC-1'], RESTART_H, TAU_H):.3f} and "
        f"{meta_ettr(16384, RATES['RSC-1'], RESTART_H, TAU_FAST_H):.3f} at u0 = {RESTART_H * 60:g} min, against "
        "their ~0.70 and ~0.93) and its definitions (u0, dt_cp, N_nodes, r_f) "
        "match the paper's. Their expected queue time after each interruption (q) is 0 here: a restart never "
        "waits. It is the first-order expansion of the renewal model of case e with free checkpoints, "
        "which is shown beside it (R = u0, tau = dt_cp, M = 1 / (N_nodes r_f)):")
    L.append("")
    L.append("    E[ETTR] ~ tau / ( e^(R/M) M (e^(tau/M) - 1) )")
    L.append("")
    L.append(
        f"Each row simulates one {GPUS}-GPU training run ({WORK_H:g} h of work, checkpoints every tau, "
        f"restart R = {RESTART_H * 60:g} min, assumed) on a site whose only failure class is GPU-level "
        "(`blast: gpu`) at the rate that gives the run the MTTF of an N-GPU job at that cluster's rate: "
        "ETTR depends on the size only through M. Repairs take 3 minutes and spare GPUs are up, so a restart "
        f"never waits in the queue. Mean of {len(SEEDS)} seeds (summary.json's `effective_training_time`).")
    L.append("")
    if res.error:
        L += [f"**Error:** {res.error}", ""]
    L.append("| cluster, run | M (h) | tau (min) | simulated ETTR | renewal closed form | Meta's E[ETTR] "
             "| Meta vs simulated |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for p in res.points:
        meta = meta_ettr(p.gpus, p.rate, p.restart, p.tau)
        L.append(f"| {p.label} | {p.mttf:.2f} | {p.tau * 60:g} | {p.mean:.3f} | "
                 f"{expected_ettr(p.mttf, p.tau, p.restart):.3f} | {meta:.3f} | {relative(meta, p.mean)} |")
    L.append("")
    L += agreement(res.points)
    L.append(
        "Where M exceeds the run's work (1k and 4k GPUs) a run sees about one failure or none: the mean of the "
        "seeds carries a sampling error of a point or two, and no pass/fail criterion is set on these rows.")
    L.append("")
    if res.llama:
        p = res.llama
        L.append(
            f"**Llama 3-like run.** 16,384 GPUs for 54 days of work with one unexpected interruption every "
            f"{LLAMA_M_H:g} h (facts.md), checkpoints every {LLAMA_TAU_H * 60:g} min and restarts of "
            f"{LLAMA_R_H * 60:g} min (both assumed): simulated ETTR {p.mean:.3f} (renewal "
            f"{expected_ettr(p.mttf, p.tau, p.restart):.3f}); Meta reported above 90% effective training time. "
            f"{'Above 90%.' if p.mean > 0.9 else 'NOT above 90%.'}")
        L.append("")
    if res.standby:
        L.append(
            f"**Warm standbys.** The 300k-GPU run of issue 15 sees a failure about every 10 minutes against a "
            f"15-minute restart; scaled to {GPUS} GPUs with the same MTTF, {STANDBY_WORK_H:g} h of work, "
            f"{STANDBY_TAU_H * 60:g}-minute checkpoints and a horizon of {STANDBY_DAYS} days, with and "
            f"without one standby node (swap {STANDBY_SWAP_MIN:g} min; docs/jobs.md, \"Standbys\"):")
        L.append("")
        L.append("| run | completed (of seeds) | ETTR |")
        L.append("|---|---:|---:|")
        for p in res.standby:
            L.append(f"| {p.label} | {sum(p.completed)} / {len(p.completed)} | {p.mean:.3f} |")
        L.append("")
        L.append("tests/jobs/test_standby_scale.cpp checks the same ratio through the job system.")
        L.append("")
    return L
