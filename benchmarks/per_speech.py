"""Per-speech tables at scale: lawtext-gov (874 reports, 41 MB) and its token table replicated to >= 300 MB.

Run:  .venv/bin/python benchmarks/per_speech.py [--copies 8]

Reads ``../shared/corpora/lawtext-gov``, segments it once and keeps the token table as Parquet; the replicated
table holds ``--copies`` copies of it under new speech ids (``<id>#2`` …), which is what a collection of that
many distinct reports costs to count (same number of tokens and of non-zero speech × type cells per copy). Then
each measurement runs in a fresh process, so its peak resident memory is its own (the token table included):
per-speech term frequencies, tf-idf, similarity as each document's 10 nearest (``top=10``) and, on
lawtext-gov, the full similarity table too; on the replicated table also the Dask path (a token store read
back, counted partition by partition). Goal: per-speech frequencies of lawtext-gov in <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAWTEXT = ROOT.parent / "shared" / "corpora" / "lawtext-gov"
STEPS = ("frequencies", "tfidf", "similarity top 10", "similarity (full)", "frequencies (Dask store)")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(work: Path, copies: int) -> dict[str, object]:
    """Segment lawtext-gov; write its token table and the replicated one."""
    import warnings

    import pandas as pd

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT))
    import lectureanalysis as la

    started = time.perf_counter()
    speeches, paragraphs = la.load(LAWTEXT, progress=False)
    tokens = la.segment(paragraphs, progress=False)
    seconds = time.perf_counter() - started
    tokens.to_parquet(work / "lawtext.parquet")
    ids = tokens["speech_id"].cat.categories
    parts = []
    for copy in range(copies):
        part = tokens.copy()
        if copy:
            part["speech_id"] = part["speech_id"].cat.rename_categories([f"{i}#{copy + 1}" for i in ids])
        parts.append(part)
    big = pd.concat(parts, ignore_index=True)
    big["speech_id"] = big["speech_id"].astype("category")
    big.attrs.clear()  # the link to lawtext-gov's paragraphs does not know the new ids (nor does the Parquet file)
    big.to_parquet(work / "replicated.parquet")
    from lectureanalysis.engines import dask as distributed

    distributed.write_store(big, work / "store")
    text_mb = sum(path.stat().st_size for path in LAWTEXT.rglob("*.md")) / 1e6
    return {"speeches": len(speeches), "tokens": len(tokens), "text_mb": text_mb, "segment_seconds": seconds,
            "big_tokens": len(big), "big_speeches": big["speech_id"].nunique()}


def run_step(step: str, table: Path, work: Path) -> dict[str, object]:
    """One measurement in this (fresh) process."""
    import warnings

    import pandas as pd

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT))
    import lectureanalysis as la

    if step == "frequencies (Dask store)":
        import dask

        from lectureanalysis.engines import dask as distributed

        dask.config.set(scheduler="synchronous")  # partition after partition, in this process
        started = time.perf_counter()
        rows = len(distributed.term_frequencies(distributed.read_store(work / "store"), by="speech_id"))
        return {"seconds": time.perf_counter() - started, "rows": rows, "peak_mb": peak_mb(), "table_mb": 0.0}
    tokens = pd.read_parquet(table)
    before = peak_mb()
    started = time.perf_counter()
    if step == "frequencies":
        rows = len(la.term_frequencies(tokens, by="speech_id"))
    elif step == "tfidf":
        rows = len(la.tfidf(tokens))
    elif step == "similarity top 10":
        rows = len(la.similarity(tokens, top=10))
    else:
        rows = len(la.similarity(tokens))
    return {"seconds": time.perf_counter() - started, "rows": rows, "peak_mb": peak_mb(), "table_mb": before}


def measure(step: str, table: Path, work: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, __file__, "--step", step, "--table", str(table), "--work", str(work)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--table", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.work, args.copies)))
        return
    if args.step:
        print(json.dumps(run_step(args.step, args.table, args.work)))
        return
    if not (LAWTEXT / "SOURCE.md").is_file():
        sys.exit(f"{LAWTEXT} is missing: this benchmark reads the 874 reports of lawtext-gov")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        done = subprocess.run([sys.executable, __file__, "--prepare", "--copies", str(args.copies), "--work", str(work)],
                              capture_output=True, text=True, check=True)
        facts = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"lawtext-gov: {facts['speeches']} reports, {facts['text_mb']:.0f} MB of text, {facts['tokens']:,} tokens "
              f"(loaded and segmented in {facts['segment_seconds']:.0f} s)")
        print(f"replicated:  {facts['big_speeches']:,} reports, {facts['text_mb'] * args.copies:.0f} MB of text, "
              f"{facts['big_tokens']:,} tokens")
        print(f"{'step':<26}{'corpus':<13}{'rows':>12}{'seconds':>9}{'peak MB':>9}{'of which tokens':>17}")
        results: dict[tuple[str, str], dict[str, object]] = {}
        for name, table, steps in (("lawtext-gov", work / "lawtext.parquet", STEPS[:4]),
                                   ("replicated", work / "replicated.parquet", STEPS[:3] + STEPS[4:])):
            for step in steps:
                got = measure(step, table, work)
                results[(name, step)] = got
                print(f"{step:<26}{name:<13}{got['rows']:>12,}{got['seconds']:>9.1f}{got['peak_mb']:>9,.0f}"
                      f"{got['table_mb']:>17,.0f}")
        small, big = results[("lawtext-gov", "frequencies")], results[("replicated", "frequencies")]
        print(f"per-speech frequencies of lawtext-gov: peak {small['peak_mb']:,.0f} MB "
              f"(goal <= 1,500 MB -> {'met' if small['peak_mb'] <= 1500 else 'NOT met'})")
        print(f"ratios replicated / lawtext-gov ({args.copies}x the tokens): time "
              f"{big['seconds'] / small['seconds']:.1f}x, peak memory {big['peak_mb'] / small['peak_mb']:.1f}x")
        dense = results[("lawtext-gov", "similarity (full)")]["seconds"]
        top = results[("lawtext-gov", "similarity top 10")]["seconds"]
        print(f"similarity on lawtext-gov: top 10 takes {top / dense:.2f}x the time of the full table")


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    main()
