"""`make bench-python`: the Python layer's costs, and Monte Carlo on threads versus Dask.

1. The same scenario (openai_portfolio) run by the CLI and by gwsim.run (median of 3 each).
2. Turning a result of 1e6 rows into a DataFrame: a run with a million jobs; the zero-copy frame of
   its numeric columns, and the full Result.jobs (which adds datetime columns).
3. 1,000 replications of openai_aws_2026 with gwsim.monte_carlo: threads in this process versus a
   Dask LocalCluster of 2 worker processes.
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

import gwsim

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    ap.add_argument("--replications", type=int, default=1000)
    args = ap.parse_args()

    portfolio = ROOT / "scenarios" / "openai_portfolio.json"
    cli, py = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            subprocess.run([str(args.build / "gwsim"), "run", str(portfolio), "--out", out, "--quiet"], check=True)
            cli.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        r = gwsim.run(gwsim.load(portfolio))
        _ = r.timeseries, r.summary
        py.append(time.perf_counter() - t0)
    print("| path | wall s (median of 3) |\n|---|---|")
    print(f"| gwsim run (CLI, writes outputs) | {statistics.median(cli):.3f} |")
    print(f"| gwsim.run + .timeseries + .summary | {statistics.median(py):.3f} |")

    sys.path.insert(0, str(ROOT / "benches"))
    import jobs_scaling
    doc = jobs_scaling.scenario(10_000, 1_000_000)
    r = gwsim.run(gwsim.load(doc))
    raw = r._core.jobs_arrays()
    numeric = {k: v for k, v in raw.items() if k != "kind"}
    t = []
    for _ in range(20):
        t0 = time.perf_counter()
        df = pd.DataFrame(numeric, copy=False)
        t.append(time.perf_counter() - t0)
    assert np.shares_memory(df["gpus"].to_numpy(), raw["gpus"])
    t0 = time.perf_counter()
    _full = r.jobs  # bound, so that freeing it stays outside the timing
    t_full = time.perf_counter() - t0
    print(f"\n| DataFrame of {len(df):,} jobs | ms |\n|---|---|")
    print(f"| numeric columns, zero-copy (median of 20) | {statistics.median(t) * 1e3:.3f} |")
    print(f"| Result.jobs (adds datetime and category columns) | {t_full * 1e3:.1f} |")
    ts = r.timeseries
    print(f"\n(time series of that run: {len(ts):,} rows x {len(ts.columns)} columns)")

    aws = gwsim.load(ROOT / "scenarios" / "openai_aws_2026.json")
    n = args.replications
    t0 = time.perf_counter()
    a = gwsim.monte_carlo(aws, n=n, progress=False)
    t_threads = time.perf_counter() - t0
    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        b = gwsim.monte_carlo(aws, n=n, executor=client, progress=False)
        t_dask = time.perf_counter() - t0
    pd.testing.assert_frame_equal(a.bands, b.bands)
    t0 = time.perf_counter()
    _one = gwsim.monte_carlo(aws, n=max(1, n // 10),
                             executor=__import__("concurrent.futures").futures.ThreadPoolExecutor(1), progress=False)
    t_one = (time.perf_counter() - t0) * n / max(1, n // 10)
    print(f"\n| {n:,} replications of openai_aws_2026 | wall s | speed-up over 1 thread |\n|---|---|---|")
    print(f"| 1 thread (extrapolated from {max(1, n // 10)}) | {t_one:.1f} | 1.00 |")
    print(f"| threads in-process (2 cores) | {t_threads:.1f} | {t_one / t_threads:.2f} |")
    print(f"| Dask LocalCluster, 2 worker processes | {t_dask:.1f} | {t_one / t_dask:.2f} |")
    print("(identical bands from both executors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
