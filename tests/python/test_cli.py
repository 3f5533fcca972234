"""Command-line tests of gwsim: validation errors (the malformed-scenario catalog), usage errors,
--set/--seed, determinism, output files and their invariants.

The catalog lives in tests/scenarios/malformed/: one file per error, each a copy of
tests/scenarios/valid_minimal.json changed in one place, and expected.json mapping each file name to
the error it must produce: {"code": ..., "pointer": ...} and, when the error is reported against a
file other than the one given on the command line (a file reached through "extends"), "file": that
file's path relative to the malformed/ folder; "errors": N when the one change makes N independent
errors (every one is reported; code and pointer are the first's).

Runs use openai_aws_2026 (about 0.2 s); the run outputs are shared by the tests of one module.
"""
import csv
import datetime
import itertools
import json
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
TESTS_SCENARIOS = ROOT / "tests" / "scenarios"
MALFORMED = TESTS_SCENARIOS / "malformed"
VALID_MINIMAL = TESTS_SCENARIOS / "valid_minimal.json"
AWS = SCENARIOS / "openai_aws_2026.json"
EXPECTED = json.loads((MALFORMED / "expected.json").read_text())
SHIPPED = sorted(SCENARIOS.glob("*.json"))

STATE_COLUMNS = ["gpus_not_shipped", "gpus_in_transit", "gpus_waiting_power", "gpus_waiting_slot",
                 "gpus_waiting_crew", "gpus_installing", "gpus_burn_in", "gpus_rework", "gpus_in_service",
                 "gpus_failed"]
# Added later (docs/user-guide.md): GPUs down and being repaired; a state column when the CSV has it.
OPTIONAL_STATE_COLUMNS = ["gpus_in_repair"]
CUMULATIVE_COLUMNS = ["gpus_delivered", "energy_mwh", "capex_usd"]
DOCUMENTED_CODES = {"scenario.io", "scenario.parse", "scenario.version", "scenario.unknown_key",
                    "scenario.missing_key", "scenario.type", "scenario.range", "scenario.date",
                    "scenario.horizon", "scenario.order", "scenario.reference", "scenario.duplicate",
                    "scenario.incompatible", "scenario.extends", "scenario.override", "scenario.limit",
                    "scenario.trace", "scenario.replay"}


# ------------------------------------------------------------------------------------------ helpers

class Result:
    def __init__(self, proc):
        self.returncode = proc.returncode
        self.stdout_bytes = proc.stdout
        self.stderr_bytes = proc.stderr
        # Error messages may echo the bytes of a malformed file: keep them round-trippable.
        self.stdout = proc.stdout.decode("utf-8", "surrogateescape")
        self.stderr = proc.stderr.decode("utf-8", "surrogateescape")

    def __repr__(self):
        return f"exit {self.returncode}\nstdout: {self.stdout!r}\nstderr: {self.stderr!r}"


def gwsim(build_dir, *args, timeout=120):
    exe = build_dir / "gwsim"
    if not exe.exists():
        pytest.fail(f"{exe} does not exist: build first (make build)")
    proc = subprocess.run([str(exe), *map(str, args)], capture_output=True, timeout=timeout)
    return Result(proc)


def assert_scenario_error(res, code, file, pointer, lines=1):
    """Exit 2, nothing on stdout, `lines` lines on stderr (one per error, docs/scenarios.md "Errors"),
    the first `error[CODE] FILE:POINTER: message`."""
    assert res.returncode == 2, res
    assert res.stdout == "", res
    assert res.stderr.endswith("\n") and res.stderr.count("\n") == lines, f"not exactly {lines} line(s): {res!r}"
    assert all(line.startswith("error[") for line in res.stderr.splitlines()), res
    prefix = f"error[{code}] {file}:{pointer}: "
    assert res.stderr.startswith(prefix), f"expected a line starting with {prefix!r}, got {res.stderr!r}"
    assert res.stderr[len(prefix):].strip(), f"empty message: {res!r}"


def files_in(directory):
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def run_ok(build_dir, out, *args, scenario=AWS):
    res = gwsim(build_dir, "run", scenario, "--out", out, "--quiet", *args)
    assert res.returncode == 0, res
    return out


