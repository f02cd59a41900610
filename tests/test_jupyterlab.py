"""The exploration notebook in a real JupyterLab, driven in headless Chromium: run, search, look."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, require_chromium

pytest.importorskip("ipywidgets", reason="la.explore needs the explore extra (ipywidgets)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_parameters(notebook: Path, target: Path, **parameters: object) -> None:
    data = json.loads(notebook.read_text("utf-8"))
    cell = next(c for c in data["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    cell["source"] = "".join(cell["source"]) + "".join(f"\n{k} = {v!r}" for k, v in parameters.items())
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def lines_of(term: str) -> tuple[str, int]:
    """The count the explorer states for a search (lines and speeches), by a substring count of the paragraphs."""
    import warnings

    import lectureanalysis as la

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        paragraphs = la.load_paragraphs(CORPUS)
    counts = paragraphs["text"].str.count(term)
    lines = int(counts.sum())
    return f"{lines} 条（{paragraphs.loc[counts > 0, 'speech_id'].nunique()} 篇讲话）", lines


def test_explore_notebook_in_jupyterlab(tmp_path):
    browser = require_chromium("it drives JupyterLab")
    from playwright.sync_api import sync_playwright

    with_parameters(ROOT / "notebooks" / "06-explore.ipynb", tmp_path / "06-explore.ipynb", CORPUS=str(CORPUS))
    shown = {term: lines_of(term) for term in ("小康社会", "一带一路")}  # what the widget must say, found by Ctrl-F
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel draws inline, as a user's does
    env.update(JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_DATA_DIR=str(tmp_path / "data"))
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115  (closed when the server has stopped)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={tmp_path}",
         "--allow-root", "--expose-app-in-browser", f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"],
        stdout=subprocess.DEVNULL, stderr=log, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"JupyterLab did not start: {(tmp_path / 'server.log').read_text()[-2000:]}")
                time.sleep(0.5)
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=browser, args=["--no-sandbox"])
            page = chromium.new_page(viewport={"width": 1400, "height": 1300})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/06-explore.ipynb", timeout=120_000)
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=120_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator, .jp-Toolbar", timeout=60_000)
            page.wait_for_timeout(3000)  # the kernel starts
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.locator(".la-explorer .lm-TabBar-tabLabel", has_text="索引 Concordance").wait_for(timeout=180_000)
            page.locator(".la-explorer", has_text=shown["小康社会"][0]).wait_for(timeout=60_000)
            search = page.get_by_placeholder("词语、短语或正则表达式")
            search.fill("一带一路")
            search.press("Enter")
            page.locator(".la-explorer", has_text=shown["一带一路"][0]).wait_for(timeout=30_000)
            assert page.evaluate("document.fonts.check('16px \"LA CJK\"', '一带一路')"), "the widget's own CJK font"
            page.screenshot(path=str(tmp_path / "jupyterlab.png"), full_page=True)
            options = page.locator(".la-kwic select option").all_inner_texts()
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert len(options) == shown["一带一路"][1] and all("【一带一路】" in o for o in options)
    from PIL import Image

    image = Image.open(tmp_path / "jupyterlab.png").convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128]) / sum(histogram)
    assert 0.01 < dark < 0.6, "JupyterLab shows the notebook and its widget, not a blank page"
    if os.environ.get("LECTUREANALYSIS_SCREENSHOTS"):  # keep the picture to look at
        Image.open(tmp_path / "jupyterlab.png").save(Path(os.environ["LECTUREANALYSIS_SCREENSHOTS"]) / "jupyterlab.png")
