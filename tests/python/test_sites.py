"""Per-site and per-provider daily series: Result.sites, .providers, .to_long(), .to_xarray()
(gwsim/_sites.py; docs/python.md, "Per-site series")."""
import pathlib

import numpy as np
import pandas as pd
import pytest

import gwsim
from gwsim._sites import SITE_COLUMNS
from gwsim.columns import C

ROOT = pathlib.Path(__file__).resolve().parents[2]
TWO_SITES = ROOT / "tests" / "scenarios" / "two_sites.json"
# The shipped scenarios; the largest (123 sites over nine years: about 30 s, 1 s without failures)
# without failures, which the others cover.
SHIPPED = {p.stem: p for p in sorted((ROOT / "scenarios").glob("*.json"))}
SHORTER = {"gigawatt_factory": {"/failures/enabled": False}}
# Per-site columns whose fleet value is the maximum over the sites, not the sum (model/columns.hpp).
MAX_OVER_SITES = {"largest_run_gpus", "largest_multi_domain_run_gpus"}


@pytest.fixture(scope="module")
def two():
    return gwsim.run(gwsim.load(TWO_SITES))


def day(r, date: str) -> int:
    return r.timeseries.index.get_loc(pd.Timestamp(date))


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_sites_sum_to_the_fleet_every_day(name):
    """Property: on every shipped scenario, each per-site column summed over the sites is the fleet's
    column, every day (exactly for counts), and the largest site's GPUs in service are the fleet's
    largest_site_gpus_in_service."""
    s = gwsim.load(SHIPPED[name])
    if name in SHORTER:
        s = s.override(SHORTER[name])
    r = gwsim.run(s)
    assert r.sites.columns.get_level_values("site").unique().tolist() == s.sites
    assert len(r.sites) == len(r.timeseries)
    for metric in SITE_COLUMNS:
        per_site = r.sites.xs(metric, level="metric", axis=1)
        assert list(per_site.columns) == s.sites
        fleet = r.timeseries[metric]
        if metric in MAX_OVER_SITES:  # the fleet's largest run is the largest site's (docs/jobs.md, Fabric domains)
            np.testing.assert_array_equal(per_site.max(axis=1).to_numpy(), fleet.to_numpy(), err_msg=metric)
        elif gwsim.columns.column(metric).integer:
            assert per_site.dtypes.eq(np.int64).all(), metric
            np.testing.assert_array_equal(per_site.sum(axis=1).to_numpy(), fleet.to_numpy(), err_msg=metric)
        else:
            np.testing.assert_allclose(per_site.sum(axis=1).to_numpy(), fleet.to_numpy(), rtol=1e-9, atol=1e-9,
                                       err_msg=metric)
    in_service = r.sites.xs(C.gpus_in_service, level="metric", axis=1)
    np.testing.assert_array_equal(in_service.max(axis=1).to_numpy(), r.timeseries[C.largest_site_gpus_in_service])
    providers = r.providers
    for metric in (C.gpus_in_service, C.gpus_delivered, C.racks_in_service):
        np.testing.assert_array_equal(providers.xs(metric, level="metric", axis=1).sum(axis=1).to_numpy(),
                                      r.timeseries[metric].to_numpy())


def test_two_sites_by_hand(two):
    """tests/scenarios/two_sites.json. Site a: 4 GB200 racks (72 GPUs, 132 kW, PUE 1.25) ship on
    01-10, arrive 5 days later, install in a day (10 crews), burn in for 24 h: in service on 01-17.
    Site b: 3 H100 racks (32 GPUs, 40.8 kW, PUE 1.5) arrive on 01-20 with no power until 02-01; one
    crew installs a rack a day. Site c: 5 MW on 03-01 and no racks."""
    a, b, c = two.sites["a"], two.sites["b"], two.sites["c"]
    assert a[C.gpus_not_shipped].iloc[day(two, "2026-01-09")] == 288
    assert a[C.gpus_in_transit].iloc[day(two, "2026-01-10")] == 288
    assert a[C.gpus_delivered].iloc[day(two, "2026-01-14")] == 0
    assert a[C.gpus_delivered].iloc[day(two, "2026-01-15")] == 288
    assert a[C.capex_usd].iloc[day(two, "2026-01-15")] == 4 * 3.0e6
    assert a[C.gpus_burn_in].iloc[day(two, "2026-01-16")] == 288
    assert a[C.gpus_in_service].iloc[day(two, "2026-01-17")] == 288
    assert a[C.racks_in_service].iloc[-1] == 4
    assert a[C.facility_power_mw].iloc[-1] == pytest.approx(4 * 0.132 * 1.25)
    # powered from 01-16 00:00 to the end of 03-31: 75 days at 0.66 MW
    assert a[C.energy_mwh].iloc[-1] == pytest.approx(0.66 * 75 * 24, rel=1e-9)
    stranded = b[C.gpus_stranded]
    assert (stranded.loc["2026-01-20":"2026-01-31"] == 96).all()
    assert stranded.drop(pd.date_range("2026-01-20", "2026-01-31")).eq(0).all()
    assert b[C.power_energized_mw].loc["2026-01-31"] == 0
    assert b[C.power_energized_mw].loc["2026-02-01"] == 1
    assert b[C.gpus_waiting_crew].loc["2026-02-01"] == 64
    assert b[C.gpus_in_service].loc["2026-02-03":"2026-02-05"].tolist() == [32, 64, 96]
    assert b[C.it_power_mw].loc["2026-02-04"] == pytest.approx(96 * 0.0408 / 32)
    # racks powered from 02-02, 02-03, 02-04 to the end of 03-31: 58 + 57 + 56 days at 61.2 kW
    assert b[C.energy_mwh].iloc[-1] == pytest.approx(171 * 24 * 0.0612, rel=1e-9)
    assert b[C.energy_cost_usd].iloc[-1] == pytest.approx(171 * 24 * 0.0612 * 100, rel=1e-9)
    assert c[C.power_energized_mw].loc["2026-02-28"] == 0
    assert c[C.power_energized_mw].loc["2026-03-01"] == 5
    assert c[C.gpus_ordered].eq(0).all() and c[C.energy_mwh].eq(0).all()


