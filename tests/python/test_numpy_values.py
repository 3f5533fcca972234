"""numpy scalars and arrays are accepted wherever numbers are: override values, sweep grids (np.arange,
np.linspace, arrays), and n, seed, threads; each gives what the same Python values give (the same
fingerprint, point ids, results)."""
from __future__ import annotations

import json
import pathlib

import numpy as np
import pandas as pd
import pytest

import gwsim
from gwsim.scenario import _integer, _plain

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"


@pytest.fixture(scope="module")
def aws():
    return gwsim.load(AWS)


@pytest.mark.parametrize(("pointer", "numpy_value", "value"), [
    ("/sites/0/pue", np.float64(1.3), 1.3),
    ("/sites/0/pue", np.float32(1.25), 1.25),             # exactly a float32
    ("/sites/0/install/crews", np.int64(8), 8),
    ("/sites/0/install/crews", np.int32(8), 8),
    ("/sites/0/install/crews", np.uint8(8), 8),
    ("/failures/enabled", np.bool_(False), False),
    ("/sites/0/install/crews", np.array(8), 8),            # a 0-d array
    ("/orders/0/deliveries/0", {"date": "2025-11-03", "racks": np.int64(90)}, {"date": "2025-11-03", "racks": 90}),
])
def test_override_values(aws, pointer, numpy_value, value):
    a, b = aws.override({pointer: numpy_value}), aws.override({pointer: value})
    assert a.fingerprint == b.fingerprint
    assert a.overrides == {pointer: value}
    assert type(a.overrides[pointer]) is type(value)


def test_a_float32_is_its_own_value(aws):
    v = aws.override({"/sites/0/pue": np.float32(1.3)})
    assert v.overrides["/sites/0/pue"] == float(np.float32(1.3)) != 1.3


def test_arrays_become_lists(aws):
    assert _plain(np.arange(3)) == [0, 1, 2] and type(_plain(np.arange(3))[0]) is int
    assert _plain({"a": (np.int64(1), np.array([[1.5], [2.5]]))}) == {"a": (1, [[1.5], [2.5]])}
    with pytest.raises(gwsim.ScenarioError) as e:  # a list where a number goes: the loader's error, not json's
        aws.override({"/sites/0/pue": np.array([1.2, 1.3])})
    assert (e.value.code, e.value.pointer) == ("scenario.type", "/sites/0/pue")


def test_a_dict_scenario_with_numpy_values(aws):
    d = json.loads(gwsim._core.document_file(str(AWS), []))
    d["sites"][0]["install"]["crews"] = np.int64(d["sites"][0]["install"]["crews"])
    d["sites"][0]["pue"] = np.float64(d["sites"][0]["pue"])
    assert gwsim.load(d).fingerprint == aws.fingerprint


def test_sweep_grids_from_numpy(aws, tmp_path):
    numpy_grid = {"/sites/0/install/crews": np.arange(4, 13, 4), "/sites/0/pue": np.linspace(1.1, 1.3, 2),
                  "/failures/enabled": np.array([True])}
    python_grid = {"/sites/0/install/crews": [4, 8, 12], "/sites/0/pue": [1.1, 1.3], "/failures/enabled": [True]}
    a = gwsim.sweep(aws, numpy_grid, seed=np.int64(2), progress=False, out=tmp_path / "sweep")
    saved = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "sweep").glob("point-*.parquet")}
    b = gwsim.sweep(aws, python_grid, seed=2, progress=False, out=tmp_path / "sweep")  # the same points: all reused
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "sweep").glob("point-*.parquet")} == saved
    assert len(saved) == 6
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.iloc[:, 0].tolist() == [4, 4, 8, 8, 12, 12]  # the crews, as numbers


def test_counts_and_seeds(aws):
    a = gwsim.monte_carlo(aws, n=np.int64(3), seed=np.uint64(5), threads=np.int32(2), progress=False)
    b = gwsim.monte_carlo(aws, n=3, seed=5, threads=2, progress=False)
    pd.testing.assert_frame_equal(a.replications, b.replications, check_exact=True)
    assert a.seed == 5 and type(a.seed) is int
    assert gwsim.run(aws, seed=np.int64(7)).summary == gwsim.run(aws, seed=7).summary


def test_counts_must_be_integers(aws):
    assert _integer(np.array(3), "n") == 3
    with pytest.raises(TypeError, match="n must be an integer"):
        gwsim.monte_carlo(aws, n=3.0, progress=False)
    with pytest.raises(TypeError, match="threads must be an integer"):
        gwsim.monte_carlo(aws, n=2, threads=np.float64(2), progress=False)
