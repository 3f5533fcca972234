"""Writes the three notebooks of docs/notebooks/, executes them (their figures inline, as image/png
outputs) and renders each to docs/notebooks/html/NAME.html: `make notebooks` runs it, and the
executed .ipynb files and their HTML are committed.

Each notebook asserts on what it shows; tests/python/test_notebooks.py executes them again (make test),
checks that every cell tagged "figure" displayed an image, and that the committed notebooks are the
ones this file writes. `--no-execute` writes the notebooks without outputs (and no HTML)."""
import pathlib
import sys

import nbformat as nbf

HERE = pathlib.Path(__file__).resolve().parent
ROOT = "../.."  # notebooks run with their own folder as the working directory


def notebook(cells):
    """cells: ("md", text), ("code", source) or ("figure", source): a code cell that displays a figure
    (tagged "figure": the test asserts it produced an image)."""
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    out = []
    for kind, text in cells:
        if kind == "md":
            out.append(nbf.v4.new_markdown_cell(text))
        else:
            cell = nbf.v4.new_code_cell(text)
            if kind == "figure":
                cell.metadata["tags"] = ["figure"]
            out.append(cell)
    nb.cells = out
    for i, cell in enumerate(nb.cells):  # stable ids: regenerating gives the same files
        cell.id = f"cell-{i}"
    return nb


QUICKSTART = notebook([
    ("md", "# 01 Quickstart\n\nRun the default scenario, OpenAI's compute deal with AWS (4,000 NVL72 racks by the end "
           "of 2026 and a 1,000-rack option in 2027, at three sites), and look at capacity and power."),
    ("code", f"""import gwsim
import pandas as pd
from gwsim.columns import C  # the time-series column names

scenario = gwsim.load('{ROOT}/scenarios/openai_aws_2026.json')
result = gwsim.run(scenario)
result"""),
    ("md", "One row per day; every 90th shown:"),
    ("code", "ts = result.timeseries\nts[[C.gpus_ordered, C.gpus_delivered, C.gpus_in_service, C.gpus_stranded]].iloc[::90]"),
    ("md", "Racks are installed as they arrive, limited by crews and, at times, by power: the red band is GPUs "
           "delivered but stranded without energized power or a rack slot."),
    ("figure", """ax = result.plot.capacity()
final = ts.iloc[-1]
assert [line.get_label() for line in ax.lines] == ['ordered', 'delivered', 'in service']
assert final[C.gpus_in_service] > 0.95 * final[C.gpus_ordered], final  # the buildout completes
assert ts[C.gpus_stranded].max() > 0  # and power holds it back at times: the band is not empty
assert ax.yaxis.get_offset_text().get_text() == ''"""),
    ("md", "Energized facility power steps up with each power stage; the draw (IT x PUE) stays below it."),
    ("figure", """ax = result.plot.power()
assert (ts[C.facility_power_mw] <= ts[C.power_energized_mw] + 1e-9).all()
assert ts[C.facility_power_mw].max() > 0.9 * ts[C.power_energized_mw].max()  # the sites end nearly full"""),
    ("code", """key_dates = {k: pd.Timestamp(v) for k, v in result.summary['key_dates'].items()}
assert key_dates['in_service_50pct'] < key_dates['in_service_90pct'] < key_dates['in_service_100pct']
pd.Series(key_dates, name='first reached')"""),
])

