"""The report of a corpus of thousands of local reports on a Dask cluster: lawtext-gov copied ``--copies`` times
(8: 376 MB of Markdown, 6,992 reports; each copy in its own folder, so every report keeps a distinct id and the
copies are kept as reposts of the first), ``lectureanalysis report --engine dask --scheduler ADDRESS`` on a
two-worker LocalCluster (one thread a worker) started here.

Run:  .venv/bin/python benchmarks/report_dask.py [--corpus ../shared/corpora/lawtext-gov] [--copies 8]

Prints the corpus's size, the wall time, the command's steps with its memory during each, and the peak memory
(maximum resident set) of every process against the goal of issue 23 (1 GB each; a ratio below 1 meets it): the
command (and the processes it forks to draw the figures), each worker, and this process, which runs the scheduler.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _steps import followed, print_steps

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB = 1024.0


def _peak_mb() -> float:
    import resource as used  # on the worker

    return used.getrusage(used.RUSAGE_SELF).ru_maxrss / 1024


def _replicate(corpus: Path, folder: Path, copies: int) -> tuple[int, int]:
    """``copies`` copies of the corpus's speech files (Markdown and text) under ``folder/copy-N``; their number
    and bytes."""
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file() and p.suffix in (".md", ".txt")
             and p.name not in ("README.md", "SOURCE.md") and not any(part.startswith(".") for part in p.parts)]
    size = 0
    for copy in range(1, copies + 1):
        for path in files:
            target = folder / f"copy-{copy}" / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            size += path.stat().st_size
    return len(files) * copies, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "lawtext-gov")
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as work:
        corpus = Path(work) / "corpus"
        files, size = _replicate(args.corpus, corpus, args.copies)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        environment = dict(os.environ, LECTUREANALYSIS_CACHE=str(Path(work) / "cache"))
        started = time.perf_counter()
        done, phases = followed([sys.executable, "-m", "lectureanalysis.cli", "report", str(corpus), "--out",
                             str(Path(work) / "report"), "--engine", "dask", "--scheduler", cluster.scheduler_address],
                            environment)
        seconds = time.perf_counter() - started
        command = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the command's processes only
        workers = client.run(_peak_mb)
        here = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        page = (Path(work) / "report" / "index.html").stat().st_size / 1e6 if done.returncode == 0 else 0.0
        client.close()
        cluster.close()
    if done.returncode != 0:
        sys.exit(f"the report failed ({done.returncode}):\n{done.stderr[-4000:]}")
    print(f"lectureanalysis report --engine dask: {files:,} files, {size / 1e6:,.0f} MB "
          f"({args.copies} copies of {args.corpus.name}); two workers, one thread each")
    print(f"  whole command {seconds:,.0f} s; index.html {page:.1f} MB")
    rows = [("the command (largest of it and its forks)", command),
            *((f"worker {address}", float(mb)) for address, mb in sorted(workers.items())),
            ("the scheduler (this process)", here)]
    print_steps(phases)
    for label, mb in rows:
        ratio = mb / GOAL_MB
        print(f"  peak memory, {label:<44} {mb:8,.0f} MB  goal {GOAL_MB:,.0f}  ratio {ratio:4.2f}  "
              f"{'met' if ratio <= 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
