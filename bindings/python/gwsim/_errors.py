"""Exceptions raised by gwsim (the C++ core maps its errors onto these)."""


class GwsimError(Exception):
    """An error from gwsim's core; `code` is a stable identifier such as "engine.past"."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self):
        # pickled with its code (a Dask worker's error reaches the client whole)
        return (type(self), (str(self), self.code))


class ScenarioError(GwsimError, ValueError):
    """A scenario that cannot be loaded: `code` (e.g. "scenario.range"), `file`, JSON `pointer`
    (e.g. "/sites/2/power_mw") and `detail` (what was expected and found)."""

    def __init__(self, message: str, code: str = "", file: str = "", pointer: str = "", detail: str = "") -> None:
        super().__init__(message, code)
        self.file = file
        self.pointer = pointer
        self.detail = detail

    def __reduce__(self):
        return (type(self), (str(self), self.code, self.file, self.pointer, self.detail))
