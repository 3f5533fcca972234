"""docs/outputs.md holds the table of time-series columns that docs/make_outputs.py writes from the
output contract (`make docs-outputs`): it fails when the file is stale."""
import importlib.util
import pathlib
import subprocess
import sys

import pytest

from gwsim.columns import COLUMNS, Column

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "make_outputs.py"
DOC = ROOT / "docs" / "outputs.md"


@pytest.fixture(scope="module")
def make_outputs():
    spec = importlib.util.spec_from_file_location("make_outputs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outputs_md_is_up_to_date(make_outputs):
    text = DOC.read_text()
    assert make_outputs.update(text, make_outputs.render(COLUMNS)) == text, \
        "docs/outputs.md is stale: run `make docs-outputs` (python docs/make_outputs.py) and commit it"


def test_every_column_has_a_row_with_its_unit(make_outputs):
    text = DOC.read_text()
    for c in COLUMNS:
        assert f"| `{c.name}` | {c.unit} |" in text, c.name


def test_render_and_update_on_a_small_table(make_outputs):
    cols = [Column("a_mw", "MW", "power | draw", False, True, "buildout"),
            Column("q", "jobs", "queued", True, False, "jobs")]
    table = make_outputs.render(cols)
    assert "| `a_mw` | MW | power \\| draw | yes |" in table
    assert "| `q` | jobs | queued |  |" in table
    assert table.index("`a_mw`") < table.index("`q`")
    doc = f"intro\n{make_outputs.BEGIN}\nold rows\n{make_outputs.END}\nafter\n"
    assert make_outputs.update(doc, table) == f"intro\n{make_outputs.BEGIN}\n{table}\n{make_outputs.END}\nafter\n"
    with pytest.raises(SystemExit):
        make_outputs.update("no markers\n", table)


def test_check_flags_a_stale_file(tmp_path, make_outputs):
    stale = tmp_path / "outputs.md"
    stale.write_text(f"x\n{make_outputs.BEGIN}\n| `gone` | GPUs | removed | |\n{make_outputs.END}\n")
    run = [sys.executable, str(SCRIPT), "--check", str(stale)]
    assert subprocess.run(run, capture_output=True).returncode == 1
    assert subprocess.run([sys.executable, str(SCRIPT), str(stale)], capture_output=True).returncode == 0
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert "| `gpus_in_service` | GPUs |" in stale.read_text()