def test_providers_sum_their_sites(two):
    """P1 has sites a and c, P2 site b: in that order (first appearance among the sites)."""
    p = two.providers
    assert p.columns.names == ["provider", "metric"]
    assert p.columns.get_level_values("provider").unique().tolist() == ["P1", "P2"]
    assert p["P1"][C.power_energized_mw].loc["2026-02-28"] == 10
    assert p["P1"][C.power_energized_mw].loc["2026-03-01"] == 15
    assert p["P1"][C.gpus_in_service].iloc[-1] == 288
    assert p["P1"][C.gpus_in_service].dtype == np.int64
    pd.testing.assert_frame_equal(p["P2"], two.sites["b"])
    summed = [m for m in SITE_COLUMNS if m not in MAX_OVER_SITES]
    pd.testing.assert_frame_equal(p["P1"][summed], (two.sites["a"] + two.sites["c"])[summed])
    for m in MAX_OVER_SITES:
        pd.testing.assert_series_equal(p["P1"][m], np.maximum(two.sites["a"][m], two.sites["c"][m]), check_names=False)


def test_long_form(two):
    days, sites = len(two.timeseries), 3
    long = two.to_long()
    assert list(long.columns) == ["date", "site", "metric", "value", "unit"]
    assert len(long) == len(SITE_COLUMNS) * sites * days
    assert long["metric"].cat.categories.tolist() == list(SITE_COLUMNS)
    assert long["site"].cat.categories.tolist() == ["a", "b", "c"]
    assert long["value"].dtype == np.float64
    for metric, unit in long.groupby("metric", observed=True)["unit"].unique().items():
        assert unit.tolist() == [gwsim.columns.unit(metric)], metric
    one = long[(long["metric"] == C.gpus_in_service) & (long["site"] == "b")].set_index("date")["value"]
    np.testing.assert_array_equal(one.to_numpy(), two.sites["b"][C.gpus_in_service].to_numpy())
    row = long[(long["date"] == "2026-01-20") & (long["site"] == "b") & (long["metric"] == C.gpus_waiting_power)]
    assert row["value"].tolist() == [96.0] and row["unit"].tolist() == ["GPUs"]
    # the wide form back from the long one
    wide = long.pivot_table(index="date", columns=["site", "metric"], values="value", observed=True)
    np.testing.assert_allclose(wide[two.sites.columns].to_numpy(), two.sites.to_numpy(dtype=float))
    by_provider = two.to_long(by="provider")
    assert list(by_provider.columns) == ["date", "provider", "metric", "value", "unit"]
    assert len(by_provider) == len(SITE_COLUMNS) * 2 * days
    with pytest.raises(ValueError, match="by must be"):
        two.to_long(by="sku")


def test_xarray_dataset(two):
    ds = two.to_xarray()
    assert dict(ds.sizes) == {"date": len(two.timeseries), "site": 3}
    assert list(ds.data_vars) == list(SITE_COLUMNS)
    assert ds["site"].values.tolist() == ["a", "b", "c"]
    assert ds["provider"].dims == ("site",) and ds["provider"].values.tolist() == ["P1", "P2", "P1"]
    for name in SITE_COLUMNS:
        declared = gwsim.columns.column(name)
        assert ds[name].dims == ("date", "site")
        assert ds[name].attrs == {"units": declared.unit, "long_name": declared.description}
        assert ds[name].dtype == (np.int64 if declared.integer else np.float64)
    assert ds[C.facility_power_mw].attrs["units"] == "MW"
    assert ds.attrs["scenario"] == "two_sites"
    assert ds.attrs["seed"] == two.seed == 1
    assert ds.attrs["fingerprint"] == two.scenario.fingerprint
    assert ds[C.gpus_in_service].sel(site="b", date="2026-02-04").item() == 64
    np.testing.assert_array_equal(ds[C.gpus_in_service].sum("site").values, two.timeseries[C.gpus_in_service])
    by_provider = ds[C.power_energized_mw].groupby("provider").sum()
    assert by_provider.sel(provider="P1", date="2026-03-01").item() == 15
    ds[C.gpus_in_service][0, 0] = 1  # writable: a copy, not the run's buffers
    assert two.to_xarray()[C.gpus_in_service][0, 0] == 0


def test_site_arrays_view_the_cpp_buffers_and_are_kept_on_request():
    s = gwsim.load(TWO_SITES)
    raw = gwsim.run(s)._core.site_arrays()
    assert list(raw) == list(SITE_COLUMNS)
    assert raw[C.gpus_in_service].shape == (90, 3)
    assert not raw[C.gpus_in_service].flags.writeable
    assert raw[C.gpus_in_service][-1].tolist() == [288, 96, 0]
    bare = gwsim.run(s, sites=False)
    assert bare._core.site_arrays() == {}
    with pytest.raises(ValueError, match="no per-site series"):
        _ = bare.sites
    pd.testing.assert_frame_equal(bare.timeseries, gwsim.run(s).timeseries)
