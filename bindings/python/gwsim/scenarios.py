"""The example scenarios shipped inside the package (the repository's scenarios/*.json).

    import gwsim
    gwsim.scenarios.list()                      # ['frontier_fleet_2027', 'gigawatt_factory', ...]
    s = gwsim.scenarios.load("openai_aws_2026")  # a gwsim.Scenario
    gwsim.scenarios.path("openai_aws_2026")     # pathlib.Path of the packaged JSON file (to copy and edit)

The files are installed together in gwsim/data/scenarios, so a scenario that `extends` another one
by a path relative to its folder loads as it does from the repository. An unknown name raises
LookupError naming the closest matches and listing the available ones.
"""
from __future__ import annotations

import builtins
import difflib
import pathlib

from .scenario import Scenario
from .scenario import load as _load

__all__ = ["list", "load", "path"]

_FOLDER = pathlib.Path(__file__).resolve().parent / "data" / "scenarios"


# named after what it returns, as the issue asks (gwsim.scenarios.list()); it shadows the builtin here only
def list() -> builtins.list[str]:
    """The names of the shipped scenarios (file names without .json), sorted."""
    return sorted(p.stem for p in _FOLDER.glob("*.json"))


def path(name: str) -> pathlib.Path:
    """The packaged JSON file of the scenario `name` (e.g. "openai_aws_2026")."""
    names = list()
    if name not in names:
        close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        available = ", ".join(names) if names else f"none (no *.json in {_FOLDER}: a broken install?)"
        raise LookupError(f"gwsim ships no scenario {name!r}{hint}. Available: {available}")
    return _FOLDER / f"{name}.json"


def load(name: str) -> Scenario:
    """The shipped scenario `name` as a gwsim.Scenario (the same as gwsim.load of its file)."""
    return _load(path(name))
