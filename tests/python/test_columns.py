"""gwsim.columns: the output contract as Python sees it (names spelled out here on purpose: the tests
check the contract from outside, as the golden files do)."""
import pathlib

import pytest

import gwsim
from gwsim import _core
from gwsim.columns import COLUMNS, C, column, table, unit

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN_CSV = ROOT / "tests" / "golden" / "openai_aws_2026" / "timeseries.csv"


def test_columns_are_the_csv_header_in_order():
    header = GOLDEN_CSV.read_text().splitlines()[0].split(",")
    buildout = [c.name for c in _core.columns() if c.group == "buildout"]
    # openai_aws_2026 is leased from AWS, so the money model runs: its columns follow the buildout's
    money = [c.name for c in _core.columns() if c.group == "money"]
    assert ["date", *buildout, *money] == header


def test_jobs_columns_follow_the_buildout_columns():
    r = gwsim.run(gwsim.load(ROOT / "scenarios" / "openai_aws_2026_jobs.json"))
    # the groups of features (construction, generation, ...) appear only when a scenario uses them
    # (leased from AWS: the money model's columns come between the buildout's and the jobs')
    expected = [c.name for g in ("buildout", "money", "jobs") for c in COLUMNS if c.group == g]
    assert list(r.timeseries.columns) == expected
    groups = [c.group for c in COLUMNS]
    blocks = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert blocks[0] == "buildout" and len(blocks) == len(set(blocks))  # each group's columns together
    assert {"jobs_queued", "utilization", "vcpus_pool"} <= {c.name for c in COLUMNS if c.group == "jobs"}


def test_names_as_attributes():
    assert C.gpus_in_service == "gpus_in_service"
    assert C.vcpus_pool == "vcpus_pool"
    assert list(C) == [c.name for c in COLUMNS]
    assert "facility_power_mw" in dir(C)
    with pytest.raises(AttributeError, match="no time-series column 'gpus_in_sevice'; did you mean gpus_in_service"):
        C.gpus_in_sevice  # noqa: B018


def test_a_column_has_its_unit_and_meaning():
    assert unit("facility_power_mw") == "MW"
    assert unit("utilization") == "fraction"
    c = column("gpus_stranded")
    assert (c.unit, c.integer, c.banded, c.group) == ("GPUs", True, True, "buildout")
    assert c.description == "gpus_waiting_power + gpus_waiting_slot"
    assert not column("energy_cost_usd").integer
    with pytest.raises(KeyError, match="did you mean capex_usd"):
        column("capex")


def test_the_table():
    t = table()
    assert list(t.index) == [c.name for c in COLUMNS]
    assert list(t.columns) == ["unit", "description", "integer", "banded", "group"]
    assert t.loc["pflops_fp8_online", "unit"] == "PFLOPS"
    assert t.loc["jobs_queued", "group"] == "jobs"


def test_banded_columns_are_the_ones_marked_banded_in_the_order_of_bands_csv():
    assert _core.banded_columns() == ["gpus_in_service", "racks_in_service", "gpus_stranded", "facility_power_mw",
                                      "pflops_fp8_online", "energy_mwh", "capex_usd", "contract_paid_usd"]
    assert set(_core.banded_columns()) == {c.name for c in COLUMNS if c.banded}
