#!/usr/bin/env python3
"""Mutation testing of sim/ against the fast tests (make mutate; docs/mutation.md).

Each mutant (tests/mutation/mutants.py) is written to a copy of its file in a scratch folder,
never into the source tree. The objects that depend on the file are recompiled with the build's
own compile commands (the scratch folder first on the include path), the programs relinked from
copies of the libraries with those objects replaced, and the fast tests run on the result: the
Catch2 suite, then the pytest files named by --pytest against the mutant's `gwsim`. A mutant is
killed when a test fails, crashes or exceeds the timeout; it survives when every test passes;
it is stillborn when it does not compile or link (those are not scored). Mutants listed in
tests/mutation/equivalent.json (with the reason) cannot be killed by any test and are not scored.

The score is killed / (killed + survived), per folder and overall. The sample is the first N
scored mutants of the candidates shuffled with --seed, so a run is reproducible from its seed.
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import dataclasses
import json
import math
import os
import pathlib
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import mutants as mutlib  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_FOLDERS = ("sim/model", "sim/jobs", "sim/core", "sim/scenario", "sim/io")
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.json"
PROGRAMS = ("gwsim", "tests/gwsim_tests")


@dataclasses.dataclass
class Outcome:
    mutant: mutlib.Mutant
    index: int
    status: str  # killed, survived, stillborn, equivalent
    detail: str = ""
    seconds: float = 0.0


@dataclasses.dataclass(frozen=True)
class Recorded:
    """A mutant as a previous report recorded it (for --rerun): its key and description."""
    key: str
    where: str

    @property
    def folder(self) -> str:
        return "/".join(self.where.split(":")[0].split("/")[:2])

    def describe(self) -> str:
        return self.where

    def diff(self) -> str:
        return f"(as recorded: {self.where})"


class Build:
    """What the mutants are built from: the compile commands, the dependencies of every object
    and the link commands of the programs the fast tests run, all read from a configured build."""

    def __init__(self, build_dir: pathlib.Path):
        self.dir = build_dir
        commands = json.loads((build_dir / "compile_commands.json").read_text())
        self.compile: dict[str, dict] = {}  # object (relative to the build dir) -> entry
        self.object_of: dict[str, str] = {}  # source (real path) -> object
        for entry in commands:
            args = shlex.split(entry["command"])
            obj = args[args.index("-o") + 1]
            self.compile[obj] = {"args": args, "dir": entry["directory"], "file": entry["file"]}
            self.object_of[os.path.realpath(entry["file"])] = obj
        self.link = {p: self._link_command(p) for p in PROGRAMS}
        linked = {a for cmd in self.link.values() for a in cmd}
        self.archive_members: dict[str, str] = {}  # object -> archive that holds it
        for obj in self.compile:
            lib = re.match(r"(.*)/CMakeFiles/(\w+)\.dir/", obj)
            if lib and f"{lib.group(1)}/lib{lib.group(2)}.a" in linked:
                self.archive_members[obj] = f"{lib.group(1)}/lib{lib.group(2)}.a"
        self.relevant = {o for o in self.compile if o in linked or o in self.archive_members}
        self.deps = self._deps()

    def _link_command(self, program: str) -> list[str]:
        out = subprocess.run(["ninja", "-C", str(self.dir), "-t", "commands", program], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        args = shlex.split(re.sub(r"^:\s*&&\s*", "", out))
        # The link alone: CMake appends post-build steps (Catch2's test discovery) after "&&".
        return args[:args.index("&&")] if "&&" in args else args

    def _deps(self) -> dict[str, set[str]]:
        text = subprocess.run(["ninja", "-C", str(self.dir), "-t", "deps"], check=True, capture_output=True,
                              text=True).stdout
        deps: dict[str, set[str]] = {}
        current = None
        for line in text.splitlines():
            if line and not line[0].isspace():
                current = line.split(":")[0]
                deps[current] = set()
            elif line.strip() and current is not None and not line.strip().startswith("/usr/"):
                real = os.path.realpath(os.path.join(self.dir, line.strip()))  # some are relative to the build
                if real.startswith(str(ROOT / "sim")):
                    deps[current].add(real)
        return deps

    def objects_for(self, path: pathlib.Path) -> list[str]:
        real = os.path.realpath(path)
        if path.suffix == ".cpp":
            obj = self.object_of.get(real)
            return [obj] if obj in self.relevant else []
        return sorted(o for o in self.relevant if real in self.deps.get(o, ()))


def without_pch(args: list[str]) -> list[str]:
    """A compile command without CMake's precompiled header (the test files': tests/CMakeLists.txt), which
    holds the headers as they were built: a mutated header must be read from the overlay instead."""
    out: list[str] = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a == "-include" and i + 1 < len(args) and args[i + 1].endswith("cmake_pch.hxx"):
            skip = True
            continue
        if a != "-Winvalid-pch":
            out.append(a)
    return out


class Worker:
    """One scratch folder: build/mutate/w<K>, with overlay/ (the mutated file), obj/ and lib/
    (the recompiled objects and patched archives) and the relinked programs."""

    def __init__(self, build: Build, scratch: pathlib.Path, pytest: list[str], python: str,
                 timeouts: tuple[float, float]):
        self.build, self.scratch, self.pytest, self.python = build, scratch, pytest, python
        self.timeouts = timeouts  # seconds for the Catch2 suite and for pytest
        self.sources: dict[str, str] = {}  # the text each mutant was listed from (edits meanwhile do not matter)
        self.seconds = [0.0, 0.0]  # how long each took, last time
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / "tests").mkdir(parents=True)
        # The pytest conftest checks that the build folder holds the benches; the mutant's are the originals.
        (scratch / "benches").symlink_to(build.dir.resolve() / "benches")

    def run(self, m: mutlib.Mutant) -> tuple[str, str]:
        overlay = self.scratch / "overlay"
        shutil.rmtree(overlay, ignore_errors=True)
        shutil.rmtree(self.scratch / "obj", ignore_errors=True)
        shutil.rmtree(self.scratch / "lib", ignore_errors=True)
        rel = pathlib.Path(m.path).relative_to("sim")  # includes are written relative to sim/
        target = overlay / rel
        target.parent.mkdir(parents=True)
        target.write_text(m.apply(self.sources[m.path]))
        objects = self.build.objects_for(ROOT / m.path)
        if not objects:
            return "stillborn", "no object of the tested programs is built from this file"
        for obj in objects:
            err = self._compile(obj, target if m.path.endswith(".cpp") else None, overlay)
            if err:
                return "stillborn", err
        err = self._link(objects)
        if err:
            return "stillborn", err
        return self._test()

    def _compile(self, obj: str, source: pathlib.Path | None, overlay: pathlib.Path) -> str:
        entry = self.build.compile[obj]
        args = list(entry["args"])
        out = self.scratch / "obj" / obj
        out.parent.mkdir(parents=True, exist_ok=True)
        args[args.index("-o") + 1] = str(out)
        if source is not None:
            args[args.index(entry["file"])] = str(source)
        args.insert(1, f"-I{overlay}")
        args = [a for a in without_pch(args) if a != "-Werror"]
        proc = subprocess.run(args, cwd=entry["dir"], capture_output=True, text=True)
        if proc.returncode != 0:
            first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr[:200])
            return "does not compile: " + first.strip()[:300]
        return ""

    def _link(self, objects: list[str]) -> str:
        replaced_obj = {o: str(self.scratch / "obj" / o) for o in objects if o not in self.build.archive_members}
        archives: dict[str, str] = {}
        for o in objects:
            lib = self.build.archive_members.get(o)
            if lib is None:
                continue
            copy = self.scratch / "lib" / lib
            if lib not in archives:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.build.dir / lib, copy)
                archives[lib] = str(copy)
            subprocess.run(["ar", "r", str(copy), str(self.scratch / "obj" / o)], check=True, capture_output=True)
        for program in PROGRAMS:
            args = [replaced_obj.get(a, archives.get(a, a)) for a in self.build.link[program]]
            args[args.index("-o") + 1] = str(self.scratch / program)
            proc = subprocess.run(args, cwd=self.build.dir, capture_output=True, text=True)
            if proc.returncode != 0:
                lines = proc.stderr.strip().splitlines()
                why = next((ln for ln in lines if "undefined" in ln or "multiple" in ln), lines[-1] if lines else "")
                return "does not link: " + why[:300]
        return ""

    def _test(self) -> tuple[str, str]:
        unit = [str(self.scratch / "tests" / "gwsim_tests"), "--abort", "--reporter", "compact"]
        status, detail = self._run(unit, "Catch2", 0)
        if status != "passed" or not self.pytest:
            return ("killed", detail) if status != "passed" else ("survived", "")
        cmd = [self.python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--build-dir", str(self.scratch),
               *self.pytest]
        status, detail = self._run(cmd, "pytest", 1)
        return ("killed", detail) if status != "passed" else ("survived", "")

    def _run(self, cmd: list[str], name: str, stage: int) -> tuple[str, str]:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=self.timeouts[stage])
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return "timeout", f"{name}: no result within the timeout of {self.timeouts[stage]:.0f} s"
        finally:
            self.seconds[stage] = time.monotonic() - t0
        if proc.returncode == 0:
            return "passed", ""
        if proc.returncode < 0:
            return "crashed", f"{name}: killed by signal {-proc.returncode}"
        return "failed", f"{name}: {_first_failure(out)}"


def _first_failure(out: str) -> str:
    for pattern in (r"^FAILED (.*)$", r"^(.*\.cpp:\d+: failed.*)$", r"^(tests/.*::\S+)"):
        m = re.search(pattern, out, re.M)
        if m:
            return m.group(1)[:200]
    lines = [ln for ln in out.splitlines() if ln.strip()]
    return lines[-1][:200] if lines else "failed"


def load_equivalent() -> dict[str, str]:
    if not EQUIVALENT.exists():
        return {}
    return {e["key"]: e["reason"] for e in json.loads(EQUIVALENT.read_text())["mutants"]}


def all_candidates(folders: list[str], sources: dict[str, str] | None = None) -> list[mutlib.Mutant]:
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".cpp", ".hpp"):
                rel = str(path.relative_to(ROOT))
                text = path.read_text()
                if sources is not None:
                    sources[rel] = text
                found += mutlib.candidates(rel, text)
    return found


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def score_table(outcomes: list[Outcome]) -> list[tuple[str, int, int, int, int]]:
    rows = collections.defaultdict(lambda: [0, 0, 0, 0, 0])  # killed, survived, stillborn, equivalent, gone
    order = {"killed": 0, "survived": 1, "stillborn": 2, "equivalent": 3, "gone": 4}
    for o in outcomes:
        rows[o.mutant.folder][order[o.status]] += 1
        rows["all"][order[o.status]] += 1
    return [(k, *v[:4]) for k, v in sorted(rows.items(), key=lambda kv: (kv[0] == "all", kv[0]))]


def write_report(path: pathlib.Path, args, outcomes: list[Outcome], seconds: float, costly, cost) -> None:
    table = score_table(outcomes)
    lines = ["# Mutation testing report", "",
             f"Command: `{' '.join(sys.argv)}`  ",
             *([f"Re-judges the survivors of {args.rerun}: its other outcomes are kept.  "] if args.rerun else []),
             *([f"Scores {args.rescore} again with the equivalent list as it is now; nothing was run again.  "]
               if args.rescore else []),
             f"Seed {args.seed}; {len([o for o in outcomes if o.status in ('killed', 'survived')])} scored mutants "
             f"over {', '.join(args.folders)}; {seconds / 60:.1f} minutes.", "",
             f"Left out (--max-objects {args.max_objects}): "
             + (", ".join(f"{p} ({n} mutants, {cost[p]} objects)" for p, n in sorted(costly.items())) or "none")
             + ".", "",
             "| folder | killed | survived | score | 95% interval | stillborn | equivalent |",
             "|---|---:|---:|---:|---|---:|---:|"]
    for folder, k, s, sb, eq in table:
        lo, hi = wilson(k, k + s)
        score = f"{100 * k / (k + s):.1f}%" if k + s else "-"
        lines.append(f"| {folder} | {k} | {s} | {score} | {100 * lo:.0f}-{100 * hi:.0f}% | {sb} | {eq} |")
    for status, title in (("survived", "Survivors"), ("equivalent", "Equivalent (not scored)"),
                          ("gone", "Changed since (not judged again, not scored)"),
                          ("stillborn", "Stillborn (not scored)"), ("killed", "Killed")):
        chosen = [o for o in outcomes if o.status == status]
        lines += ["", f"## {title}: {len(chosen)}", ""]
        for o in chosen:
            if status in ("survived", "equivalent", "gone"):
                lines += [f"- `{o.mutant.key}` {o.mutant.describe()}" + (f" ({o.detail})" if o.detail else ""),
                          "", "```diff", o.mutant.diff(), "```"]
            else:
                lines.append(f"- `{o.mutant.key}` {o.mutant.describe()}: {o.detail}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    (path.with_suffix(".json")).write_text(json.dumps({
        "seed": args.seed, "folders": args.folders,
        "scores": {f: {"killed": k, "survived": s, "stillborn": sb, "equivalent": eq} for f, k, s, sb, eq in table},
        "mutants": [{"key": o.mutant.key, "where": o.mutant.describe(), "status": o.status, "detail": o.detail}
                    for o in outcomes]}, indent=1) + "\n")


def merge(previous: dict, rerun: list[Outcome], equivalent: dict[str, str]) -> list[Outcome]:
    """The previous run's outcomes with its survivors judged again (--rerun)."""
    new = {o.mutant.key: o for o in rerun}
    merged = []
    for i, e in enumerate(previous["mutants"]):
        m = Recorded(e["key"], e["where"])
        if e["key"] in new:
            merged.append(dataclasses.replace(new[e["key"]], index=i))
        elif e["status"] == "survived" and e["key"] in equivalent:
            merged.append(Outcome(m, i, "equivalent", equivalent[e["key"]]))
        elif e["status"] == "survived":
            merged.append(Outcome(m, i, "gone", "its line changed since the run"))
        else:
            merged.append(Outcome(m, i, e["status"], e["detail"]))
    return merged


