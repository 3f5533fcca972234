"""Property tests (hypothesis): random valid scenarios keep the model's invariants, and random
mutations of a valid scenario either load or raise gwsim.ScenarioError, never anything else.

The examples are derandomized (the same ones on every run), so a failure in CI is reproducible
with the same command; hypothesis prints the minimal falsifying scenario as a Python dict.
"""
import copy
import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import gwsim

# Built-in SKUs (sim/scenario/catalog.cpp, docs/model.md): GPUs per rack, rack power (kW).
BUILTIN = {
    "GB200_NVL72": (72, 132.0),
    "GB300_NVL72": (72, 136.0),
    "H100_HGX": (32, 40.8),
    "H200_HGX": (32, 40.8),
    "MI450_RACK": (72, 160.0),
    "VR_NVL144": (72, 225.0),  # 72 packages (144 dies): a GPU is a package with its HBM
}

# docs/user-guide.md section 5: these add up to gpus_ordered on every day.
STATE = ["gpus_not_shipped", "gpus_in_transit", "gpus_waiting_power", "gpus_waiting_slot", "gpus_waiting_crew",
         "gpus_installing", "gpus_burn_in", "gpus_rework", "gpus_in_service", "gpus_failed", "gpus_in_repair"]
CUMULATIVE = ["gpus_delivered", "energy_mwh", "energy_cost_usd", "capex_usd",
              "contract_committed_usd", "contract_used_usd", "contract_paid_usd"]
# RFC 6901: "" (the whole document) or a sequence of /token, "~" only as ~0 or ~1.
POINTER = re.compile(r"^(/([^~/]|~[01])*)*$")

