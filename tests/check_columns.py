#!/usr/bin/env python3
"""The output contract (docs/architecture.md, "Rules"): every time-series column is declared once.

The names are read from the two declaration headers, sim/model/columns.hpp and
sim/jobs/columns.hpp (`inline constexpr ColumnSpec x{"x", ...}`). Everything else spells a
column through them: `columns::x.name` in C++, `gwsim.columns.C.x` in Python. This check fails,
naming file:line, on every quoted occurrence of a column name ("x", 'x', or \\"x\\" inside a
string or a notebook's JSON) in the C++, Python and notebook sources of sim/, bindings/,
benches/, docs/*.py and docs/notebooks/, except in the two declaration headers.

A summary or figure key that has a column's name but holds ANOTHER quantity (summary.json's
jobs/utilization is busy GPU-hours / up GPU-hours over the whole run, not the daily ratio of the
`utilization` column) cannot be spelled through the column; such a line carries the marker
`check_columns: not the column` with the reason, and is not reported.

tests/ is exempt: tests check the contract from outside, by name, as the golden files do (a test
that spelled every name through the table could not notice the table changing a name). Data
and prose (benches/baseline.json, *.md) are not sources and are not read either.

Runs in `make test` (ctest: check_columns). Exit 1 on any occurrence; `check_columns.py [ROOT]`.
"""
from __future__ import annotations

import pathlib
import re
import sys

HEADERS = ("sim/model/columns.hpp", "sim/jobs/columns.hpp")
DECLARATION = re.compile(r'inline\s+constexpr\s+ColumnSpec\s+(\w+)\s*\{\s*"(\w+)"')
SCANNED_DIRS = ("sim", "bindings", "benches", "docs/notebooks")
SUFFIXES = {".cpp", ".hpp", ".h", ".cc", ".py", ".pyi", ".ipynb"}
MARKER = "check_columns: not the column"


def column_names(root: pathlib.Path) -> list[str]:
    """The declared names, in declaration order; a declaration whose constant and name differ fails."""
    names = []
    for header in HEADERS:
        for constant, name in DECLARATION.findall((root / header).read_text()):
            if constant != name:
                raise SystemExit(f"{header}: columns::{constant} is declared with the name '{name}'")
            names.append(name)
    if not names:
        raise SystemExit(f"no column declared in {' or '.join(HEADERS)}")
    return names


def sources(root: pathlib.Path) -> list[pathlib.Path]:
    files = [p for d in SCANNED_DIRS if (root / d).is_dir() for p in (root / d).rglob("*")]
    files += list((root / "docs").glob("*.py"))
    skip = {root / h for h in HEADERS}
    return sorted(p for p in set(files) if p.is_file() and p.suffix in SUFFIXES and p not in skip)


def violations(root: pathlib.Path) -> list[str]:
    names = column_names(root)
    quoted = re.compile(r"""(\\"|"|')(""" + "|".join(map(re.escape, names)) + r")\1")
    out = []
    for path in sources(root):
        rel = path.relative_to(root)
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if MARKER in line:
                continue
            for m in quoted.finditer(line):
                out.append(f"{rel}:{n}: the column '{m.group(2)}' spelled as a string: use columns::{m.group(2)}.name "
                           f"(C++) or gwsim.columns.C.{m.group(2)} (Python)")
    return out


def main() -> int:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1]
    bad = violations(root)
    for b in bad:
        print(b)
    print(f"check_columns: {len(bad)} column name(s) spelled outside {' and '.join(HEADERS)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
