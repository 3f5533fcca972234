#!/usr/bin/env python3
"""The sim/ sources `make lint-tidy` gives clang-tidy, one per line (paths relative to the repository).

clang-tidy over every sim/ source takes about 9 minutes on 2 idle cores, the largest step of `make test`
after the builds. A commit at which every source was checked clean is recorded in .ci/tidy-clean
(`make tidy-record` checks all of them and records HEAD); CI then checks the sources changed since that
commit: committed, staged, unstaged and untracked. A changed header is checked through the .cpp beside
it, or, for a header without one, through the first source that includes it (the headers' findings are
reported through any source that includes them: .clang-tidy's HeaderFilterRegex). Every source is
checked when asked (--all), when the recorded commit is not in this clone's history (a shallow clone),
or when what decides the findings changed since it: .clang-tidy or a CMakeLists.txt (compile flags).

A change to a header can in principle raise a finding in an unchanged source that includes it; CI
would then miss it until the next full check (`make lint TIDY=all`, or `make tidy-record`).
"""
from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RECORD = ROOT / ".ci" / "tidy-clean"
GLOBAL_INPUTS = re.compile(r"^(\.clang-tidy|CMakeLists\.txt|CMakePresets\.json|sim/.*CMakeLists\.txt)$")


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


def recorded_commit() -> str | None:
    """The recorded tidy-clean commit, when the file names one this clone has."""
    if not RECORD.exists():
        return None
    rev = next((ln.strip() for ln in RECORD.read_text().splitlines() if ln.strip() and not ln.startswith("#")), "")
    if not rev or git("cat-file", "-e", f"{rev}^{{commit}}").returncode != 0:
        return None
    return rev


def changed_since(rev: str) -> set[str]:
    """Files changed since `rev`, committed or not, and untracked files (deleted files excluded)."""
    diff = git("diff", "--name-only", "--diff-filter=d", rev)
    untracked = git("ls-files", "--others", "--exclude-standard")
    if diff.returncode != 0 or untracked.returncode != 0:
        raise SystemExit(f"tidy_files.py: git failed: {diff.stderr}{untracked.stderr}")
    return set(diff.stdout.split()) | set(untracked.stdout.split())


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sim").rglob("*.cpp"))


def includer(header: str, srcs: list[str]) -> str | None:
    """The first source that includes `header` (sim/ includes are spelled from the layer root)."""
    spelled = header.removeprefix("sim/")
    needle = f'#include "{spelled}"'
    for s in srcs:
        if needle in (ROOT / s).read_text():
            return s
    return None


def files_to_check(rev: str | None) -> list[str]:
    srcs = sources()
    if rev is None:
        return srcs
    changed = changed_since(rev)
    if any(GLOBAL_INPUTS.match(f) for f in changed):
        return srcs
    out: set[str] = set()
    for f in sorted(changed):
        if not f.startswith("sim/") or not (ROOT / f).is_file():
            continue
        if f.endswith(".cpp"):
            out.add(f)
        elif f.endswith(".hpp"):
            beside = f[: -len(".hpp")] + ".cpp"
            chosen = beside if (ROOT / beside).is_file() else includer(f, srcs)
            if chosen:
                out.add(chosen)
    return sorted(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all", action="store_true", help="every sim/ source")
    ap.add_argument("--why", action="store_true", help="say on stderr why these files")
    args = ap.parse_args()
    rev = None if args.all else recorded_commit()
    files = files_to_check(rev)
    if args.why:
        reason = ("every source (--all)" if args.all else
                  "every source: no recorded commit in this clone" if rev is None else
                  f"{len(files)} of {len(sources())} sources: changed since the tidy-clean commit {rev[:12]}")
        print(f"clang-tidy: {reason}", file=sys.stderr)
    print("\n".join(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
