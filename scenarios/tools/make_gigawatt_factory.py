#!/usr/bin/env python3
"""Writes scenarios/gigawatt_factory.json: openai_portfolio.json followed by 1 GW of new capacity per week.

The "factory" is S. Altman's stated ambition of adding a gigawatt of AI infrastructure every week. Starting in the
first week of 2031 (the portfolio's last batches land in Oct 2030), it appends WEEKS sites of 1 GW of facility power,
one a week, each with its Vera Rubin order, and extends the horizon by two years. JSON Merge Patch (`extends`)
replaces arrays, so a patch file cannot append sites: the scenario is generated instead.

Standard library only and deterministic: the same base gives the same bytes (sorted keys, 2-space indent, a final
newline). tests/python/test_scenarios_schema.py checks that the committed output is up to date.

    python3 scenarios/tools/make_gigawatt_factory.py [--base FILE] [--out FILE]
"""
import argparse
import copy
import datetime as dt
import json
import math
import pathlib

SCENARIOS = pathlib.Path(__file__).resolve().parent.parent

WEEKS = 104                      # two years of weekly sites
FIRST_WEEK = dt.date(2031, 1, 6)  # first Monday of 2031
EXTRA_YEARS = 2                  # horizon extension

SITE_MW = 1000.0                 # facility power per weekly site (two stages of 500 MW, two weeks apart)
SKU = "VR_NVL144"                # built-in: 72 GPUs (packages)/rack, 4 per node, 225 kW/rack
RACK_KW = 225.0
GPUS_PER_RACK = 72
PUE = 1.15
BATCHES = 4                      # weekly delivery batches per site
RACKS_PER_BATCH = math.floor(SITE_MW * 1000 / (RACK_KW * PUE) / BATCHES)  # 966
RACKS = RACKS_PER_BATCH * BATCHES                                        # 3,864 racks = 999.8 MW
RACKS_PER_CREW_PER_WEEK = 5
GPUS_PER_TECHNICIAN = 5500
# failures that use a spare node: the built-in gpu, hbm, nic, network and host classes (docs/model.md)
NODE_FAILURES_PER_GPU_HOUR = 1 / 108335 + 1 / 294912 + 1 / 3033381 + 1 / 606676 + 1 / 461601
SPARE_RESTOCK_DAYS = 10
SPARE_MARGIN = 1.5

DESCRIPTION = (
    "Scale test: the openai_portfolio buildout (~30 GW energized by the end of 2030) followed by the 'factory' "
    f"that adds 1 GW of new capacity every week, {WEEKS} weekly sites from {FIRST_WEEK.isoformat()} (two years, "
    f"{WEEKS} GW more, ~134 GW of facility power in all by early 2033), horizon extended by two years. Generated "
    "by scenarios/tools/make_gigawatt_factory.py from openai_portfolio.json (do not edit by hand). Each weekly "
    f"site (provider OpenAI, PUE 1.15): one hall of {RACKS:,} rack slots ready in its week, 500 MW energized in "
    f"its week and 500 MW two weeks later, {RACKS:,} {SKU} racks ({RACKS * GPUS_PER_RACK:,} GPUs, "
    f"{RACKS * RACK_KW * PUE / 1000:.1f} MW of facility power) delivered in {BATCHES} weekly batches of "
    f"{RACKS_PER_BATCH} from its week on; {WEEKS} sites add {WEEKS * RACKS:,} racks and "
    f"{WEEKS * RACKS * GPUS_PER_RACK:,} GPUs. "
    "Choices: the seed article (000) says the weekly gigawatt starts 'in 2030' while Altman's essay gives no date; "
    "here it starts in January 2031, after the portfolio's last tranche (Oct 2030), so the two do not overlap and "
    "the portfolio part stays comparable with openai_portfolio. VR_NVL144 stands in for whatever NVIDIA ships in "
    "2031-32 (Rubin Ultra/Kyber racks at 600-660 kW would mean ~3x fewer, larger racks for the same power). Mature "
    "production is assumed: lognormal delivery slip median 7 d, stage slip median 7 d, burn-in failure 3%. Install "
    "capacity ~1,000 racks a week per site "
    f"({math.ceil(RACKS_PER_BATCH / RACKS_PER_CREW_PER_WEEK * 1.05)} crews), one technician per "
    f"{GPUS_PER_TECHNICIAN:,} GPUs, spare nodes {SPARE_MARGIN}x the node- and rack-level failures expected during "
    f"one {SPARE_RESTOCK_DAYS}-day restock, as in the portfolio.")

