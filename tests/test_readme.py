"""Every Python block of the README runs as written on the bundled corpus."""

from __future__ import annotations

import os
import re
import warnings

import pytest
from conftest import CORPUS, ROOT


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), flags=re.S)


def test_the_readme_has_the_blocks_a_reader_copies():
    code = "\n".join(blocks())
    assert len(blocks()) >= 4
    for call in ("la.load(", "la.segment(", "la.trend(", "la.keyness(", "la.formulations(", "la.explore("):
        assert call in code


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_every_python_block_of_the_readme_runs_in_order(tmp_path, monkeypatch):
    """The blocks run one after the other in one namespace, from a folder holding the bundled ``corpus/``, as a
    reader pastes them into a notebook; each line's value is computed (a table, a chart object, a widget)."""
    (tmp_path / "corpus").symlink_to(CORPUS, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    try:
        for number, code in enumerate(blocks(), 1):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    exec(compile(code, f"README.md block {number}", "exec"), namespace)
                except Exception as exc:  # the block and the line a reader would see fail
                    raise AssertionError(f"README block {number} fails: {exc!r}\n{code}") from exc
    finally:
        client = namespace.get("client")
        if client is not None:
            client.close()  # type: ignore[attr-defined]
    speeches = namespace["speeches"]
    assert len(speeches) == 86 and os.path.isdir(tmp_path / "store")  # type: ignore[arg-type]  # 1 + 52 + 33 files
    assert namespace["explorer"] is not None