@pytest.fixture(scope="module")
def aws_run(build_dir, tmp_path_factory):
    """openai_aws_2026 with its own seed: the output directory."""
    return run_ok(build_dir, tmp_path_factory.mktemp("aws") / "out")


@pytest.fixture(scope="module")
def aws_seed9_run(build_dir, tmp_path_factory):
    return run_ok(build_dir, tmp_path_factory.mktemp("aws_seed9") / "out", "--seed", "9")


# ------------------------------------------------------------------------------ the malformed catalog

def test_catalog_is_complete():
    names = {p.name for p in MALFORMED.glob("*.json")} - {"expected.json"}
    assert names == set(EXPECTED), "every malformed file has an expected error and vice versa"
    assert len(EXPECTED) >= 35
    for name in EXPECTED:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.json", name), name
    # scenario.io (missing file, directory) and scenario.override (--set) are tested below.
    covered = {e["code"] for e in EXPECTED.values()} | {"scenario.io", "scenario.override"}
    assert covered == DOCUMENTED_CODES


def test_catalog_codes_are_the_documented_ones():
    doc = (ROOT / "docs" / "scenarios.md").read_text()
    table = set(re.findall(r"^\| `(scenario\.[a-z_]+)` \|", doc, flags=re.M))
    assert table == DOCUMENTED_CODES


def test_valid_minimal_is_accepted(build_dir):
    res = gwsim(build_dir, "validate", VALID_MINIMAL)
    assert res.returncode == 0, res
    assert res.stdout.startswith("ok "), res
    assert res.stderr == ""


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_validate(build_dir, name):
    e = EXPECTED[name]
    path = MALFORMED / name
    shown = path.parent / e["file"] if "file" in e else path
    assert_scenario_error(gwsim(build_dir, "validate", path), e["code"], shown, e["pointer"], e.get("errors", 1))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_run_writes_nothing(build_dir, tmp_path, name):
    e = EXPECTED[name]
    path = MALFORMED / name
    shown = path.parent / e["file"] if "file" in e else path
    out = tmp_path / "out"
    res = gwsim(build_dir, "run", path, "--out", out)
    assert_scenario_error(res, e["code"], shown, e["pointer"], e.get("errors", 1))
    assert files_in(out) == [], "a run that fails validation writes no files"


def test_missing_file_is_io(build_dir, tmp_path):
    missing = tmp_path / "no_such_scenario.json"
    assert_scenario_error(gwsim(build_dir, "validate", missing), "scenario.io", missing, "")
    out = tmp_path / "out"
    assert_scenario_error(gwsim(build_dir, "run", missing, "--out", out), "scenario.io", missing, "")
    assert files_in(out) == []


def test_directory_is_io(build_dir, tmp_path):
    assert_scenario_error(gwsim(build_dir, "validate", tmp_path), "scenario.io", tmp_path, "")


# ---------------------------------------------------------------------------------- shipped scenarios

@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenario_validates(build_dir, path):
    res = gwsim(build_dir, "validate", path)
    assert res.returncode == 0, res
    assert res.stdout.startswith(f"ok {path}"), res
    assert res.stderr == ""


# ------------------------------------------------------------------------------------ usage and CLI

def test_version(build_dir):
    res = gwsim(build_dir, "--version")
    assert res.returncode == 0, res
    assert re.fullmatch(r"gwsim \d+\.\d+\.\d+\n", res.stdout), res


def test_no_arguments_prints_usage(build_dir):
    res = gwsim(build_dir)
    assert res.returncode == 2, res
    assert "usage:" in res.stderr
    assert res.stdout == ""


@pytest.mark.parametrize("args", [
    ["frobnicate"],
    ["run", str(AWS), "--out", "OUT", "--frobnicate"],
    ["validate", "--frobnicate"],
    ["validate"],
    ["run", str(AWS)],
    ["run", "--out", "OUT"],
    ["run", str(AWS), "--out"],
    ["run", str(AWS), "--out", "OUT", "--seed", "-1"],
    ["run", str(AWS), "--out", "OUT", "--seed", "x"],
], ids=["unknown_command", "unknown_option", "validate_unknown_option", "validate_no_file", "run_without_out",
        "run_without_file", "out_without_value", "negative_seed", "non_numeric_seed"])
