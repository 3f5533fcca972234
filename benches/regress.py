"""`make bench-check` / `make bench-baseline`: the bench regression gate.

Runs a small suite of benches twice each: once under valgrind's callgrind, which counts the
instructions executed (Ir) -- a figure that does not move with machine load, CPU frequency or the
other tenants of a VM -- and once natively for the wall time and peak memory (informational, never
compared). For each bench it prints one JSON object: instructions, events (the bench's own count),
sha256 checksums of its deterministic outputs, wall_s, peak_rss_mb and callgrind_s.

  phold_1e6         the engine: PHOLD, 1,024 LPs x 16 events, remote 0.5, about 1e6 events
  portfolio_x0.01   the buildout model: openai_portfolio with its fleet scaled to 1%, money off
                    (benches/money_portfolio.py: without_money(); money_portfolio.py times the money model)
  portfolio_x0.05   the same at 5% (benches/buildout_scaling.py: scaled())
  jobs_1e4          the job queue: 1e4 jobs on 1e4 GPUs, EASY backfilling (benches/jobs_scaling.py)
  jobs_1e5          the same with 1e5 jobs (not in --quick)

--check compares with benches/baseline.json and exits 1 when, for any bench, the instructions rise
by more than the threshold (the file's threshold_pct, default 10%, or --threshold), the events
change, or an output checksum differs. A drop of more than faster_pct (10%) is reported as
'faster: consider make bench-baseline'. A toolchain (compiler, glibc, valgrind, build type) other
than the baseline's is a warning: instruction counts depend on it. --update rewrites the baseline
(sorted keys, atomic replace); with --quick or --only it updates those benches and keeps the rest.
"""
import argparse
import dataclasses
import hashlib
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import buildout_scaling  # noqa: E402  (benches/ helpers: scaled portfolio)
import jobs_scaling  # noqa: E402  (benches/ helpers: job-stream scenarios)
import money_portfolio  # noqa: E402  (benches/ helpers: the portfolio with the money model off)

BASELINE = HERE / "baseline.json"
DEFAULT_THRESHOLD_PCT = 10.0
DEFAULT_FASTER_PCT = 10.0
DEFAULT_NOTE = ("Instruction counts are tied to this toolchain: the compiler and its flags, glibc and libstdc++, "
                "valgrind, and slightly the CPU (glibc picks its string functions by CPU features). On another "
                "toolchain the gate warns; re-record with make bench-baseline there.")


@dataclasses.dataclass(frozen=True)
class Bench:
    name: str
    kind: str  # "phold" or "gwsim"
    quick: bool
    args: tuple = ()  # phold arguments
    scenario: object = None  # callable returning the scenario document (gwsim)
    outputs: tuple = ()  # deterministic output files of gwsim run, checksummed


def _portfolio(factor):
    def make():
        doc = json.loads((ROOT / "scenarios" / "openai_portfolio.json").read_text())
        return buildout_scaling.scaled(money_portfolio.without_money(doc), factor)
    return make


def _jobs(gpus, jobs):
    return lambda: jobs_scaling.scenario(gpus, jobs)


SUITE = (
    Bench("phold_1e6", "phold", True,
          args=("--lps", "1024", "--events-per-lp", "16", "--remote", "0.5", "--end", "61", "--seed", "1")),
    Bench("portfolio_x0.01", "gwsim", True, scenario=_portfolio(0.01), outputs=("summary.json", "timeseries.csv")),
    Bench("portfolio_x0.05", "gwsim", True, scenario=_portfolio(0.05), outputs=("summary.json", "timeseries.csv")),
    Bench("jobs_1e4", "gwsim", True, scenario=_jobs(10_000, 10_000),
          outputs=("summary.json", "timeseries.csv", "jobs.csv")),
    Bench("jobs_1e5", "gwsim", False, scenario=_jobs(10_000, 100_000),
          outputs=("summary.json", "timeseries.csv", "jobs.csv")),
)


# ---------------------------------------------------------------------------------------------
# Measuring


def sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_callgrind_total(out_file_text: str, stderr: str = "") -> int:
    """Total Ir from a callgrind out file ('totals:' or 'summary:' line), else from the
    'Collected : N' line valgrind prints on stderr."""
    for key in ("totals:", "summary:"):
        for line in out_file_text.splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    m = re.search(r"Collected\s*:\s*(\d+)", stderr)
    if m:
        return int(m.group(1))
    raise ValueError("no 'totals:'/'summary:' line in the callgrind output and no 'Collected' line on stderr")


