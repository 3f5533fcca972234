#!/usr/bin/env python3
"""Sequential PHOLD benchmark (ROSS semantics) on SimPy 4.

Model (identical to benches/simgrid/phold_simgrid.cpp):
  * N logical processes (LPs), numbered 0..N-1.
  * Initially every LP i holds K events, each at time 0.1 + Exp(mean 0.9).
  * Processing an event at LP i at time t counts as one event, then:
      - draw u ~ U[0,1); if u < P the destination is uniform over all N LPs,
        otherwise it is i itself (draw order: u, [destination], delay);
      - schedule one new event at the destination at t + 0.1 + Exp(mean 0.9).
  * Only events with time <= T are processed; events = number processed.
  * A single RNG stream, random.Random(S): random() for u, randrange(N) for
    the remote destination, expovariate(1/0.9) for the delay.

Mapping onto SimPy:
  * The LPs have no state beyond their index, so an LP is not a process: an
    event in flight is a plain ``env.timeout(delay, value=dest_lp)`` with one
    shared handler appended to its ``callbacks`` list.  SimPy's event loop
    (``Environment.step``) pops it from the heap at its due time and calls the
    handler, which counts it and creates the next timeout.  This avoids a
    generator process (and its Initialize/Process events) per token, which is
    the cheapest SimPy-native mechanism: one Timeout object + one heap entry
    per event.
  * ``env.run(until=T)`` stops at T.  SimPy schedules the stop event with
    URGENT priority, so events at exactly T would not be processed; times are
    continuous, so this matches "time <= T" with probability 1.
  * Pending events beyond T stay in the heap (as in ROSS), so the heap holds
    N*K entries throughout; 4 Mi pending events need roughly 2 GB.

Output: one JSON line on stdout.  wall_s covers setup + run (monotonic
clock); peak_rss_mb is ru_maxrss / 1024 (Linux reports KiB).  The process
exits with os._exit right after printing, skipping the teardown.  Python's
cyclic GC is left at its defaults (it costs a few % of the run for 0.26 Mi
pending events and about 30% for 1 Mi).
Bad arguments: message on stderr, exit status 2 (argparse convention).
"""

import argparse
import json
import math
import os
import random
import resource
import sys
import time

import simpy

MEAN_DELAY = 0.9  # mean of the exponential part of the delay
LOOKAHEAD = 0.1   # constant part of the delay


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Sequential PHOLD on SimPy 4 (ROSS semantics).")
    p.add_argument("--lps", type=int, default=1024, help="number of LPs N (>= 1)")
    p.add_argument("--events-per-lp", type=int, default=1, help="initial events per LP K (>= 1)")
    p.add_argument("--remote", type=float, default=0.25, help="probability P in [0,1] of a remote destination")
    p.add_argument("--end", type=float, default=100.0, help="end of simulated time T (> 0)")
    p.add_argument("--seed", type=int, default=1, help="RNG seed S (0 <= S < 2**64)")
    a = p.parse_args(argv)
    if a.lps < 1:
        p.error("--lps must be >= 1")
    if a.events_per_lp < 1:
        p.error("--events-per-lp must be >= 1")
    if not (0.0 <= a.remote <= 1.0):  # also rejects NaN
        p.error("--remote must be in [0, 1]")
    if not (a.end > 0.0 and math.isfinite(a.end)):
        p.error("--end must be a finite number > 0")
    if not (0 <= a.seed < 2**64):
        p.error("--seed must be in [0, 2**64)")
    return a


def run_phold(n, k, remote, end, seed):
    """Build and run the model.

    Returns (events processed, wall seconds for setup + run, environment).
    The environment is handed back so that freeing the pending events (which
    takes a while for millions of them) happens outside the timed region.
    """
    t0 = time.monotonic()
    env = simpy.Environment()
    rng = random.Random(seed)

    # Local bindings: env.timeout is a descriptor that builds a fresh
    # functools.partial on each attribute access, so fetch it once.
    timeout = env.timeout
    rand = rng.random
    randrange = rng.randrange
    expo = rng.expovariate
    lambd = 1.0 / MEAN_DELAY
    processed = 0

    def on_event(ev):
        """Process one PHOLD event; ev.value is the LP it was sent to."""
        nonlocal processed
        processed += 1
        dest = randrange(n) if rand() < remote else ev.value
        timeout(LOOKAHEAD + expo(lambd), dest).callbacks.append(on_event)

    for lp in range(n):
        for _ in range(k):
            timeout(LOOKAHEAD + expo(lambd), lp).callbacks.append(on_event)

    env.run(until=end)
    return processed, time.monotonic() - t0, env


def main(argv=None):
    a = parse_args(argv)
    events, wall, _env = run_phold(a.lps, a.events_per_lp, a.remote, a.end, a.seed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({
        "impl": "simpy",
        "lps": a.lps,
        "events_per_lp": a.events_per_lp,
        "remote": a.remote,
        "end": a.end,
        "seed": a.seed,
        "events": events,
        "wall_s": wall,
        "events_per_s": events / wall if wall > 0 else 0.0,
        "peak_rss_mb": peak_mb,
    }), flush=True)
    # Leave without tearing the simulation down: freeing millions of pending
    # events (plus the interpreter's final GC passes over them) is not part of
    # the measurement and can take longer than the run itself (about 40 s for
    # 4 Mi pending events).
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
