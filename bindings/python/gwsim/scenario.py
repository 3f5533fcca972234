"""Scenarios: load from a file or a dict, and derive what-if variants."""
from __future__ import annotations

import copy
import hashlib
import json
import os
from typing import Any, Mapping

from . import _core


def _set_pointer(doc: Any, pointer: str, value: Any) -> None:
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]
    target = doc
    for p in parts[:-1]:
        target = target[int(p)] if isinstance(target, list) else target[p]
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


class Scenario:
    """A validated scenario. Immutable: override() returns a new one."""

    def __init__(self, source: str | Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> None:
        self._source = source if isinstance(source, str) else copy.deepcopy(dict(source))
        self._overrides = dict(overrides or {})
        if isinstance(self._source, str):
            exprs = [f"{k}={json.dumps(v)}" for k, v in self._overrides.items()]
            self._core = _core.load_file(self._source, exprs)
        else:
            doc = copy.deepcopy(self._source)
            for k, v in self._overrides.items():
                _set_pointer(doc, k, v)
            self._core = _core.load_text(json.dumps(doc), str(doc.get("name", "<dict>")) + " (dict)")

    def __reduce__(self):
        # the C++ object does not pickle; a scenario is rebuilt from its source (for Dask workers)
        return (Scenario, (self._source, self._overrides))

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the document simulated (base files merged, overrides applied): equal
        fingerprints mean the same scenario, so saved results can be reused (sweep, monte_carlo)."""
        if isinstance(self._source, str):
            exprs = [f"{k}={json.dumps(v)}" for k, v in self._overrides.items()]
            text = _core.document_file(self._source, exprs)
        else:
            doc = copy.deepcopy(self._source)
            for k, v in self._overrides.items():
                _set_pointer(doc, k, v)
            text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def override(self, changes: Mapping[str, Any]) -> "Scenario":
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