def _env():
    return dict(os.environ, LC_ALL="C")


def _command(bench: Bench, build: pathlib.Path) -> list:
    if bench.kind == "phold":
        return [str(build / "benches" / "phold"), *bench.args]
    # Relative paths inside the run directory, so that the command line (which gwsim writes to
    # run_info.json) has the same bytes, and costs the same instructions, whatever the temp dir.
    return [str(build / "gwsim"), "run", "scenario.json", "--out", "out", "--quiet"]


def _prepare(bench: Bench, rundir: pathlib.Path) -> None:
    rundir.mkdir(parents=True)
    if bench.kind == "gwsim":
        (rundir / "scenario.json").write_text(json.dumps(bench.scenario()))


def _results(bench: Bench, rundir: pathlib.Path, stdout: str) -> tuple:
    """(events, checksums, peak_rss_mb as the bench reports it) of a finished run."""
    if bench.kind == "phold":
        line = json.loads(stdout.strip().splitlines()[-1])
        return line["events"], {}, line["peak_rss_mb"]
    info = json.loads((rundir / "out" / "run_info.json").read_text())
    return info["events"], {name: sha256(rundir / "out" / name) for name in bench.outputs}, info["peak_rss_mb"]


def _fail(bench, cmd, rc, stderr):
    raise SystemExit(f"bench {bench.name} failed (exit {rc}): {' '.join(cmd)}\n{stderr}")


def measure(bench: Bench, build: pathlib.Path, valgrind: str = "valgrind") -> dict:
    with tempfile.TemporaryDirectory(prefix="gwsim-regress-") as tmp:
        tmp = pathlib.Path(tmp)
        cmd = _command(bench, build)

        # 1. Under callgrind: instructions, events, checksums.
        cg_dir = tmp / "callgrind"
        _prepare(bench, cg_dir)
        cg_out = tmp / "callgrind.out"
        vg = [valgrind, "--tool=callgrind", f"--callgrind-out-file={cg_out}"]
        t0 = time.perf_counter()
        proc = subprocess.run(vg + cmd, cwd=cg_dir, capture_output=True, text=True, env=_env())
        callgrind_s = time.perf_counter() - t0
        if proc.returncode != 0:
            _fail(bench, vg + cmd, proc.returncode, proc.stderr)
        instructions = parse_callgrind_total(cg_out.read_text(), proc.stderr)
        events, checksums, _ = _results(bench, cg_dir, proc.stdout)

        # 2. Natively: wall time, and peak memory as the bench reports it (getrusage). Started from
        # a small shell, since a process started straight from Python inherits Python's resident
        # set as its starting peak (the kernel keeps the high-water mark across fork and exec).
        nat_dir = tmp / "native"
        _prepare(bench, nat_dir)
        sh = ["/bin/sh", "-c", '"$@"; exit $?', "sh", *cmd]
        t0 = time.perf_counter()
        proc = subprocess.run(sh, cwd=nat_dir, capture_output=True, text=True, env=_env())
        wall_s = time.perf_counter() - t0
        if proc.returncode != 0:
            _fail(bench, cmd, proc.returncode, proc.stderr)
        nat_events, nat_checksums, peak_rss_mb = _results(bench, nat_dir, proc.stdout)

    m = {"bench": bench.name, "instructions": instructions, "events": events, "checksums": checksums,
         "wall_s": round(wall_s, 4), "peak_rss_mb": round(peak_rss_mb, 1),
         "callgrind_s": round(callgrind_s, 2)}
    differs = [k for k in checksums if nat_checksums.get(k) != checksums[k]]
    if nat_events != events or differs:
        m["nondeterminism"] = (f"the native run differs from the callgrind run: events {nat_events:,} vs "
                               f"{events:,}" + (f", {', '.join(differs)}" if differs else ""))
    return m


def _first_line(cmd) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    except OSError:
        return "not found"
    text = (proc.stdout or proc.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def _cmake_cache(build: pathlib.Path, key: str) -> str:
    try:
        for line in (build / "CMakeCache.txt").read_text().splitlines():
            if line.startswith(key + ":"):
                return line.split("=", 1)[1]
    except OSError:
        pass
    return ""


def toolchain(build: pathlib.Path, valgrind: str = "valgrind") -> dict:
    """What the instruction counts depend on: the compiler that built `build` (as `g++ --version`
    prints it when that is the same program), the C library, valgrind, the build type, and slightly
    the CPU (glibc picks its string functions by CPU features, as valgrind reports them)."""
    cxx = _cmake_cache(build, "CMAKE_CXX_COMPILER") or "g++"
    gxx = shutil.which("g++")
    if gxx and shutil.which(cxx) and os.path.realpath(shutil.which(cxx)) == os.path.realpath(gxx):
        cxx = "g++"
    libc = " ".join(platform.libc_ver()).strip() or "unknown"
    cpu = "unknown"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"compiler": _first_line([cxx, "--version"]), "libc": libc, "cpu": cpu,
            "valgrind": _first_line([valgrind, "--version"]),
            "build_type": _cmake_cache(build, "CMAKE_BUILD_TYPE") or "unknown"}


