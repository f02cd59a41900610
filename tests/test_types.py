"""The type surface holds: mypy (with pandas-stubs) finds no error beyond the committed baseline, and the
baseline only shrinks — a file whose errors fell below its count must have its line lowered."""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BASELINE = Path(__file__).parent / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<file>[^:]+):\d+: error: .*\[(?P<code>[a-z-]+)\]$")


@pytest.mark.slow
def test_mypy_finds_nothing_beyond_the_baseline():
    pytest.importorskip("mypy")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    found = Counter()
    for line in result.stdout.splitlines():
        if match := ERROR.match(line):
            found[(match["file"], match["code"])] += 1
    assert found or result.returncode == 0, result.stdout + result.stderr  # mypy ran and said something parseable
    allowed = Counter()
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        file, code, count = line.split()
        allowed[(file, code.strip("[]"))] = int(count)
    new = {f"{file} [{code}]: {n} (baseline {allowed[(file, code)]})" for (file, code), n in found.items()
           if n > allowed[(file, code)]}
    assert not new, "new type errors:\n" + "\n".join(sorted(new)) + "\n\n" + result.stdout
    fixed = {f"{file} [{code}]: {n} (baseline {count})" for (file, code), count in allowed.items()
             if (n := found[(file, code)]) < count}
    assert not fixed, "fewer errors than the baseline: lower these lines of tests/mypy-baseline.txt\n" + "\n".join(sorted(fixed))
