"""`make bench`: gwsim's PHOLD beside the anchors, measured in one run on this machine.

Runs the same PHOLD model (benches/phold_common.hpp) on
  gwsim          gwsim::Engine (ladder queue)                 build/.../benches/phold
  gwsim-heap     gwsim's engine on its reference binary heap   build/.../benches/phold --queue heap
  pq             a minimal std::priority_queue core            build/.../benches/phold_pq
  simpy          SimPy 4 (pure Python)                         benches/simpy/phold_simpy.py
  simgrid        SimGrid 3 event core                          build/.../benches/phold_simgrid
at four configurations of about 2e7 events each, then the hold-model micro bench, and prints
tables of events/s and ratios with a verdict for each target of the foundation issue.
"""
import argparse
import json
import pathlib
import platform
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

# name: (LPs, events per LP, end time); end = 2e7 / (LPs * K) gives about 2e7 events
CONFIGS = {
    "A": (1024, 1, 19531.0),
    "B": (1024, 16, 1220.0),
    "C": (16384, 16, 76.3),
    "D": (262144, 16, 4.77),
}
REMOTE = 0.5
SEED = 1


def commands(build: pathlib.Path, python: str):
    b = build / "benches"
    cmds = {
        "gwsim": [str(b / "phold")],
        "gwsim-heap": [str(b / "phold"), "--queue", "heap"],
        "pq": [str(b / "phold_pq")],
        "simpy": [python, str(ROOT / "benches" / "simpy" / "phold_simpy.py")],
    }
    if (b / "phold_simgrid").exists():
        cmds["simgrid"] = [str(b / "phold_simgrid")]
    return cmds


def run_one(cmd, cfg):
    lps, k, end = cfg
    args = cmd + ["--lps", str(lps), "--events-per-lp", str(k), "--remote", str(REMOTE),
                  "--end", str(end), "--seed", str(SEED)]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench failed: {' '.join(args)}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fmt_rate(x):
    return f"{x / 1e6:.2f} M" if x >= 1e5 else f"{x / 1e3:.0f} k"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    ap.add_argument("--reps", type=int, default=3, help="repetitions of the C++ runs (median kept)")
    ap.add_argument("--configs", default="ABCD")
    ap.add_argument("--skip", default="", help="comma-separated implementations to skip")
    ap.add_argument("--json", type=pathlib.Path, default=None, help="also write all figures here")
    args = ap.parse_args()

    cmds = commands(args.build, sys.executable)
    for s in filter(None, args.skip.split(",")):
        cmds.pop(s, None)
    results = {}
    t_start = time.time()
    for name in args.configs:
        cfg = CONFIGS[name]
        for impl, cmd in cmds.items():
            reps = args.reps if impl in ("gwsim", "gwsim-heap", "pq") else 1
            runs = [run_one(cmd, cfg) for _ in range(reps)]
            rate = statistics.median(r["events_per_s"] for r in runs)
            best = min(runs, key=lambda r: abs(r["events_per_s"] - rate))
            results[(name, impl)] = best
            print(f"  {name} {impl:<11} {best['events']:>10,} events {best['wall_s']:8.2f} s "
                  f"{fmt_rate(best['events_per_s']):>9} ev/s {best['peak_rss_mb']:8.0f} MB", file=sys.stderr)

    impls = list(cmds)
    print(f"\nPHOLD, remote {REMOTE}, seed {SEED}; {platform.processor() or platform.machine()}, "
          f"{time.strftime('%Y-%m-%d')}; {time.time() - t_start:.0f} s in all\n")
    head = "| config | LPs x K | events | " + " | ".join(f"{i} ev/s" for i in impls)
    head += " | gwsim / pq | gwsim / SimPy | gwsim / SimGrid | gwsim peak MB |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    verdicts = []
    for name in args.configs:
        lps, k, _ = CONFIGS[name]
        g = results[(name, "gwsim")]
        row = f"| {name} | {lps:,} x {k} | {g['events']:,} | "
        row += " | ".join(fmt_rate(results[(name, i)]["events_per_s"]) for i in impls)

        def ratio(other, name=name, g=g):  # called in this iteration only
            if (name, other) not in results:
                return None
            return g["events_per_s"] / results[(name, other)]["events_per_s"]

        r_pq, r_simpy, r_sg = ratio("pq"), ratio("simpy"), ratio("simgrid")
        row += " | " + " | ".join("-" if r is None else f"{r:.1f}x" for r in (r_pq, r_simpy, r_sg))
        row += f" | {g['peak_rss_mb']:.0f} |"
        print(row)
        if r_pq is not None:
            need = 2.0 if name == "D" else 1.0
            verdicts.append((f"{name}: gwsim >= {need:g}x std::priority_queue", r_pq >= need, r_pq))
        if r_simpy is not None:
            verdicts.append((f"{name}: gwsim >= 30x SimPy", r_simpy >= 30, r_simpy))
        if r_sg is not None:
            verdicts.append((f"{name}: gwsim >= 10x SimGrid", r_sg >= 10, r_sg))
    print("\nTargets:")
    for what, ok, r in verdicts:
        print(f"  {'PASS' if ok else 'MISS'}  {what} (measured {r:.2f}x)")

    hold = subprocess.run([str(args.build / "benches" / "hold"), "--benchmark_format=json",
                           "--benchmark_min_time=0.2"], capture_output=True, text=True)
    if hold.returncode == 0:
        data = json.loads(hold.stdout)
        rows = {}
        for bm in data["benchmarks"]:
            kind, n = bm["name"].split("<")[1].split(">")[0].split("::")[-1], int(bm["name"].split("/")[-1])
            rows.setdefault(n, {})[kind] = bm["real_time"]
        print("\nHold model (pop + push), ns per hold:\n")
        print("| pending | BinaryHeap | LadderQueue | heap / ladder |")
        print("|---|---|---|---|")
        for n in sorted(rows):
            heap, ladder = rows[n].get("BinaryHeap"), rows[n].get("LadderQueue")
            print(f"| {n:,} | {heap:.1f} | {ladder:.1f} | {heap / ladder:.1f}x |")
    else:
        print(f"hold bench failed: {hold.stderr}", file=sys.stderr)

    if args.json:
        args.json.write_text(json.dumps({f"{c}/{i}": r for (c, i), r in results.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