SOURCES = [
    "facts.md, Commitments and timing: OpenAI plan ~30 GW, ~$1.4T total; ambition of a 'factory' adding 1 GW per "
    "week (seeds; S. Altman, 'Abundant Intelligence', 2025-09-23) -> 104 weekly 1 GW sites after the ~30 GW "
    "portfolio",
    "Seed 000: 'adding 1 gigawatt of computing capacity weekly starting in 2030' -> weekly sites (start moved to Jan "
    "2031, see description)",
    "facts.md, Power draw and cooling: ~225 kW Vera Rubin NVL144; 600-660 kW Rubin Ultra/Kyber (TrendForce; J. Huang "
    "via press) -> built-in VR_NVL144 at 225 kW, max_rack_power_kw 250",
    "facts.md, Hardware: 2.0-2.5 kW per GPU all-in, '10 GW is 4-5 million GPUs' (J. Huang) -> 1 GW site = 3,864 racks, "
    "278k GPUs (packages; 3.6 kW per GPU all-in at PUE 1.15: a Vera Rubin package holds two dies)",
    "facts.md, build speed: 1-3.6 years from construction start to 1 GW, xAI Colossus 2 ~12 months (Epoch AI) -> a "
    "weekly 1 GW site implies ~50-180 sites under construction at once; construction itself is not modelled, only "
    "energization",
]


def add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def iso(d):
    return d.isoformat()


def spare_nodes(gpus):
    """Spares covering SPARE_MARGIN x the failures that take a spare during one restock period, rounded up to 10."""
    expected = NODE_FAILURES_PER_GPU_HOUR * gpus * 24 * SPARE_RESTOCK_DAYS
    return math.ceil(SPARE_MARGIN * expected / 10) * 10


def factory_site(k):
    week = FIRST_WEEK + dt.timedelta(weeks=k)
    name = f"factory-{k + 1:03d}"
    gpus = RACKS * GPUS_PER_RACK
    site = {
        "name": name,
        "provider": "OpenAI",
        "pue": PUE,
        "max_rack_power_kw": 250,
        "buildings": [{"name": f"{name}-hall", "rack_slots": RACKS, "ready": iso(week)}],
        "power_stages": [
            {"date": iso(week), "power_mw": SITE_MW / 2},
            {"date": iso(week + dt.timedelta(weeks=2)), "power_mw": SITE_MW / 2},
        ],
        "stage_slip_days": {"dist": "lognormal", "median": 7, "sigma": 0.8},
        "install": {
            "crews": math.ceil(RACKS_PER_BATCH / RACKS_PER_CREW_PER_WEEK * 1.05),
            "racks_per_crew_per_week": RACKS_PER_CREW_PER_WEEK,
            "burn_in_hours": 48,
            "burn_in_fail_prob": 0.03,
        },
        "repair": {
            "technicians": math.ceil(gpus / GPUS_PER_TECHNICIAN),
            "spare_nodes": spare_nodes(gpus),
            "spare_restock_days": SPARE_RESTOCK_DAYS,
        },
    }
    order = {
        "name": f"{name} Vera Rubin (1 GW, week of {iso(week)})",
        "sku": SKU,
        "site": name,
        "schedule": {
            "from": iso(week),
            "to": iso(week + dt.timedelta(weeks=BATCHES - 1)),
            "every": "week",
            "racks": RACKS_PER_BATCH,
        },
        "slip_days": {"dist": "lognormal", "median": 7, "sigma": 0.6},
    }
    return site, order


def build(base):
    doc = copy.deepcopy(base)
    doc.pop("extends", None)
    doc["name"] = "gigawatt_factory"
    doc["description"] = DESCRIPTION
    doc["sources"] = list(base.get("sources", [])) + SOURCES
    doc["end"] = iso(add_years(dt.date.fromisoformat(base["end"]), EXTRA_YEARS))
    doc["seed"] = 20310106
    names = {s["name"] for s in doc["sites"]}
    for k in range(WEEKS):
        site, order = factory_site(k)
        if site["name"] in names:
            raise SystemExit(f"error: site {site['name']} already exists in the base scenario")
        doc["sites"].append(site)
        doc["orders"].append(order)
    last = dt.date.fromisoformat(doc["orders"][-1]["schedule"]["to"])
    if last > dt.date.fromisoformat(doc["end"]):
        raise SystemExit(f"error: last delivery {last} after the horizon {doc['end']}")
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=pathlib.Path, default=SCENARIOS / "openai_portfolio.json")
    ap.add_argument("--out", type=pathlib.Path, default=SCENARIOS / "gigawatt_factory.json")
    args = ap.parse_args()
    base = json.loads(args.base.read_text(encoding="utf-8"))
    text = json.dumps(build(base), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
