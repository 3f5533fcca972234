"""Writes the table of time-series columns in docs/outputs.md from the output contract: the columns
declared in sim/model/columns.hpp and sim/jobs/columns.hpp, read through the installed package
(gwsim.columns). Run by `make docs-outputs` (which installs the package first); only the text between
the two markers is rewritten. tests/python/test_outputs_doc.py fails when the file is stale.

    python docs/make_outputs.py [--check] [FILE]     (FILE: docs/outputs.md by default)
"""
from __future__ import annotations

import argparse
import pathlib
import sys

BEGIN = ("<!-- BEGIN columns: written by docs/make_outputs.py (make docs-outputs) from sim/model/columns.hpp and "
         "sim/jobs/columns.hpp; do not edit by hand -->")
END = "<!-- END columns -->"
DEFAULT = pathlib.Path(__file__).resolve().parent / "outputs.md"
GROUPS = {"buildout": "Every run",
          "construction": "Scenarios with a building under `construction` ([power.md](power.md#construction)), "
                          "after the buildout's columns",
          "generation": "Scenarios with a site's `generation` "
                        "([power.md](power.md#on-site-generation-batteries-and-the-power-ledger)), "
                        "after the buildout's columns",
          "curtailment": "Scenarios with a site's `curtailment` ([power.md](power.md#curtailment)), "
                         "after the buildout's columns (per site too)",
          "non_grid": "Scenarios with a power stage's `\"grid\": false` ([power.md](power.md#outputs)), "
                      "after the buildout's columns (per site too)",
          "interconnect": "Scenarios with a site's `grid` or a power stage's `equipment` "
                          "([power.md](power.md#grid-interconnection-and-long-lead-equipment)), "
                          "after the buildout's columns",
          "jobs": "Scenarios with a `workloads` section, after the buildout's columns",
          "prices": "Scenarios with a site's `prices` or a SKU's `embodied_tco2_per_rack` "
                    "([power.md](power.md#prices-and-carbon)), right after the buildout's columns",
          "contracts": "Scenarios with a contract's `ramp` or `late_credit_share` ([money.md](money.md#contracts)), "
                       "after the buildout's columns",
          "money": "Scenarios the money model runs for (a `costs` key beyond `energy_usd_per_mwh`, a `lifecycle`, or "
                   "a leased site or order: [money.md](money.md#using-it)), after the buildout's columns",
          "lifecycle": "Scenarios with a `lifecycle` ([money.md](money.md#fleet-lifecycle)), after the buildout's "
                       "columns"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(columns) -> str:
    """The markdown between the markers: per group, one row per column in timeseries.csv order."""
    out = []
    for group, title in GROUPS.items():
        rows = [c for c in columns if c.group == group]
        if not rows:
            continue
        out += ["", f"**{title}** ({len(rows)} columns):", "",
                "| column | unit | meaning | banded |", "|---|---|---|---|"]
        for c in rows:
            out.append(f"| `{c.name}` | {_cell(c.unit)} | {_cell(c.description)} | {'yes' if c.banded else ''} |")
    unknown = sorted({c.group for c in columns} - set(GROUPS))
    if unknown:
        raise SystemExit(f"make_outputs.py: columns of an unknown group {unknown}: name it in GROUPS")
    return "\n".join(out) + "\n"


def update(text: str, table: str) -> str:
    """`text` with everything between the markers replaced by `table`."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"make_outputs.py: the markers are missing (or out of order): {BEGIN} ... {END}")
    return text[:start + len(BEGIN)] + "\n" + table + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=pathlib.Path, default=DEFAULT)
    ap.add_argument("--check", action="store_true", help="exit 1 if FILE is stale, without writing it")
    args = ap.parse_args(argv)
    from gwsim.columns import COLUMNS

    text = args.file.read_text()
    want = update(text, render(COLUMNS))
    if args.check:
        if want != text:
            print(f"{args.file} is stale: run `make docs-outputs`", file=sys.stderr)
            return 1
        return 0
    if want != text:
        args.file.write_text(want)
        print(f"wrote {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
