"""Time to build the report for the dev corpus, cold (empty caches) and warm, and to run all notebooks on it.

Run:  .venv/bin/python benchmarks/report.py [--corpus ../shared/corpora/gwr-wikisource]

Prints seconds for: the report with an empty token cache, the report again (tokens cached), and the five
notebooks executed headless on the corpus one after the other (goal: <= 60 s together), with the ratio of
cold to warm from the same run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "gwr-wikisource")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        os.environ["LECTUREANALYSIS_CACHE"] = cache
        from lectureanalysis.report import build_report

        started = time.perf_counter()
        build_report(args.corpus, Path(out) / "cold")
        cold = time.perf_counter() - started
        started = time.perf_counter()
        build_report(args.corpus, Path(out) / "warm")
        warm = time.perf_counter() - started
        import nbformat
        from nbclient import NotebookClient

        started = time.perf_counter()
        for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
            nb = nbformat.read(notebook, as_version=4)
            cell = next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
            cell.source = f"CORPUS = {str(args.corpus)!r}\nOUT = {str(Path(out) / 'nb')!r}\nBY = 'year'\n" \
                          "TERMS = ['改革', '一带一路', '小康']"
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(notebook.parent)}}).execute()
        notebooks = time.perf_counter() - started
    print(f"report cold: {cold:6.1f} s   (empty token and font caches for this run's tokens)")
    print(f"report warm: {warm:6.1f} s   (cold / warm = {cold / warm:.1f}x)")
    print(f"notebooks:   {notebooks:6.1f} s   (all five on {args.corpus.name}; goal <= 60 s -> "
          f"{'met' if notebooks <= 60 else 'NOT met'})")


if __name__ == "__main__":
    main()
