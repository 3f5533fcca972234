"""gwsim: discrete-event simulation of gigawatt-scale AI compute buildout.

    import gwsim
    s = gwsim.load("scenarios/openai_aws_2026.json")
    r = gwsim.run(s, seed=7)
    r.timeseries[["gpus_in_service", "gpus_stranded"]].plot()
    r.summary["key_dates"]

Scenarios are validated by the same C++ loader as the `gwsim` command; errors raise
gwsim.ScenarioError with .code, .file and .pointer.
"""
from ._core import __version__  # GWSIM_VERSION: the project() VERSION of CMakeLists.txt, set nowhere else
from ._errors import GwsimError, ScenarioError
from .montecarlo import MonteCarloResult, monte_carlo, sweep
from .report import Report, report
from .result import Result, run
from .scenario import Scenario, load

__all__ = ["GwsimError", "MonteCarloResult", "Report", "Result", "Scenario", "ScenarioError", "load", "monte_carlo",
           "report", "run", "sweep", "__version__"]
