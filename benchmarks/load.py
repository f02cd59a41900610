"""Loader throughput on the development corpus replicated to about 100 MB.

Run:  .venv/bin/python benchmarks/load.py [--mb 100] [--corpus corpus/政府工作报告]

Prints, from one run on one machine: the size, the time to read the bytes alone, the time to load
(decode, normalise, mask boilerplate, cut paragraphs, title block, outline, both tables), MB/s for each,
their ratio, and the peak resident memory of the process. The goal is >= 20 MB/s for the loader.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def replicate(corpus: Path, folder: Path, target_mb: float) -> tuple[int, int]:
    files = sorted(corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"{corpus}: no .txt files (pass --corpus)")
    size = sum(f.stat().st_size for f in files)
    copies = max(1, round(target_mb * 1e6 / size))
    for copy in range(copies):
        for f in files:
            shutil.copyfile(f, folder / f"{copy:03d}_{f.name}")
    return copies * len(files), copies * size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "政府工作报告")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import lectureanalysis as la

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n_files, n_bytes = replicate(args.corpus, folder, args.mb)
        mb = n_bytes / 1e6
        started = time.perf_counter()
        for f in sorted(folder.glob("*.txt")):
            f.read_bytes()
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        speeches, paragraphs = la.load(folder, progress=False)
        load_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus:      {n_files} files, {mb:.1f} MB ({args.corpus.name} replicated)")
    print(f"read only:   {read_seconds:6.2f} s  {mb / read_seconds:7.1f} MB/s")
    print(f"load:        {load_seconds:6.2f} s  {mb / load_seconds:7.1f} MB/s  "
          f"({len(speeches)} speeches, {len(paragraphs)} paragraphs)")
    print(f"ratio:       load takes {load_seconds / read_seconds:.1f}x the time of reading alone")
    print(f"goal:        >= 20 MB/s -> {'met' if mb / load_seconds >= 20 else 'NOT met'}")
    print(f"peak memory: {peak_mb:.0f} MB resident")


if __name__ == "__main__":
    main()
