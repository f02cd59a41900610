"""The code base stays ruff clean (rules in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) or shutil.which("ruff")
    command = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    result = subprocess.run([*command, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_raises_and_warns_names_what_is_said():
    """A pytest.raises/pytest.warns without match= passes on any message of the class: each names the words."""
    import ast
    from pathlib import Path

    missing = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("raises", "warns") and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "pytest" and not any(k.arg == "match" for k in node.keywords)):
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing, missing
