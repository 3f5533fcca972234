"""Scenarios: load from a file or a dict, and derive what-if variants."""
from __future__ import annotations

import functools
import json
import operator
import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _core


def _plain(x: Any) -> Any:
    """`x` with numpy scalars and arrays (at any depth of dicts, lists and tuples) as the Python numbers,
    bools and lists they hold: np.int64(3) -> 3, np.bool_(True) -> True, a 0-d array -> its value, an
    array -> a (nested) list; np.float32 values become the Python float of the same value. Anything else
    is returned as it is (a copy for dicts, lists and tuples)."""
    if isinstance(x, np.ndarray | np.generic):
        return x.tolist()
    if isinstance(x, Mapping):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return type(x)(_plain(v) for v in x)
    return x


def _json(x: Any) -> str:
    """JSON text of `x`, numpy scalars and arrays included (as _plain gives them)."""
    return json.dumps(x, default=_plain_or_fail)


def _plain_or_fail(x: Any) -> Any:
    if isinstance(x, np.ndarray | np.generic):
        return x.tolist()
    raise TypeError(f"{type(x).__name__} is not a JSON value")


def _integer(x: Any, what: str) -> int:
    """`x` as a Python int: ints and numpy integers (0-d integer arrays too); a float, even 3.0, is a
    TypeError naming `what`."""
    try:
        return operator.index(x.item() if isinstance(x, np.ndarray) and x.ndim == 0 else x)
    except TypeError:
        raise TypeError(f"{what} must be an integer, not {type(x).__name__} {x!r}") from None


@functools.lru_cache(maxsize=16)
def _load_text(text: str, name: str, exprs: tuple[str, ...]) -> Any:
    # a Dask worker receives the same scenario with every task: it is validated once (C++ scenarios
    # are immutable, so one serves every task)
    return _core.load_text(text, name, list(exprs))


class Scenario:
    """A validated scenario. Immutable: override() returns a new one.

    Overrides are JSON pointers with values, {"/sites/0/pue": 1.3}, applied by the C++ loader with the
    semantics of `gwsim run --set` (for a file and for a dict alike); a bad pointer is a ScenarioError
    (scenario.override) naming it. Values may be numpy scalars or arrays (kept as Python numbers and lists).

    A scenario pickles (for Dask workers and process pools) as its merged document (a file's `extends`
    chain resolved, read once) and its overrides, so workers need no access to the file: they validate
    the document when first used, name the file by its absolute path in errors, and read trace files
    (`workloads.traces[].file`, relative to the scenario file) at their absolute path on the client."""

    def __init__(self, source: str | Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> None:
        self._overrides = {str(k): _plain(v) for k, v in dict(overrides or {}).items()}
        self._wire: str | None = None  # a file's merged document, read when first pickled
        if isinstance(source, str):
            self._source: str | dict = source
            self._document: str | None = None  # loaded from the file
            self._name = source
        else:
            self._source = _plain(dict(source))
            self._document = _json(self._source)
            self._name = str(self._source.get("name", "<dict>")) + " (dict)"  # how errors name it
        self._loaded: Any = None
        self._loaded = self._load()

    def _load(self) -> Any:
        if self._document is None:
            return _core.load_file(self._source, self._exprs())
        return _load_text(self._document, self._name, tuple(self._exprs()))

    @property
    def _core(self) -> Any:
        """The C++ scenario (loaded when first used after unpickling)."""
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _exprs(self) -> list[str]:
        return [f"{k}={_json(v)}" for k, v in self._overrides.items()]

    def __reduce__(self):
        # the C++ object does not pickle: the document travels (a file's merged once, named by its absolute
        # path so that relative trace files resolve as on the client), and the worker validates it when first
        # used (in the task, so that errors reach the caller as ScenarioError, not as a failure to unpickle)
        if self._document is not None:
            return (_rebuild, (self._source if isinstance(self._source, str) else None, self._document,
                               self._name, self._overrides))
        if self._wire is None:
            self._wire = _core.document_file(self._source, [])
        return (_rebuild, (self._source, self._wire, os.path.abspath(self._source), self._overrides))

    @property
    def fingerprint(self) -> str:
        """16 hex digits naming the document simulated (base files merged, overrides applied), computed
        by the C++ loader: equal fingerprints mean the same scenario, so saved results can be reused
        (sweep, monte_carlo). A file and the same document given as a dict have the same fingerprint, and
        a scenario keeps its fingerprint on Dask workers."""
        if self._document is None:
            return _core.fingerprint_file(self._source, self._exprs())
        return _core.fingerprint_text(self._document, self._name, self._exprs())

    def override(self, changes: Mapping[str, Any]) -> Scenario:
        """A variant with values set at JSON pointers, e.g. {"/sites/0/pue": 1.3}; validated again."""
        merged = dict(self._overrides)
        merged.update({str(k): _plain(v) for k, v in changes.items()})
        v = Scenario.__new__(Scenario)
        v._source, v._document, v._name, v._wire = self._source, self._document, self._name, self._wire
        v._overrides = merged
        v._loaded = None
        v._loaded = v._load()
        return v

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


def _rebuild(source: str | None, document: str, name: str, overrides: dict[str, Any]) -> Scenario:
    """A pickled scenario, not yet validated (see Scenario.__reduce__)."""
    s = Scenario.__new__(Scenario)
    s._source = source if source is not None else json.loads(document)
    s._document, s._name, s._overrides, s._wire, s._loaded = document, name, dict(overrides), None, None
    return s


def load(source: str | os.PathLike | Mapping[str, Any]) -> Scenario:
    """Load a scenario from a JSON file (resolving `extends`) or from a dict."""
    if isinstance(source, Mapping):
        return Scenario(source)
    return Scenario(os.fspath(source))