def test_usage_errors(build_dir, tmp_path, args):
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    res = gwsim(build_dir, *args)
    assert res.returncode == 2, res
    assert res.stderr.startswith("error[cli.usage] "), res
    assert "usage:" in res.stderr
    assert res.stdout == ""
    assert files_in(tmp_path / "out") == []


# ----------------------------------------------------------------------------------- --set and --seed

def test_set_disables_failures(build_dir, tmp_path, aws_run):
    assert json.loads((aws_run / "summary.json").read_text())["failures"] > 0, "the baseline has failures"
    out = run_ok(build_dir, tmp_path / "out", "--set", "/failures/enabled=false")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["failures"] == 0
    assert summary["burn_in_failures"] == 0
    assert json.loads((out / "run_info.json").read_text())["overrides"] == ["/failures/enabled=false"]


def test_set_with_a_bad_pointer(build_dir, tmp_path):
    out = tmp_path / "out"
    res = gwsim(build_dir, "run", AWS, "--out", out, "--set", "/nope/x=1")
    assert_scenario_error(res, "scenario.override", AWS, "/nope/x")
    assert files_in(out) == []


@pytest.mark.parametrize("expr", ["sites/0/pue=1.3", "/sites/0/pue", "/sites/5/pue=1.3", "/sites/x/pue=1.3"])
def test_set_malformed_is_override(build_dir, tmp_path, expr):
    res = gwsim(build_dir, "run", AWS, "--out", tmp_path / "out", "--set", expr)
    assert res.returncode == 2, res
    assert res.stderr.startswith(f"error[scenario.override] {AWS}:"), res
    assert res.stderr.count("\n") == 1


def test_set_value_is_validated(build_dir, tmp_path):
    out = tmp_path / "out"
    res = gwsim(build_dir, "run", AWS, "--out", out, "--set", "/sites/0/pue=0.5")
    assert_scenario_error(res, "scenario.range", AWS, "/sites/0/pue")
    assert files_in(out) == []


def test_seed_is_recorded(aws_seed9_run):
    assert json.loads((aws_seed9_run / "summary.json").read_text())["seed"] == 9
    assert json.loads((aws_seed9_run / "run_info.json").read_text())["seed"] == 9


def test_scenario_seed_is_the_default(aws_run):
    seed = json.loads(AWS.read_text())["seed"]
    assert json.loads((aws_run / "summary.json").read_text())["seed"] == seed
    assert json.loads((aws_run / "run_info.json").read_text())["seed"] == seed


# -------------------------------------------------------------------------------------- determinism

def test_same_seed_same_outputs(build_dir, tmp_path, aws_run):
    again = run_ok(build_dir, tmp_path / "again")
    for name in ("timeseries.csv", "summary.json"):
        assert (again / name).read_bytes() == (aws_run / name).read_bytes(), name


def test_different_seed_different_timeseries(aws_run, aws_seed9_run):
    assert (aws_seed9_run / "timeseries.csv").read_bytes() != (aws_run / "timeseries.csv").read_bytes()


# ------------------------------------------------------------------------------------------ outputs