# ---------------------------------------------------------------------------------------------
# Comparing


@dataclasses.dataclass
class Comparison:
    rows: list  # dicts: bench, metric, baseline, now, change, verdict
    failures: int
    warnings: int

    @property
    def failed(self) -> bool:
        return self.failures > 0


def compare(baseline: dict, measured: list, now_toolchain: dict = None, threshold_pct: float = None) -> Comparison:
    """Rows of bench / metric / baseline / now / change / verdict. Verdicts: 'ok', 'FAIL ...',
    'faster: consider make bench-baseline', 'warning: ...'. Only FAIL rows count as failures."""
    threshold = float(baseline.get("threshold_pct", DEFAULT_THRESHOLD_PCT) if threshold_pct is None else threshold_pct)
    faster = float(baseline.get("faster_pct", DEFAULT_FASTER_PCT))
    rows, failures, warnings = [], 0, 0

    def row(bench, metric, base, now, change, verdict):
        nonlocal failures, warnings
        failures += verdict.startswith("FAIL")
        warnings += verdict.startswith("warning")
        rows.append({"bench": bench, "metric": metric, "baseline": base, "now": now, "change": change,
                     "verdict": verdict})

    base_tc = baseline.get("toolchain", {})
    for key in sorted(set(base_tc) | set(now_toolchain or {})):
        if key == "note" or now_toolchain is None:
            continue
        b, n = base_tc.get(key, "-"), now_toolchain.get(key, "-")
        if b != n:
            row("toolchain", key, b, n, "differs",
                "warning: instruction counts are tied to the toolchain; re-record with make bench-baseline")

    benches = baseline.get("benches", {})
    for m in measured:
        name = m["bench"]
        if "nondeterminism" in m:
            row(name, "determinism", "-", "-", "-", "FAIL " + m["nondeterminism"])
        base = benches.get(name)
        if base is None:
            row(name, "instructions", "-", f"{m['instructions']:,}", "-",
                "FAIL not in the baseline: run make bench-baseline")
            continue
        b, n = base["instructions"], m["instructions"]
        pct = (n - b) / b * 100 if b else float("inf")
        if pct > threshold:
            verdict = f"FAIL (> +{threshold:g}%)"
        elif pct < -faster:
            verdict = "faster: consider make bench-baseline"
        else:
            verdict = "ok"
        row(name, "instructions", f"{b:,}", f"{n:,}", f"{pct:+.2f}%", verdict)
        b, n = base["events"], m["events"]
        row(name, "events", f"{b:,}", f"{n:,}", f"{n - b:+,}" if n != b else "0",
            "ok" if n == b else "FAIL (events changed)")
        bsums, nsums = base.get("checksums", {}), m.get("checksums", {})
        for f in sorted(set(bsums) | set(nsums)):
            bs, ns = bsums.get(f, "-"), nsums.get(f, "-")
            row(name, f, bs[:12], ns[:12], "same" if bs == ns else "changed",
                "ok" if bs == ns else "FAIL (output changed)")
    return Comparison(rows, failures, warnings)


def format_table(rows: list) -> str:
    head = ("bench", "metric", "baseline", "now", "change", "verdict")
    cells = [head] + [tuple(str(r[k]) for k in head) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head) - 1)]
    lines = []
    for c in cells:
        lines.append("  ".join(c[i].ljust(widths[i]) if i < 2 or i == 5 else c[i].rjust(widths[i])
                               for i in range(len(head) - 1)) + "  " + c[-1])
        if c is head:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The baseline file


