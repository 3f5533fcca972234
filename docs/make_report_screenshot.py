"""Regenerates docs/img/report.png, the report screenshot in the README.

    .venv/bin/python docs/make_report_screenshot.py --build build/release

Runs the jobs scenario with 20 replications, writes its report, and takes a
screenshot of the top of the page in headless Chromium.
"""
from __future__ import annotations

import argparse
import io
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "python"))
import browser  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--out", default=str(ROOT / "docs" / "img" / "report.png"))
    ap.add_argument("--height", type=int, default=1500, help="pixels of the page to keep, from the top")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run = pathlib.Path(tmp) / "openai_aws_2026_jobs"
        subprocess.run([str(pathlib.Path(args.build) / "gwsim"), "run",
                        str(ROOT / "scenarios/openai_aws_2026_jobs.json"),
                        "--out", str(run), "--quiet", "--replications", "20", "--report"], check=True)
        from PIL import Image

        with browser.chromium(width=1600) as driver:
            browser.open_file(driver, run / "report.html")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1600, height)
            page = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
        page.crop((0, 0, 1600, min(args.height, page.height))).quantize(colors=128).save(args.out, optimize=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