RUN = settings(max_examples=400, deadline=None, derandomize=True, database=None, print_blob=False,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LOAD = settings(max_examples=1000, deadline=None, derandomize=True, database=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

seeds = st.integers(min_value=0, max_value=2**64 - 1)


def iso(d: dt.date) -> str:
    return d.isoformat()


def fnum(lo: float, hi: float):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


def distribution(duration: bool, scale: float):
    """A Distribution object; `duration` laws cannot go negative (no normal, min/value >= 0)."""
    lo = 0.0 if duration else -scale
    laws = [
        st.builds(lambda v: {"dist": "fixed", "value": v}, fnum(lo, scale)),
        st.builds(lambda m: {"dist": "exponential", "mean": m}, fnum(scale / 100, scale)),
        st.builds(lambda m, s: {"dist": "lognormal", "median": m, "sigma": s}, fnum(scale / 100, scale), fnum(0, 2)),
        st.builds(lambda a, b: {"dist": "uniform", "min": min(a, b), "max": max(a, b)},
                  fnum(lo, scale), fnum(lo, scale)),
    ]
    if not duration:
        laws.append(st.builds(lambda m, s: {"dist": "normal", "mean": m, "sd": s}, fnum(-scale, scale), fnum(0, scale)))
    return st.one_of(laws)


@st.composite
def scenarios(draw):
    """A random valid scenario dict, small enough to run in a few tens of milliseconds.

    Returns (doc, expected) where expected holds what the scenario orders, computed here
    independently of the simulator: racks and GPUs ordered, and the planned power."""
    start = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 3 * 365)))
    horizon = draw(st.integers(365, 3 * 365))  # days; end is inclusive
    end = start + dt.timedelta(days=horizon - 1)

    def day(lo=0, hi=None):
        return start + dt.timedelta(days=draw(st.integers(lo, horizon - 1 if hi is None else hi)))

    doc = {"gwsim_scenario": 1, "name": "property", "start": iso(start), "end": iso(end),
           "seed": draw(st.integers(0, 2**63 - 1))}

    catalog = dict(BUILTIN)
    if draw(st.booleans()):
        # a scenario SKU: a new name, or one that replaces a built-in
        name = draw(st.sampled_from(["TEST_RACK", "H100_HGX"]))
        gpn = draw(st.sampled_from([1, 2, 4, 8]))
        gpr = gpn * draw(st.integers(1, 8))
        kw = draw(fnum(5, 120))
        classes = draw(st.lists(st.fixed_dictionaries(
            {"name": st.sampled_from(["gpu", "hbm", "network", "psu"]),
             "mtbf_gpu_hours": fnum(5e3, 1e6),
             "blast": st.sampled_from(["gpu", "node", "rack"]),
             "repair_hours": distribution(True, 72)},
            optional={"weibull_shape": fnum(0.5, 3)}), max_size=3))
        doc["catalog"] = {name: {"gpus_per_rack": gpr, "gpus_per_node": gpn, "rack_power_kw": kw,
                                 "fp8_pflops_per_gpu": draw(fnum(0, 10)), "bf16_pflops_per_gpu": draw(fnum(0, 5)),
                                 "hbm_gb_per_gpu": draw(fnum(0, 300)), "capex_usd_per_rack": draw(fnum(0, 5e6)),
                                 "failure_classes": classes}}
        catalog[name] = (gpr, kw)

    providers = draw(st.lists(st.sampled_from(["AWS", "Azure", "Oracle", "CoreWeave"]), min_size=1, max_size=2,
                              unique=True))
    # ample: enough power, slots and crews early enough that every rack can go into service
    ample = draw(st.booleans())
    sites = []
    planned_mw = 0.0
    for i in range(draw(st.integers(1, 4))):
        stage_days = sorted(draw(st.sets(st.integers(0, 30 if ample else horizon - 1), min_size=1, max_size=4)))
        stages = [{"date": iso(start + dt.timedelta(days=d)),
                   "power_mw": draw(fnum(200, 400) if ample else fnum(0.05, 60))} for d in stage_days]
        planned_mw += sum(s["power_mw"] for s in stages)
        buildings = []
        for _ in range(draw(st.integers(1, 3))):
            b = {"rack_slots": draw(st.integers(2000, 3000) if ample else st.integers(0, 400)),
                 "ready": iso(day(0, 30) if ample else day())}
            if draw(st.booleans()):
                b["name"] = f"hall-{len(buildings) + 1}"
            buildings.append(b)
        site = {
            "name": f"site-{i}",
            "provider": draw(st.sampled_from(providers)),
            "pue": draw(fnum(1, 3)),
            "max_rack_power_kw": draw(st.sampled_from([45.0, 140.0, 250.0])),
            "buildings": buildings,
            "power_stages": stages,
            "install": {"crews": draw(st.integers(1, 6)),
                        "racks_per_crew_per_week": draw(fnum(100, 500) if ample else fnum(0.5, 60)),
                        "burn_in_hours": draw(st.one_of(st.just(0.0), fnum(0, 120))),
                        "burn_in_fail_prob": draw(st.one_of(st.just(0.0), fnum(0, 0.9)))},
            "repair": {"technicians": draw(st.integers(1, 6)), "spare_nodes": draw(st.integers(0, 12)),
                       "spare_restock_days": draw(fnum(0.5, 60))},
        }
        if draw(st.booleans()):
            site["stage_slip_days"] = draw(distribution(False, 60))
        sites.append(site)
    doc["sites"] = sites

    orders = []
    racks_by_group = {}  # (site, sku) -> racks ordered
    for _ in range(draw(st.integers(1, 5))):
        site = draw(st.sampled_from(sites))
        fits = sorted(k for k, (_, kw) in catalog.items() if kw <= site["max_rack_power_kw"])
        assume(fits)  # max_rack_power_kw >= 45 always fits H100_HGX unless a scenario SKU replaced it
        sku = draw(st.sampled_from(fits))
        order = {"sku": sku, "site": site["name"]}
        if draw(st.booleans()):
            days = sorted(draw(st.lists(st.integers(0, horizon - 1), min_size=1, max_size=5)))
            order["deliveries"] = [{"date": iso(start + dt.timedelta(days=d)), "racks": draw(st.integers(0, 400))}
                                   for d in days]
            racks = sum(d["racks"] for d in order["deliveries"])
        else:
            every = draw(st.sampled_from(["week", "month", "quarter"]))
            first = day()
            if every != "week" and first.day > 28:  # months step from a day <= 28: no clamping to judge
                first = first.replace(day=1) + dt.timedelta(days=31)
                first = first.replace(day=1)
                if first > end:
                    every, first = "week", end
            last = first + dt.timedelta(days=draw(st.integers(0, (end - first).days)))
            per = draw(st.integers(0, 30 if every == "week" else 150))
            order["schedule"] = {"from": iso(first), "to": iso(last), "every": every, "racks": per}
            racks = per * len(schedule_dates(first, last, every))
        if draw(st.booleans()):
            order["lead_time_days"] = draw(fnum(0, 120))
        if draw(st.booleans()):
            order["slip_days"] = draw(distribution(False, 45))
        if draw(st.booleans()):
            order["name"] = f"order-{len(orders)}"
        orders.append(order)
        key = (site["name"], sku)
        racks_by_group[key] = racks_by_group.get(key, 0) + racks
    doc["orders"] = orders

    if draw(st.booleans()):
        doc["costs"] = {"energy_usd_per_mwh": draw(fnum(0, 200))}
    if draw(st.booleans()):
        doc["contracts"] = [{"provider": draw(st.sampled_from(providers + ["Nobody"])),
                             "total_usd": draw(fnum(1e3, 1e9)), "start": iso(day()),
                             "term_years": draw(fnum(0.05, 5)), "take_or_pay": draw(st.booleans()),
                             "usd_per_gpu_hour": draw(fnum(0.5, 10))}
                            for _ in range(draw(st.integers(1, 2)))]
    failures = draw(st.sampled_from([None, True, False]))
    if failures is not None:
        doc["failures"] = {"enabled": failures}
    if draw(st.booleans()):
        doc["workloads"] = draw(workloads(start, horizon, [s["name"] for s in sites]))

    expected = {
        "racks": sum(racks_by_group.values()),
        "gpus": sum(r * catalog[sku][0] for (_, sku), r in racks_by_group.items()),
        "groups": {k: (r, r * catalog[k[1]][0]) for k, r in racks_by_group.items()},
        "planned_mw": planned_mw,
        "failures": failures is not False,
    }
    return doc, expected


