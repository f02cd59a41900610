"""Shared fixtures: the bundled corpus (the seed speech, the 52 Government Work Reports), tiny speech files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # charts are drawn off screen in tests

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "党课讲稿" / "区委办党支部党课讲稿.txt"
#: the 52 Government Work Reports, bundled raw (the development corpus of ../shared/corpora/gwr-wikisource)
GWR = CORPUS / "政府工作报告"


def require_chromium(why: str) -> str:
    """The headless browser some tests need: a failure in CI when missing (.ci/run installs it), a skip with
    the reason elsewhere."""
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is not None:
        return browser
    message = f"Chromium not found (apt-get install chromium): {why}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Tests never read or write the user's token cache."""
    folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get("LECTUREANALYSIS_CACHE")
    os.environ["LECTUREANALYSIS_CACHE"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("LECTUREANALYSIS_CACHE", None)
    else:
        os.environ["LECTUREANALYSIS_CACHE"] = saved


@pytest.fixture(scope="session")
def gwr_dir() -> Path:
    return GWR


@pytest.fixture(scope="session")
def gwr(gwr_dir: Path):
    """(speeches, paragraphs) of the 52 Government Work Reports, with their index.tsv as metadata."""
    import warnings

    import lectureanalysis as la

    with warnings.catch_warnings():  # its index.tsv is the folder's manifest
        warnings.simplefilter("error", la.CorpusWarning)
        return la.load(gwr_dir)


@pytest.fixture(scope="session")
def seed():
    import lectureanalysis as la

    return la.load(SEED)


def centre_and_provinces(folder: Path, years: Sequence[int], provinces: dict[str, Sequence[int]]) -> Path:
    """A corpus in ``folder`` laid out as the bundled one (and lawtext/gov): the centre's reports of ``years``
    with its manifests, and each province's reports of its years, copied byte for byte from ``corpus/``."""
    import shutil

    wanted = {"政府工作报告": [f"{y}.txt" for y in years] + ["index.tsv", "delivery.metadata.tsv"],
              **{f"地方政府工作报告/{p}": [f"{y}.md" for y in ys] for p, ys in provinces.items()}}
    for place, names in wanted.items():
        (folder / place).mkdir(parents=True)
        for name in names:
            shutil.copy(CORPUS / place / name, folder / place / name)
    return folder


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


GOOD_SPEECH = "在全市工作会议上的讲话\n同志们：\n今天召开会议，主要讲两点意见。\n一、提高认识\n要提高思想认识。\n二、狠抓落实\n要抓好工作落实。\n"


@pytest.fixture(scope="session")
def bundled():
    """(speeches, paragraphs, tokens) of the whole bundled corpus: the 52 reports and the undated 党课讲稿."""
    import warnings

    import lectureanalysis as la

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        speeches, paragraphs = la.load(CORPUS)
    return speeches, paragraphs, la.segment(paragraphs, progress=False)


#: the collection of 874 State Council and provincial work reports beside the project (../shared)
LAWTEXT = ROOT.parent / "shared" / "corpora" / "lawtext-gov"


def require_lawtext() -> Path:
    """The lawtext-gov collection: a failure under CI when it is missing, a skip with the reason elsewhere."""
    if (LAWTEXT / "SOURCE.md").is_file():
        return LAWTEXT
    message = f"{LAWTEXT} is missing: these tests read the 874 reports of ../shared/corpora/lawtext-gov"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def lawtext():
    """(speeches, paragraphs) of lawtext-gov, loaded once for every test that needs it."""
    import warnings

    import lectureanalysis as la

    folder = require_lawtext()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        return la.load(folder, progress=False)


#: test modules whose every test is slow, and the markers they carry (the fast loop leaves them out)
SLOW_MODULES = {"test_notebooks": ("notebooks",), "test_jupyterlab": ("browser",), "test_engines_dask": ("dask",),
                }
#: fixtures that make a test slow: a whole report built, the lawtext-gov collection loaded
SLOW_FIXTURES = {"report", "lawtext"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tests (see pyproject.toml's markers) by their module, their fixtures, or their own mark."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
            for name in SLOW_MODULES[module]:
                item.add_marker(getattr(pytest.mark, name))
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("browser") or item.get_closest_marker("dask"):
            item.add_marker(pytest.mark.slow)
