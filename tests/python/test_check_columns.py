"""tests/check_columns.py on small trees: a column name planted as a string literal fails the check,
naming file:line; a clean tree, the declaration headers, tests/ and marked lines pass."""
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "check_columns.py"


def check(root: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True, text=True)


@pytest.fixture
def tree(tmp_path):
    """A clean tree: the real declaration headers, and sources that spell columns through them."""
    for header in ("sim/model/columns.hpp", "sim/jobs/columns.hpp"):
        (tmp_path / header).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / header, tmp_path / header)
    files = {
        "sim/io/output.cpp": 'j[columns::gpus_in_service.name] = 1;\nj["gpus_in_racks_in_service"] = 2;\n',
        "bindings/python/gwsim/plot.py": 'ax.plot(ts[C.gpus_in_service])\nax.set_ylabel("gpus_in_service_at_end")\n',
        "benches/bench.py": 'summary["failures"]\n',
        "docs/make_docs.py": "print('in service')\n",
        "docs/notebooks/nb.ipynb": json.dumps({"cells": [{"source": ["ts[C.utilization]\n"]}]}, indent=1),
        # not scanned: tests check the contract by name, and prose is not source
        "tests/python/test_x.py": 'assert "gpus_in_service" in ts\n',
        "docs/user-guide.md": '`"gpus_in_service"`\n',
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def test_a_clean_tree_passes(tree):
    proc = check(tree)
    assert proc.returncode == 0, proc.stdout
    assert "0 column name(s)" in proc.stdout


@pytest.mark.parametrize("rel, line, name", [
    ("sim/report/report.cpp", '  add_band(c, r.bands, "facility_power_mw", kRed);', "facility_power_mw"),
    ("bindings/python/gwsim/plot.py", "    ax.plot(ts['gpus_delivered'])", "gpus_delivered"),
    ("benches/bench.py", 'x = summary["energy_mwh"]', "energy_mwh"),
    ("docs/make_docs.py", "print('vcpus_pool')", "vcpus_pool"),
    ("sim/io/output.cpp", 'const char* header = "\\"utilization\\"";', "utilization"),
])
def test_a_planted_literal_fails_naming_file_and_line(tree, rel, line, name):
    path = tree / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text() if path.exists() else "") + "// one more line\n" + line + "\n")
    n = len(path.read_text().splitlines())
    proc = check(tree)
    assert proc.returncode == 1
    assert f"{rel}:{n}: the column '{name}'" in proc.stdout
    assert "1 column name(s)" in proc.stdout


def test_a_literal_in_a_notebook_fails(tree):
    nb = {"cells": [{"source": ["ts[['gpus_ordered']]\n", 'b = mc.bands["gpus_in_service"]\n']}]}
    (tree / "docs/notebooks/nb.ipynb").write_text(json.dumps(nb, indent=1))
    proc = check(tree)
    assert proc.returncode == 1
    assert "docs/notebooks/nb.ipynb:5: the column 'gpus_ordered'" in proc.stdout
    assert "docs/notebooks/nb.ipynb:6: the column 'gpus_in_service'" in proc.stdout


def test_a_marked_line_holding_another_quantity_passes(tree):
    path = tree / "sim/io/output.cpp"
    path.write_text(path.read_text() + '{"utilization", sum.utilization},  // check_columns: not the column (run)\n')
    assert check(tree).returncode == 0


def test_a_declaration_whose_constant_and_name_differ_fails(tree):
    header = tree / "sim/jobs/columns.hpp"
    header.write_text(header.read_text().replace('vcpus_pool{"vcpus_pool"', 'vcpus_pool{"vcpu_pool"'))
    proc = check(tree)
    assert proc.returncode != 0
    assert "columns::vcpus_pool is declared with the name 'vcpu_pool'" in proc.stderr


def test_the_project_passes():
    proc = check(ROOT)
    assert proc.returncode == 0, proc.stdout