def schedule_dates(first: dt.date, last: dt.date, every: str) -> list:
    """The dates of a schedule: `first`, then every period up to and including `last`."""
    out, k = [], 0
    while True:
        if every == "week":
            d = first + dt.timedelta(days=7 * k)
        else:
            months = first.month - 1 + k * (1 if every == "month" else 3)
            d = first.replace(year=first.year + months // 12, month=months % 12 + 1)
        if d > last:
            return out
        out.append(d)
        k += 1


@st.composite
def workloads(draw, start: dt.date, horizon: int, site_names: list):
    """A small workloads section: at most a few thousand jobs."""
    def day():
        return iso(start + dt.timedelta(days=draw(st.integers(0, horizon - 1))))

    w = {"policy": draw(st.sampled_from(["fifo", "priority", "easy_backfill", "fair_share"]))}
    if draw(st.booleans()):
        w["backfill_depth"] = draw(st.integers(1, 300))
    if w["policy"] == "fair_share" and draw(st.booleans()):
        w["fair_share_half_life_days"] = draw(fnum(0.1, 60))
    clusters = []
    if len(site_names) >= 2 and draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(site_names), min_size=2, max_size=len(site_names), unique=True))
        clusters = [{"name": "fabric", "sites": members}]
        w["clusters"] = clusters
    cpu = draw(st.booleans())
    if cpu:
        steps = sorted(draw(st.sets(st.integers(0, horizon - 1), min_size=1, max_size=3)))
        w["cpu_pool"] = {"name": "pool", "vcpus": [{"date": iso(start + dt.timedelta(days=d)),
                                                    "vcpus": draw(st.integers(0, 5000))} for d in steps]}
    streams = []
    for i in range(draw(st.integers(0, 2))):
        a = draw(st.integers(0, horizon - 2))
        window = draw(st.integers(1, min(120, horizon - 1 - a)))
        rate_cap = min(4.0, 5000.0 / (24 * window))  # expected arrivals <= 5000
        s = {"name": f"stream-{i}", "start": iso(start + dt.timedelta(days=a)),
             "end": iso(start + dt.timedelta(days=a + window)),
             "arrivals_per_hour": draw(fnum(rate_cap / 50, rate_cap)),
             "duration_hours": draw(distribution(True, 24))}
        if cpu and draw(st.booleans()):
            s["vcpus"] = draw(distribution(True, 256))
            if draw(st.booleans()):
                s["max_vcpus"] = draw(st.integers(1, 4096))
        else:
            s["gpus"] = draw(distribution(True, 64))
            if draw(st.booleans()):
                s["max_gpus"] = draw(st.integers(1, 4096))
        if draw(st.booleans()):
            s["max_jobs"] = draw(st.integers(1, 2000))
        if draw(st.booleans()):
            s["checkpoint_hours"] = draw(fnum(0.05, 12))
            if draw(st.booleans()):
                s["checkpoint_cost_hours"] = draw(fnum(0, 1))
        if draw(st.booleans()):
            s["priority"] = draw(st.integers(-5, 5))
        if draw(st.booleans()):
            s["tenant"] = draw(st.sampled_from(["a", "b"]))
        streams.append(s)
    if streams:
        w["streams"] = streams
    training = []
    for i in range(draw(st.integers(0, 2))):
        t = {"name": f"train-{i}", "submit": day(), "gpus": draw(st.integers(1, 30000)),
             "checkpoint_hours": draw(fnum(0.1, 24)), "restart_hours": draw(fnum(0, 2))}
        if draw(st.booleans()):
            t["checkpoint_cost_hours"] = draw(fnum(0, 1))
        if draw(st.booleans()):
            t["wall_hours"] = draw(fnum(1, 2000))
        else:
            t["gpu_hours"] = draw(fnum(1, 1e7))
        if draw(st.booleans()):
            t["priority"] = draw(st.integers(-5, 5))
        where = draw(st.sampled_from(["any", "site", "cluster"] if clusters else ["any", "site"]))
        if where == "site":
            t["site"] = draw(st.sampled_from(site_names))
        elif where == "cluster":
            t["cluster"] = "fabric"
        training.append(t)
    if training:
        w["training"] = training
    if draw(st.booleans()):
        steps = sorted(draw(st.sets(st.integers(0, horizon - 1), min_size=1, max_size=3)))
        w["inference"] = {"name": "serving", "preempt": draw(st.booleans()),
                          "demand": [{"date": iso(start + dt.timedelta(days=d)), "gpus": draw(st.integers(0, 20000))}
                                     for d in steps]}
    return w


