"""Generates docs/validation.md: gwsim's job model beside closed forms and public data.

Cases (each runs `gwsim run SCENARIO --out DIR --quiet` on scenarios written to a temporary
directory; references come from build/<preset>/benches/queueing_reference):

  a. M/M/c against Erlang C: c GPUs online from the start, 1-GPU jobs with Poisson arrivals and
     exponential durations, FIFO. Mean wait after a warm-up, with a 95% confidence interval by the
     method of batch means, beside Wq = C(c, a) / (c mu - lambda).
  b. M/G/1 against Pollaczek-Khinchine: one GPU, lognormal and uniform durations.
  c. Llama 3 405B reliability: 16,384 H100 GPUs for 54 days with the built-in failure catalog;
     interruptions beside the 419 Meta reports, effective training time beside "above 90%".
  d. Queue times beside public GPU cluster traces (a comparison, not a fit).
  e. Checkpoint interval with a cost per checkpoint: a training run's mean wall time beside the exact
     renewal formula over a sweep of intervals, its best interval beside Young/Daly (checkpoint_cost.py).
  f. Effective training time ratio (Meta's ETTR) beside the renewal closed form for runs of 1k to 100k
     GPUs at two failure rates, the Llama 3-like run, and warm standbys (ettr.py).
  g. Fabric domains: the number of healthy domains beside the binomial law, and the TPU superpod figure
     (130 of 144 cubes healthy with 95% confidence) reproduced (fabric_binomial.py).
  h. Grid interconnection: the simulated request-to-energization distribution of the default laws beside
     LBNL's medians, and withdrawal beside LBNL's share of requests reaching operation (interconnect_lbnl.py).
  i. Money: scenarios/epoch_1gw.json's capex, opex and TCO beside Epoch AI's 1 GW breakdown, and the
     OpenAI-AWS contract's implied price per GPU-hour (epoch_1gw.py).

Prints progress; writes docs/validation.md (or --output) even when a criterion fails, and then
exits with status 1. --quick makes every run smaller (for tests). Python 3.11, standard library only.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import math
import pathlib
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import checkpoint_cost
import epoch_1gw
import ettr
import fabric_binomial
import interconnect_lbnl

ROOT = pathlib.Path(__file__).resolve().parents[2]
TRACE_CSV = pathlib.Path("/work/shared/reference/gpu_cluster_trace_summary.csv")
START = dt.date(2026, 1, 1)
WARMUP_FRACTION = 0.10
BATCHES = 20
FAMILY_CONFIDENCE = 0.95

# Llama 3 405B (Meta, "The Llama 3 Herd of Models", Table 5; docs/model.md, facts.md)
LLAMA_GPUS = 16_384
LLAMA_DAYS = 54
LLAMA_UNEXPECTED = 419
LLAMA_ETT = 0.90


# --------------------------------------------------------------------------------------------
# Statistics (standard library only)

def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularized incomplete beta (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(lbt) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: int) -> float:
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: int) -> float:
    """Quantile of Student's t (bisection on the CDF; p in (0.5, 1))."""
    lo, hi = 0.0, 1e4
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@dataclasses.dataclass
class BatchMeans:
    n: int                 # observations used (after the warm-up, a multiple of the batch count)
    batches: int
    mean: float
    half95: float          # half width of the 95% confidence interval
    half_family: float     # half width at the family-wise (Bonferroni) level used for PASS/FAIL
    lag1: float            # lag-1 autocorrelation of the batch means (should be near 0)


def batch_means(x: list[float], batches: int, family_size: int) -> BatchMeans:
    """Mean and confidence intervals by non-overlapping batch means (Law & Kelton, ch. 9).

    Successive waits are strongly correlated, so the i.i.d. formula s / sqrt(n) would be far too
    narrow; the means of long consecutive batches are nearly independent and normal.
    """
    size = len(x) // batches
    if size < 2:
        raise ValueError(f"too few observations ({len(x)}) for {batches} batches")
    means = [math.fsum(x[i * size:(i + 1) * size]) / size for i in range(batches)]
    grand = math.fsum(means) / batches
    sd = statistics.stdev(means)
    se = sd / math.sqrt(batches)
    dev = [m - grand for m in means]
    denom = math.fsum(d * d for d in dev)
    lag1 = math.fsum(dev[i] * dev[i + 1] for i in range(batches - 1)) / denom if denom > 0 else 0.0
    alpha = 1.0 - FAMILY_CONFIDENCE
    return BatchMeans(n=size * batches, batches=batches, mean=grand,
                      half95=t_quantile(0.975, batches - 1) * se,
                      half_family=t_quantile(1.0 - alpha / (2 * family_size), batches - 1) * se,
                      lag1=lag1)


def lognormal_sigma(mean: float, median: float) -> float:
    """sigma of a lognormal with the given mean and median (mean = median exp(sigma^2 / 2))."""
    if mean <= median:
        raise ValueError(f"a lognormal needs mean > median (mean {mean}, median {median})")
    return math.sqrt(2.0 * math.log(mean / median))


def rounded_lognormal_mean(median: float, sigma: float, cap: int) -> float:
    """E[min(ceil(X), cap)] for X lognormal(median, sigma): gwsim's rounding of GPUs per job."""
    nd = statistics.NormalDist()
    mu = math.log(median)
    # E[Y] = sum_{k=1..cap} P(Y >= k) = 1 + sum_{k=2..cap} P(X > k - 1)
    return 1.0 + math.fsum(1.0 - nd.cdf((math.log(k - 1) - mu) / sigma) for k in range(2, cap + 1))


def fit_rounded_lognormal_sigma(target_mean: float, median: float, cap: int) -> float:
    lo, hi = 1e-6, 10.0
    if not rounded_lognormal_mean(median, lo, cap) < target_mean < rounded_lognormal_mean(median, hi, cap):
        raise ValueError(f"cannot match a mean of {target_mean} GPUs with median {median}, cap {cap}")
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if rounded_lognormal_mean(median, mid, cap) < target_mean:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# --------------------------------------------------------------------------------------------
# Running gwsim and the reference

class CaseError(Exception):
    pass


