"""The mutation operators: small, realistic bugs planted in the C++ of sim/, one at a time.

A mutant is one textual change at one place of one file. Candidates are found on the code
only: comments, string and character literals and preprocessor lines are masked out first,
so a mutant never edits a comment, a message or an #include. The sources are clang-formatted,
which lets binary operators be told from template brackets and unary signs by their spaces
(` < ` is a comparison, `<` alone a template argument list).

Operators (docs/mutation.md):
  relational  a comparison negated: < to >=, <= to >, > to <=, >= to <, == to !=, != to ==
  boundary    a comparison moved by one: < to <=, <= to <, > to >=, >= to >
  arithmetic  + and -, * and / swapped (also +=, -=, *=, /=, ++, --); % to *
  logical     && and || swapped; a negation ! dropped
  constant    a number changed: 0 to 1, 1 to 0, another integer n to n + 1, a real x to 2x
  statement   a statement deleted (an expression statement: a call, an assignment, an increment)
  swap        the two arguments of a two-argument call swapped
"""
from __future__ import annotations

import dataclasses
import hashlib
import re

OPERATORS = ("relational", "boundary", "arithmetic", "logical", "constant", "statement", "swap")

NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
ARITHMETIC = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*", "+=": "-=", "-=": "+=", "*=": "/=", "/=": "*=",
              "++": "--", "--": "++"}

BINARY = re.compile(r"(?<= )(<=|>=|==|!=|<|>|\+|-|\*|/|%|&&|\|\||\+=|-=|\*=|/=)(?= )")
INCREMENT = re.compile(r"(?<![+\-])(\+\+|--)(?![+\-=])")
NOT = re.compile(r"!(?!=)(?=[\w(])")
# A number, with C++14 digit separators (1'000'000) taken whole.
NUMBER = re.compile(r"(?<![\w.'])((?:\d[\d']*\.\d*|\.\d+|\d[\d']*)(?:[eE][+-]?\d+)?)([uUlLfF]*)(?![\w.'])")
STATEMENT = re.compile(r"^(\s*)(\S.*;)\s*$")
# A statement that is a declaration, a jump or part of a larger construct is not deleted: removing
# it would not compile, or would not be a small bug.
NOT_DELETABLE = re.compile(
    r"^\s*(return\b|break\b|continue\b|case\b|default\b|using\b|namespace\b|template\b|typedef\b|"
    r"static_assert\b|friend\b|public:|private:|protected:|else\b|do\b|goto\b|throw\b|co_\w+\b|\}|\{)")
DECLARATION = re.compile(
    r"^\s*(?:(?:const|constexpr|static|inline|mutable|volatile|extern|thread_local|explicit|virtual|"
    r"unsigned|signed|long|short|struct|class|enum|typename)\s+)*"
    r"[A-Za-z_][\w:]*(?:<.*>)?[\s*&]+[A-Za-z_]\w*\s*(?:[=;{(\[,]|$)")
# Calls whose two arguments commute: swapping them is an equivalent mutant.
SYMMETRIC = {"std::min", "std::max", "std::swap", "std::hypot", "std::gcd", "std::lcm"}
CALL2 = re.compile(r"\b([A-Za-z_][\w:]*)\(([A-Za-z_][\w.]*(?:\(\))?), ([A-Za-z_][\w.]*(?:\(\))?)\)")


