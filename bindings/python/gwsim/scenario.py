"""Scenarios: load from a file or a dict, and derive what-if variants."""
from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from typing import Any

from . import _core


class Scenario:
    """A validated scenario. Immutable: override() returns a new one.

    Overrides are JSON pointers with values, {"/sites/0/pue": 1.3}, applied by the C++ loader with the
    semantics of `gwsim run --set` (for a file and for a dict alike); a bad pointer is a ScenarioError
    (scenario.override) naming it."""

    def __init__(self, source: str | Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> None:
        self._source = source if isinstance(source, str) else copy.deepcopy(dict(source))
        self._overrides = dict(overrides or {})
        if isinstance(self._source, str):
            self._core = _core.load_file(self._source, self._exprs())
        else:
            self._core = _core.load_text(json.dumps(self._source), self._label(), self._exprs())

    def _exprs(self) -> list[str]:
        return [f"{k}={json.dumps(v)}" for k, v in self._overrides.items()]

    def _label(self) -> str:
        # how errors name a scenario given as a dict
        return str(self._source.get("name", "<dict>")) + " (dict)"

    def __reduce__(self):
        # the C++ object does not pickle; a scenario is rebuilt from its source (for Dask workers)
        return (Scenario, (self._source, self._overrides))

    @property
    def fingerprint(self) -> str:
        """16 hex digits naming the document simulated (base files merged, overrides applied), computed
        by the C++ loader: equal fingerprints mean the same scenario, so saved results can be reused
        (sweep, monte_carlo). A file and the same document given as a dict have the same fingerprint."""
        if isinstance(self._source, str):
            return _core.fingerprint_file(self._source, self._exprs())
        return _core.fingerprint_text(json.dumps(self._source), self._label(), self._exprs())

    def override(self, changes: Mapping[str, Any]) -> Scenario:
        """A variant with values set at JSON pointers, e.g. {"/sites/0/pue": 1.3}; validated again."""
        merged = dict(self._overrides)
        merged.update(changes)
        return Scenario(self._source, merged)

    @property
    def name(self) -> str:
        return self._core.name

    @property
    def seed(self) -> int:
        return self._core.seed

    @property
    def start(self) -> str:
        return self._core.start

    @property
    def end(self) -> str:
        return self._core.end

    @property
    def sites(self) -> list[str]:
        return list(self._core.site_names)

    @property
    def overrides(self) -> dict[str, Any]:
        return dict(self._overrides)

    def __repr__(self) -> str:
        extra = f", {len(self._overrides)} overrides" if self._overrides else ""
        return f"<gwsim.Scenario {self.name!r} {self.start}..{self.end}{extra}>"


def load(source: str | os.PathLike | Mapping[str, Any]) -> Scenario:
    """Load a scenario from a JSON file (resolving `extends`) or from a dict."""
    if isinstance(source, Mapping):
        return Scenario(source)
    return Scenario(os.fspath(source))
