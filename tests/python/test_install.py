"""What the installed package carries: the example scenarios (gwsim.scenarios), the extras, the build settings."""
import pathlib
import tomllib

import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_list_is_the_repositorys_scenarios_sorted():
    names = gwsim.scenarios.list()
    assert names == sorted(p.stem for p in SCENARIOS.glob("*.json"))
    assert "openai_aws_2026" in names and "gigawatt_factory" in names


def test_path_is_the_packaged_copy_of_the_file():
    package = pathlib.Path(gwsim.__file__).resolve().parent
    for name in gwsim.scenarios.list():
        p = gwsim.scenarios.path(name)
        assert isinstance(p, pathlib.Path)
        assert p.is_relative_to(package), p  # inside the installed package, not the checkout
        assert p.read_bytes() == (SCENARIOS / f"{name}.json").read_bytes(), name


@pytest.mark.parametrize("name", [p.stem for p in sorted(SCENARIOS.glob("*.json"))])
def test_load_is_the_same_scenario_as_the_source_file(name):
    packaged = gwsim.scenarios.load(name)
    assert isinstance(packaged, gwsim.Scenario)
    source = gwsim.load(SCENARIOS / f"{name}.json")
    assert packaged.fingerprint == source.fingerprint  # openai_aws_2026_jobs too: its `extends` resolves
    assert packaged.name == source.name


def test_unknown_name_names_the_closest_and_lists_the_available():
    with pytest.raises(LookupError) as e:
        gwsim.scenarios.load("openai_aws_2025")
    msg = str(e.value)
    assert "'openai_aws_2025'" in msg
    assert "closest: openai_aws_2026" in msg
    assert "Available: " + ", ".join(gwsim.scenarios.list()) in msg
    shipped = "abilene_gas_bridge, bridge_deadline, epoch_1gw, frontier_fleet_2027, "
    with pytest.raises(LookupError, match="Available: " + shipped):
        gwsim.scenarios.path("zzz")


def test_scenarios_is_part_of_the_public_api():
    assert "scenarios" in gwsim.__all__
    assert gwsim.scenarios.__all__ == ["list", "load", "path"]


def test_extras_analyst_and_all():
    """gwsim[analyst] brings what the docs' examples import; gwsim[all] adds the notebooks' runners, and each
    extra's package is one requirements-dev.txt pins (so make wheel-smoke installs tested versions)."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    name = lambda req: req.split(">")[0].split("=")[0].split("[")[0]  # noqa: E731
    assert sorted(map(name, extras["analyst"])) == ["dask", "matplotlib", "pyarrow", "tqdm", "xarray"]
    assert "dask[distributed]" in " ".join(extras["analyst"])
    assert extras["all"][0] == "gwsim[analyst]"
    assert sorted(map(name, extras["all"][1:])) == ["ipykernel", "nbclient", "nbconvert", "nbformat"]
    pinned = {line.split("==")[0].split("[")[0] for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    assert {name(r) for r in extras["analyst"] + extras["all"][1:]} <= pinned


def test_pip_builds_outside_the_source_tree():
    """pyproject.toml names no build folder, so scikit-build-core builds in a temporary one (make wheel checks
    that pip's build leaves a copy of the tree unchanged); make python and make wheel pass theirs."""
    assert "build-dir" not in PYPROJECT["tool"]["scikit-build"]
