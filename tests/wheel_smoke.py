"""Smoke test of an installed gwsim wheel (make wheel-smoke runs it in a fresh virtualenv).

Run from outside the source tree, so that `import gwsim` can only find the installed package:

    build/wheel/venv/bin/python tests/wheel_smoke.py --version 0.1.0 --scenarios scenarios

Checks: the version is the CMake project's; the packaged scenarios are the repository's scenarios/*.json,
byte for byte; a packaged scenario loads (one that `extends` another too) and runs; a short Monte Carlo gives
plausible figures; the [analyst] extra's packages import.
"""
import argparse
import importlib
import importlib.metadata
import pathlib
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", required=True, help="the project(gwsim VERSION ...) of CMakeLists.txt")
    ap.add_argument("--scenarios", required=True, type=pathlib.Path, help="the repository's scenarios/ folder")
    args = ap.parse_args()

    import gwsim

    here = pathlib.Path(gwsim.__file__).resolve().parent
    assert "site-packages" in here.parts, f"gwsim imported from {here}, not from an installed wheel"
    assert gwsim.__version__ == args.version, (gwsim.__version__, args.version)
    assert importlib.metadata.version("gwsim") == args.version, importlib.metadata.version("gwsim")

    names = gwsim.scenarios.list()
    expected = sorted(p.stem for p in args.scenarios.glob("*.json"))
    assert names == expected, (names, expected)
    for name in names:
        packaged = gwsim.scenarios.path(name)
        assert packaged.is_relative_to(here), packaged
        assert packaged.read_bytes() == (args.scenarios / f"{name}.json").read_bytes(), name

    jobs = gwsim.scenarios.load("openai_aws_2026_jobs")  # extends openai_aws_2026.json, beside it
    assert jobs.name == "openai_aws_2026_jobs"

    s = gwsim.scenarios.load("openai_aws_2026")
    r = gwsim.run(s, seed=7)
    ts = r.timeseries
    assert len(ts) > 365, len(ts)
    in_service = ts["gpus_in_service"]
    assert in_service.iloc[0] >= 0 and in_service.max() > 100_000, in_service.max()  # 360,000 GPUs ordered
    assert (in_service <= 360_000).all(), in_service.max()

    mc = gwsim.monte_carlo(s, n=8, threads=2, progress=False)
    assert len(mc.replications) == 8, len(mc.replications)
    p = mc.probability_by("2026-12-31", "in_service_100pct")
    assert 0.0 <= float(getattr(p, "estimate", p)) <= 1.0, p
    bands = mc.bands["gpus_in_service"]
    assert (bands["p10"] <= bands["p90"]).all()

    for module in ("matplotlib", "pyarrow", "dask.distributed", "tqdm", "xarray"):  # the [analyst] extra
        importlib.import_module(module)

    print(f"wheel smoke: gwsim {gwsim.__version__} from {here}; {len(names)} packaged scenarios; "
          f"run of openai_aws_2026: {int(in_service.iloc[-1]):,} GPUs in service at the end; "
          f"Monte Carlo of 8: P(all in service by 2026-12-31) = {p}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
