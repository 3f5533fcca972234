"""The HTML report in a real browser (headless Chromium from Debian).

A report and a comparison of two runs are loaded; the page must log no console
errors, every chart must draw something (marks with a size, and pixels other
than the background in a screenshot of the chart), and every key figure shown
must be the value in summary.json.
"""
from __future__ import annotations

import json
import math
import pathlib
import re
import subprocess

import pytest

import browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
JOBS = ROOT / "scenarios/openai_aws_2026_jobs.json"
BASE = ROOT / "scenarios/openai_aws_2026.json"


def gwsim(build_dir, *args, check=True):
    return subprocess.run([str(build_dir / "gwsim"), *map(str, args)], capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def runs(build_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    mc, base, whatif = root / "mc", root / "base", root / "whatif"
    gwsim(build_dir, "run", JOBS, "--out", mc, "--quiet", "--replications", 3, "--threads", 2, "--report")
    gwsim(build_dir, "run", BASE, "--out", base, "--quiet")
    more_crews = [a for i in range(3) for a in ("--set", f"/sites/{i}/install/crews=40")]
    gwsim(build_dir, "run", BASE, "--out", whatif, "--quiet", *more_crews)
    compare = root / "compare.html"
    out = gwsim(build_dir, "report", base, whatif, "-o", compare)
    assert f"report: {compare}" in out.stdout
    return {"mc": mc, "base": base, "whatif": whatif, "compare": compare}


@pytest.fixture(scope="module")
def driver():
    with browser.chromium() as d:
        yield d


def resolve(doc, pointer):
    for part in pointer.strip("/").split("/"):
        doc = doc[part]
    return doc


def shown_number(text: str) -> float:
    """'360 k' -> 360e3, '$18.5 B' -> 18.5e9, '785 MW' -> 785, '29.8%' -> 0.298, '0.00 h' -> 0."""
    m = re.fullmatch(r"(-?)\$?(-?[0-9.]+)(?: ([kMBT]))?(?: MW| h|%)?", text)
    assert m, f"unexpected number format {text!r}"
    value = float(m.group(2)) * {None: 1, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[m.group(3)]
    value = -value if m.group(1) else value
    return value / 100 if text.endswith("%") else value


def check_figures(driver, summary, run=None):
    """Every [data-key] element holds the summary's value, and shows it (rounded)."""
    selector = "[data-key]" if run is None else f'[data-run="{run}"][data-key]'
    cells = driver.find_elements("css selector", selector)
    assert len(cells) >= 8
    for cell in cells:
        pointer, raw, text = cell.get_attribute("data-key"), cell.get_attribute("data-value"), cell.text
        if raw is None:  # a key-dates cell: shows the date only
            expected = resolve(summary, pointer)
            assert text == (expected[:10] if expected else "not reached"), pointer
            continue
        expected = resolve(summary, pointer)
        if isinstance(expected, str):
            assert raw == expected, pointer
            assert text == (expected[:10] if re.match(r"\d{4}-\d\d-\d\d", expected) else expected), pointer
        else:
            assert json.loads(raw) == expected, pointer  # the exact number
            assert math.isclose(shown_number(text), expected, rel_tol=0.006, abs_tol=0.006), (pointer, text, expected)
    return len(cells)


def check_charts(driver, min_charts):
    charts = driver.find_elements("css selector", "figure.chart")
    assert len(charts) >= min_charts
    for chart in charts:
        cid = chart.get_attribute("id")
        sizes = driver.execute_script(
            "return Array.from(arguments[0].querySelectorAll('svg .mark'))"
            ".map(m => { const b = m.getBBox(); return [b.width, b.height]; });", chart)
        assert sizes, f"chart {cid} has no marks"
        assert any(w > 0 and h > 0 for w, h in sizes) or all(w > 0 or h > 0 for w, h in sizes), cid
        box = driver.execute_script("const r = arguments[0].querySelector('svg').getBoundingClientRect();"
                                    "return [r.width, r.height];", chart)
        assert box[0] > 300 and box[1] > 100, f"chart {cid} is laid out at {box}"
    images = browser.element_images(driver, "figure.chart > svg")
    assert len(images) == len(charts)
    for cid, img in images.items():
        colours, inked = browser.image_colours(img)
        assert colours >= 4 and inked > 0.002, f"chart {cid} looks blank: {colours} colours, {inked:.2%} in colour"
    return len(images)


def test_report_loads_without_console_errors_and_draws_every_chart(runs, driver):
    log = browser.open_file(driver, runs["mc"] / "report.html")
    errors = [m for m in log if m["level"] in ("SEVERE", "ERROR")]
    assert not errors, errors
    n = check_charts(driver, min_charts=14)
    # the sections a planner expects, including the Monte Carlo fan charts
    for cid in ("capacity-gpus", "capacity-pflops", "power", "stranded", "stranded-days", "deliveries", "jobs-use",
                "jobs-utilization", "contracts", "fan-gpus_in_service", "fan-key-dates"):
        assert driver.find_elements("id", cid), cid
    assert driver.find_element("id", "key-dates").text.count("in service") == 3
    assert n >= 14


def test_report_figures_match_summary(runs, driver):
    summary = json.loads((runs["mc"] / "summary.json").read_text())
    browser.open_file(driver, runs["mc"] / "report.html")
    assert check_figures(driver, summary) >= 12
    # tables hold the summary's contracts and deliveries
    table = driver.find_element("id", "deliveries-table").text
    for d in summary["deliveries"]:
        assert d["site"] in table and d["sku"] in table
    assert summary["contracts"][0]["name"] in driver.find_element("id", "contracts-table").text
    assert driver.title == f"gwsim report: {summary['scenario']}"


def test_comparison_report(runs, driver):
    log = browser.open_file(driver, runs["compare"])
    assert not [m for m in log if m["level"] in ("SEVERE", "ERROR")]
    check_charts(driver, min_charts=5)
    a = json.loads((runs["base"] / "summary.json").read_text())
    b = json.loads((runs["whatif"] / "summary.json").read_text())
    check_figures(driver, a, "a")
    check_figures(driver, b, "b")
    # more crews: less waiting for crews, shown as an improvement
    assert b["waiting_crew_gpu_days"] < a["waiting_crew_gpu_days"]
    row = driver.find_element("xpath", "//tr[td[1][text()='GPU-days waiting for crews']]")
    assert row.find_element("css selector", "td.better").text.startswith("-")


def test_report_cli_errors(runs, build_dir, tmp_path):
    missing = gwsim(build_dir, "report", tmp_path / "nope", check=False)
    assert missing.returncode == 2
    assert "error[report.input]" in missing.stderr and "nope" in missing.stderr
    # a report never overwrites a run's own outputs
    summary = runs["base"] / "summary.json"
    before = summary.read_bytes()
    clash = gwsim(build_dir, "report", runs["base"], "-o", summary, check=False)
    assert clash.returncode == 2 and "error[report.output]" in clash.stderr
    assert summary.read_bytes() == before
    nodir = gwsim(build_dir, "report", runs["base"], "-o", tmp_path / "no" / "such" / "r.html", check=False)
    assert nodir.returncode == 2 and "does not exist" in nodir.stderr
    two = gwsim(build_dir, "report", runs["base"], runs["whatif"], check=False)
    assert two.returncode == 2 and "needs -o" in two.stderr
    assert not list(tmp_path.glob(".*.tmp.*"))