class Runner:
    def __init__(self, build: pathlib.Path, work: pathlib.Path):
        self.gwsim = build / "gwsim"
        self.reference_bin = build / "benches" / "queueing_reference"
        self.work = work
        self.runs = 0
        self.sim_seconds = 0.0

    def version(self) -> str:
        proc = subprocess.run([str(self.gwsim), "--version"], capture_output=True, text=True)
        return proc.stdout.strip() or "unknown"

    def reference(self, *args: float | int | str) -> dict:
        cmd = [str(self.reference_bin), *map(str, args)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise CaseError(f"{shlex.join(cmd)} failed: {proc.stderr.strip()}")
        return json.loads(proc.stdout)

    def write(self, scenario: dict) -> pathlib.Path:
        path = self.work / f"{scenario['name']}.json"
        path.write_text(json.dumps(scenario, indent=2) + "\n")
        return path

    def validate(self, scenario: dict) -> tuple[bool, str]:
        path = self.write(scenario)
        proc = subprocess.run([str(self.gwsim), "validate", str(path)], capture_output=True, text=True)
        return proc.returncode == 0, (proc.stdout + proc.stderr).strip()

    def run(self, scenario: dict, seed: int | None = None, *, write: bool = True,
            verbose: bool = True) -> pathlib.Path:
        """Runs `scenario` (written first unless `write` is False: it already is, e.g. for runs in parallel)."""
        path = self.write(scenario) if write else self.work / f"{scenario['name']}.json"
        out = self.work / (scenario["name"] + ("" if seed is None else f"_seed{seed}"))
        cmd = [str(self.gwsim), "run", str(path), "--out", str(out), "--quiet"]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        self.runs += 1
        self.sim_seconds += elapsed
        if proc.returncode != 0:
            raise CaseError(f"`gwsim run` failed on {path.name} (status {proc.returncode}): "
                            f"{proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else 'no message'}")
        for f in ("summary.json", "jobs.csv"):
            if not (out / f).exists():
                raise CaseError(f"`gwsim run` on {path.name} wrote no {f} (is `workloads` supported?)")
        if verbose:
            print(f"    gwsim run {path.name}{'' if seed is None else f' --seed {seed}'}: {elapsed:.1f} s", flush=True)
        return out


def parse_time(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


@dataclasses.dataclass
class StreamJobs:
    jobs: int               # jobs of the stream in jobs.csv
    never_started: int      # censored: no first_start by the horizon
    waits: list[float]      # wait_hours after the warm-up, in submission order (started jobs only)
    window_util: float | None = None  # busy GPU-hours / (fleet GPUs x hours) over [start, window end]


def read_stream(out: pathlib.Path, stream: str, fleet_gpus: int | None = None,
                window_end: dt.datetime | None = None) -> StreamJobs:
    """One stream's jobs from jobs.csv, read row by row (traces have hundreds of thousands).

    Waits are returned in submission order after dropping the first WARMUP_FRACTION of the jobs
    (the fleet starts empty). Jobs that never started are censored: counted, not in the waits (the
    horizons leave a drain period so that there are none). With `fleet_gpus` and `window_end`, also
    the utilization of the fleet by these jobs over [scenario start, window_end]."""
    start = dt.datetime.combine(START, dt.time())
    # Job ids follow submission, so the file is normally in submission order already; keep only the
    # waits then (a million rows fit in a few MB), and sort (submit, id) keys only if it is not.
    waits_in_file: list[float | None] = []
    keyed: list[tuple[dt.datetime, int, float | None]] | None = None
    last: tuple[dt.datetime, int] | None = None
    busy = 0.0
    with open(out / "jobs.csv", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise CaseError(f"{out / 'jobs.csv'} is empty")
        try:
            col = {k: header.index(k) for k in ("job_id", "name", "gpus", "submit", "first_start", "end",
                                                 "wait_hours")}
        except ValueError as e:
            raise CaseError(f"{out / 'jobs.csv'}: missing column ({e})") from None
        for row in reader:
            if row[col["name"]] != stream:
                continue
            wait_text = row[col["wait_hours"]]
            wait = float(wait_text) if wait_text else None
            key = (parse_time(row[col["submit"]]), int(row[col["job_id"]]))
            if keyed is None and last is not None and key < last:
                keyed = []  # out of order: fall back to sorting on a second pass
            last = key
            waits_in_file.append(wait)
            if window_end is not None and row[col["first_start"]]:
                a = max(parse_time(row[col["first_start"]]), start)
                b = min(parse_time(row[col["end"]]) if row[col["end"]] else window_end, window_end)
                if b > a:
                    busy += int(row[col["gpus"]]) * (b - a).total_seconds() / 3600.0
    if keyed is not None:
        with open(out / "jobs.csv", newline="") as f:
            for row in csv.DictReader(f):
                if row["name"] == stream:
                    keyed.append((parse_time(row["submit"]), int(row["job_id"]),
                                  float(row["wait_hours"]) if row["wait_hours"] else None))
        keyed.sort(key=lambda k: (k[0], k[1]))
        waits_in_file = [k[2] for k in keyed]
    if not waits_in_file:
        raise CaseError(f"{out / 'jobs.csv'} has no jobs of stream {stream!r}")
    skip = int(len(waits_in_file) * WARMUP_FRACTION)
    res = StreamJobs(jobs=len(waits_in_file), never_started=sum(1 for w in waits_in_file if w is None),
                     waits=[w for w in waits_in_file[skip:] if w is not None])
    if fleet_gpus and window_end is not None:
        res.window_util = busy / (fleet_gpus * (window_end - start).total_seconds() / 3600.0)
    return res


def load_summary(out: pathlib.Path) -> dict:
    summary = json.loads((out / "summary.json").read_text())
    if "jobs" not in summary:
        raise CaseError(f"{out / 'summary.json'} has no \"jobs\" object")
    return summary


# --------------------------------------------------------------------------------------------
# Scenarios

def iso(d: dt.date) -> str:
    return d.isoformat()


UNIT_SKU = {  # one GPU per rack, so that the fleet has exactly c GPUs; never fails
    "gpus_per_rack": 1, "gpus_per_node": 1, "rack_power_kw": 1.0, "fp8_pflops_per_gpu": 1.979,
    "bf16_pflops_per_gpu": 0.989, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 0, "failure_classes": [],
}
SERVER8_SKU = {  # an 8-GPU server, for the trace comparison; never fails
    "gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10.2, "fp8_pflops_per_gpu": 1.979,
    "bf16_pflops_per_gpu": 0.989, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 0, "failure_classes": [],
}
H100_RACK_KW, H100_GPUS_PER_RACK = 40.8, 32  # built-in H100_HGX (docs/model.md)


def fleet_scenario(name: str, description: str, *, days: int, sku: str, racks: int, rack_kw: float,
                   workloads: dict, catalog: dict | None = None, failures: bool = False, seed: int = 1,
                   repair: dict | None = None, sources: list[str] | None = None) -> dict:
    """One site whose whole fleet is delivered on the start date and in service within seconds:
    power and slots ample, one crew per rack at 100,000 racks per crew-week (about 6 s per rack),
    no burn-in. The horizon is `days` days: gwsim simulates through the whole `end` date (the
    horizon is the end of that day), so `end` is start + days - 1."""
    s = {
        "gwsim_scenario": 1,
        "name": name,
        "description": description,
        "sources": sources or ["benches/validation/make_validation.py: synthetic validation scenario"],
        "start": iso(START),
        "end": iso(START + dt.timedelta(days=days - 1)),
        "seed": seed,
        "sites": [{
            "name": "dc",
            "provider": "Validation",
            "pue": 1.1,
            "max_rack_power_kw": max(50.0, rack_kw),
            "buildings": [{"name": "hall", "rack_slots": racks, "ready": iso(START)}],
            "power_stages": [{"date": iso(START), "power_mw": round(racks * rack_kw * 1.1 / 1000 * 1.2 + 1, 3)}],
            "install": {"crews": racks, "racks_per_crew_per_week": 100000, "burn_in_hours": 0,
                        "burn_in_fail_prob": 0},
            "repair": repair or {"technicians": 1, "spare_nodes": 0, "spare_restock_days": 1},
        }],
        "orders": [{"name": "fleet", "sku": sku, "site": "dc", "deliveries": [{"date": iso(START), "racks": racks}]}],
        "failures": {"enabled": failures},
        "workloads": workloads,
    }
    if catalog:
        s["catalog"] = catalog
    return s


def stream_workload(name: str, *, policy: str, lam: float, gpus: dict, duration: dict, days: int,
                    max_jobs: int | None = None, max_gpus: int | None = None) -> dict:
    stream = {"name": name, "start": iso(START), "end": iso(START + dt.timedelta(days=days)),
              "arrivals_per_hour": lam, "gpus": gpus, "duration_hours": duration}
    if max_jobs is not None:
        stream["max_jobs"] = max_jobs
    if max_gpus is not None:
        stream["max_gpus"] = max_gpus
    return {"policy": policy, "streams": [stream]}


def queue_horizon_days(jobs: int, lam: float, drain_days: int) -> tuple[int, int]:
    """(stream days, scenario days): the stream is long enough that max_jobs arrivals come first
    (20% margin, so by many standard deviations), then a drain period for the queue to empty."""
    stream_days = math.ceil(jobs / lam * 1.2 / 24) + 1
    return stream_days, stream_days + drain_days


# --------------------------------------------------------------------------------------------
# Cases

@dataclasses.dataclass
class QueueCase:
    key: str
    model: str              # "M/M/c" or "M/G/1"
    lam: float              # arrivals per hour
    c: int
    service_label: str
    duration: dict          # gwsim Distribution of durations (hours)
    mean_s: float
    var_s: float
    sku: str = "VAL_GPU"
    seed: int = 1


def mmc_cases() -> list[QueueCase]:
    def mmc(key, lam, mu, c, sku="VAL_GPU", seed=1):
        return QueueCase(key, "M/M/c", lam, c, f"exponential, mean {1 / mu:g} h",
                         {"dist": "exponential", "mean": 1 / mu}, 1 / mu, 1 / mu ** 2, sku, seed)
    return [
        mmc("mm1_rho050", 0.5, 1.0, 1, seed=11),
        mmc("mmc10_rho080", 4.0, 0.5, 10, seed=12),
        mmc("mmc128_rho095", 121.6, 1.0, 128, sku="H100_HGX", seed=13),   # 4 H100_HGX racks
        mmc("mmc1000_rho095", 475.0, 0.5, 1000, seed=14),
    ]


def mg1_cases() -> list[QueueCase]:
    sigma = 1.0
    return [
        QueueCase("mg1_lognormal_rho070", "M/G/1", 0.7, 1,
                  f"lognormal, mean 1 h, sigma {sigma:g} (median {math.exp(-sigma ** 2 / 2):.4f} h)",
                  {"dist": "lognormal", "median": math.exp(-sigma ** 2 / 2), "sigma": sigma},
                  1.0, math.exp(sigma ** 2) - 1.0, seed=21),
        QueueCase("mg1_uniform_rho090", "M/G/1", 0.9, 1, "uniform on [0.5, 1.5] h",
                  {"dist": "uniform", "min": 0.5, "max": 1.5}, 1.0, 1.0 / 12.0, seed=22),
    ]


@dataclasses.dataclass
class QueueResult:
    case: QueueCase
    ref: dict
    jobs: int = 0
    never_started: int = 0
    bm: BatchMeans | None = None
    waited: BatchMeans | None = None   # fraction of jobs that waited at all (M/M/c: Erlang C)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and self.bm is not None and \
            abs(self.bm.mean - self.ref["wq"]) <= self.bm.half_family


def case_jobs(case: QueueCase, base: int, per_busy: int) -> int:
    """Arrivals to simulate: `base`, and at least `per_busy` x a (a = lambda E[S], the mean number of
    busy GPUs), i.e. a horizon of at least `per_busy` mean durations. With many servers the queue's
    excursions last of the order of a mean duration however many jobs pass meanwhile, so the job
    count has to grow with a for the same precision; and the warm-up (the first 10% of jobs) then
    lasts at least per_busy / 10 mean durations (the fleet starts empty and fills with time
    constant E[S])."""
    return max(base, math.ceil(per_busy * case.lam * case.mean_s))


def queue_scenario(case: QueueCase, jobs: int) -> dict:
    stream_days, days = queue_horizon_days(jobs, case.lam, drain_days=3)
    if case.sku == "H100_HGX":
        if case.c % H100_GPUS_PER_RACK:
            raise ValueError(f"{case.key}: c must be a multiple of {H100_GPUS_PER_RACK} on H100_HGX")
        racks, rack_kw, catalog = case.c // H100_GPUS_PER_RACK, H100_RACK_KW, None
    else:
        racks, rack_kw, catalog = case.c, UNIT_SKU["rack_power_kw"], {"VAL_GPU": UNIT_SKU}
    return fleet_scenario(
        f"validation_{case.key}", f"{case.model} validation: {case.c} GPUs, 1-GPU jobs, FIFO",
        days=days, sku=case.sku, racks=racks, rack_kw=rack_kw, catalog=catalog, seed=case.seed,
        workloads=stream_workload("queue", policy="fifo", lam=case.lam, gpus={"dist": "fixed", "value": 1},
                                  duration=case.duration, days=stream_days, max_jobs=jobs))


def run_queue_case(r: Runner, case: QueueCase, jobs: int, per_busy: int, family_size: int) -> QueueResult:
    if case.model == "M/M/c":
        ref = r.reference("mmc", case.lam, 1 / case.mean_s, case.c)
    else:
        ref = r.reference("mg1", case.lam, case.mean_s, case.var_s)
    res = QueueResult(case, ref)
    print(f"  {case.key}: {case.model}, lambda {case.lam:g}/h, c {case.c}, {case.service_label}; "
          f"reference Wq {ref['wq']:.6g} h", flush=True)
    jobs = case_jobs(case, jobs, per_busy)
    scenario = queue_scenario(case, jobs)
    try:
        out = r.run(scenario)
        data = read_stream(out, "queue")
        res.jobs, res.never_started, waits = data.jobs, data.never_started, data.waits
        res.bm = batch_means(waits, BATCHES, family_size)
        res.waited = batch_means([1.0 if w > 0 else 0.0 for w in waits], BATCHES, family_size)
        load_summary(out)
    except (CaseError, ValueError, KeyError) as e:
        res.error = str(e)
        print(f"    ERROR: {e}", flush=True)
        return res
    inside = abs(res.bm.mean - ref["wq"]) <= res.bm.half95
    print(f"    model Wq {res.bm.mean:.6g} +/- {res.bm.half95:.3g} h (95%), reference {ref['wq']:.6g}: "
          f"{'inside' if inside else 'outside'} the 95% CI; {'PASS' if res.passed else 'FAIL'}", flush=True)
    return res


@dataclasses.dataclass
class LlamaRun:
    seed: int
    interruptions: int | None = None
    ett: float | None = None
    lost_gpu_hours: float | None = None
    completed: bool | None = None
    failures: int | None = None
    error: str | None = None


@dataclasses.dataclass
class LlamaResult:
    params: dict
    runs: list[LlamaRun]
    error: str | None = None

    def ok_runs(self) -> list[LlamaRun]:
        return [x for x in self.runs if x.error is None]

    @property
    def mean_interruptions(self) -> float | None:
        ok = self.ok_runs()
        return statistics.fmean(x.interruptions for x in ok) if ok else None

    @property
    def mean_ett(self) -> float | None:
        ok = self.ok_runs()
        return statistics.fmean(x.ett for x in ok) if ok else None

    @property
    def band(self) -> tuple[float, float]:
        s = 2 * math.sqrt(LLAMA_UNEXPECTED)
        return LLAMA_UNEXPECTED - s, LLAMA_UNEXPECTED + s

    @property
    def interruptions_pass(self) -> bool:
        m = self.mean_interruptions
        lo, hi = self.band
        return self.error is None and len(self.ok_runs()) == len(self.runs) and m is not None and lo <= m <= hi

    @property
    def ett_pass(self) -> bool:
        m = self.mean_ett
        return self.error is None and len(self.ok_runs()) == len(self.runs) and m is not None and m > LLAMA_ETT


def llama_params() -> dict:
    racks_job = LLAMA_GPUS // H100_GPUS_PER_RACK            # 512
    racks = math.ceil(racks_job * 1.05)                     # 538: ~5% spare (Cui et al., facts.md)
    return {
        "racks": racks, "gpus": racks * H100_GPUS_PER_RACK, "spare_gpus": (racks - racks_job) * H100_GPUS_PER_RACK,
        "checkpoint_hours": 0.25, "restart_hours": 0.1, "wall_hours": 2 * 24 * LLAMA_DAYS,
        "technicians": 64, "spare_nodes": 500, "spare_restock_days": 3,
    }


def llama_scenario(p: dict) -> dict:
    return fleet_scenario(
        "validation_llama3_405b",
        "Llama 3 405B pre-training reliability: 16,384 H100 GPUs for 54 days, built-in failure classes",
        days=LLAMA_DAYS, sku="H100_HGX", racks=p["racks"], rack_kw=H100_RACK_KW, failures=True, seed=31,
        repair={"technicians": p["technicians"], "spare_nodes": p["spare_nodes"],
                "spare_restock_days": p["spare_restock_days"]},
        sources=["Meta, The Llama 3 Herd of Models (2024), Table 5: 419 unexpected interruptions in 54 days "
                 "on 16,384 H100 GPUs; effective training time above 90%"],
        workloads={"policy": "fifo", "training": [{
            "name": "llama3-405b", "submit": iso(START), "gpus": LLAMA_GPUS, "wall_hours": p["wall_hours"],
            "checkpoint_hours": p["checkpoint_hours"], "restart_hours": p["restart_hours"], "site": "dc"}]})


def run_llama(r: Runner, seeds: list[int]) -> LlamaResult:
    p = llama_params()
    res = LlamaResult(p, [])
    print(f"  llama3: {p['racks']} H100_HGX racks ({p['gpus']:,} GPUs, {p['spare_gpus']} spare), one "
          f"{LLAMA_GPUS:,}-GPU job for {LLAMA_DAYS} days, seeds {seeds}", flush=True)
    scenario = llama_scenario(p)
    for seed in seeds:
        run = LlamaRun(seed)
        res.runs.append(run)
        try:
            out = r.run(scenario, seed=seed)
            summary = load_summary(out)
            t = [x for x in summary["jobs"]["training"] if x["name"] == "llama3-405b"]
            if not t:
                raise CaseError("summary.json has no training entry llama3-405b")
            run.interruptions = int(t[0]["interruptions"])
            run.ett = float(t[0]["effective_training_time"])
            run.lost_gpu_hours = float(t[0]["lost_gpu_hours"])
            run.completed = bool(t[0]["completed"])
            run.failures = summary.get("failures")
            print(f"    seed {seed}: {run.interruptions} interruptions, effective training time "
                  f"{100 * run.ett:.1f}%", flush=True)
        except (CaseError, KeyError, ValueError, TypeError) as e:
            run.error = str(e)
            print(f"    ERROR: {e}", flush=True)
    return res


@dataclasses.dataclass
class TraceRow:
    name: str
    gpu_jobs: int
    avg_run_s: float
    med_run_s: float
    avg_que_s: float
    med_que_s: float
    avg_gpus: float
    med_gpus: float
    max_gpus: int
    max_run_s: float


# Trace spans: not in the summary CSV. Philly: jobs submitted 2017-08-07 .. 2017-12-22 (the
# msr-fiddle/philly-traces README); Helios: April to September 2020, four clusters (the
# S-Lab-System-Group/HeliosData README).
TRACE_SPAN_DAYS = {"Philly": (dt.date(2017, 12, 22) - dt.date(2017, 8, 7)).days, "Helios": 183}
TRACE_SPAN_SOURCE = {
    "Philly": "jobs submitted 2017-08-07 to 2017-12-22 (msr-fiddle/philly-traces README): 137 days",
    "Helios": "April to September 2020 (S-Lab-System-Group/HeliosData README): 183 days; four independent "
              "clusters pooled here into one fleet",
}


def read_trace(name: str) -> TraceRow:
    with open(TRACE_CSV, newline="") as f:
        for row in csv.DictReader(f):
            if row["id"] == name:
                return TraceRow(name, int(row["gpu_job_num"]), float(row["avg_run_time_gpu"]),
                                float(row["med_run_time_gpu"]), float(row["avg_que_time_gpu"]),
                                float(row["med_que_time_gpu"]), float(row["avg_gpu_num"]),
                                float(row["med_gpu_num"]), int(float(row["max_gpu"])),
                                float(row["max_run_time_gpu"]))
    raise CaseError(f"{TRACE_CSV} has no row {name!r}")


@dataclasses.dataclass
class TraceRun:
    policy: str
    target_util: float
    fleet_gpus: int
    jobs: int = 0
    never_started: int = 0
    mean_wait_s: float | None = None
    median_wait_s: float | None = None
    p90_wait_s: float | None = None
    window_util: float | None = None   # realized, over the arrival window
    waited: float | None = None        # fraction of jobs that waited at all
    error: str | None = None


@dataclasses.dataclass
class TraceResult:
    trace: TraceRow
    span_days: float
    sim_days: int
    lam: float
    gpu_sigma: float
    dur_median_h: float
    dur_sigma: float
    offered_gpus: float
    runs: list[TraceRun]


def run_trace(r: Runner, name: str, utils: list[float], policies: list[str], max_days: int | None,
              seed: int) -> TraceResult:
    t = read_trace(name)
    span = TRACE_SPAN_DAYS[name]
    lam = t.gpu_jobs / (span * 24.0)
    gpu_sigma = fit_rounded_lognormal_sigma(t.avg_gpus, t.med_gpus, t.max_gpus)
    dur_median = t.med_run_s / 3600.0
    dur_sigma = lognormal_sigma(t.avg_run_s, t.med_run_s)
    offered = lam * t.avg_gpus * t.avg_run_s / 3600.0
    sim_days = span if max_days is None else min(span, max_days)
    res = TraceResult(t, span, sim_days, lam, gpu_sigma, dur_median, dur_sigma, offered, [])
    print(f"  trace {name}: {lam:.2f} jobs/h for {sim_days} days, GPUs lognormal(median {t.med_gpus:g}, "
          f"sigma {gpu_sigma:.3f}) capped at {t.max_gpus}, durations lognormal(median {dur_median:.4f} h, "
          f"sigma {dur_sigma:.3f}); offered load {offered:.0f} GPUs", flush=True)
    for util in utils:
        for policy in policies:
            gpus = 8 * math.ceil(offered / util / 8)
            gpus = max(gpus, 8 * math.ceil(t.max_gpus / 8))  # the largest job must fit
            run = TraceRun(policy, util, gpus)
            res.runs.append(run)
            scenario = fleet_scenario(
                f"validation_trace_{name.lower()}_{policy}_u{round(100 * util)}",
                f"{name}-like job stream on {gpus} GPUs ({policy})",
                days=sim_days + 30, sku="VAL_SERVER8", racks=gpus // 8, rack_kw=SERVER8_SKU["rack_power_kw"],
                catalog={"VAL_SERVER8": SERVER8_SKU}, seed=seed,
                sources=[f"{TRACE_CSV.name} row {name} (AcmeTrace, CC-BY 4.0); {TRACE_SPAN_SOURCE[name]}"],
                workloads=stream_workload(
                    name.lower(), policy=policy, lam=lam, days=sim_days, max_gpus=t.max_gpus,
                    gpus={"dist": "lognormal", "median": t.med_gpus, "sigma": gpu_sigma},
                    duration={"dist": "lognormal", "median": dur_median, "sigma": dur_sigma}))
            try:
                out = r.run(scenario)
                data = read_stream(out, name.lower(), gpus,
                                   dt.datetime.combine(START + dt.timedelta(days=sim_days), dt.time()))
                run.jobs, run.never_started = data.jobs, data.never_started
                run.window_util = data.window_util
                run.waited = sum(1 for w in data.waits if w > 0) / len(data.waits) if data.waits else None
                waits = sorted(w * 3600.0 for w in data.waits)
                if not waits:
                    raise CaseError("no job started after the warm-up")
                run.mean_wait_s = statistics.fmean(waits)
                run.median_wait_s = statistics.median(waits)
                run.p90_wait_s = waits[min(len(waits) - 1, int(0.9 * len(waits)))]
                load_summary(out)
                print(f"    {policy}, target utilization {util:.0%} ({gpus} GPUs): wait mean "
                      f"{run.mean_wait_s:.0f} s, median {run.median_wait_s:.0f} s", flush=True)
            except (CaseError, ValueError, KeyError) as e:
                run.error = str(e)
                print(f"    ERROR: {e}", flush=True)
    return res


# --------------------------------------------------------------------------------------------
# The document

def fmt_num(x: float | None, digits: int = 4) -> str:
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    if abs(x) >= 1e5 or abs(x) < 1e-3:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}"


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def md_queue_section(results: list[QueueResult]) -> list[str]:
    out = []
    out.append("| case | GPUs (c) | SKU | lambda (/h) | service | rho | jobs | P(wait): reference / model | "
               "model Wq (h) | 95% CI (batch means) | reference Wq (h) | in 95% CI | lag-1 r | result |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for res in results:
        c = res.case
        # P(an arrival waits): Erlang C in M/M/c; rho in M/G/1 (Poisson arrivals see time averages)
        pw_ref = fmt_num(res.ref["erlang_c"] if "erlang_c" in res.ref else res.ref["rho"])
        if res.error:
            out.append(f"| {c.key} | {c.c} | {c.sku} | {c.lam:g} | {c.service_label} | {res.ref['rho']:.3g} | n/a | "
                       f"{pw_ref} / n/a | n/a | n/a | {fmt_num(res.ref['wq'])} | n/a | n/a | **ERROR** |")
            continue
        bm = res.bm
        pw_model = f"{res.waited.mean:.4f} &plusmn; {res.waited.half95:.4f}" if res.waited else "n/a"
        inside = abs(bm.mean - res.ref["wq"]) <= bm.half95
        out.append(f"| {c.key} | {c.c} | {c.sku} | {c.lam:g} | {c.service_label} | {res.ref['rho']:.3g} | "
                   f"{res.jobs:,} | {pw_ref} / {pw_model} | {fmt_num(bm.mean)} | "
                   f"[{fmt_num(bm.mean - bm.half95)}, {fmt_num(bm.mean + bm.half95)}] | {fmt_num(res.ref['wq'])} | "
                   f"{'yes' if inside else 'no'} | {bm.lag1:+.2f} | {verdict(res.passed)} |")
    notes = []
    for res in results:
        if res.error:
            notes.append(f"- {res.case.key}: ERROR: {res.error}")
        elif res.never_started:
            notes.append(f"- {res.case.key}: {res.never_started} of {res.jobs} jobs never started (censored).")
    if notes:
        out += [""] + notes
    return out


def write_doc(path: pathlib.Path, *, quick: bool, version: str, command: str, queue_jobs: int, per_busy: int,
              mmc: list[QueueResult], mg1: list[QueueResult], llama: LlamaResult | None,
              traces: list[TraceResult], skipped: list[str], family_size: int,
              checkpoint: checkpoint_cost.CheckpointResult | None = None,
              ettr_res: ettr.EttrResult | None = None,
              fabric_res: fabric_binomial.FabricResult | None = None,
              interconnect_res: interconnect_lbnl.InterconnectResult | None = None,
              epoch_res: epoch_1gw.EpochResult | None = None) -> None:
    L: list[str] = []
    L.append("# Validation: the job model beside closed forms and public data")
    L.append("")
    L.append("<!-- generated by benches/validation/make_validation.py; do not edit -->")
    L.append("*Generated by `benches/validation/make_validation.py`; do not edit.* Regenerate with "
             "`.venv/bin/python benches/validation/make_validation.py` (add `--quick` for a smoke run).")
    L.append("")
    mode = "**quick** (small runs: wide intervals, not a validation)" if quick else "full"
    L.append(f"- gwsim: `{version}`; mode: {mode}")
    L.append(f"- command: `{command}`")
    L.append("- job model: [jobs.md](jobs.md); scenario format: [scenarios.md](scenarios.md#workloads); "
             "failure catalog: [model.md](model.md#built-in-failure-classes)")
    L.append("")

    # summary
    L.append("## Summary")
    L.append("")
    L.append("| case | criterion | result |")
    L.append("|---|---|---|")
    for res in mmc + mg1:
        L.append(f"| {res.case.model} {res.case.key} | reference Wq inside the model's "
                 f"{100 * (1 - (1 - FAMILY_CONFIDENCE) / family_size):.2f}% batch-means interval "
                 f"(family-wise {FAMILY_CONFIDENCE:.0%}) | {'**ERROR**' if res.error else verdict(res.passed)} |")
    if llama is not None:
        lo, hi = llama.band
        L.append(f"| Llama 3 interruptions | mean over seeds within 419 &plusmn; 2 sqrt(419) = [{lo:.0f}, {hi:.0f}] "
                 f"| {verdict(llama.interruptions_pass)} |")
        L.append(f"| Llama 3 effective training time | mean over seeds above 90% | {verdict(llama.ett_pass)} |")
    for tr in traces:
        L.append(f"| {tr.trace.name} queue times | none (a comparison) | see below |")
    if checkpoint is not None:
        L.append(f"| checkpoint cost: mean wall time | the renewal formula's E[T] inside the family-wise interval at "
                 f"every interval | {verdict(checkpoint.formula_pass)} |")
        L.append(f"| checkpoint cost: optimum | the formula's best interval not significantly worse than the "
                 f"simulated best | {verdict(checkpoint.optimum_pass)} |")
        L.append(f"| checkpoint cost: C > 0 | effective time below C = 0 at every interval | "
                 f"{verdict(checkpoint.cost_pass)} |")
    if ettr_res is not None:
        L.append("| ETTR beside Meta's closed form and the renewal model | none (a comparison; see f) | see below |")
        if ettr_res.llama is not None:
            L.append(f"| ETTR: Llama 3-like run | simulated ETTR above 90% | {verdict(ettr_res.llama.mean > 0.9)} |")
    if fabric_res is not None:
        L.append(f"| fabric domains: 16 domains | every P(K >= k) within 4 standard errors of the binomial | "
                 f"{verdict(fabric_res.small_pass)} |")
        L.append(f"| fabric domains: TPU superpod | 95% Wilson interval of P(K >= 130 of 144) contains 0.95 | "
                 f"{verdict(fabric_res.tpu_pass)} |")
    if interconnect_res is not None:
        L.append(f"| interconnection: median request to energization | within {interconnect_lbnl.TOLERANCE_Y} "
                 f"years of LBNL's ~5 | {verdict(interconnect_res.median_pass)} |")
        L.append(f"| interconnection: withdrawal | energized share inside the 99.9% binomial band of 19% | "
                 f"{verdict(interconnect_res.withdrawn_pass)} |")
    if epoch_res is not None:
        L += epoch_1gw.summary_rows(epoch_res)
    for s in skipped:
        L.append(f"| {s} | not run | skipped |")
    L.append("")

    # method
    L.append("## Method for the queueing cases")
    L.append("")
    L.append(
        "Each queueing case is one site whose whole fleet is delivered on the start date and in service "
        "within seconds (power and slots ample; one install crew per rack at 100,000 racks per crew-week, "
        "i.e. about 6 s per rack; no burn-in; failures disabled with `\"failures\": {\"enabled\": false}`), "
        "and one stream of 1-GPU jobs (`gpus` fixed 1) with Poisson arrivals (`arrivals_per_hour` = lambda), "
        f"policy `fifo`, stopped after `max_jobs` arrivals ({queue_jobs:,}, or {per_busy} a if more, where "
        "a = lambda E[S] is the mean number of busy GPUs: with many servers the queue's excursions last "
        "about a mean duration however many jobs pass meanwhile, so the job count must grow with a for the "
        f"same precision, and the warm-up below then lasts at least {per_busy // 10} mean durations while "
        "the empty fleet fills), with three days after the stream for the queue to drain. "
        "The fleet has exactly c GPUs: a scenario `catalog` SKU with one "
        "GPU per rack, or whole `H100_HGX` racks of 32 GPUs.")
    L.append("")
    L.append(
        f"From `jobs.csv`, in submission order, the first {WARMUP_FRACTION:.0%} of the jobs are discarded "
        "(the system starts empty) and the mean of `wait_hours` of the rest is estimated with a confidence "
        f"interval by the method of batch means: {BATCHES} consecutive batches of equal size, the interval "
        f"mean &plusmn; t(0.975, {BATCHES - 1}) s / sqrt({BATCHES}) with s the standard deviation of the batch "
        "means. Successive waits are strongly autocorrelated, so the i.i.d. formula would be far too narrow; "
        "the lag-1 autocorrelation of the batch means is shown as a check that the batches are long enough "
        "(it should be near 0). The reference is `benches/queueing_reference` (Boost.Math, "
        "`sim/jobs/queueing.hpp`).")
    L.append("")
    L.append(
        f"PASS/FAIL: with {family_size} queueing cases, each tested at the 95% level, a correct simulator "
        f"would fail at least one about {100 * (1 - 0.95 ** family_size):.0f}% of the time. The criterion is "
        f"therefore the Bonferroni-corrected interval (level 1 - 0.05/{family_size} each, so that the whole "
        "family fails a correct model at most 5% of the time); the table also says whether the reference "
        "lies inside the plain 95% interval. Seeds are fixed, so the results are reproducible.")
    L.append("")

    if mmc:
        L.append("## a. M/M/c against Erlang C")
        L.append("")
        L.append(
            "Exponential durations with mean 1/mu; the reference is Wq = C(c, a) / (c mu - lambda) with "
            "a = lambda / mu and C the Erlang C probability of waiting. The model's fraction of jobs that "
            "waited at all (wait > 0) is shown beside C with its own batch-means 95% interval (not a criterion; "
            "the first job waits the 6 s install time).")
        L.append("")
        L += md_queue_section(mmc)
        L.append("")
    if mg1:
        L.append("## b. M/G/1 against Pollaczek-Khinchine")
        L.append("")
        L.append(
            "One GPU, non-exponential durations; the reference is Wq = lambda E[S^2] / (2 (1 - rho)), and "
            "the probability of waiting is rho (Poisson arrivals see the server busy a fraction rho of the time). "
            "Lognormal: mean = median exp(sigma^2 / 2), variance = mean^2 (exp(sigma^2) - 1); "
            "uniform on [a, b]: variance (b - a)^2 / 12.")
        L.append("")
        L += md_queue_section(mg1)
        L.append("")
        L.append("| case | lambda (/h) | E[S] (h) | Var[S] (h^2) | reference Wq (h) |")
        L.append("|---|---|---|---|---|")
        for res in mg1:
            L.append(f"| {res.case.key} | {res.case.lam:g} | {res.case.mean_s:g} | {res.case.var_s:.6g} | "
                     f"{fmt_num(res.ref['wq'], 6)} |")
        L.append("")

    if llama is not None:
        p = llama.params
        lo, hi = llama.band
        exposure_h = 24 * LLAMA_DAYS
        lost_per = p["checkpoint_hours"] / 2 + p["restart_hours"]
        ett_expected = 1 - LLAMA_UNEXPECTED * lost_per / exposure_h
        L.append("## c. Llama 3 405B: interruptions and effective training time")
        L.append("")
        L.append(
            f"Meta's Llama 3 405B pre-training (\"The Llama 3 Herd of Models\", Table 5; facts.md): "
            f"{LLAMA_GPUS:,} H100 GPUs over a {LLAMA_DAYS}-day snapshot had {LLAMA_UNEXPECTED} unexpected "
            "interruptions, and effective training time was above 90%. The built-in failure classes "
            "(model.md) are these counts turned into per-GPU rates, so the model should reproduce 419 "
            "in expectation; a single 54-day snapshot is itself one Poisson draw, so the band is "
            f"419 &plusmn; 2 sqrt(419) = [{lo:.0f}, {hi:.0f}], and the criterion is that the model's mean "
            "over seeds lies in it.")
        L.append("")
        L.append(
            f"Scenario: {p['racks']} `H100_HGX` racks ({p['gpus']:,} GPUs: the job's {LLAMA_GPUS:,} plus "
            f"{p['spare_gpus']} spare, about 5% as Cui et al. recommend, facts.md) in service from the start, "
            f"failures on with the built-in catalog, {p['technicians']} technicians and {p['spare_nodes']} spare "
            f"nodes (restocked after {p['spare_restock_days']} days), so that repairs never hold the job; one "
            f"training job of {LLAMA_GPUS:,} GPUs submitted at the start with `wall_hours` {p['wall_hours']} "
            f"(longer than the {LLAMA_DAYS}-day horizon, so it runs throughout), `checkpoint_hours` "
            f"{p['checkpoint_hours']} and `restart_hours` {p['restart_hours']} (of the order Meta describes: "
            "frequent checkpoints and automated restarts). A failure anywhere in the fleet hits the job with "
            "probability busy / up GPUs (jobs.md), so the job sees the catalog's rate on its own GPUs, and the "
            "fleet's failures (all racks, spares included) are about 538/512 of the job's interruptions. "
            f"The horizon is {LLAMA_DAYS} days exactly (`end` is the last simulated day, inclusive).")
        L.append("")
        L.append(
            f"Back of the envelope: each interruption loses on average half a checkpoint interval plus the "
            f"restart, {lost_per:.3f} h, so {LLAMA_UNEXPECTED} interruptions in {exposure_h} h give an "
            f"effective training time of about 1 - {LLAMA_UNEXPECTED} x {lost_per:.3f} / {exposure_h} = "
            f"{100 * ett_expected:.1f}%.")
        L.append("")
        L.append("| seed | interruptions | effective training time | lost GPU-hours | fleet failures | completed |")
        L.append("|---|---|---|---|---|---|")
        for run in llama.runs:
            if run.error:
                L.append(f"| {run.seed} | ERROR: {run.error} | | | | |")
            else:
                failures = run.failures if run.failures is not None else "n/a"
                L.append(f"| {run.seed} | {run.interruptions} | {100 * run.ett:.2f}% | {run.lost_gpu_hours:,.0f} | "
                         f"{failures} | {'yes' if run.completed else 'no'} |")
        mi, me = llama.mean_interruptions, llama.mean_ett
        L.append("")
        L.append("| quantity | model (mean over seeds) | reference | result |")
        L.append("|---|---|---|---|")
        L.append(f"| unexpected interruptions in {LLAMA_DAYS} days | {fmt_num(mi, 4)} | {LLAMA_UNEXPECTED} "
                 f"(band [{lo:.0f}, {hi:.0f}]) | {verdict(llama.interruptions_pass)} |")
        L.append(f"| effective training time | {'n/a' if me is None else f'{100 * me:.2f}%'} | above 90% | "
                 f"{verdict(llama.ett_pass)} |")
        L.append("")

    if traces:
        L.append("## d. Queue times beside public GPU cluster traces (a comparison, not a fit)")
        L.append("")
        L.append(
            "A job stream parameterised from one row of `gpu_cluster_trace_summary.csv` (AcmeTrace, CC-BY 4.0; "
            "facts.md) runs on a fixed fleet of 8-GPU servers, and the model's queue times are set beside the "
            "trace's `avg_que_time_gpu` and `med_que_time_gpu`. Nothing is tuned to make them agree. "
            "Assumptions:")
        L.append("")
        L.append("- Arrivals are Poisson at the trace's average rate, `gpu_job_num` over the trace span (the span "
                 "is not in the CSV; see the table). Real submissions are bursty, with daily and weekly cycles, "
                 "which lengthens real queues.")
        L.append("- GPUs per job: lognormal with the trace's median `med_gpu_num`, sigma chosen so that the mean "
                 "after gwsim's rounding up to an integer and capping at `max_gpu` equals `avg_gpu_num`.")
        L.append("- Durations: lognormal with the trace's median `med_run_time_gpu` and mean `avg_run_time_gpu` "
                 "(sigma = sqrt(2 ln(mean / median))). Trace run times include failed and cancelled jobs; here "
                 "every job runs its drawn duration. The fitted tail is heavier than the trace's: a share of the "
                 "load comes from durations longer than the trace's longest job (`max_run_time_gpu`; see the "
                 "parameter table), and such jobs take months to accumulate, so the fleet fills slowly: the "
                 "realized utilization over the arrival window is shown beside the target.")
        L.append("- The fleet size is not taken from the trace (cluster sizes changed over the traces and jobs "
                 "were confined to virtual clusters): it is set from the offered load (arrival rate x mean GPUs x "
                 "mean duration) for a few target utilizations, and is at least the largest job. One pooled "
                 "queue, no virtual-cluster quotas, no placement or locality constraints, no failures, no "
                 "scheduling latency (a job starts at its submission instant when GPUs are free): the model's "
                 "queues are what load alone produces.")
        L.append(f"- Waits: all jobs after the first {WARMUP_FRACTION:.0%} in submission order; the fleet "
                 "starts empty.")
        L.append("")
        for tr in traces:
            t = tr.trace
            mu_log = math.log(tr.dur_median_h)
            x_max = t.max_run_s / 3600.0
            nd = statistics.NormalDist()
            p_over = 1.0 - nd.cdf((math.log(x_max) - mu_log) / tr.dur_sigma)
            load_over = 1.0 - nd.cdf((math.log(x_max) - mu_log - tr.dur_sigma ** 2) / tr.dur_sigma)
            L.append(f"### {t.name}")
            L.append("")
            L.append("| parameter | value |")
            L.append("|---|---|")
            L.append(f"| trace span | {TRACE_SPAN_SOURCE[t.name]} |")
            L.append(f"| GPU jobs in the trace | {t.gpu_jobs:,} |")
            L.append(f"| arrival rate | {tr.lam:.2f} jobs/h |")
            L.append(f"| simulated | {tr.sim_days} days of arrivals"
                     f"{' (a window of the span)' if tr.sim_days < tr.span_days else ''}, then 30 days to drain |")
            L.append(f"| GPUs per job | lognormal, median {t.med_gpus:g}, sigma {tr.gpu_sigma:.3f}, cap {t.max_gpus} "
                     f"(trace: mean {t.avg_gpus:g}, median {t.med_gpus:g}, max {t.max_gpus}) |")
            L.append(f"| duration | lognormal, median {tr.dur_median_h:.4f} h, sigma {tr.dur_sigma:.3f} "
                     f"(trace: mean {t.avg_run_s:,.0f} s, median {t.med_run_s:,.0f} s, max {t.max_run_s:,.0f} s) |")
            L.append(f"| durations beyond the trace's longest job | {100 * p_over:.2f}% of jobs, "
                     f"{100 * load_over:.0f}% of the load |")
            L.append(f"| offered load | {tr.offered_gpus:,.0f} GPUs busy on average |")
            L.append("")
            L.append("| policy | fleet GPUs | target utilization | realized utilization (arrival window) | jobs | "
                     "jobs that waited | model mean wait (s) | model median wait (s) | model p90 wait (s) | "
                     "trace mean (s) | trace median (s) | model / trace mean |")
            L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
            for run in tr.runs:
                if run.error:
                    L.append(f"| {run.policy} | {run.fleet_gpus:,} | {run.target_util:.0%} | ERROR: {run.error} "
                             f"| | | | | | {t.avg_que_s:,.0f} | {t.med_que_s:,.0f} | |")
                    continue
                util = "n/a" if run.window_util is None else f"{run.window_util:.1%}"
                waited = "n/a" if run.waited is None else f"{run.waited:.2%}"
                ratio = f"{run.mean_wait_s / t.avg_que_s:.2g}" if t.avg_que_s > 0 else "n/a"
                L.append(f"| {run.policy} | {run.fleet_gpus:,} | {run.target_util:.0%} | {util} | {run.jobs:,} | "
                         f"{waited} | {run.mean_wait_s:,.0f} | {run.median_wait_s:,.0f} | {run.p90_wait_s:,.0f} | "
                         f"{t.avg_que_s:,.0f} | {t.med_que_s:,.0f} | {ratio} |")
            for run in tr.runs:
                if run.never_started:
                    L.append("")
                    L.append(f"{run.policy} at {run.target_util:.0%}: {run.never_started} jobs never started by "
                             "the horizon (left out of the waits).")
            ok = [run for run in tr.runs if run.error is None and run.mean_wait_s is not None]
            if ok:
                reach = [run for run in ok if run.mean_wait_s >= t.avg_que_s]
                lowest = min(reach, key=lambda x: x.target_util) if reach else None
                L.append("")
                zero_median = all(run.median_wait_s == 0 for run in ok)
                median_text = ("0 in every run (most jobs start the instant they are submitted)" if zero_median
                               else f"at most {max(run.median_wait_s for run in ok):,.0f} s")
                trace_median = ("as is the trace's" if t.med_que_s == 0 and zero_median
                                else f"against the trace's {t.med_que_s:,.0f} s")
                mean_text = (f"reaches the trace's {t.avg_que_s:,.0f} s only from a target utilization of "
                             f"{lowest.target_util:.0%} ({lowest.policy})" if lowest else
                             f"stays below the trace's {t.avg_que_s:,.0f} s in every run (at most "
                             f"{max(run.mean_wait_s for run in ok):,.0f} s)")
                L.append(f"Reading: the model's median wait is {median_text}, {trace_median}; its mean wait "
                         f"{mean_text}. Pooled Poisson load alone does not produce the trace's queues; quotas, "
                         "burstiness, placement and scheduler latency, none of which are modelled, would have "
                         "to account for the rest.")
            L.append("")
    if checkpoint is not None:
        L += checkpoint_cost.md_section(checkpoint, FAMILY_CONFIDENCE)
    if ettr_res is not None:
        L += ettr.md_section(ettr_res)
    if fabric_res is not None:
        L += fabric_binomial.md_section(fabric_res)
    if interconnect_res is not None:
        L += interconnect_lbnl.md_section(interconnect_res)
    if epoch_res is not None:
        L += epoch_1gw.md_section(epoch_res)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(L).rstrip() + "\n")


# --------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", type=pathlib.Path,
                    help="CMake build directory holding gwsim and benches/queueing_reference (default build/release)")
    ap.add_argument("--quick", action="store_true", help="small runs (for tests): wide intervals, minutes less")
    ap.add_argument("--output", type=pathlib.Path, default=ROOT / "docs" / "validation.md",
                    help="where to write the document (default docs/validation.md)")
    ap.add_argument("--cases", default="mmc,mg1,llama,trace,checkpoint,ettr,fabric,interconnect,epoch",
                    help="comma-separated subset of mmc, mg1, llama, trace, checkpoint, ettr, fabric, interconnect, "
                         "epoch (default all)")
    ap.add_argument("--keep", type=pathlib.Path, help="keep scenarios and outputs in this directory")
    ap.add_argument("--dry-run", action="store_true",
                    help="write the scenarios, `gwsim validate` them and print the references; run nothing")
    args = ap.parse_args()

    build = args.build if args.build.is_absolute() else ROOT / args.build
    cases = {c.strip() for c in args.cases.split(",") if c.strip()}
    unknown = cases - {"mmc", "mg1", "llama", "trace", "checkpoint", "ettr", "fabric", "interconnect", "epoch"}
    if unknown:
        print(f"error: unknown case(s) {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for binary in (build / "gwsim", build / "benches" / "queueing_reference"):
        if not binary.exists():
            print(f"error: {binary} not found: build it first (cmake --build {build})", file=sys.stderr)
            return 2

    queue_jobs = 30_000 if args.quick else 200_000
    per_busy = 200 if args.quick else 1000
    llama_seeds = [1, 2, 3] if args.quick else list(range(1, 11))
    checkpoint_seeds = list(range(1, 41)) if args.quick else list(range(1, 201))
    trace_utils = [0.7] if args.quick else [0.5, 0.7, 0.9, 0.95, 0.98]
    trace_policies = ["fifo", "easy_backfill"]
    # (trace, days of arrivals simulated: None = the whole span)
    traces_to_run = [("Philly", 10)] if args.quick else [("Philly", None), ("Helios", 60)]

    tmp = None
    if args.keep:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="gwsim-validation-")
        work = pathlib.Path(tmp.name)
    r = Runner(build, work)
    t0 = time.perf_counter()
    queue = ([c for c in mmc_cases()] if "mmc" in cases else []) + ([c for c in mg1_cases()] if "mg1" in cases else [])
    family_size = max(1, len(queue))

    if args.dry_run:
        status = 0
        for case in queue:
            ref = (r.reference("mmc", case.lam, 1 / case.mean_s, case.c) if case.model == "M/M/c"
                   else r.reference("mg1", case.lam, case.mean_s, case.var_s))
            print(f"{case.key}: {json.dumps(ref)}")
        scenarios = [queue_scenario(case, case_jobs(case, queue_jobs, per_busy)) for case in queue]
        if "llama" in cases:
            scenarios.append(llama_scenario(llama_params()))
        if "checkpoint" in cases:
            scenarios.append(checkpoint_cost.scenario(fleet_scenario, START, checkpoint_cost.TAUS[0],
                                                      checkpoint_cost.COST_H))
        for s in scenarios:
            ok, msg = r.validate(s)
            print(f"{'ok  ' if ok else 'FAIL'} {s['name']}: {msg.splitlines()[0] if msg else ''}")
            status |= 0 if ok else 1
        if args.keep:
            print(f"scenarios in {work}")
        return status

    mmc_res: list[QueueResult] = []
    mg1_res: list[QueueResult] = []
    llama_res: LlamaResult | None = None
    trace_res: list[TraceResult] = []
    checkpoint_res: checkpoint_cost.CheckpointResult | None = None
    ettr_res: ettr.EttrResult | None = None
    fabric_res: fabric_binomial.FabricResult | None = None
    interconnect_res: interconnect_lbnl.InterconnectResult | None = None
    epoch_res: epoch_1gw.EpochResult | None = None
    skipped: list[str] = []
    try:
        if "mmc" in cases:
            print("a. M/M/c against Erlang C", flush=True)
            mmc_res = [run_queue_case(r, c, queue_jobs, per_busy, family_size) for c in mmc_cases()]
        if "mg1" in cases:
            print("b. M/G/1 against Pollaczek-Khinchine", flush=True)
            mg1_res = [run_queue_case(r, c, queue_jobs, per_busy, family_size) for c in mg1_cases()]
        if "llama" in cases:
            print("c. Llama 3 405B reliability", flush=True)
            llama_res = run_llama(r, llama_seeds)
        if "trace" in cases:
            print("d. queue times beside public traces", flush=True)
            for i, (name, days) in enumerate(traces_to_run):
                trace_res.append(run_trace(r, name, trace_utils, trace_policies, days, seed=41 + i))
        if "checkpoint" in cases:
            print("e. checkpoint interval with a cost per checkpoint", flush=True)
            checkpoint_res = checkpoint_cost.run_checkpoint(r, fleet_scenario, START, checkpoint_seeds, t_quantile,
                                                            FAMILY_CONFIDENCE)
        if "ettr" in cases:
            print("f. effective training time ratio and warm standbys", flush=True)
            ettr_res = ettr.run_ettr(r, fleet_scenario, START)
        if "fabric" in cases:
            print("g. fabric domains against the binomial", flush=True)
            fabric_res = fabric_binomial.run_fabric(r.gwsim, args.quick)
        if "interconnect" in cases:
            print("h. grid interconnection beside LBNL", flush=True)
            interconnect_res = interconnect_lbnl.run_interconnect(r.gwsim, args.quick)
        if "epoch" in cases:
            print("i. money: Epoch AI's 1 GW breakdown and the AWS contract", flush=True)
            epoch_res = epoch_1gw.run_epoch(r.gwsim)
    except CaseError as e:  # e.g. the reference binary failing: nothing sensible to report
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        if tmp is not None:
            tmp.cleanup()
    for name in ("mmc", "mg1", "llama", "trace", "checkpoint", "ettr", "fabric", "interconnect", "epoch"):
        if name not in cases:
            skipped.append(name)

    command = "benches/validation/make_validation.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    write_doc(args.output, quick=args.quick, version=r.version(), command=command.strip(), queue_jobs=queue_jobs,
              per_busy=per_busy,
              mmc=mmc_res, mg1=mg1_res, llama=llama_res, traces=trace_res, skipped=skipped,
              family_size=family_size, checkpoint=checkpoint_res, ettr_res=ettr_res, fabric_res=fabric_res,
              interconnect_res=interconnect_res, epoch_res=epoch_res)
    failed = [res.case.key for res in mmc_res + mg1_res if not res.passed]
    if fabric_res is not None and not (fabric_res.small_pass and fabric_res.tpu_pass):
        failed.append("fabric domains against the binomial")
    if interconnect_res is not None and not (interconnect_res.median_pass and interconnect_res.withdrawn_pass):
        failed.append("grid interconnection beside LBNL")
    if epoch_res is not None and not (epoch_res.upfront_pass and epoch_res.tco_pass):
        failed.append("money beside Epoch AI's 1 GW breakdown")
    if llama_res is not None:
        if not llama_res.interruptions_pass:
            failed.append("llama3 interruptions")
        if not llama_res.ett_pass:
            failed.append("llama3 effective training time")
    if checkpoint_res is not None:
        failed += [f"checkpoint {what}" for what, ok in (("formula", checkpoint_res.formula_pass),
                                                          ("optimum", checkpoint_res.optimum_pass),
                                                          ("cost", checkpoint_res.cost_pass)) if not ok]
    trace_errors = [f"{tr.trace.name} {run.policy} u{run.target_util:.0%}" for tr in trace_res for run in tr.runs
                    if run.error]
    failed += trace_errors
    print(f"wrote {args.output} ({r.runs} gwsim runs, {r.sim_seconds:.0f} s simulating, "
          f"{time.perf_counter() - t0:.0f} s in all)")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("all criteria PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