def col(ts: pd.DataFrame, name: str) -> np.ndarray:
    return ts[name].to_numpy()


def first_bad_day(ts: pd.DataFrame, ok: np.ndarray) -> str:
    return str(ts.index[np.argmin(ok)].date())


@RUN
@given(scenarios(), seeds)
def test_invariants_of_a_run(case, seed):
    doc, expected = case
    r = gwsim.run(gwsim.load(doc), seed=seed)
    ts, summary = r.timeseries, r.summary_json  # dates as summary.json's ISO text
    assert len(ts) == (dt.date.fromisoformat(doc["end"]) - dt.date.fromisoformat(doc["start"])).days + 1

    # what was ordered, against the scenario itself
    ordered = col(ts, "gpus_ordered")
    assert (ordered == expected["gpus"]).all()
    assert summary["gpus_ordered"] == expected["gpus"]
    assert summary["racks_ordered"] == expected["racks"]

    # 1. GPUs are conserved every day
    total = sum(col(ts, c) for c in STATE)
    ok = total == ordered
    assert ok.all(), f"state columns add up to {total[~ok][0]} != {ordered[0]} on {first_bad_day(ts, ok)}"
    assert (col(ts, "gpus_stranded") == col(ts, "gpus_waiting_power") + col(ts, "gpus_waiting_slot")).all()
    assert (col(ts, "gpus_delivered") == ordered - col(ts, "gpus_not_shipped") - col(ts, "gpus_in_transit")).all()

    # 2. the facility never draws more than is energized, which never exceeds what is planned
    energized, facility = col(ts, "power_energized_mw"), col(ts, "facility_power_mw")
    ok = facility <= energized * (1 + 1e-9) + 1e-9
    assert ok.all(), f"facility {facility[~ok][0]} MW > energized {energized[~ok][0]} MW on {first_bad_day(ts, ok)}"
    assert (energized <= expected["planned_mw"] * (1 + 1e-9) + 1e-9).all()
    assert (col(ts, "it_power_mw") <= facility * (1 + 1e-9) + 1e-9).all()  # PUE >= 1

    # 3. no negative (or NaN) value in any column: counts, queues, power, money, utilization
    for name in ts.columns:
        values = col(ts, name)
        ok = np.isfinite(values) & (values >= 0)
        assert ok.all(), f"{name} = {values[~ok][0]} on {first_bad_day(ts, ok)}"
    assert (col(ts, "largest_site_gpus_in_service") <= col(ts, "gpus_in_service")).all()
    assert (col(ts, "racks_in_service") <= expected["racks"]).all()

    # 4. cumulative counters never decrease
    for name in CUMULATIVE:
        ok = np.diff(col(ts, name)) >= 0
        assert ok.all(), f"{name} decreases on {str(ts.index[1:][~ok][0].date())}"

    # 6. the summary agrees with the time series and with the orders
    assert summary["gpus_in_service_at_end"] == col(ts, "gpus_in_service")[-1]
    assert summary["racks_in_service_at_end"] == col(ts, "racks_in_service")[-1]
    deliveries = summary["deliveries"]
    assert sum(d["gpus_ordered"] for d in deliveries) == summary["gpus_ordered"]
    for d in deliveries:
        assert 0 <= d["racks_in_service"] <= d["racks_delivered"] <= d["racks_ordered"], d
        assert 0 <= d["gpus_in_service"] <= d["gpus_delivered"] <= d["gpus_ordered"], d
    assert {(d["site"], d["sku"]): (d["racks_ordered"], d["gpus_ordered"]) for d in deliveries if d["racks_ordered"]} \
        == {k: v for k, v in expected["groups"].items() if v[0]}
    assert sum(d["gpus_delivered"] for d in deliveries) == col(ts, "gpus_delivered")[-1]
    # per (site, SKU), "gpus_in_service" counts GPUs up, as the time series does; the GPUs of
    # racks that passed burn-in, down ones included, are "gpus_in_racks_in_service"
    last = ts.iloc[-1]
    assert sum(d["gpus_in_service"] for d in deliveries) == last["gpus_in_service"]
    assert sum(d["gpus_in_racks_in_service"] for d in deliveries) == \
        last["gpus_in_service"] + last["gpus_failed"] + last["gpus_in_repair"]
    for d in deliveries:
        assert d["gpus_in_service"] <= d["gpus_in_racks_in_service"], d

    # key dates: first instants at which 50/90/100% of the ordered racks were in service
    in_service = col(ts, "racks_in_service")
    assert (np.diff(in_service) >= 0).all(), "racks_in_service decreases"  # a rack that passed burn-in stays
    kd = summary["key_dates"]
    dates = [kd[f"in_service_{p}pct"] for p in (50, 90, 100)]
    reached = [d for d in dates if d is not None]
    assert dates[len(reached):] == [None] * (3 - len(reached)), kd  # 100% reached => 90% and 50% reached
    assert reached == sorted(reached), kd
    assert all(doc["start"] <= d[:10] <= doc["end"] for d in reached), kd
    if expected["racks"] and in_service[-1] == expected["racks"]:
        assert dates[2] is not None, kd

    if not expected["failures"]:  # failures off: none in service, none at burn-in
        for name in ("gpus_failed", "gpus_in_repair", "gpus_rework"):
            assert (col(ts, name) == 0).all(), name
        assert summary["failures"] == 0

    if "workloads" in doc:  # jobs only use GPUs that are up, inference only what it asks for
        busy, up = col(ts, "gpus_busy"), col(ts, "gpus_in_service")
        ok = busy <= up
        assert ok.all(), f"gpus_busy {busy[~ok][0]} > gpus_in_service {up[~ok][0]} on {first_bad_day(ts, ok)}"
        assert (col(ts, "utilization") <= 1 + 1e-12).all()
        assert (col(ts, "inference_gpus") <= col(ts, "inference_demand_gpus")).all()
        assert (col(ts, "inference_gpus") <= busy).all()
        assert (col(ts, "vcpus_busy") <= col(ts, "vcpus_pool")).all()
        jobs = r.jobs
        assert len(jobs) == summary["jobs"]["submitted"]
        assert (jobs["wait_hours"].dropna() >= 0).all()
        # the wait quantiles are exact over the jobs that started (docs/jobs.md)
        waits = jobs["wait_hours"].dropna().to_numpy()
        for key, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
            exact = float(np.quantile(waits, q, method="linear")) if len(waits) else 0.0
            assert np.isclose(summary["jobs"]["wait_hours"][key], exact, rtol=1e-9, atol=1e-12), key