@dataclasses.dataclass(frozen=True)
class Mutant:
    path: str  # relative to the project root, e.g. sim/jobs/policy.cpp
    line: int  # 1-based
    col: int  # 0-based start of the replaced text in the line
    operator: str
    original: str
    replacement: str
    line_text: str
    occurrence: int = 0  # how many identical changes of identical lines come before it in the file

    @property
    def folder(self) -> str:
        return "/".join(self.path.split("/")[:2])

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the file: the file, the line's text, the operator, the
        change and its place in the line (not the line number)."""
        text = f"{self.path}\n{self.line_text.strip()}\n{self.operator}\n{self.col - _indent(self.line_text)}\n" \
               f"{self.original}\n{self.replacement}\n{self.occurrence}"
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    def describe(self) -> str:
        return f"{self.path}:{self.line}:{self.col + 1}: {self.operator}: `{self.original}` -> `{self.replacement}`"

    def apply(self, source: str) -> str:
        lines = source.split("\n")
        text = lines[self.line - 1]
        assert text == self.line_text, f"{self.path}:{self.line} changed since the mutants were listed"
        lines[self.line - 1] = text[:self.col] + self.replacement + text[self.col + len(self.original):]
        return "\n".join(lines)

    def diff(self) -> str:
        after = self.line_text[:self.col] + self.replacement + self.line_text[self.col + len(self.original):]
        return f"--- {self.path}:{self.line}\n-{self.line_text}\n+{after}"


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def mask(source: str) -> str:
    """The source with comments, string and character literals and preprocessor lines blanked
    (same length, newlines kept), so that operators are looked for in code only."""
    out = list(source)
    i, n = 0, len(source)
    line_start = True

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = source[i]
        if line_start and c == "#":
            j = i
            while j < n and (source[j] != "\n" or source[j - 1] == "\\"):
                j += 1
            blank(i, j)
            i = j
            continue
        if c == "\n":
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif source.startswith('R"', i) and not (i > 0 and (source[i - 1].isalnum() or source[i - 1] == "_")):
            d = source.find("(", i)
            delim = ")" + source[i + 2:d] + '"'
            j = source.find(delim, d)
            j = n if j < 0 else j + len(delim)
            blank(i, j)
            i = j
        elif c == '"' or (c == "'" and not (i > 0 and source[i - 1].isalnum())):
            j = i + 1
            while j < n and source[j] != c:
                j += 2 if source[j] == "\\" else 1
            blank(i, j + 1)
            i = j + 1
        else:
            i += 1
    return "".join(out)


def _constant(number: str) -> str | None:
    number = number.replace("'", "")
    if re.fullmatch(r"\d+", number):
        value = int(number)
        return "1" if value == 0 else "0" if value == 1 else str(value + 1)
    try:
        value = float(number)
    except ValueError:
        return None
    if value == 0.0:
        return "1.0"
    doubled = repr(value * 2.0)
    return doubled if "." in doubled or "e" in doubled else doubled + ".0"


def _in_template_args(code: str, col: int) -> bool:
    """Whether position col sits inside <...> of a template argument list (a literal there is a
    type parameter, say std::array<int, 3>, and rarely a small bug)."""
    depth = 0
    for ch in reversed(code[:col]):
        if ch == ">":
            depth += 1
        elif ch == "<":
            if depth == 0:
                return True
            depth -= 1
        elif ch in ";{}":
            return False
    return False


def candidates(path: str, source: str) -> list[Mutant]:
    """Every mutant of one file, in the order of the text."""
    found: list[Mutant] = []
    code_lines = mask(source).split("\n")
    text_lines = source.split("\n")
    for number, (code, text) in enumerate(zip(code_lines, text_lines, strict=True), start=1):
        if not code.strip():
            continue

        def add(col: int, op: str, original: str, replacement: str, number=number, text=text) -> None:
            found.append(Mutant(path, number, col, op, original, replacement, text))

        if re.search(r"\boperator\b|\btemplate\s*<", code):
            continue  # operator declarations and template heads: mutants would not compile
        for m in BINARY.finditer(code):
            op = m.group(1)
            if op in NEGATE:
                add(m.start(), "relational", op, NEGATE[op])
            if op in BOUNDARY:
                add(m.start(), "boundary", op, BOUNDARY[op])
            if op in ARITHMETIC:
                add(m.start(), "arithmetic", op, ARITHMETIC[op])
            if op in ("&&", "||"):
                add(m.start(), "logical", op, "||" if op == "&&" else "&&")
        for m in INCREMENT.finditer(code):
            add(m.start(), "arithmetic", m.group(1), ARITHMETIC[m.group(1)])
        for m in NOT.finditer(code):
            add(m.start(), "logical", "!", "")
        for m in NUMBER.finditer(code):
            if _in_template_args(code, m.start()) or re.search(r"\[\s*$", code[:m.start()]):
                continue
            new = _constant(m.group(1))
            if new is not None:
                add(m.start(1), "constant", m.group(1), new)
        for m in CALL2.finditer(code):
            if m.group(2) != m.group(3) and m.group(1) not in SYMMETRIC:
                add(m.start(2), "swap", code[m.start(2):m.end(3)], f"{m.group(3)}, {m.group(2)}")
        stmt = STATEMENT.match(code)
        if stmt and not NOT_DELETABLE.match(code) and not DECLARATION.match(code) and \
                _balanced(stmt.group(2)) and re.search(r"[(=]|\+\+|--", stmt.group(2)) and \
                not code.rstrip().endswith(("};", "});")) and not _continues(code_lines, number):
            add(len(stmt.group(1)), "statement", text[len(stmt.group(1)):len(text.rstrip())], ";")
    seen: dict[tuple, int] = {}
    for i, m in enumerate(found):
        same = (m.line_text.strip(), m.operator, m.col - _indent(m.line_text), m.original, m.replacement)
        found[i] = dataclasses.replace(m, occurrence=seen.get(same, 0))
        seen[same] = seen.get(same, 0) + 1
    return found


def _balanced(code: str) -> bool:
    return code.count("(") == code.count(")") and code.count("{") == code.count("}") and \
        code.count("[") == code.count("]")


def _continues(code_lines: list[str], number: int) -> bool:
    """Whether the statement on line `number` began on an earlier line (then deleting its last line
    alone does not delete it)."""
    k = number - 2
    while k >= 0 and not code_lines[k].strip():
        k -= 1
    if k < 0:
        return False
    prev = code_lines[k].rstrip()
    return not prev.endswith((";", "{", "}", ":"))