def test_output_files(aws_run):
    # openai_aws_2026 is leased under its contract: the money model runs and writes cash_flow.csv
    assert files_in(aws_run) == ["cash_flow.csv", "run_info.json", "summary.json", "timeseries.csv"]
    assert not [p for p in aws_run.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_timeseries_has_one_row_per_day(aws_run):
    scenario = json.loads(AWS.read_text())
    header, rows = read_csv(aws_run / "timeseries.csv")
    assert header[0] == "date"
    start = datetime.date.fromisoformat(scenario["start"])
    end = datetime.date.fromisoformat(scenario["end"])
    days = [(start + datetime.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    assert [r[0] for r in rows] == days
    assert all(len(r) == len(header) for r in rows)


def test_summary_keys(aws_run):
    summary = json.loads((aws_run / "summary.json").read_text())
    for key in ("key_dates", "stranded_gpu_days", "energy_mwh", "capex_usd", "events"):
        assert key in summary, key
    assert summary["events"] > 0
    assert summary["scenario"] == "openai_aws_2026"


def test_failed_run_leaves_earlier_outputs_untouched(build_dir, tmp_path, aws_run):
    out = tmp_path / "out"
    out.mkdir()
    before = {}
    for name in files_in(aws_run):
        before[name] = (aws_run / name).read_bytes()
        (out / name).write_bytes(before[name])
    res = gwsim(build_dir, "run", MALFORMED / "31_range_pue_below_1.json", "--out", out)
    assert res.returncode == 2, res
    assert files_in(out) == sorted(before)
    for name, data in before.items():
        assert (out / name).read_bytes() == data, name


# --------------------------------------------------------------------------------------- invariants

@pytest.fixture(scope="module")
def aws_rows(aws_run):
    header, rows = read_csv(aws_run / "timeseries.csv")
    missing = [c for c in ["gpus_ordered", "facility_power_mw", "power_energized_mw", *STATE_COLUMNS,
                           *CUMULATIVE_COLUMNS] if c not in header]
    assert not missing, f"columns missing from timeseries.csv: {missing}"
    return [{k: float(v) for k, v in zip(header[1:], r[1:], strict=True)} | {"date": r[0]} for r in rows]


def test_gpu_states_add_up_to_ordered(aws_rows):
    states = STATE_COLUMNS + [c for c in OPTIONAL_STATE_COLUMNS if c in aws_rows[0]]
    for row in aws_rows:
        total = sum(row[c] for c in states)
        assert total == row["gpus_ordered"], (row["date"], {c: row[c] for c in states})


def test_facility_power_within_energized(aws_rows):
    for row in aws_rows:
        assert row["facility_power_mw"] <= row["power_energized_mw"] + 1e-9, row["date"]


@pytest.mark.parametrize("column", CUMULATIVE_COLUMNS)
def test_cumulative_columns_never_decrease(aws_rows, column):
    for prev, row in itertools.pairwise(aws_rows):
        assert row[column] >= prev[column], (row["date"], prev[column], row[column])


def test_run_reaches_full_service(aws_rows):
    last = aws_rows[-1]
    assert last["gpus_delivered"] == last["gpus_ordered"] > 0
    assert last["gpus_in_service"] > 0


# ---------------------------------------------------------------- edge cases found while writing the catalog

def _minimal(**changes):
    doc = json.loads(VALID_MINIMAL.read_text())
    doc.update(changes)
    return doc


def test_number_overflow_is_a_scenario_error(build_dir, tmp_path):
    path = tmp_path / "overflow.json"
    path.write_text(json.dumps(_minimal(seed=12345)).replace('"seed": 12345', '"seed": 1e400'))
    res = gwsim(build_dir, "validate", path)
    assert res.returncode == 2, res
    assert re.match(rf"error\[scenario\.(parse|range|type)\] {re.escape(str(path))}:", res.stderr), res


def test_set_huge_array_index_is_override(build_dir, tmp_path):
    res = gwsim(build_dir, "run", AWS, "--out", tmp_path / "out", "--set", "/sites/99999999999999999999999/pue=1")
    assert res.returncode == 2, res
    assert res.stderr.startswith(f"error[scenario.override] {AWS}:"), res


def test_error_in_base_names_the_base_file(build_dir, tmp_path):
    base = _minimal()
    base["sites"][0]["pue"] = 0.9
    (tmp_path / "base.json").write_text(json.dumps(base))
    derived = tmp_path / "derived.json"
    derived.write_text(json.dumps({"extends": "base.json", "description": "inherits a bad pue"}))
    res = gwsim(build_dir, "validate", derived)
    assert_scenario_error(res, "scenario.range", derived, "/sites/0/pue")
    assert "base.json" in res.stderr, res


def test_directory_as_base_is_extends(build_dir, tmp_path):
    path = tmp_path / "derived.json"
    (tmp_path / "sub").mkdir()
    path.write_text(json.dumps(_minimal(extends="sub")))
    assert_scenario_error(gwsim(build_dir, "validate", path), "scenario.extends", path, "/extends")


def test_horizon_just_over_100_years(build_dir, tmp_path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps(_minimal(end="2126-03-01")))
    assert_scenario_error(gwsim(build_dir, "validate", path), "scenario.horizon", path, "/end")


# ---------------------------------------------------------------- progress indicator

def test_progress_on_a_terminal_only(build_dir, tmp_path):
    """A run longer than a second shows progress on stderr when it is a terminal, and never
    writes progress into a pipe or a file."""
    import shutil
    if shutil.which("script") is None:
        pytest.skip("util-linux 'script' is needed to give gwsim a terminal")
    portfolio = SCENARIOS / "openai_portfolio.json"
    cmd = f"{build_dir / 'gwsim'} run {portfolio} --out {tmp_path / 'tty'}"
    tty = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, timeout=300)
    assert tty.returncode == 0, tty
    assert re.search(r"\[#+ *\] +\d+% \d{4}-\d{2}-\d{2}", tty.stdout), "no progress bar on the terminal"
    piped = gwsim(build_dir, "run", portfolio, "--out", tmp_path / "pipe", timeout=300)
    assert piped.returncode == 0, piped
    assert piped.stderr == ""
    assert "%" not in piped.stdout.splitlines()[0]


# ---------------------------------------------------------------- Monte Carlo replications

def test_replications_are_identical_whatever_the_threads(build_dir, tmp_path):
    outs = []
    for threads in ("1", "2"):
        out = tmp_path / f"t{threads}"
        res = gwsim(build_dir, "run", AWS, "--out", out, "--quiet", "--replications", "6", "--threads", threads)
        assert res.returncode == 0, res
        outs.append(out)
    for name in ("bands.csv", "key_dates.csv", "replications.csv", "summary.json", "timeseries.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    summary = json.loads((outs[0] / "summary.json").read_text())
    assert summary["monte_carlo"]["replications"] == 6
    rows = list(csv.DictReader((outs[0] / "key_dates.csv").open()))
    probs = [float(r["p_in_service_100pct"]) for r in rows]
    assert probs == sorted(probs), "the probability of having reached a milestone never decreases"
    assert probs[-1] == 1.0
    bands = list(csv.DictReader((outs[0] / "bands.csv").open()))
    assert len(bands) == len(rows)
    for r in bands:
        assert float(r["gpus_in_service_p10"]) <= float(r["gpus_in_service_p50"]) <= float(r["gpus_in_service_p90"])


@pytest.mark.parametrize("args", [["--replications", "0"], ["--replications", "x"], ["--threads", "0"],
                                  ["--replications", "2", "--threads", "-1"]])
def test_bad_replication_arguments(build_dir, tmp_path, args):
    res = gwsim(build_dir, "run", AWS, "--out", tmp_path / "o", *args)
    assert res.returncode == 2
    assert res.stderr.startswith("error[cli.usage]")


# ---------------------------------------------------------------- --help, the parser, the version

# Every option of each command, as docs/cli.md lists them; --help must name each with its default
# (flags: "default: off"; options that must be given: REQUIRED) and an example ("e.g.").
OPTIONS = {
    "validate": ["FILE", "--strict"],
    "run": ["FILE", "--out", "--seed", "--set", "--replications", "--threads", "--quiet", "--report", "--strict"],
    "report": ["DIR", "DIR_B", "-o,--output"],
}


def help_entries(text):
    """The entries of the Positionals, Options and Commands sections of a CLI11 help text:
    {first word of the entry: its lines joined}."""
    entries, section, name = {}, None, None
    for line in text.splitlines():
        if line in ("Positionals:", "Options:", "Commands:"):
            section = line
        elif not line:
            section = name = None
        elif section and (m := re.match(r"  (\S+)", line)):
            name = m.group(1)
            entries[name] = line
        elif section and name and line.startswith(" " * 10):
            entries[name] += "\n" + line
    return entries


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_help_of_each_command_names_every_option(build_dir, command):
    res = gwsim(build_dir, command, "--help")
    assert res.returncode == 0, res
    assert res.stderr == ""
    assert res.stdout.startswith(f"{res.stdout.splitlines()[0]}\nusage: gwsim {command} "), res
    entries = help_entries(res.stdout)
    for option in OPTIONS[command]:
        assert option in entries, f"{command} --help does not list {option}:\n{res.stdout}"
        entry = entries[option]
        assert "default: " in entry or "REQUIRED" in entry, f"no default for {option}: {entry}"
        assert "e.g. " in entry, f"no example for {option}: {entry}"
    assert set(entries) - {"-h,--help"} == set(OPTIONS[command]), "an option the test does not know"
    assert re.search(r"Examples?:\n  gwsim " + command, res.stdout), res.stdout
    assert "Exit status: 0 success; 2 bad input" in res.stdout


@pytest.mark.parametrize("command", ["validate", "run", "report"])
def test_docs_list_the_same_options(command):
    """docs/cli.md has a table of each command's options: the same ones as OPTIONS (and so --help)."""
    doc = (ROOT / "docs" / "cli.md").read_text()
    section = doc.split(f"## `gwsim {command} ")[1].split("\n## ")[0]
    names = [m.replace(", ", ",") for m in re.findall(r"^\| `((?:-\w, )?[-\w]+)", section, flags=re.M)]
    assert names == OPTIONS[command]


def test_top_level_help_lists_the_commands_and_exit_codes(build_dir):
    for args in (["--help"], ["-h"], ["help"]):
        res = gwsim(build_dir, *args)
        assert res.returncode == 0, res
        entries = help_entries(res.stdout)
        assert {"validate", "run", "report", "--version"} <= set(entries), res.stdout
        assert "1 the outputs cannot be written" in res.stdout
    assert gwsim(build_dir, "help", "run").stdout == gwsim(build_dir, "run", "--help").stdout


def test_threads_without_replications_is_a_usage_error(build_dir, tmp_path):
    res = gwsim(build_dir, "run", AWS, "--out", tmp_path / "out", "--threads", "2")
    assert res.returncode == 2, res
    assert res.stderr.startswith("error[cli.usage] --threads requires --replications\n"), res
    assert files_in(tmp_path / "out") == []


@pytest.mark.parametrize("args", [["run", str(AWS), "--out", "OUT", "--frobnicate"], ["validate", "--frobnicate"],
                                  ["report", "OUT", "--frobnicate"], ["run", "-x"], ["--frobnicate"]])
def test_unknown_option_is_named(build_dir, tmp_path, args):
    res = gwsim(build_dir, *[str(tmp_path / "out") if a == "OUT" else a for a in args])
    assert res.returncode == 2, res
    bad = args[-1]
    assert res.stderr.startswith(f"error[cli.usage] The following argument was not expected: {bad}\n"), res
    assert res.stdout == ""


@pytest.mark.parametrize("value", ["010", "0x10"])
def test_numbers_are_decimal(build_dir, tmp_path, value):
    """--seed 010 is ten (not octal eight); 0x10 is not a number."""
    res = gwsim(build_dir, "run", VALID_MINIMAL, "--out", tmp_path / "out", "--quiet", "--seed", value)
    if value == "0x10":
        assert res.returncode == 2 and "--seed: expects a non-negative integer, got '0x10'" in res.stderr, res
    else:
        assert res.returncode == 0, res
        assert json.loads((tmp_path / "out" / "summary.json").read_text())["seed"] == 10


def test_one_version_everywhere(build_dir):
    """The version is set once, in CMakeLists.txt's project(); the tool, the package and its metadata agree."""
    import importlib.metadata
    gwsim_package = pytest.importorskip("gwsim")
    cmake = (ROOT / "CMakeLists.txt").read_text()
    version = re.search(r"project\(\s*gwsim\s+VERSION\s+(\d+\.\d+\.\d+)", cmake).group(1)
    assert gwsim(build_dir, "--version").stdout == f"gwsim {version}\n"
    assert gwsim_package.__version__ == version
    assert importlib.metadata.version("gwsim") == version
    assert not re.search(r"^version\s*=", (ROOT / "pyproject.toml").read_text(), flags=re.M), "set twice"
