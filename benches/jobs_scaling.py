"""`make bench-jobs`: the job queue at scale, with EASY backfilling.

Fleets of 1e4 .. 1e6 GPUs (GB200 NVL72 racks online from the start, failures on) run streams of
1e4 .. 1e6 jobs (lognormal GPUs per job, median 8, and lognormal durations) at an offered load of
about 90% of the fleet, so queues form. Prints wall time, events/s and peak memory per point and the
log-log slope of wall time against jobs.
"""
import argparse
import datetime
import json
import math
import pathlib
import statistics
import subprocess
import sys
import tempfile

MEDIAN_GPUS, SIGMA_GPUS = 8, 1.2
MEDIAN_HOURS, SIGMA_HOURS = 2.0, 1.0


def scenario(gpus: int, jobs: int, burst: bool = False) -> dict:
    racks = math.ceil(gpus / 72)
    mean_gpus = MEDIAN_GPUS * math.exp(SIGMA_GPUS ** 2 / 2)
    mean_hours = MEDIAN_HOURS * math.exp(SIGMA_HOURS ** 2 / 2)
    # arrivals per hour for 90% offered load, or all jobs within the first hour (a queue of them all)
    rate = jobs if burst else 0.9 * racks * 72 / (mean_gpus * mean_hours)
    work_hours = jobs * mean_gpus * mean_hours / (racks * 72)
    days = math.ceil(max(jobs / rate, work_hours) / 24 * 1.2) + 3
    end_date = (datetime.date(2026, 1, 1) + datetime.timedelta(days=days)).isoformat()
    return {
        "gwsim_scenario": 1, "name": f"jobs_{gpus}_{jobs}", "start": "2026-01-01", "end": end_date, "seed": 1,
        "sites": [{"name": "a", "provider": "X", "pue": 1.2, "max_rack_power_kw": 140,
                   "buildings": [{"rack_slots": racks, "ready": "2026-01-01"}],
                   "power_stages": [{"date": "2026-01-01", "power_mw": racks * 0.132 * 1.2 + 1}],
                   "install": {"crews": racks, "racks_per_crew_per_week": 100000, "burn_in_hours": 0,
                               "burn_in_fail_prob": 0},
                   "repair": {"technicians": max(10, racks // 20), "spare_nodes": max(100, racks),
                              "spare_restock_days": 2}}],
        "orders": [{"sku": "GB200_NVL72", "site": "a", "deliveries": [{"date": "2026-01-01", "racks": racks}]}],
        "workloads": {"policy": "easy_backfill", "streams": [{
            "name": "batch", "start": "2026-01-02", "end": end_date, "arrivals_per_hour": rate, "max_jobs": jobs,
            "gpus": {"dist": "lognormal", "median": MEDIAN_GPUS, "sigma": SIGMA_GPUS},
            "duration_hours": {"dist": "lognormal", "median": MEDIAN_HOURS, "sigma": SIGMA_HOURS},
            "max_gpus": min(4096, racks * 72), "checkpoint_hours": 1}]},
    }


def run(gwsim: pathlib.Path, doc: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "s.json"
        path.write_text(json.dumps(doc))
        out = pathlib.Path(tmp) / "out"
        proc = subprocess.run([str(gwsim), "run", str(path), "--out", str(out), "--quiet"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        info = json.loads((out / "run_info.json").read_text())
        summary = json.loads((out / "summary.json").read_text())
    return {"events": info["events"], "wall_s": info["wall_s"], "peak_rss_mb": info["peak_rss_mb"],
            "jobs": summary["jobs"]["submitted"],
            "util": summary["jobs"]["utilization"],  # check_columns: not the column (busy / up GPU-hours, whole run)
            "wait": summary["jobs"]["wait_hours"]["mean"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    args = ap.parse_args()
    gwsim = args.build / "gwsim"
    points = []
    print("| GPUs | jobs | events | wall s | events/s | peak MB | utilization | mean wait h |")
    print("|---|---|---|---|---|---|---|---|")
    for gpus in (10_000, 100_000, 1_000_000):
        for jobs in (10_000, 100_000, 1_000_000):
            r = run(gwsim, scenario(gpus, jobs))
            points.append((gpus, r))
            print(f"| {gpus:,} | {r['jobs']:,} | {r['events']:,} | {r['wall_s']:.2f} | "
                  f"{r['events'] / r['wall_s'] / 1e6:.2f} M | {r['peak_rss_mb']:.0f} | "
                  f"{r['util']:.2f} | {r['wait']:.2f} |",
                  flush=True)
    print("\nBurst: all jobs submitted within one hour, so the queue holds nearly all of them:\n")
    print("| GPUs | jobs | events | wall s | events/s | peak MB | utilization | mean wait h |")
    print("|---|---|---|---|---|---|---|---|")
    for gpus, jobs in ((10_000, 100_000), (10_000, 1_000_000), (1_000_000, 1_000_000)):
        r = run(gwsim, scenario(gpus, jobs, burst=True))
        print(f"| {gpus:,} | {r['jobs']:,} | {r['events']:,} | {r['wall_s']:.2f} | "
              f"{r['events'] / r['wall_s'] / 1e6:.2f} M | {r['peak_rss_mb']:.0f} | {r['util']:.2f} | {r['wait']:.1f} |",
              flush=True)
    print()
    for gpus in sorted({g for g, _ in points}):
        pts = [r for g, r in points if g == gpus]
        xs = [math.log(r["jobs"]) for r in pts]
        ys = [math.log(r["wall_s"]) for r in pts]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
        print(f"{gpus:,} GPUs: log-log slope of wall time against jobs = {slope:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