@settings(RUN, max_examples=100)
@given(scenarios(), seeds)
def test_same_scenario_and_seed_give_the_same_run(case, seed):
    doc, _ = case
    a = gwsim.run(gwsim.load(doc), seed=seed)
    b = gwsim.run(gwsim.load(copy.deepcopy(doc)), seed=seed)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries, check_exact=True)
    assert a.summary_json == b.summary_json
    assert a.events == b.events
    if a.jobs is None:
        assert b.jobs is None
    else:
        pd.testing.assert_frame_equal(a.jobs, b.jobs, check_exact=True)


def test_summary_gpus_in_service_means_one_thing():
    """Regression (found by test_invariants_of_a_run): /deliveries/*/gpus_in_service once counted
    racks_in_service * gpus_per_rack, down GPUs included. Minimal example: one H100 rack, no spare
    nodes; its node failures stay unrepaired, so at the end its GPUs are down, and the per-(site,
    SKU) figure must say so too."""
    site = {"name": "site-0", "provider": "AWS", "pue": 1.0, "max_rack_power_kw": 45.0,
            "buildings": [{"rack_slots": 1, "ready": "2025-01-01"}],
            "power_stages": [{"date": "2025-01-01", "power_mw": 1.0}],
            "install": {"crews": 1, "racks_per_crew_per_week": 1.0, "burn_in_hours": 0.0, "burn_in_fail_prob": 0.0},
            "repair": {"technicians": 1, "spare_nodes": 0, "spare_restock_days": 1.0}}
    doc = {"gwsim_scenario": 1, "name": "property", "start": "2025-01-01", "end": "2025-12-31", "seed": 0,
           "sites": [site], "orders": [{"sku": "H100_HGX", "site": "site-0",
                                         "deliveries": [{"date": "2025-01-01", "racks": 1}]}]}
    r = gwsim.run(gwsim.load(doc), seed=0)
    assert r.summary["gpus_in_service_at_end"] == r.timeseries["gpus_in_service"].iloc[-1]
    assert sum(d["gpus_in_service"] for d in r.summary["deliveries"]) == r.summary["gpus_in_service_at_end"]
    assert r.summary["deliveries"][0]["gpus_in_racks_in_service"] == 32


