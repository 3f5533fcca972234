"""gwsim.report: the planner's HTML report of run directories, from Python.

    html = gwsim.report("out/aws")                                  # the page, as text
    gwsim.report("out/aws", out="aws.html")                         # written (atomically)
    gwsim.report("out/aws", "out/aws-more-crews", out="cmp.html")   # baseline vs what-if
    gwsim.report("out/aws").display()                               # inline in Jupyter
    gwsim.run(s).report(out="run.html")                             # from a Result, no run directory

The same page as `gwsim report` (docs/report.md): one self-contained HTML file.
"""
from __future__ import annotations

import os

from . import _core
from ._io import write_atomic


class Report(str):
    """The report's HTML text; shows itself in Jupyter."""

    def _repr_html_(self) -> str:
        # an iframe keeps the report's CSS from leaking into the notebook
        from html import escape
        return f'<iframe srcdoc="{escape(self)}" style="width:100%;height:900px;border:0"></iframe>'

    def display(self) -> None:
        from IPython.display import HTML, display
        display(HTML(self._repr_html_()))


def report(run_dir: str | os.PathLike, what_if: str | os.PathLike | None = None,
           out: str | os.PathLike | None = None) -> Report:
    """The report of `run_dir` (a `gwsim run --out` directory), or with `what_if` a comparison
    (differences are what_if - run_dir). With `out`, also writes it there atomically. Raises
    gwsim.GwsimError (code "report.input") when a directory is not a readable run."""
    html = _core.report_html(os.fspath(run_dir)) if what_if is None else \
        _core.compare_html(os.fspath(run_dir), os.fspath(what_if))
    return finish(html, out)


def finish(html: str, out: str | os.PathLike | None) -> Report:
    """The page as a Report, also written to `out` atomically when given (gwsim.report, Result.report)."""
    if out is not None:
        write_atomic(out, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return Report(html)
