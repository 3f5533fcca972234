"""Scenario files: the JSON Schema, the shipped scenarios, their cross-field rules, the gigawatt_factory generator.

Pure Python (jsonschema + pytest); needs no build, so it does not use the build_dir fixture. The cross-field rules
the schema cannot express (docs/scenarios.md, *rule*) are re-checked here for the shipped files; the C++ loader is
the authority for user files.
"""
import copy
import datetime as dt
import json
import pathlib
import re
import subprocess
import sys

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SCHEMA_PATH = SCENARIOS / "schema" / "scenario.schema.json"
DOC_PATH = ROOT / "docs" / "scenarios.md"
GENERATOR = SCENARIOS / "tools" / "make_gigawatt_factory.py"

SHIPPED = ["openai_aws_2026", "openai_portfolio", "stargate_abilene", "gigawatt_factory", "frontier_fleet_2027"]
ALL_FILES = sorted(SCENARIOS.glob("*.json"))

# Built-in catalog (sim/scenario/catalog.cpp, docs/model.md): the figures the power and compatibility checks need.
BUILTIN = {
    "GB200_NVL72": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 132.0},
    "GB300_NVL72": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 136.0},
    "H100_HGX": {"gpus_per_rack": 32, "gpus_per_node": 8, "rack_power_kw": 40.8},
    "H200_HGX": {"gpus_per_rack": 32, "gpus_per_node": 8, "rack_power_kw": 40.8},
    "MI450_RACK": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 160.0},
    "VR_NVL144": {"gpus_per_rack": 72, "gpus_per_node": 4, "rack_power_kw": 225.0},
}


# ----------------------------------------------------------------------------------------------------- helpers