# --- loader robustness ------------------------------------------------------------------------


def nodes(doc, pointer=""):
    """(pointer, value) of every node under doc, the root excluded."""
    if isinstance(doc, dict):
        items = doc.items()
    elif isinstance(doc, list):
        items = enumerate(doc)
    else:
        return
    for key, value in items:
        p = pointer + "/" + str(key).replace("~", "~0").replace("/", "~1")
        yield p, value
        yield from nodes(value, p)


def resolve(doc, pointer: str):
    target = doc
    for token in pointer[1:].split("/") if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        target = target[int(token)] if isinstance(target, list) else target[token]
    return target


def split(pointer: str):
    parent, _, last = pointer.rpartition("/")
    return parent, last.replace("~1", "/").replace("~0", "~")


bad_values = st.one_of(
    st.sampled_from([-1, -1.5, 0, 0.5, 1, 2, 10**6, 10**7 + 1, 10**9, 10**30, -(10**30), 2**63, 2**64, -(2**63),
                     1e308, -1e308, 5e-324, float("nan"), float("inf"), float("-inf"),
                     "", "x", "GB200_NVL72", "site-0", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31",
                     "2026-1-1", "fixed", "normal", "week", "fifo", None, True, False, [], {}, [1], {"dist": "fixed"}]),
    st.integers(), st.floats(), st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
)
keys = st.one_of(st.sampled_from(["colour", "name", "dist", "gpus", "power_mw", "~", "/", "a/b~c", ""]),
                 st.text(max_size=8))


