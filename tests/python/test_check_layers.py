"""tests/check_layers.py and tests/check_sizes.py can fail: each finds what is planted in a small tree."""
from __future__ import annotations

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(tmp_path: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "bindings").mkdir(exist_ok=True)
    return tmp_path


def test_an_include_from_a_higher_layer_is_named(tmp_path):
    check = _load("check_layers")
    root = _tree(tmp_path, {"sim/model/a.cpp": '#include "core/engine.hpp"\n#include "jobs/jobs.hpp"\n'})
    bad = check.violations(root)
    assert bad == ["sim/model/a.cpp:2: layer 'model' includes 'jobs/jobs.hpp' from the higher layer 'jobs'"]


def test_a_model_that_includes_json_or_files_is_named(tmp_path):
    check = _load("check_layers")
    root = _tree(tmp_path, {"sim/run/r.cpp": "#include <nlohmann/json.hpp>\n#include <fstream>\n#include <vector>\n"})
    assert [b.split(":")[1] for b in check.violations(root)] == ["1", "2"]


def test_includes_of_lower_layers_pass(tmp_path):
    check = _load("check_layers")
    root = _tree(tmp_path, {"sim/io/x.cpp": '#include "core/time.hpp"\n#include "run/replications.hpp"\n'
                                             "#include <nlohmann/json.hpp>\n",
                            "bindings/m.cpp": '#include "cli/cli.hpp"\n'})
    assert check.violations(root) == []


def test_long_files_and_functions_are_named(tmp_path):
    check = _load("check_sizes")
    body = "".join(f"  x += {i};\n" for i in range(81))
    root = _tree(tmp_path, {"sim/core/long.cpp": "int f(int x) {\n" + body + "  return x;\n}\n" + "\n" * 330,
                            "sim/core/short.cpp": "int g(int x) {\n  return x;\n}\n"})
    bad, _ = check.violations(root)
    assert len(bad) == 2
    assert bad[0].startswith("sim/core/long.cpp: ") and "lines (at most 400)" in bad[0]
    assert bad[1].startswith("sim/core/long.cpp:1: f is 84 lines")