UNCERTAINTY = notebook([
    ("md", "# 02 Uncertainty\n\nDeliveries and power stages slip, racks fail burn-in: how likely is all of the "
           "2026 capacity of the AWS deal online by 2026-12-31? The 2027 option (order 3) is set to zero racks, so "
           "that '100% in service' means the 288,000 GPUs due in 2026."),
    ("code", f"""import gwsim
import matplotlib.pyplot as plt
import pandas as pd
from gwsim.columns import C

deal_2026 = gwsim.load('{ROOT}/scenarios/openai_aws_2026.json').override({{'/orders/3/schedule/racks': 0}})
mc = gwsim.monte_carlo(deal_2026, n=100, progress=False)
n = len(mc.replications)
dates = mc.replications[['in_service_90pct', 'in_service_100pct']]  # one row per replication
dates.quantile([0.1, 0.5, 0.9]).apply(lambda c: c.dt.strftime('%Y-%m-%d')).rename_axis('quantile')"""),
    ("code", """deadline = pd.Timestamp('2026-12-31')
p = mc.probability_by('2026-12-31', 'in_service_100pct')  # the estimate with its 95% (Wilson) interval
share = float(p)
print(f'P(all 2026 capacity in service by 2026-12-31) = {share:.0%} '
      f'(95% CI {p.ci_low:.0%} to {p.ci_high:.0%}), {p.successes} of {p.n} replications')
# consistent with the replications themselves
assert share == (mc.replications.in_service_100pct < deadline + pd.Timedelta(days=1)).mean() and p.n == n
assert 0.0 < p.ci_low < share < p.ci_high < 0.5  # possible, but unlikely: late-December stages and batches leave no slack"""),
    ("md", "The fan chart: on any day, 80 of the 100 replications lie in the shaded band (between their P10 and P90)."),
    ("figure", """ax = mc.fan(C.gpus_in_service)
ax.axvline(deadline, color='k', linestyle=':', label='deadline 2026-12-31')
ax.set_xlim(None, pd.Timestamp('2027-06-30'))  # the ramp; the plateau runs on to the horizon
ax.legend(loc='lower right')
b = mc.bands[C.gpus_in_service]
assert (b.p10 <= b.p50).all() and (b.p50 <= b.p90).all()
assert (b.p90 - b.p10).max() > 1000  # the band has width: slips move the ramp
assert f'P10-P90 of {n} replications' in [t.get_text() for t in ax.get_legend().get_texts()]"""),
    ("md", "When the last rack enters service, replication by replication:"),
    ("figure", """done = mc.replications.in_service_100pct
days = (done - deadline).dt.total_seconds() / 86400
fig, ax = plt.subplots(figsize=(9, 4), layout='constrained')
counts, edges, bars = ax.hist(days.dropna(), bins=range(int(days.min()) - 1, int(days.max()) + 3, 2),
                              color='tab:blue', alpha=0.8)
ax.axvline(1, color='k', linestyle=':', label=f'end of 2026-12-31: {share:.0%} of replications before it')
ax.set_title(f'Day all 2026 capacity is in service, {n} replications')
ax.set_xlabel('days after 2026-12-31')
ax.set_ylabel('replications')
ax.legend(loc='upper right')
assert counts.sum() == done.notna().sum() == n  # every replication finishes within the horizon
assert (days < 1).mean() == share and days.min() < 1 < days.max()  # both sides of the deadline"""),
])