@st.composite
def perturbed(draw, value):
    """A value of the same JSON type as `value`, near it or far from it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        how = draw(st.sampled_from(["scale", "negate", "shift", "float", "limit"]))
        if how == "scale":
            return value * draw(st.sampled_from([0, 0.5, 2, 10, 1000, 10**6, 10**9]))
        if how == "negate":
            return -value if value else -1
        if how == "shift":
            return value + draw(st.sampled_from([-1, -0.5, 0.5, 1]))
        if how == "float":
            return float(value) + 0.25
        return draw(st.sampled_from([10**6, 10**6 + 1, 10**7, 10**7 + 1, 10**8 + 1, 3 * 10**7 + 1, 36500, 3651,
                                     100000, 100001, 1e6 + 1, 1e12 + 1]))
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return draw(st.sampled_from(["site-0", "site-1", "site-9", "AWS", "GB200_NVL72", "TEST_RACK", "NOPE",
                                         "fabric", "gpu", "node", "rack", "month", "year", "lognormal", "fixed",
                                         "fair_share", "lifo", value + value, value.upper()]))
        shifted = day + dt.timedelta(days=draw(st.integers(-3000, 3000)))
        return shifted.isoformat() if draw(st.integers(0, 9)) else shifted.strftime("%Y-%m-%dT00")
    if isinstance(value, list):
        return value + value if value else [{}]
    return {**value, **draw(st.dictionaries(keys, bad_values, max_size=1))}


@st.composite
def mutated(draw):
    """A valid scenario changed in one to three places."""
    doc, _ = draw(scenarios())
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        # deepest last-listed first: hypothesis favours the first entries, which would otherwise
        # be /gwsim_scenario (an error whatever else changed)
        pointer, value = draw(st.sampled_from(list(nodes(doc))[::-1]))
        parent_ptr, last = split(pointer)
        parent = resolve(doc, parent_ptr)
        at = int(last) if isinstance(parent, list) else last
        action = draw(st.sampled_from(["perturb", "set", "drop", "add_key", "rename", "dup", "empty"]))
        if action == "perturb":  # the same type: reaches range, horizon, order, reference and limit rules
            parent[at] = draw(perturbed(value))
        elif action == "drop":  # a key from an object, an entry from an array
            del parent[at]
        elif action == "add_key" and isinstance(value, dict):
            value[draw(keys)] = draw(bad_values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(keys)] = parent.pop(last)
        elif action == "dup" and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
        elif action == "empty" and isinstance(value, (dict, list)):
            value.clear()
        else:
            parent[at] = draw(bad_values)
    return doc


@LOAD
@given(mutated())
def test_loader_accepts_or_raises_a_scenario_error(doc):
    try:
        s = gwsim.load(doc)
    except gwsim.ScenarioError as e:
        assert e.code.startswith("scenario."), e.code
        assert str(e).startswith(f"error[{e.code}] "), str(e)
        assert POINTER.match(e.pointer), repr(e.pointer)
        assert isinstance(e.detail, str) and isinstance(e.file, str)
        if e.code != "scenario.parse" and e.pointer:  # the pointer leads to the bad place: its parent exists
            parent, _ = split(e.pointer)
            try:
                resolve(doc, parent)
            except (KeyError, IndexError, ValueError, TypeError):
                pytest.fail(f"{e.code} at {e.pointer!r}: no such parent {parent!r} in the document")
    else:
        assert s.name == doc["name"]
