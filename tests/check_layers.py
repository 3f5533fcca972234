#!/usr/bin/env python3
"""The layering rules of docs/architecture.md, checked on the text of every include.

    core <- scenario <- model <- jobs <- run <- io <- report <- cli, bindings

A file under sim/<layer>/ may include "<other>/..." only for a layer at or below its own;
bindings/ may include any layer. The kernel (sim/core) and the models (scenario, model,
jobs, run) may not include JSON, file-system, terminal or Python headers.

The build enforces the first rule too (each layer compiles against an include root that
holds only the layers below it); this check also names the offending line, and runs in
`make test` (ctest: check_layers). Exit 1 on any violation.
"""
from __future__ import annotations

import pathlib
import re
import sys

LAYERS = ["core", "scenario", "model", "jobs", "run", "io", "report", "cli"]
# Headers a layer that knows nothing of files, JSON, terminals or Python must not include.
MODEL_LAYERS = {"core", "scenario", "model", "jobs", "run"}
FORBIDDEN_IN_MODELS = re.compile(r"^(nlohmann/|pybind11/|fstream$|iostream$|cstdio$|filesystem$|fmt/ostream)")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def violations(root: pathlib.Path) -> list[str]:
    out = []
    for path in sorted((root / "sim").rglob("*.[ch]pp")) + sorted((root / "bindings").glob("*.[ch]pp")):
        rel = path.relative_to(root)
        layer = rel.parts[1] if rel.parts[0] == "sim" else "bindings"
        rank = LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, target = m.groups()
            head = target.split("/")[0]
            if kind == '"' and head in LAYERS and LAYERS.index(head) > rank:
                out.append(f"{rel}:{n}: layer '{layer}' includes '{target}' from the higher layer '{head}'")
            if layer in MODEL_LAYERS and FORBIDDEN_IN_MODELS.match(target):
                out.append(f"{rel}:{n}: layer '{layer}' must not include <{target}> (models know nothing of "
                           "JSON, files, the terminal or Python)")
    return out


def main() -> int:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1]
    bad = violations(root)
    for b in bad:
        print(b)
    print(f"check_layers: {len(bad)} violation(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
