"""Time to build the report for the bundled corpus, cold (empty token cache) and warm, and to run all
notebooks on it.

Run:  .venv/bin/python benchmarks/report.py [--corpus corpus]

Prints seconds for: the report with an empty token cache (goal: <= 30 s on a 2-core machine), the report
again (tokens cached), the figures alone drawn in worker processes and in this process (the ratio is what
the workers give), and every notebook executed headless on the corpus one after the other with its own
default parameters (goal: <= 90 s together).
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
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        os.environ["LECTUREANALYSIS_CACHE"] = cache
        import warnings

        from lectureanalysis.report import build_report

        warnings.simplefilter("ignore")
        started = time.perf_counter()
        build_report(args.corpus, Path(out) / "cold")
        cold = time.perf_counter() - started
        started = time.perf_counter()
        build_report(args.corpus, Path(out) / "warm")
        warm = time.perf_counter() - started
        import lectureanalysis.report as report_module

        timings = {}
        original = report_module._run_figure_jobs
        for mode in ("workers", "serial"):
            def timed(names, mode=mode):
                started = time.perf_counter()
                result = original(names) if mode == "workers" else {n: report_module._draw_figure(n) for n in names}
                timings[mode] = time.perf_counter() - started
                return result
            report_module._run_figure_jobs = timed
            build_report(args.corpus, Path(out) / mode)
        report_module._run_figure_jobs = original
        import nbformat
        from nbclient import NotebookClient

        started = time.perf_counter()
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        for notebook in notebooks:
            nb = nbformat.read(notebook, as_version=4)
            cell = next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
            cell.source += f"\nCORPUS = {str(args.corpus.resolve())!r}\nOUT = {str(Path(out) / 'nb')!r}"
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(notebook.parent)}}).execute()
        notebook_time = time.perf_counter() - started
    print(f"report cold: {cold:6.1f} s   (empty token cache; goal <= 30 s -> {'met' if cold <= 30 else 'NOT met'})")
    print(f"report warm: {warm:6.1f} s   (cold / warm = {cold / warm:.1f}x)")
    print(f"figures:     {timings['workers']:6.1f} s in worker processes, {timings['serial']:.1f} s in one process "
          f"(serial / workers = {timings['serial'] / timings['workers']:.2f}x)")
    print(f"notebooks:   {notebook_time:6.1f} s   (all {len(notebooks)} on {args.corpus.name}; goal <= 90 s -> "
          f"{'met' if notebook_time <= 90 else 'NOT met'})")


if __name__ == "__main__":
    main()
