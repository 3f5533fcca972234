"""gwsim: discrete-event simulation of gigawatt-scale AI compute buildout.

    import gwsim
    s = gwsim.load("scenarios/openai_aws_2026.json")
    r = gwsim.run(s, seed=7)
    C = gwsim.columns.C  # the time-series column names (gwsim.columns.table(): units, meanings)
    r.timeseries[[C.gpus_in_service, C.gpus_stranded]].plot()
    r.summary["key_dates"]

Scenarios are validated by the same C++ loader as the `gwsim` command; errors raise
gwsim.ScenarioError with .code, .file and .pointer.
"""
from . import columns, scenarios  # scenarios: the examples shipped in the package (list, load, path)
from ._core import __version__  # GWSIM_VERSION: the project() VERSION of CMakeLists.txt, set nowhere else
from ._errors import GwsimError, ScenarioError
from .montecarlo import MonteCarloResult, monte_carlo, sweep
from .report import Report, report
from .result import Result, read_parquet, run
from .scenario import Scenario, load
from .uncertainty import Comparison, Mean, Precision, Probability, Stop, compare  # uncertainty: intervals

__all__ = ["GwsimError", "MonteCarloResult", "Report", "Result", "Scenario", "ScenarioError", "load", "monte_carlo",
           "read_parquet", "report", "run", "sweep", "columns", "scenarios", "__version__",
           "Comparison", "Mean", "Precision", "Probability", "Stop", "compare"]
