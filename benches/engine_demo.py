"""`make demo` until the buildout model lands: runs PHOLD on gwsim's engine
twice with the same seed, shows the throughput and that the runs agree."""
import argparse
import json
import pathlib
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default="build/release", type=pathlib.Path)
    args = ap.parse_args()
    cmd = [str(args.build / "benches" / "phold"), "--lps", "16384", "--events-per-lp", "16",
           "--remote", "0.5", "--end", "20", "--seed", "2026"]
    runs = []
    for _ in range(2):
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            return proc.returncode
        runs.append(json.loads(proc.stdout))
    r = runs[0]
    print("gwsim engine demo: sequential PHOLD (ROSS semantics)")
    print(f"  command        {' '.join(cmd)}")
    print(f"  pending events {r['lps'] * r['events_per_lp']:,} ({r['lps']:,} LPs x {r['events_per_lp']})")
    print(f"  events fired   {r['events']:,} by t = {r['end']}")
    print(f"  wall time      {r['wall_s']:.3f} s   ({r['events_per_s'] / 1e6:.2f} M events/s)")
    print(f"  peak memory    {r['peak_rss_mb']:.0f} MB")
    same = runs[0]["events"] == runs[1]["events"]
    print(f"  deterministic  {'yes' if same else 'NO'}: a second run with seed 2026 fired "
          f"{runs[1]['events']:,} events")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
