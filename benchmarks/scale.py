"""Scale: the bundled reports replicated to a few hundred MB, counted by year on a two-worker Dask
LocalCluster and in one process streaming batch by batch; and the pandas path's peak memory.

Run:  .venv/bin/python benchmarks/scale.py [--mb 300] [--pandas-mb 108]

Each measurement runs in a fresh process so its peak memory is its own. Prints, in one run: the time to
build the token store (files read and segmented on the workers) and to count term frequencies by year from
it, on 2 workers and streaming in one process (goal: the cluster >= 1.3x the single process), the peak
resident memory of every process (goal <= 600 MB), and the pandas path's peak on --pandas-mb of text (load,
segment, term_frequencies in memory; goal: half of the 2.8 GB measured before the store).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpus" / "政府工作报告"


def replicate(folder: Path, mb: float) -> int:
    """Copies of the 52 reports under distinct names (and so distinct speech ids) up to ``mb`` MB."""
    files = sorted(SOURCE.glob("*.txt"))
    size, copy = 0, 0
    while size < mb * 1_000_000:
        for path in files:
            target = folder / f"{path.stem}_{copy:04d}.txt"
            shutil.copyfile(path, target)
            size += target.stat().st_size
        copy += 1
    return size


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_mode(mode: str, corpus: Path, work: Path) -> dict[str, object]:
    """One measurement, in this (fresh) process."""
    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT))
    import lectureanalysis as la
    from lectureanalysis.engines.dask import build_store, read_store

    if mode == "pandas":
        started = time.perf_counter()
        _, paragraphs = la.load(corpus, duplicates="keep")
        tokens = la.segment(paragraphs, progress=False, cache=False)
        table = la.term_frequencies(tokens, by="year")
        return {"seconds": time.perf_counter() - started, "rows": len(table), "tokens": len(tokens),
                "peak_mb": {"client": peak_mb()}}
    import dask

    client = None
    if mode == "cluster":
        from dask.distributed import Client, LocalCluster

        client = Client(LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None))
    else:
        dask.config.set(scheduler="synchronous")  # one batch after the other, in this process
    started = time.perf_counter()
    store = build_store(corpus, work / f"store-{mode}", client=client)
    built = time.perf_counter() - started
    started = time.perf_counter()
    table = la.term_frequencies(read_store(store, columns=("year",)), by="year")
    counted = time.perf_counter() - started
    peaks = {"client": peak_mb()}
    if client is not None:
        for address, value in client.run(peak_mb).items():
            peaks[f"worker {address.rsplit(':', 1)[-1]}"] = value
        client.close()
    return {"build": built, "count": counted, "seconds": built + counted, "rows": len(table), "peak_mb": peaks}


def measure(mode: str, corpus: Path, work: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, __file__, "--mode", mode, "--corpus", str(corpus), "--work", str(work)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=300)
    parser.add_argument("--pandas-mb", type=float, default=108)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.corpus, args.work)))
        return
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        (work / "big").mkdir()
        size = replicate(work / "big", args.mb)
        print(f"corpus: {size / 1e6:.0f} MB of text ({len(list((work / 'big').iterdir())):,} speeches)")
        cluster = measure("cluster", work / "big", work)
        single = measure("single", work / "big", work)
        print(f"cluster (2 workers): {cluster['seconds']:6.1f} s  (store {cluster['build']:.1f} s, count {cluster['count']:.1f} s)")
        print(f"one process:         {single['seconds']:6.1f} s  (store {single['build']:.1f} s, count {single['count']:.1f} s)")
        ratio = single["seconds"] / cluster["seconds"]
        print(f"ratio: the cluster is {ratio:.2f}x the single process (goal >= 1.3 -> {'met' if ratio >= 1.3 else 'NOT met'})")
        assert cluster["rows"] == single["rows"], "the two paths give tables of the same size"
        peaks = {f"cluster {k}": v for k, v in cluster["peak_mb"].items()} | {"one process": single["peak_mb"]["client"]}
        worst = max(peaks.values())
        print("peak memory: " + ", ".join(f"{k} {v:.0f} MB" for k, v in peaks.items())
              + f" (goal <= 600 MB each -> {'met' if worst <= 600 else 'NOT met'})")
        shutil.rmtree(work / "big")
        (work / "pandas").mkdir()
        size = replicate(work / "pandas", args.pandas_mb)
        pandas = measure("pandas", work / "pandas", work)
        print(f"pandas path on {size / 1e6:.0f} MB: {pandas['seconds']:.1f} s, peak {pandas['peak_mb']['client']:.0f} MB "
              f"(goal <= 1,400 MB, half of the 2.8 GB before)")


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    main()
