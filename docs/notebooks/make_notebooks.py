"""Writes the three notebooks of docs/notebooks/ (run once; the .ipynb files are committed).
Each notebook asserts on what it shows, and tests/python/test_notebooks.py executes them."""
import nbformat as nbf

ROOT = "../.."  # notebooks run with their own folder as the working directory


def notebook(cells):
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbf.v4.new_markdown_cell(c[1]) if c[0] == "md" else nbf.v4.new_code_cell(c[1]) for c in cells]
    return nb


quickstart = notebook([
    ("md", "# 01 Quickstart\n\nRun the default scenario (the OpenAI-AWS deal) and look at capacity and power."),
    ("code", f"import gwsim\nimport matplotlib\nfrom gwsim.columns import C  # the time-series column names\nmatplotlib.use('Agg')\n\nscenario = gwsim.load('{ROOT}/scenarios/openai_aws_2026.json')\nresult = gwsim.run(scenario)\nresult"),
    ("code", "ts = result.timeseries\nts[[C.gpus_ordered, C.gpus_delivered, C.gpus_in_service, C.gpus_stranded]].iloc[::90]"),
    ("code", "ax = result.plot.capacity()\nassert len(ax.lines) >= 3  # ordered, delivered, in service\nfinal = ts.iloc[-1]\nassert final.gpus_in_service > 0.95 * final.gpus_ordered, final"),
    ("code", "ax = result.plot.power()\n# facility power never exceeds what is energized\nassert (ts.facility_power_mw <= ts.power_energized_mw + 1e-9).all()\nresult.summary['key_dates']"),
])

uncertainty = notebook([
    ("md", "# 02 Uncertainty\n\nDeliveries slip, racks fail burn-in and in service: how likely is all of the 2026 capacity "
           "of the AWS deal online by 2026-12-31? The 2027 expansion (order 3) is set to zero racks so that "
           "'100% in service' means the 2026 capacity."),
    ("code", f"import gwsim\nimport matplotlib\nfrom gwsim.columns import C\nmatplotlib.use('Agg')\n\ndeal_2026 = gwsim.load('{ROOT}/scenarios/openai_aws_2026.json').override({{'/orders/3/schedule/racks': 0}})\nmc = gwsim.monte_carlo(deal_2026, n=100, progress=False)\nmc.replications[['in_service_90pct', 'in_service_100pct']].describe()"),
    ("code", "p = mc.probability_by('2026-12-31', 'in_service_100pct')\nprint(f'P(all 2026 capacity in service by 2026-12-31) = {p:.0%}')\nassert 0.0 <= p <= 1.0\n# consistent with the replications themselves\nimport pandas as pd\nassert p == (mc.replications.in_service_100pct < pd.Timestamp('2027-01-01')).mean()"),
    ("code", "ax = mc.fan(C.gpus_in_service)\nax.axvline(pd.Timestamp('2026-12-31'), color='k', linestyle=':')\nb = mc.bands[C.gpus_in_service]\nassert (b.p10 <= b.p50).all() and (b.p50 <= b.p90).all()\nassert len(ax.collections) >= 1  # the P10-P90 band is drawn"),
])

what_if = notebook([
    ("md", "# 03 What if\n\nA sweep over delivery slip, PUE and failures, and a tornado chart of their effect on when all "
           "ordered capacity is in service and on energy."),
    ("code", f"import gwsim\nimport matplotlib\nfrom gwsim.columns import C\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nimport pandas as pd\n\nbase = gwsim.load('{ROOT}/scenarios/openai_aws_2026.json')\nbaseline = gwsim.run(base, seed=1).summary\nbaseline['key_dates']"),
    ("code", "grid = {\n    '/orders/1/slip_days/median': [5, 10, 30],\n    '/sites/0/pue': [1.1, 1.2],\n    '/failures/enabled': [True, False],\n}\nsweep = gwsim.sweep(base, grid, seed=1, progress=False)\nassert len(sweep) == 3 * 2 * 2\nsweep[['/orders/1/slip_days/median', '/sites/0/pue', '/failures/enabled', 'in_service_100pct', C.energy_mwh]]"),
    ("code", "# one-at-a-time sensitivity around the baseline: low and high value of each parameter\nlows = {'/orders/1/slip_days/median': 5, '/sites/0/pue': 1.1, '/failures/enabled': False}\nhighs = {'/orders/1/slip_days/median': 30, '/sites/0/pue': 1.25, '/failures/enabled': True}\nt0 = pd.Timestamp(baseline['key_dates']['in_service_90pct'])\nrows = []\nfor key in lows:\n    lo = gwsim.run(base.override({key: lows[key]}), seed=1).summary\n    hi = gwsim.run(base.override({key: highs[key]}), seed=1).summary\n    days = lambda s: (pd.Timestamp(s['key_dates']['in_service_90pct']) - t0) / pd.Timedelta(days=1)\n    rows.append({'parameter': key, 'low_days': days(lo), 'high_days': days(hi),\n                 'low_energy': lo[C.energy_mwh] / baseline[C.energy_mwh] - 1, 'high_energy': hi[C.energy_mwh] / baseline[C.energy_mwh] - 1})\ntornado = pd.DataFrame(rows).set_index('parameter')\ntornado"),
    ("code", "order = (tornado.high_days - tornado.low_days).abs().sort_values().index\nfig, ax = plt.subplots(figsize=(8, 3))\nax.barh(order, tornado.loc[order, 'low_days'], color='tab:blue', label='low')\nax.barh(order, tornado.loc[order, 'high_days'], color='tab:orange', label='high')\nax.axvline(0, color='k')\nax.set_xlabel('days to 90% in service, vs baseline')\nax.legend()\nassert len(ax.patches) == 2 * len(tornado)\n# a higher PUE needs more power per rack: it can only use more energy\nassert tornado.loc['/sites/0/pue', 'high_energy'] > tornado.loc['/sites/0/pue', 'low_energy']\n# switching failures off cannot delay reaching 90% in service by more than slips do\nassert tornado.loc['/failures/enabled', 'low_days'] <= tornado.loc['/orders/1/slip_days/median', 'high_days']"),
])

for name, nb in (("01_quickstart", quickstart), ("02_uncertainty", uncertainty), ("03_what_if", what_if)):
    nbf.write(nb, f"{name}.ipynb")
    print("wrote", name)