def load_json(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def load_scenario(path, _seen=()):
    """A scenario with its `extends` chain merged, as the loader sees it."""
    path = pathlib.Path(path).resolve()
    assert path not in _seen, f"extends cycle through {path}"
    doc = load_json(path)
    base_rel = doc.pop("extends", None)
    if base_rel is None:
        return doc
    base = load_scenario(path.parent / base_rel, _seen + (path,))
    base.pop("extends", None)
    return merge_patch(base, doc)


def date(s):
    return dt.date.fromisoformat(s)


def _month_end(year, month):
    return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day


def add_months(d, n):
    """Boost.Date_Time `months` arithmetic, as the loader uses: day clamped to the month's end, and a date on
    the last day of its month stays on the last day."""
    m = d.month - 1 + n
    year, month = d.year + m // 12, m % 12 + 1
    last = _month_end(year, month)
    day = last if d.day == _month_end(d.year, d.month) else min(d.day, last)
    return dt.date(year, month, day)


def batches(order):
    """(date, racks) of every delivery batch of an order, lead time excluded."""
    if "deliveries" in order:
        return [(date(b["date"]), b["racks"]) for b in order["deliveries"]]
    s = order["schedule"]
    first, last = date(s["from"]), date(s["to"])
    out, k = [], 0
    while True:
        if s["every"] == "week":
            d = first + dt.timedelta(weeks=k)
        else:
            d = add_months(first, k * (1 if s["every"] == "month" else 3))
        if d > last:
            return out
        out.append((d, s["racks"]))
        k += 1


def catalog(doc):
    cat = copy.deepcopy(BUILTIN)
    cat.update(doc.get("catalog", {}))
    return cat


def site_need_mw(doc):
    """Facility MW that all the racks ordered for each site draw: racks x rack_power_kw / 1000 x pue."""
    cat = catalog(doc)
    pue = {s["name"]: s["pue"] for s in doc["sites"]}
    need = {name: 0.0 for name in pue}
    for o in doc["orders"]:
        racks = sum(r for _, r in batches(o))
        need[o["site"]] += racks * cat[o["sku"]]["rack_power_kw"] / 1000 * pue[o["site"]]
    return need


def energized_mw(site, by):
    return sum(p["power_mw"] for p in site["power_stages"] if date(p["date"]) <= by)


def facility_gw(doc, by):
    return sum(energized_mw(s, by) for s in doc["sites"]) / 1000


def gpus_delivered(doc, by=dt.date.max, sku=None):
    cat = catalog(doc)
    return sum(r * cat[o["sku"]]["gpus_per_rack"] for o in doc["orders"] if sku in (None, o["sku"])
               for d, r in batches(o) if d <= by)


def iter_distributions(doc):
    """(json pointer, distribution, is_duration) for every Distribution in a scenario."""
    for name, sku in doc.get("catalog", {}).items():
        for i, fc in enumerate(sku.get("failure_classes", [])):
            yield f"/catalog/{name}/failure_classes/{i}/repair_hours", fc["repair_hours"], True
    for i, s in enumerate(doc["sites"]):
        if "stage_slip_days" in s:
            yield f"/sites/{i}/stage_slip_days", s["stage_slip_days"], False
    for i, o in enumerate(doc["orders"]):
        if "slip_days" in o:
            yield f"/orders/{i}/slip_days", o["slip_days"], False


def rule_violations(doc):
    """The *rule* checks of docs/scenarios.md that the JSON Schema cannot express. Returns messages."""
    bad = []

    def parse(pointer, text):
        try:
            return date(text)
        except ValueError:
            bad.append(f"{pointer}: {text!r} is not a calendar date")
            return None

    start, end = parse("/start", doc["start"]), parse("/end", doc["end"])
    if start is None or end is None:
        return bad
    if not start < end:
        bad.append(f"/end: {end} is not after start {start}")
    if end > start.replace(year=start.year + 100):
        bad.append("/end: horizon over 100 years")

    def in_horizon(pointer, text):
        d = parse(pointer, text)
        if d is not None and not start <= d <= end:
            bad.append(f"{pointer}: {d} outside [{start}, {end}]")
        return d

    cat = catalog(doc)
    for name, sku in doc.get("catalog", {}).items():
        if sku["gpus_per_rack"] % sku["gpus_per_node"]:
            bad.append(f"/catalog/{name}: gpus_per_node {sku['gpus_per_node']} does not divide {sku['gpus_per_rack']}")

    sites = {}
    for i, s in enumerate(doc["sites"]):
        if s["name"] in sites:
            bad.append(f"/sites/{i}/name: duplicate site name {s['name']!r}")
        sites[s["name"]] = s
        for j, b in enumerate(s["buildings"]):
            in_horizon(f"/sites/{i}/buildings/{j}/ready", b["ready"])
        prev = None
        for j, p in enumerate(s["power_stages"]):
            d = in_horizon(f"/sites/{i}/power_stages/{j}/date", p["date"])
            if d is not None and prev is not None and not prev < d:
                bad.append(f"/sites/{i}/power_stages/{j}/date: {d} not after {prev}")
            prev = d if d is not None else prev

    for i, o in enumerate(doc["orders"]):
        if o["sku"] not in cat:
            bad.append(f"/orders/{i}/sku: unknown SKU {o['sku']!r}")
        if o["site"] not in sites:
            bad.append(f"/orders/{i}/site: unknown site {o['site']!r}")
        if o["sku"] in cat and o["site"] in sites:
            kw, limit = cat[o["sku"]]["rack_power_kw"], sites[o["site"]]["max_rack_power_kw"]
            if kw > limit:
                bad.append(f"/orders/{i}: {o['sku']} draws {kw} kW, over {o['site']}'s max_rack_power_kw {limit}")
        if "deliveries" in o:
            prev = None
            for j, b in enumerate(o["deliveries"]):
                d = in_horizon(f"/orders/{i}/deliveries/{j}/date", b["date"])
                if d is not None and prev is not None and d < prev:
                    bad.append(f"/orders/{i}/deliveries/{j}/date: {d} before {prev}")
                prev = d if d is not None else prev
        if "schedule" in o:
            f = in_horizon(f"/orders/{i}/schedule/from", o["schedule"]["from"])
            t = in_horizon(f"/orders/{i}/schedule/to", o["schedule"]["to"])
            if f is not None and t is not None and f > t:
                bad.append(f"/orders/{i}/schedule: from {f} after to {t}")

    for i, c in enumerate(doc.get("contracts", [])):
        parse(f"/contracts/{i}/start", c["start"])

    for pointer, dist, is_duration in iter_distributions(doc):
        kind = dist["dist"]
        if kind == "uniform" and dist["min"] > dist["max"]:
            bad.append(f"{pointer}: uniform min > max")
        if is_duration:
            if kind == "normal":
                bad.append(f"{pointer}: normal not allowed for a duration")
            if kind == "fixed" and dist["value"] < 0:
                bad.append(f"{pointer}: negative fixed duration")
            if kind == "uniform" and dist["min"] < 0:
                bad.append(f"{pointer}: uniform duration with min < 0")
    return bad


def buildout_problems(doc):
    """Beyond the loader's rules: the shipped scenarios must be able to house and power all they order."""
    bad = []
    need = site_need_mw(doc)
    racks = {s["name"]: 0 for s in doc["sites"]}
    for o in doc["orders"]:
        racks[o["site"]] += sum(r for _, r in batches(o))
    for s in doc["sites"]:
        power = sum(p["power_mw"] for p in s["power_stages"])
        if power < need[s["name"]] - 1e-6:
            bad.append(f"site {s['name']}: {power} MW of power stages < {need[s['name']]:.1f} MW "
                       "the ordered racks draw")
        slots = sum(b["rack_slots"] for b in s["buildings"])
        if slots < racks[s["name"]]:
            bad.append(f"site {s['name']}: {slots} rack slots < {racks[s['name']]} racks ordered")
        if racks[s["name"]] == 0:
            bad.append(f"site {s['name']}: no racks ordered")
    return bad


def power_bound_dates(doc, site_name):
    """Delivery dates at which the racks delivered so far to a site draw more than its energized power (no slips)."""
    cat = catalog(doc)
    site = next(s for s in doc["sites"] if s["name"] == site_name)
    events = sorted((d, r * cat[o["sku"]]["rack_power_kw"] / 1000 * site["pue"])
                    for o in doc["orders"] if o["site"] == site_name for d, r in batches(o))
    out, cum = [], 0.0
    for d, mw in events:
        cum += mw
        if cum > energized_mw(site, d) + 1e-9:
            out.append(d)
    return out


# ----------------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def schema():
    return load_json(SCHEMA_PATH)


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def shipped():
    return {name: load_scenario(SCENARIOS / f"{name}.json") for name in SHIPPED}


def minimal():
    """A small valid scenario; each negative test breaks exactly one thing in it."""
    return {
        "gwsim_scenario": 1,
        "name": "minimal",
        "start": "2026-01-01",
        "end": "2027-01-01",
        "catalog": {"TEST_RACK": {
            "gpus_per_rack": 8, "gpus_per_node": 8, "rack_power_kw": 10, "fp8_pflops_per_gpu": 1,
            "bf16_pflops_per_gpu": 0.5, "hbm_gb_per_gpu": 80, "capex_usd_per_rack": 1,
            "failure_classes": [{"name": "gpu", "mtbf_gpu_hours": 50000, "blast": "gpu",
                                 "repair_hours": {"dist": "uniform", "min": 1, "max": 4}}]}},
        "sites": [{
            "name": "s", "provider": "P", "pue": 1.2, "max_rack_power_kw": 20,
            "buildings": [{"rack_slots": 10, "ready": "2026-01-01"}],
            "power_stages": [{"date": "2026-01-01", "power_mw": 1}],
            "stage_slip_days": {"dist": "normal", "mean": 0, "sd": 3},
            "install": {"crews": 1, "racks_per_crew_per_week": 2, "burn_in_hours": 24, "burn_in_fail_prob": 0.05},
            "repair": {"technicians": 1, "spare_nodes": 2, "spare_restock_days": 7}}],
        "orders": [{"sku": "TEST_RACK", "site": "s",
                    "schedule": {"from": "2026-02-01", "to": "2026-04-01", "every": "month", "racks": 2},
                    "slip_days": {"dist": "exponential", "mean": 5}}],
        "costs": {"energy_usd_per_mwh": 50},
        "contracts": [{"provider": "P", "total_usd": 1e6, "start": "2026-01-01", "term_years": 1,
                       "take_or_pay": False, "usd_per_gpu_hour": 2}],
        "failures": {"enabled": True},
    }


# ----------------------------------------------------------------------------------------------------- the schema

def test_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_definition_has_id_title_description(schema):
    assert schema["$defs"], "the schema has no $defs"
    for name, sub in schema["$defs"].items():
        for key in ("$id", "title", "description"):
            assert sub.get(key), f"$defs/{name} lacks {key}"


def _walk(node, pointer="#"):
    if isinstance(node, dict):
        yield pointer, node
        for k, v in node.items():
            yield from _walk(v, f"{pointer}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{pointer}/{i}")


def test_every_object_schema_closes_its_keys(schema):
    for pointer, node in _walk(schema):
        if "properties" not in node or pointer.endswith("/properties"):
            continue
        if node.get("additionalProperties") is False:
            continue
        # Distribution: the variants of its oneOf are each closed.
        branches = node.get("oneOf", [])
        assert branches and all(b.get("additionalProperties") is False for b in branches), \
            f"{pointer} has properties but allows other keys"


def _doc_tables():
    """Section title -> {key: required column or None} from the key tables of docs/scenarios.md."""
    tables, section = {}, None
    for line in DOC_PATH.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#{2,3} (.+)$", line)
        if m:
            section = m.group(1).strip()
            continue
        m = re.match(r"^\| `([a-z_0-9]+)` \|([^|]*)\|([^|]*)\|", line)
        if m and section:
            header_has_required = section in ("Top level", "Site", "Order", "Contract", "FailureClass")
            tables.setdefault(section, {})[m.group(1)] = m.group(3).strip() if header_has_required else None
    return tables


@pytest.mark.parametrize("section,ref", [
    ("Top level", None), ("SKU", "Sku"), ("FailureClass", "FailureClass"), ("Site", "Site"),
    ("Order", "Order"), ("Contract", "Contract"),
])
def test_schema_keys_match_the_reference_doc(schema, section, ref):
    if not DOC_PATH.exists():
        pytest.skip("docs/scenarios.md not present")
    table = _doc_tables()[section]
    sub = schema if ref is None else schema["$defs"][ref]
    assert set(sub["properties"]) == set(table), f"{section}: doc and schema list different keys"
    if section == "SKU":
        # "All keys are required in a SKU except `lemons`, `tolerated_nodes_down`, ..." (the optional ones)
        optional = {"lemons", "tolerated_nodes_down", "embodied_tco2_per_rack", "rack_storage_peak_cut",
                    "life_years", "resale_share"}
        expected_required = set(table) - optional
    else:
        expected_required = {k for k, req in table.items() if req.startswith("yes")}
    assert set(sub.get("required", [])) == expected_required, f"{section}: required keys differ"


def test_minimal_scenario_is_valid(validator):
    errors = [e.message for e in validator.iter_errors(minimal())]
    assert errors == []
    assert rule_violations(minimal()) == []


def _set(doc, pointer, value):
    parts = pointer.strip("/").split("/")
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _delete(doc, pointer):
    parts = pointer.strip("/").split("/")
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    del node[parts[-1]]


INVALID = [
    ("unknown top-level key", lambda d: d.update(colour="blue")),
    ("negative power_mw", lambda d: _set(d, "/sites/0/power_stages/0/power_mw", -5)),
    ("zero power_mw", lambda d: _set(d, "/sites/0/power_stages/0/power_mw", 0)),
    ("bad dist name", lambda d: _set(d, "/orders/0/slip_days", {"dist": "gamma", "mean": 5})),
    ("dist with a key of another law",
     lambda d: _set(d, "/orders/0/slip_days", {"dist": "exponential", "mean": 5, "sd": 1})),
    ("dist missing a key", lambda d: _set(d, "/orders/0/slip_days", {"dist": "lognormal", "median": 5})),
    ("lognormal median 0", lambda d: _set(d, "/orders/0/slip_days", {"dist": "lognormal", "median": 0, "sigma": 1})),
    ("version 2", lambda d: _set(d, "/gwsim_scenario", 2)),
    ("missing sites", lambda d: _delete(d, "/sites")),
    ("empty sites", lambda d: _set(d, "/sites", [])),
    ("empty name", lambda d: _set(d, "/name", "")),
    ("negative seed", lambda d: _set(d, "/seed", -1)),
    ("date without zero padding", lambda d: _set(d, "/start", "2026-1-1")),
    ("date with a time", lambda d: _set(d, "/end", "2027-01-01T00:00:00Z")),
    ("pue over 3", lambda d: _set(d, "/sites/0/pue", 3.5)),
    ("pue under 1", lambda d: _set(d, "/sites/0/pue", 0.9)),
    ("burn-in failure probability 1", lambda d: _set(d, "/sites/0/install/burn_in_fail_prob", 1)),
    ("zero crews", lambda d: _set(d, "/sites/0/install/crews", 0)),
    ("fractional racks", lambda d: _set(d, "/orders/0/schedule/racks", 2.5)),
    ("unknown key in a site", lambda d: _set(d, "/sites/0/region", "us-east")),
    ("unknown key in install", lambda d: _set(d, "/sites/0/install/shifts", 3)),
    ("unknown key in a building", lambda d: _set(d, "/sites/0/buildings/0/floor", 2)),
    ("unknown key in a power stage", lambda d: _set(d, "/sites/0/power_stages/0/voltage_kv", 345)),
    ("no buildings", lambda d: _set(d, "/sites/0/buildings", [])),
    ("order with deliveries and schedule",
     lambda d: _set(d, "/orders/0/deliveries", [{"date": "2026-02-01", "racks": 1}])),
    ("order with neither deliveries nor schedule", lambda d: _delete(d, "/orders/0/schedule")),
    ("schedule every day", lambda d: _set(d, "/orders/0/schedule/every", "day")),
    ("SKU missing a key", lambda d: _delete(d, "/catalog/TEST_RACK/capex_usd_per_rack")),
    ("bad blast", lambda d: _set(d, "/catalog/TEST_RACK/failure_classes/0/blast", "row")),
    ("zero mtbf", lambda d: _set(d, "/catalog/TEST_RACK/failure_classes/0/mtbf_gpu_hours", 0)),
    ("unknown key in costs", lambda d: _set(d, "/costs/carbon_usd_per_t", 10)),
    ("contract take_or_pay as a string", lambda d: _set(d, "/contracts/0/take_or_pay", "yes")),
    ("failures missing enabled", lambda d: _set(d, "/failures", {})),
]


@pytest.mark.parametrize("what,mutate", INVALID, ids=[w for w, _ in INVALID])
def test_schema_rejects(validator, what, mutate):
    doc = minimal()
    mutate(doc)
    assert not validator.is_valid(doc), f"schema accepted a scenario with {what}"


# ---------------------------------------------------------------------------------------------- the cross-field checker

RULE_BREAKS = [
    ("end before start", lambda d: _set(d, "/end", "2025-06-01")),
    ("impossible date", lambda d: _set(d, "/sites/0/buildings/0/ready", "2026-02-30")),
    ("building outside the horizon", lambda d: _set(d, "/sites/0/buildings/0/ready", "2030-01-01")),
    ("stages not increasing", lambda d: _set(d, "/sites/0/power_stages",
                                              [{"date": "2026-03-01", "power_mw": 1},
                                               {"date": "2026-03-01", "power_mw": 1}])),
    ("deliveries out of order", lambda d: (_delete(d, "/orders/0/schedule"), _set(
        d, "/orders/0/deliveries", [{"date": "2026-05-01", "racks": 1}, {"date": "2026-04-01", "racks": 1}]))),
    ("schedule from after to", lambda d: _set(d, "/orders/0/schedule/from", "2026-06-01")),
    ("unknown SKU", lambda d: _set(d, "/orders/0/sku", "TPU_V9")),
    ("unknown site", lambda d: _set(d, "/orders/0/site", "elsewhere")),
    ("duplicate site", lambda d: d["sites"].append(copy.deepcopy(d["sites"][0]))),
    ("rack too hot for the site", lambda d: _set(d, "/sites/0/max_rack_power_kw", 5)),
    ("gpus_per_node not dividing", lambda d: _set(d, "/catalog/TEST_RACK/gpus_per_node", 3)),
    ("normal repair time", lambda d: _set(d, "/catalog/TEST_RACK/failure_classes/0/repair_hours",
                                          {"dist": "normal", "mean": 3, "sd": 1})),
    ("uniform min > max", lambda d: _set(d, "/orders/0/slip_days", {"dist": "uniform", "min": 5, "max": 1})),
]


@pytest.mark.parametrize("what,mutate", RULE_BREAKS, ids=[w for w, _ in RULE_BREAKS])
def test_rule_checker_catches(what, mutate):
    doc = minimal()
    mutate(doc)
    assert rule_violations(doc), f"rule checker missed: {what}"


def test_buildout_checker_catches_too_little_power_and_space():
    doc = minimal()  # 6 racks x 10 kW x 1.2 = 0.072 MW of 1 MW; 10 slots
    assert buildout_problems(doc) == []
    _set(doc, "/sites/0/power_stages/0/power_mw", 0.07)
    assert any("MW" in p for p in buildout_problems(doc))
    doc = minimal()
    _set(doc, "/sites/0/buildings/0/rack_slots", 5)
    assert any("slots" in p for p in buildout_problems(doc))


def test_schedule_expansion():
    o = {"schedule": {"from": "2026-01-31", "to": "2026-12-31", "every": "quarter", "racks": 3}}
    assert [str(d) for d, _ in batches(o)] == ["2026-01-31", "2026-04-30", "2026-07-31", "2026-10-31"]
    o = {"schedule": {"from": "2026-04-30", "to": "2026-07-31", "every": "month", "racks": 3}}
    assert [str(d) for d, _ in batches(o)] == ["2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31"]
    o = {"schedule": {"from": "2025-11-03", "to": "2026-05-03", "every": "quarter", "racks": 3}}
    assert [str(d) for d, _ in batches(o)] == ["2025-11-03", "2026-02-03", "2026-05-03"]
    o = {"schedule": {"from": "2031-01-06", "to": "2031-01-27", "every": "week", "racks": 1}}
    assert len(batches(o)) == 4


# ----------------------------------------------------------------------------------------------------- every file

@pytest.mark.parametrize("path", ALL_FILES, ids=[p.stem for p in ALL_FILES])
def test_scenario_validates_against_schema(validator, path):
    doc = load_scenario(path)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("path", ALL_FILES, ids=[p.stem for p in ALL_FILES])
def test_scenario_obeys_cross_field_rules(path):
    assert rule_violations(load_scenario(path)) == []


def test_all_shipped_scenarios_exist():
    for name in SHIPPED:
        assert (SCENARIOS / f"{name}.json").is_file(), name


# ---------------------------------------------------------------------------------------------------- shipped scenarios

@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_is_documented(shipped, name):
    doc = shipped[name]
    assert doc["name"] == name, "scenario name must equal the file stem"
    assert len(doc.get("sources", [])) >= 1 and all(s.strip() for s in doc["sources"])
    assert len(doc.get("description", "")) > 200, "say what is modelled and which choices were made"
    assert "seed" in doc
    # Energy price from facts.md (EIA: $66 Texas / $89 Virginia industrial; $47-51 wholesale).
    assert doc["costs"]["energy_usd_per_mwh"] in (47, 51, 66, 89)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_can_house_and_power_its_racks(shipped, name):
    assert buildout_problems(shipped[name]) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_install_and_repair_are_plausible(shipped, name):
    for s in shipped[name]["sites"]:
        assert 24 <= s["install"]["burn_in_hours"] <= 72, s["name"]  # facts.md: 24-72 h typical
        assert 0 < s["install"]["burn_in_fail_prob"] <= 0.07, s["name"]  # facts.md: ~7% per server (weak)
        assert s["repair"]["spare_nodes"] > 0, s["name"]


def test_aws_2026(shipped):
    doc = shipped["openai_aws_2026"]
    assert doc["start"] == "2025-11-03"
    assert "2028-06-30" <= doc["end"] <= "2029-06-30"
    assert 2 <= len(doc["sites"]) <= 4 and {s["provider"] for s in doc["sites"]} == {"AWS"}
    assert {o["sku"] for o in doc["orders"]} <= {"GB200_NVL72", "GB300_NVL72"}
    end_2026 = dt.date(2026, 12, 31)
    by_2026 = gpus_delivered(doc, end_2026)
    assert 250_000 <= by_2026 <= 400_000, "'hundreds of thousands' of GPUs before the end of 2026"
    expansion = gpus_delivered(doc) - by_2026
    assert expansion > 0, "a 2027 expansion tranche"
    assert all(d.year == 2027 for o in doc["orders"] for d, _ in batches(o) if d > end_2026)
    # Enough power energized by the end of 2026 for what is delivered by then, if nothing slips...
    need = {n: 0.0 for n in (s["name"] for s in doc["sites"])}
    pue = {s["name"]: s["pue"] for s in doc["sites"]}
    for o in doc["orders"]:
        racks = sum(r for d, r in batches(o) if d <= end_2026)
        need[o["site"]] += racks * BUILTIN[o["sku"]]["rack_power_kw"] / 1000 * pue[o["site"]]
    for s in doc["sites"]:
        assert energized_mw(s, end_2026) >= need[s["name"]], s["name"]
    # ...but power binds in some months, and the last 2026 batches land in Nov-Dec (little slack).
    assert any(power_bound_dates(doc, s["name"]) for s in doc["sites"])
    last_2026 = max(d for o in doc["orders"] for d, _ in batches(o) if d <= end_2026)
    assert last_2026 >= dt.date(2026, 11, 1)
    assert all("slip_days" in o for o in doc["orders"])
    (contract,) = doc["contracts"]
    assert (contract["provider"], contract["total_usd"], contract["term_years"]) == ("AWS", 38e9, 7)
    assert contract["start"].startswith("2025-11")


def test_stargate_abilene(shipped):
    doc = shipped["stargate_abilene"]
    (site,) = doc["sites"]
    assert len(site["buildings"]) == 8
    assert sum(p["power_mw"] for p in site["power_stages"]) == pytest.approx(1200)
    assert doc["start"] <= "2024-06-01"
    assert energized_mw(site, dt.date(2025, 6, 30)) >= 200, "first 2 buildings (200+ MW) within a year"
    assert energized_mw(site, dt.date(2025, 6, 30)) < 1200
    assert energized_mw(site, dt.date(2026, 8, 31)) == pytest.approx(1200), "full campus mid-2026"
    first = min(d for o in doc["orders"] for d, _ in batches(o))
    assert (first.year, first.month) == (2025, 6), "GB200 racks from June 2025"
    gpus = gpus_delivered(doc, sku="GB200_NVL72")
    assert gpus == gpus_delivered(doc)
    assert abs(gpus - 400_000) <= 2_000 or abs(gpus - 450_000) <= 2_000, gpus



def test_frontier_fleet_2027(shipped):
    """Issue 15's narrative: five sites online in stages through 2026-2027 on GB200/GB300 NVL72, a 110k-GPU
    frontier run with its reservation and standbys, inference kept off its campus, a preemptible batch stream."""
    doc = shipped["frontier_fleet_2027"]
    assert len(doc["sites"]) == 5 and {o["sku"] for o in doc["orders"]} == {"GB200_NVL72", "GB300_NVL72"}
    assert {min(b["ready"] for b in s["buildings"])[:4] for s in doc["sites"]} == {"2026", "2027"}
    w = doc["workloads"]
    (run,) = w["training"]
    assert run["gpus"] == 110_000 and run["standby_nodes"] >= 1
    site = next(s for s in doc["sites"] if s["name"] == run["site"])  # building-sized fabric domains too small:
    assert site["racks_per_domain"] * 72 < run["gpus"] and 0 < run["multi_domain"]["throughput"] < 1  # spans them
    (res,) = w["reservations"]
    gpus_per_node = doc["catalog"][sku_of_site(doc, run["site"])]["gpus_per_node"]
    assert res["for"] == {"training": run["name"]} and res["start"] <= run["submit"]
    assert res["sites"] == {run["site"]: run["gpus"] + run["standby_nodes"] * gpus_per_node}
    assert run["site"] not in w["inference"]["sites"]
    assert set(w["inference"]["max_gpus_per_site"]) == set(w["inference"]["sites"])
    assert all(s["preemptible"] for s in w["streams"])
    for sku in ("GB200_NVL72", "GB300_NVL72"):  # the built-in SKU, plus lemons and CoreWeave's 2-node rule
        entry = doc["catalog"][sku]
        assert {k: entry[k] for k in BUILTIN[sku]} == BUILTIN[sku]
        assert entry["lemons"] and entry["tolerated_nodes_down"] == 2
    assert "lemon_policy" in doc and all("repair_stages" in s and "racks_per_domain" in s for s in doc["sites"])


def sku_of_site(doc, site):  # the SKU ordered for a site (one per site here)
    (sku,) = {o["sku"] for o in doc["orders"] if o["site"] == site}
    return sku


def test_openai_portfolio(shipped):
    doc = shipped["openai_portfolio"]
    assert doc["end"] == "2031-12-31"
    assert 28 <= facility_gw(doc, dt.date(2030, 12, 31)) <= 32, "~30 GW by 2030"
    assert facility_gw(doc, dt.date(2026, 12, 31)) < facility_gw(doc, dt.date(2028, 12, 31))
    cat = catalog(doc)
    mw_by_sku = {}
    for o in doc["orders"]:
        pue = next(s["pue"] for s in doc["sites"] if s["name"] == o["site"])
        mw = sum(r for _, r in batches(o)) * cat[o["sku"]]["rack_power_kw"] / 1000 * pue
        mw_by_sku[o["sku"]] = mw_by_sku.get(o["sku"], 0) + mw
    assert mw_by_sku["VR_NVL144"] >= 9_900, "NVIDIA: >= 10 GW of Vera Rubin"
    assert mw_by_sku["MI450_RACK"] == pytest.approx(6_000, rel=0.01), "AMD: 6 GW"
    custom = [k for k in doc.get("catalog", {}) if k not in BUILTIN]
    assert custom and sum(mw_by_sku[k] for k in custom) == pytest.approx(10_000, rel=0.01), "Broadcom: 10 GW"
    # First GW of NVIDIA and AMD in H2 2026.
    for sku in ("VR_NVL144", "MI450_RACK"):
        first = min(d for o in doc["orders"] if o["sku"] == sku for d, _ in batches(o))
        assert dt.date(2026, 7, 1) <= first <= dt.date(2026, 12, 31), sku
    contracts = {c["provider"]: c for c in doc["contracts"]}
    assert contracts["AWS"]["total_usd"] == 38e9
    assert contracts["Azure"]["total_usd"] == 250e9
    assert contracts["Oracle"]["total_usd"] == 300e9
    quarterly = [o for o in doc["orders"] if o.get("schedule", {}).get("every") == "quarter"]
    assert len(quarterly) >= len(doc["orders"]) - 2


def test_gigawatt_factory(shipped):
    doc, base = shipped["gigawatt_factory"], shipped["openai_portfolio"]
    assert doc["sites"][:len(base["sites"])] == base["sites"]
    assert doc["orders"][:len(base["orders"])] == base["orders"]
    new_sites = doc["sites"][len(base["sites"]):]
    assert 100 <= len(new_sites) <= 110
    assert date(doc["end"]) == date(base["end"]).replace(year=date(base["end"]).year + 2)
    firsts = [min(date(p["date"]) for p in s["power_stages"]) for s in new_sites]
    assert firsts[0] >= dt.date(2031, 1, 1)
    assert all((b - a).days == 7 for a, b in zip(firsts, firsts[1:], strict=False)), "one new site a week"
    for s in new_sites:
        assert sum(p["power_mw"] for p in s["power_stages"]) == pytest.approx(1000)
    assert facility_gw(doc, date(doc["end"])) > 100


def test_generator_reproduces_gigawatt_factory(tmp_path):
    out = tmp_path / "gigawatt_factory.json"
    proc = subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    committed = (SCENARIOS / "gigawatt_factory.json").read_bytes()
    assert out.read_bytes() == committed, \
        "gigawatt_factory.json is stale: rerun scenarios/tools/make_gigawatt_factory.py"


def test_generator_follows_its_base(tmp_path):
    base = load_json(SCENARIOS / "openai_portfolio.json")
    base["sites"][0]["pue"] = 1.25
    base_path = tmp_path / "base.json"
    base_path.write_text(json.dumps(base), encoding="utf-8")
    out = tmp_path / "out.json"
    subprocess.run([sys.executable, str(GENERATOR), "--base", str(base_path), "--out", str(out)], check=True)
    doc = load_json(out)
    assert doc["sites"][0]["pue"] == 1.25
    assert doc["name"] == "gigawatt_factory"
    assert out.read_bytes() != (SCENARIOS / "gigawatt_factory.json").read_bytes()
