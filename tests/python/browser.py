"""Headless Chromium for the report tests (and docs/make_report_screenshot.py).

Drives Debian's /usr/bin/chromium through /usr/bin/chromedriver with Selenium;
nothing is downloaded (Selenium Manager is bypassed by naming the driver).
"""
from __future__ import annotations

import collections
import contextlib
import io
import pathlib
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@contextlib.contextmanager
def chromium(width: int = 1400, height: int = 1000):
    """A headless Chromium session that records the page's console messages."""
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(exe):
            raise RuntimeError(f"{exe} is missing: `make deps` installs chromium and chromium-driver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={width},{height}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def open_file(driver, path: pathlib.Path) -> list[dict]:
    """Loads a local file; returns the console messages logged while loading."""
    driver.get(path.resolve().as_uri())
    driver.execute_script("return document.readyState")
    return driver.get_log("browser")


def full_page_png(driver, path: pathlib.Path, width: int = 1400) -> None:
    """A screenshot of the whole page (the window is resized to its height)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, height)
    path.write_bytes(driver.get_screenshot_as_png())


def element_images(driver, css: str, width: int = 1400) -> dict:
    """{element id: PIL image of it}, cropped from one screenshot of the whole
    page (the window is made as tall as the page), so nothing depends on
    scrolling and repainting."""
    from PIL import Image  # Pillow comes with matplotlib

    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, height + 200)
    page = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    boxes = driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => {"
        " const r = e.getBoundingClientRect();"
        " return [e.id || e.parentElement.id,"
        " r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY]; });", css)
    return {i: page.crop(tuple(round(v) for v in box)) for i, *box in boxes}


def image_colours(img) -> tuple[int, float]:
    """(number of distinct colours, fraction of pixels in saturated colour).

    Axes, grid and labels are grey; only drawn data (lines, areas, bars) are
    in colour, so the second figure is zero for a chart with no data drawn."""
    pixels = img.get_flattened_data() if hasattr(img, "get_flattened_data") else img.getdata()
    counts = collections.Counter(pixels)
    coloured = sum(n for (r, g, b), n in counts.items() if max(r, g, b) - min(r, g, b) > 40)
    return len(counts), coloured / sum(counts.values())