WHAT_IF = notebook([
    ("md", """# 03 What if

What moves the day 90% of the deal's 2026 capacity (259,200 of 288,000 GPUs) is in service? Each what-if
changes one thing at a time, to a low and a high value, and is run on the same 10 seeds as the baseline
(common random numbers: the difference is the change's, not the dice's). The 2027 option is left out,
as in 02_uncertainty."""),
    ("code", f"""import concurrent.futures
import json

import gwsim
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from gwsim.columns import C

path = '{ROOT}/scenarios/openai_aws_2026.json'
deal = gwsim.load(path).override({{'/orders/3/schedule/racks': 0}})
SEEDS = range(1, 11)


def date_90(scenario):
    \"\"\"The day 90% of the ordered racks are in service, per seed (runs release the GIL: threads).\"\"\"
    def one(seed):
        return pd.Timestamp(gwsim.run(scenario, seed=seed).summary['key_dates']['in_service_90pct'])
    with concurrent.futures.ThreadPoolExecutor() as pool:
        return pd.Series(list(pool.map(one, SEEDS)), index=SEEDS)


baseline = date_90(deal)
baseline.rename('90% in service').rename_axis('seed').to_frame()"""),
    ("md", """The what-ifs, low and high value of each:

- **install crews** at every site, three quarters or one and a half times the planned 16, 14 and 18
  (12, 10 and 13, or 24, 21 and 27);
- **power-stage slips** (long-lead switchgear, transformers), their median halved or doubled (5 days in
  Virginia, 14 at the new sites);
- **Ohio's last power stage** (60 MW planned for 2026-10-15) a month early or a month late;
- **GB300 delivery slips** (Ohio and Oregon), median 5 or 20 days instead of 10;
- **PUE at Ohio**, the power-bound site: its 1,500 GB300 racks need 1,500 x 136 kW x 1.15 = 235 MW of its
  240 MW; at 1.20 they would need 245 MW, so the last racks wait for power that never comes;
- **burn-in** of 24 or 96 hours instead of 48."""),
    ("code", """with open(path) as f:  # the planned values, from the scenario file
    planned = json.load(f)['sites']
crews = [site['install']['crews'] for site in planned]  # Virginia, Ohio, Oregon
stage_slip = [site['stage_slip_days']['median'] for site in planned]
sites = range(len(planned))
what_ifs = {
    'install crews x0.75 / x1.5': (
        {f'/sites/{i}/install/crews': int(crews[i] * 0.75) for i in sites},
        {f'/sites/{i}/install/crews': int(crews[i] * 1.5) for i in sites}),
    'power-stage slips, median x0.5 / x2': (
        {f'/sites/{i}/stage_slip_days/median': stage_slip[i] / 2 for i in sites},
        {f'/sites/{i}/stage_slip_days/median': stage_slip[i] * 2 for i in sites}),
    "Ohio's last power stage Sep 15 / Nov 15": (
        {'/sites/1/power_stages/3/date': '2026-09-15'}, {'/sites/1/power_stages/3/date': '2026-11-15'}),
    'GB300 delivery slips, median 5 / 20 days': (
        {'/orders/1/slip_days/median': 5, '/orders/2/slip_days/median': 5},
        {'/orders/1/slip_days/median': 20, '/orders/2/slip_days/median': 20}),
    'PUE at Ohio 1.10 / 1.20': ({'/sites/1/pue': 1.10}, {'/sites/1/pue': 1.20}),
    'burn-in 24 / 96 h': (
        {f'/sites/{i}/install/burn_in_hours': 24 for i in sites},
        {f'/sites/{i}/install/burn_in_hours': 96 for i in sites}),
}
shifts = {}  # (what-if, 'low' | 'high') -> days later than the baseline, per seed
for name, (low, high) in what_ifs.items():
    for side, overrides in (('low', low), ('high', high)):
        shifts[name, side] = (date_90(deal.override(overrides)) - baseline).dt.total_seconds() / 86400
tornado = pd.DataFrame({name: {'low': shifts[name, 'low'].mean(), 'high': shifts[name, 'high'].mean()}
                        for name in what_ifs}).T
tornado['effect'] = (tornado.high - tornado.low).abs()
tornado = tornado.sort_values('effect')  # smallest first: barh draws it at the bottom
tornado.round(1)"""),
    ("md", "The tornado chart: mean shift of the 90% date over the 10 seeds, largest effect on top."),
    ("figure", """fig, ax = plt.subplots(figsize=(9, 4.5), layout='constrained')
y = np.arange(len(tornado))
low_bars = ax.barh(y, tornado.low, color='tab:blue', label='low value')
high_bars = ax.barh(y, tornado.high, color='tab:orange', label='high value')
for bars in (low_bars, high_bars):
    ax.bar_label(bars, fmt='%+.1f', padding=3, fontsize=8)
ax.set_yticks(y, tornado.index)
ax.axvline(0, color='k', linewidth=0.8)
ax.set_xlabel(f'days later than the baseline ({baseline.mean():%Y-%m-%d}, mean of {len(SEEDS)} seeds)')
ax.set_title('What moves the day 90% of the 2026 capacity is in service')
ax.legend(loc='lower right')
ax.margins(x=0.15)

# the chart says something: every bar has length, and the bars are ordered by effect (largest on top)
widths = {side: [bar.get_width() for bar in bars] for side, bars in (('low', low_bars), ('high', high_bars))}
assert all(abs(w) >= 0.5 for side in widths for w in widths[side]), widths
spans = [abs(h - lo) for lo, h in zip(widths['low'], widths['high'])]
assert spans == sorted(spans) and spans[-1] > 3 * spans[0], spans
assert [t.get_text() for t in ax.get_yticklabels()] == list(tornado.index)
# and what it says agrees with the physics: more crews are never later, in no seed; later or slower
# power, deliveries, burn-in and a higher PUE are later on average, earlier ones earlier
assert (shifts['install crews x0.75 / x1.5', 'high'] <= 0).all() and (shifts['install crews x0.75 / x1.5', 'low'] >= 0).all()
slower = [name for name in what_ifs if not name.startswith('install crews')]
assert (tornado.loc[slower, 'high'] > 0).all() and (tornado.loc[slower, 'low'] < 0).all(), tornado"""),
    ("md", """A sweep: every combination of Ohio's crews, its PUE and the slip of its deliveries, on one seed.
Each point is a validated scenario; the grid's points differ."""),
    ("code", """grid = {
    '/sites/1/install/crews': [10, 14, 21],
    '/sites/1/pue': [1.10, 1.15, 1.20],
    '/orders/1/slip_days/median': [5, 10, 20],
}
sweep = gwsim.sweep(deal, grid, seed=1, progress=False)
assert len(sweep) == 3 * 3 * 3
# the grid's columns have readable names ('sites[1].pue'); attrs['pointers'] maps each to its pointer
short = {'/sites/1/install/crews': 'ohio_crews', '/sites/1/pue': 'ohio_pue', '/orders/1/slip_days/median': 'ohio_slip_median'}
sweep = sweep.rename(columns={name: short[pointer] for name, pointer in sweep.attrs['pointers'].items()})
at_seed_1 = pd.Timestamp(gwsim.run(deal, seed=1).summary['key_dates']['in_service_90pct'])
sweep['days_vs_baseline'] = (sweep.in_service_90pct - at_seed_1).dt.total_seconds() / 86400
assert sweep.in_service_90pct.nunique() >= 10, sweep.in_service_90pct.nunique()
shown = sweep[['ohio_crews', 'ohio_pue', 'ohio_slip_median', 'in_service_90pct', 'days_vs_baseline', C.energy_mwh]].copy()
shown['in_service_90pct'] = shown.in_service_90pct.dt.strftime('%Y-%m-%d %H:%M')
shown['days_vs_baseline'] = shown.days_vs_baseline.round(1) + 0.0  # no -0.0
shown[C.energy_mwh] = shown[C.energy_mwh].round().astype('int64')
shown"""),
    ("figure", """fig, axes = plt.subplots(1, 3, figsize=(11, 3.6), layout='constrained', sharey=True)
limit = sweep.days_vs_baseline.abs().max()
for ax, (slip, points) in zip(axes, sweep.groupby('ohio_slip_median')):
    table = points.pivot(index='ohio_pue', columns='ohio_crews', values='days_vs_baseline')
    image = ax.imshow(table, cmap='RdBu_r', vmin=-limit, vmax=limit, origin='lower')
    for (i, j), days in np.ndenumerate(table.to_numpy()):
        ax.text(j, i, f'{round(days, 1) + 0.0:+.1f}', ha='center', va='center', fontsize=9,
                color='white' if abs(days) > 0.6 * limit else 'black')
    ax.set_xticks(range(len(table.columns)), table.columns)
    ax.set_yticks(range(len(table.index)), [f'{v:.2f}' for v in table.index])
    ax.set_xlabel('install crews at Ohio')
    ax.set_title(f'Ohio delivery slip median {slip:g} days', fontsize=10)
axes[0].set_ylabel('PUE at Ohio')
fig.colorbar(image, ax=axes, label='days later than the baseline (seed 1)')
fig.suptitle('The 90% date over the sweep')
# more crews are never later, a higher PUE or a longer slip never earlier, at every other setting
for by, ascending in (('ohio_crews', False), ('ohio_pue', True), ('ohio_slip_median', True)):
    others = [c for c in ('ohio_crews', 'ohio_pue', 'ohio_slip_median') if c != by]
    for _, group in sweep.sort_values(by).groupby(others):
        steps = group.days_vs_baseline.diff().dropna()
        assert ((steps >= -1e-9) if ascending else (steps <= 1e-9)).all(), (by, group)
assert len(axes[0].texts) == 9"""),
])

NOTEBOOKS = {"01_quickstart": QUICKSTART, "02_uncertainty": UNCERTAINTY, "03_what_if": WHAT_IF}


def execute(nb):
    """Runs a notebook in a fresh kernel, its folder the working directory (figures inline)."""
    from nbclient import NotebookClient
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(HERE)}}).execute()
    return nb


def main(argv):
    run = "--no-execute" not in argv
    if run:
        from nbconvert import HTMLExporter
        exporter = HTMLExporter()
        (HERE / "html").mkdir(exist_ok=True)
    for name, nb in NOTEBOOKS.items():
        if run:
            execute(nb)
            nb.metadata.pop("widgets", None)
        nbf.write(nb, HERE / f"{name}.ipynb")
        if run:
            body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
            (HERE / "html" / f"{name}.html").write_text(body)
        print("wrote", name, "(executed, and html/" + name + ".html)" if run else "(not executed)")


if __name__ == "__main__":
    main(sys.argv[1:])