def print_scores(outcomes: list[Outcome]) -> tuple[int, int]:
    """Prints the score per folder, the last row for all; returns (killed, survived) of all."""
    print(f"{'folder':14} {'killed':>6} {'survived':>8} {'score':>7}  95% interval  stillborn equivalent")
    total = (0, 0)
    for folder, k, s, sb, eq in score_table(outcomes):
        lo, hi = wilson(k, k + s)
        score = f"{100 * k / (k + s):6.1f}%" if k + s else "      -"
        print(f"{folder:14} {k:6} {s:8} {score}  {100 * lo:4.0f}-{100 * hi:3.0f}%  {sb:10} {eq:10}")
        total = (k, s)
    return total


def rescore(args, previous: dict) -> int:
    """--rescore: a run's outcomes with the equivalent list applied to its survivors; nothing is run."""
    equivalent = load_equivalent()
    args.seed, args.folders = previous["seed"], previous["folders"]
    outcomes = []
    for i, e in enumerate(previous["mutants"]):
        m = Recorded(e["key"], e["where"])
        if e["status"] == "survived" and e["key"] in equivalent:
            outcomes.append(Outcome(m, i, "equivalent", equivalent[e["key"]]))
        else:
            outcomes.append(Outcome(m, i, e["status"], e["detail"]))
    write_report(args.report, args, outcomes, 0.0, {}, {})
    print_scores(outcomes)
    print(f"seed {args.seed}, rescored from {args.rescore}; report {args.report}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=pathlib.Path, default=ROOT / "build" / "release", help="a configured, built tree")
    ap.add_argument("-n", "--mutants", type=int, default=20, help="scored mutants to run (default 20)")
    ap.add_argument("--seed", type=int, default=None, help="sampling seed (default: random, printed)")
    ap.add_argument("--folders", nargs="+", default=list(DEFAULT_FOLDERS))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants built and tested at once")
    ap.add_argument("--pytest", nargs="*", default=[], help="pytest files run after Catch2 (the fast set)")
    ap.add_argument("--python", default=sys.executable, help="the interpreter with pytest")
    ap.add_argument("--timeout", type=float, default=5.0, help="a test command that takes this many times as "
                    "long as on the unmutated build (and at least 10 s) is killed: the mutant counts as killed "
                    "(default 5)")
    ap.add_argument("--report", type=pathlib.Path, default=ROOT / "build" / "mutate" / "report.md")
    ap.add_argument("--key", nargs="*", default=None, help="run only these mutants (keys from a report)")
    ap.add_argument("--match", nargs="*", default=None, help="run only the mutants whose description (as "
                    "printed: file:line:col: operator: change) contains one of these strings")
    ap.add_argument("--rerun", type=pathlib.Path, default=None, help="a report.json of an earlier run: run its "
                    "survivors again (same seed and folders), keep its other outcomes, and score the whole sample")
    ap.add_argument("--rescore", type=pathlib.Path, default=None, help="a report.json of an earlier run: score it "
                    "again with tests/mutation/equivalent.json as it is now (survivors found equivalent since are not "
                    "scored), running nothing: the suite it judged stays the one it ran against")
    ap.add_argument("--min-score", type=float, default=None, help="exit 1 when the overall score is below this "
                    "(percent)")
    ap.add_argument("--max-objects", type=int, default=8, help="leave out mutants of headers compiled into more "
                    "objects than this (default 8; 0: no limit); see docs/mutation.md")
    ap.add_argument("--list", action="store_true", help="print the candidate counts per folder and operator")
    args = ap.parse_args()
    if args.rescore is not None:  # needs no build: nothing runs
        return rescore(args, json.loads(args.rescore.read_text()))
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 10**6)

    build = Build(args.build)
    sources: dict[str, str] = {}
    candidates = all_candidates(args.folders, sources)
    cost = {path: len(build.objects_for(ROOT / path)) for path in {m.path for m in candidates}}
    costly = collections.Counter(m.path for m in candidates
                                 if cost[m.path] == 0 or (args.max_objects and cost[m.path] > args.max_objects))
    candidates = [m for m in candidates if m.path not in costly]
    if args.list:
        counts = collections.Counter((m.folder, m.operator) for m in candidates)
        for (folder, op), n in sorted(counts.items()):
            print(f"{folder:14} {op:11} {n}")
        print(f"{len(candidates)} candidates")
        for path, n in sorted(costly.items()):
            print(f"left out: {n} mutants of {path} ({cost[path]} objects)")
        return 0
    candidates.sort(key=lambda m: (m.path, m.line, m.col, m.operator, m.replacement))
    random.Random(args.seed).shuffle(candidates)
    if args.key is not None:
        wanted = set(args.key)
        candidates = [m for m in candidates if m.key in wanted]
        missing = wanted - {m.key for m in candidates}
        if missing:
            print(f"mutate: no mutant has the key(s) {', '.join(sorted(missing))} (the line changed?)", file=sys.stderr)
            return 2
        args.mutants = len(candidates)
    previous = json.loads(args.rerun.read_text()) if args.rerun else None
    if previous is not None:
        args.seed, args.folders = previous["seed"], previous["folders"]
        redo = {e["key"] for e in previous["mutants"] if e["status"] == "survived"}
        candidates = [m for m in candidates if m.key in redo]
        args.mutants = len(candidates)
    if args.match is not None:
        candidates = [m for m in candidates if any(t in m.describe() for t in args.match)]
        args.mutants = len(candidates)
    equivalent = load_equivalent()
    print(f"mutate: seed {args.seed}; {len(candidates)} candidates over {', '.join(args.folders)}; "
          f"sampling {args.mutants} scored mutants, {args.jobs} at a time", flush=True)
    if costly:
        print(f"mutate: left out {sum(costly.values())} mutants of {len(costly)} headers compiled into more than "
              f"{args.max_objects} objects (--max-objects)", flush=True)
    started = time.monotonic()
    probe = Worker(build, ROOT / "build" / "mutate" / "baseline", args.pytest, args.python, (3600, 3600))
    for program in PROGRAMS:
        shutil.copy2(build.dir / program, probe.scratch / program)
    status, detail = probe._test()
    if status != "survived":
        print(f"mutate: the fast tests fail without a mutant ({detail}): fix them first", file=sys.stderr)
        return 2
    timeouts = (max(10.0, args.timeout * probe.seconds[0]), max(10.0, args.timeout * probe.seconds[1]))
    print(f"mutate: unmutated, Catch2 passes in {probe.seconds[0]:.1f} s and pytest in {probe.seconds[1]:.1f} s; "
          f"timeouts {timeouts[0]:.0f} s and {timeouts[1]:.0f} s", flush=True)

    workers = [Worker(build, ROOT / "build" / "mutate" / f"w{k}", args.pytest, args.python, timeouts)
               for k in range(max(1, args.jobs))]
    for w in workers:
        w.sources = sources
    free = list(workers)
    lock = threading.Lock()
    outcomes: dict[int, Outcome] = {}

    def run(index: int, m: mutlib.Mutant) -> Outcome:
        with lock:
            w = free.pop()
        t0 = time.monotonic()
        try:
            status, detail = w.run(m)
        except (OSError, subprocess.SubprocessError, AssertionError) as e:  # the harness's trouble, not the mutant's
            status, detail = "stillborn", f"not run: {e}"
        finally:
            with lock:
                free.append(w)
        return Outcome(m, index, status, detail, time.monotonic() - t0)

    def enough() -> bool:
        scored = 0
        for i in range(len(candidates)):
            if i not in outcomes:
                return False
            scored += outcomes[i].status in ("killed", "survived")
            if scored >= args.mutants:
                return True
        return True

    interrupted = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(workers)) as pool:
        pending: dict[concurrent.futures.Future, int] = {}
        nxt = 0
        try:
            while not enough():
                scored = sum(o.status in ("killed", "survived") for o in outcomes.values())
                while len(pending) < len(workers) and nxt < len(candidates) and scored + len(pending) < args.mutants:
                    m = candidates[nxt]
                    if m.key in equivalent:
                        outcomes[nxt] = Outcome(m, nxt, "equivalent", equivalent[m.key])
                    else:
                        pending[pool.submit(run, nxt, m)] = nxt
                    nxt += 1
                if not pending:
                    if nxt >= len(candidates):
                        break
                    continue
                done, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for f in done:
                    o = f.result()
                    outcomes[pending.pop(f)] = o
                    write_report(args.report, args, [outcomes[i] for i in sorted(outcomes)],
                                 time.monotonic() - started, costly, cost)  # so far, in case of a crash
                    scored = sum(x.status in ("killed", "survived") for x in outcomes.values())
                    print(f"[{scored:>4}/{args.mutants}] {o.status:9} {o.seconds:5.1f} s  {o.mutant.key}  "
                          f"{o.mutant.describe()}"
                          + (f"  ({o.detail})" if o.status == "stillborn" else ""), flush=True)
        except KeyboardInterrupt:
            interrupted = True
            for f in pending:
                f.cancel()
            print("mutate: interrupted; reporting the mutants finished so far", file=sys.stderr)
    chosen, scored = [], 0
    for i in sorted(outcomes):
        if scored >= args.mutants:
            break
        chosen.append(outcomes[i])
        scored += outcomes[i].status in ("killed", "survived")
    if previous is not None:
        chosen = merge(previous, chosen, load_equivalent())
    seconds = time.monotonic() - started
    write_report(args.report, args, chosen, seconds, costly, cost)

    print()
    for o in chosen:
        if o.status == "survived":
            print(f"survived {o.mutant.key}: {o.mutant.describe()}\n{o.mutant.diff()}\n")
    total = print_scores(chosen)
    print(f"seed {args.seed}; report {args.report}; {seconds / 60:.1f} minutes")
    if interrupted:
        return 130
    k, s = total
    if args.min_score is not None and k + s and 100 * k / (k + s) < args.min_score:
        print(f"mutate: score {100 * k / (k + s):.1f}% is below the floor of {args.min_score:.1f}% "
              "(docs/reliability.md): add tests that kill the survivors above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