def load_baseline(path: pathlib.Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def updated_baseline(old: dict, measured: list, now_toolchain: dict, threshold_pct: float = None) -> dict:
    """The baseline with the measured benches replaced; benches no longer in SUITE are dropped,
    benches not measured this time are kept."""
    names = {b.name for b in SUITE}
    benches = {k: v for k, v in old.get("benches", {}).items() if k in names}
    for m in measured:
        benches[m["bench"]] = {"instructions": m["instructions"], "events": m["events"],
                               "checksums": dict(m["checksums"])}
    tc = dict(now_toolchain)
    tc["note"] = old.get("toolchain", {}).get("note") or DEFAULT_NOTE
    return {
        "about": ("Bench regression gate (benches/regress.py, make bench-check): instructions are callgrind's "
                  "total Ir; a rise above threshold_pct fails, a drop below faster_pct is reported; events "
                  "and output checksums must match exactly. Rewrite only with make bench-baseline."),
        "threshold_pct": float(threshold_pct if threshold_pct is not None
                               else old.get("threshold_pct", DEFAULT_THRESHOLD_PCT)),
        "faster_pct": float(old.get("faster_pct", DEFAULT_FASTER_PCT)),
        "toolchain": tc,
        "benches": benches,
    }


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def write_atomic(path: pathlib.Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=ROOT / "build" / "release", type=pathlib.Path)
    ap.add_argument("--baseline", default=BASELINE, type=pathlib.Path)
    ap.add_argument("--quick", action="store_true", help="the subset run by make test (no jobs_1e5)")
    ap.add_argument("--only", action="append", default=[], metavar="BENCH", help="run this bench (repeatable)")
    ap.add_argument("--check", action="store_true", help="compare with the baseline; exit 1 on a regression")
    ap.add_argument("--update", action="store_true", help="rewrite the baseline with this run's figures")
    ap.add_argument("--threshold", type=float, default=None,
                    help="allowed rise of instructions in %% (default: the baseline's threshold_pct)")
    ap.add_argument("--valgrind", default="valgrind")
    ap.add_argument("--list", action="store_true", help="list the benches and exit")
    args = ap.parse_args(argv)

    benches = [b for b in SUITE if (b.quick or not args.quick) and (not args.only or b.name in args.only)]
    if args.list:
        for b in SUITE:
            print(f"{b.name}{'' if b.quick else '  (full only)'}")
        return 0
    unknown = set(args.only) - {b.name for b in SUITE}
    if unknown:
        ap.error(f"unknown bench(es): {', '.join(sorted(unknown))}; --list shows them")
    if args.check and args.update:
        ap.error("--check and --update are exclusive")
    if shutil.which(args.valgrind) is None:
        print(f"error: {args.valgrind} not found (apt-get install valgrind; make deps installs it)", file=sys.stderr)
        return 2
    build = args.build.resolve()
    for prog in ("gwsim", "benches/phold"):
        if not (build / prog).exists():
            print(f"error: {build / prog} not found: build first (make build)", file=sys.stderr)
            return 2

    baseline = load_baseline(args.baseline)
    if args.check and not baseline:
        print(f"error: no baseline at {args.baseline}: record one with make bench-baseline", file=sys.stderr)
        return 2
    now_tc = toolchain(build, args.valgrind)
    measured = []
    t0 = time.perf_counter()
    for b in benches:
        m = measure(b, build, args.valgrind)
        measured.append(m)
        print(json.dumps(m, sort_keys=True), flush=True)
    total = time.perf_counter() - t0
    print(f"\n{len(measured)} benches in {total:.1f} s (callgrind {sum(m['callgrind_s'] for m in measured):.1f} s, "
          f"native {sum(m['wall_s'] for m in measured):.2f} s)")

    if args.update:
        if baseline:
            print("\nagainst the previous baseline (for information):")
            print(format_table(compare(baseline, measured, now_tc, args.threshold).rows))
        write_atomic(args.baseline, dumps(updated_baseline(baseline, measured, now_tc, args.threshold)))
        kept = sorted(set(baseline.get("benches", {})) - {m["bench"] for m in measured} & {b.name for b in SUITE})
        print(f"\nwrote {args.baseline}" + (f" (kept from before: {', '.join(kept)})" if kept else ""))
        return 0
    if args.check:
        cmp = compare(baseline, measured, now_tc, args.threshold)
        threshold = (args.threshold if args.threshold is not None
                     else baseline.get("threshold_pct", DEFAULT_THRESHOLD_PCT))
        print()
        print(format_table(cmp.rows))
        print()
        if cmp.failed:
            print(f"bench-check: FAIL ({cmp.failures} failing rows; instructions threshold +{threshold:g}%). "
                  f"If the change is deliberate, run make bench-baseline and commit benches/baseline.json.")
            return 1
        print(f"bench-check: ok ({len(measured)} benches, instructions threshold +{threshold:g}%"
              + (f", {cmp.warnings} warnings" if cmp.warnings else "") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
