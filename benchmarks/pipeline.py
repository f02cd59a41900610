"""Segmentation + term frequencies: the naive tutorial pipeline against ours, in one process and one run.

Run:  .venv/bin/python benchmarks/pipeline.py [--mb 20] [--corpus corpus/政府工作报告]

The dev corpus is replicated to about ``--mb`` megabytes of UTF-8 paragraph text and loaded once (not
timed). Then, timed: the naive pipeline (``df.text.map(jieba.lcut)`` and a ``Counter``), ours cold
(``segment`` with an empty cache, then ``term_frequencies``) and ours warm (the same call again, tokens read
from the Parquet cache). Printed: MB/s for each, the ratios, tokens, and peak resident memory.
Also timed: a bare cut of the same texts with rjieba in two processes (no dictionary of ours, no table) —
the floor any pipeline of ours stands on. Goals on this 2-core machine (issue 12): cold >= 0.75 of the bare
cut's speed and >= 10x naive; warm >= 5x faster than cold; peak memory <= 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "政府工作报告")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import jieba
    import pandas as pd

    import lectureanalysis as la

    _, base = la.load(args.corpus)
    size = base["text"].str.encode("utf-8").str.len().sum()
    copies = max(1, round(args.mb * 1e6 / size))
    paragraphs = pd.concat([base.assign(speech_id=base["speech_id"] + f"~{i}") for i in range(copies)],
                           ignore_index=True)
    mb = size * copies / 1e6
    print(f"corpus:  {len(paragraphs):,} paragraphs, {mb:.1f} MB of text ({copies} copies of {args.corpus.name})")

    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.perf_counter()
    naive = Counter()
    for words in paragraphs["text"].map(jieba.lcut):
        naive.update(words)
    naive_s = time.perf_counter() - started

    from concurrent.futures import ProcessPoolExecutor

    texts = paragraphs["text"].tolist()
    halves = [texts[: len(texts) // 2], texts[len(texts) // 2:]]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_bare_cut, [["预热"], ["预热"]]))  # the processes start and load rjieba outside the timing
        started = time.perf_counter()
        bare_tokens = sum(pool.map(_bare_cut, halves))
        bare_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        tokens = la.segment(paragraphs, cache=cache, progress=False)
        frequencies = la.term_frequencies(tokens)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        tokens = la.segment(paragraphs, cache=cache, progress=False)
        la.term_frequencies(tokens)
        warm_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"naive:   {naive_s:6.2f} s  {mb / naive_s:6.2f} MB/s  (jieba.lcut + Counter, {sum(naive.values()):,} tokens)")
    print(f"cold:    {cold_s:6.2f} s  {mb / cold_s:6.2f} MB/s  (segment + term_frequencies, {len(tokens):,} tokens, "
          f"{len(frequencies):,} features)")
    print(f"warm:    {warm_s:6.2f} s  {mb / warm_s:6.2f} MB/s  (tokens from the cache)")
    print(f"bare:    {bare_s:6.2f} s  {mb / bare_s:6.2f} MB/s  (rjieba.cut in 2 processes, {bare_tokens:,} tokens)")
    print(f"ratios:  cold is {naive_s / cold_s:.1f}x naive (goal 10x), {bare_s / cold_s:.2f} of the bare cut's speed "
          f"(goal 0.75); warm is {cold_s / warm_s:.1f}x cold (goal 5x)")
    print(f"peak memory: {peak:.0f} MB resident (goal <= 1,024 MB -> {'met' if peak <= 1024 else 'NOT met'})")


def _bare_cut(texts: list[str]) -> int:
    import rjieba

    return sum(len(rjieba.cut(text)) for text in texts)


if __name__ == "__main__":
    main()
