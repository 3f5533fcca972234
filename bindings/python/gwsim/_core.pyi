"""Type stubs for gwsim._core, the compiled half of the package (see gwsim/__init__.py)."""
from typing import Any

import numpy as np

class Scenario:
    name: str
    file: str
    seed: int
    start: str
    end: str
    description: str
    sources: list[str]
    site_names: list[str]

class RunResult:
    seed: int
    wall_s: float
    events: int
    def timeseries_arrays(self) -> dict[str, np.ndarray]: ...
    def jobs_arrays(self) -> dict[str, np.ndarray] | None: ...
    def summary_json(self) -> str: ...

def load_file(path: str, overrides: list[str] = ...) -> Scenario: ...
def load_text(text: str, name: str = ...) -> Scenario: ...
def replication_seed(seed: int, replication: int) -> int: ...
def run(scenario: Scenario, seed: int | None = ...) -> RunResult: ...
def cli(args: list[str]) -> int: ...
