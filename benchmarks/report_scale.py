"""The report on a real collection, as a researcher runs it: the whole command on lawtext-gov (874 State Council
and provincial work reports), cold (an empty token cache), with the sections that run by default at that size.

Run:  .venv/bin/python benchmarks/report_scale.py [--corpus ../shared/corpora/lawtext-gov]

Prints, each against the goal of issue 23 (a ratio below 1 meets it): the wall time of
``lectureanalysis report CORPUS --out DIR`` (goal 60 s), the peak memory of its largest process (goal 1.5 GB), the
size of ``index.html`` (goal 5 MB) and the tallest figure (goal 4,000 px).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from _steps import followed, print_steps

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"seconds": 60.0, "peak_mb": 1536.0, "page_mb": 5.0, "tallest_px": 4000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "lawtext-gov")
    args = parser.parse_args()
    from PIL import Image

    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        environment = dict(os.environ, LECTUREANALYSIS_CACHE=cache)
        started = time.perf_counter()
        done, phases = followed([sys.executable, "-m", "lectureanalysis.cli", "report", str(args.corpus), "--out",
                                 out], environment)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"the report failed ({done.returncode}):\n{done.stderr[-3000:]}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest process, in MB
        page = (Path(out) / "index.html").stat().st_size / 1e6
        sizes = {}
        for png in sorted((Path(out) / "figures").glob("*.png")):
            with Image.open(png) as image:
                sizes[png.stem] = image.size
        tallest = max(sizes, key=lambda name: sizes[name][1])
    figures = {"seconds": seconds, "peak_mb": peak, "page_mb": page, "tallest_px": sizes[tallest][1]}
    print(f"lectureanalysis report {args.corpus.name} (cold token cache, {len(sizes)} figures)")
    labels = {"seconds": "whole command", "peak_mb": "peak memory (largest process)", "page_mb": "index.html",
              "tallest_px": f"tallest figure ({tallest}, {sizes[tallest][0]} x {sizes[tallest][1]} px)"}
    units = {"seconds": "s", "peak_mb": "MB", "page_mb": "MB", "tallest_px": "px"}
    print_steps(phases)
    for key, value in figures.items():
        ratio = value / GOALS[key]
        print(f"  {labels[key]:<52} {value:10,.1f} {units[key]:<3} goal {GOALS[key]:>7,.0f}  ratio {ratio:5.2f}  "
              f"{'met' if ratio <= 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
