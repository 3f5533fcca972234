"""Common random numbers: how many fewer replications a paired comparison needs than independent streams.

A what-if of the shipped openai_aws_2026 scenario (the Oregon site with 12 install crews instead of 18, which
moves the date when 90% of the ordered racks are in service) against its base, on n replications:

  paired (CRN)  replication r of both on replication_seed(seed, r), as gwsim.compare runs them;
  independent   the what-if on another seed (replication_seed(seed + 1, r)), paired with the base by index.

Both give the mean difference of the date with its 95% Student's t interval (gwsim.Mean, C++). The interval's
width falls as 1/sqrt(n), so reaching the same width needs var(independent differences) / var(paired
differences) times as many replications with independent streams: the ratio printed.

    .venv/bin/python benches/crn_variance.py [--n 200] [--seed 20251103] [--threads 2]
"""
from __future__ import annotations

import argparse
import pathlib
import time

import pandas as pd

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "openai_aws_2026.json"
WHAT_IF = {"/sites/2/install/crews": 12}  # aws-us-west-2-oregon: 12 install crews instead of 18
QUANTITY = "in_service_90pct"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="replications of each side")
    ap.add_argument("--seed", type=int, default=20251103)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    base = gwsim.load(SCENARIO)
    what_if = base.override(WHAT_IF)
    t0 = time.perf_counter()
    paired = gwsim.compare(base, what_if, args.n, QUANTITY, seed=args.seed, threads=args.threads, progress=False)
    # the independent what-if: its own streams; the base's replications are those of the paired run
    other = gwsim.monte_carlo(what_if, args.n, seed=args.seed + 1, threads=args.threads, progress=False)
    wall = time.perf_counter() - t0
    origin = paired.base.origin
    b = paired.pairs["base"].to_numpy()
    v = ((other.replications[QUANTITY] - origin) / pd.Timedelta(days=1)).to_numpy(dtype="float64")
    independent = gwsim.Mean.of(v - b, unit="days")
    crn = paired.difference
    ratio = independent.sd ** 2 / crn.sd ** 2

    print(f"scenario {base.name}, what-if {WHAT_IF}, quantity {QUANTITY}, n={args.n}, seed {args.seed}")
    print(f"base      {paired.base}")
    print(f"what-if   {paired.what_if}")
    print(f"paired (common random numbers): {crn}  sd {crn.sd:.3f} days, 95% CI width {crn.width:.3f} days")
    print(f"independent streams:            {independent}  sd {independent.sd:.3f} days, "
          f"95% CI width {independent.width:.3f} days")
    print(f"variance ratio (independent / paired): {ratio:.1f}: independent streams need {ratio:.1f}x the "
          f"replications for the same interval width")
    print(f"wall {wall:.0f} s ({3 * args.n} runs)")


if __name__ == "__main__":
    main()
