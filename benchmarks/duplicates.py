"""Finding reposts at scale: 10,000 speeches, each a copy of a development-corpus report with a random edit
(a notice inserted, 50 characters cut), so every report has about 190 near-duplicates.

Run:  .venv/bin/python benchmarks/duplicates.py [--speeches 10000] [--corpus corpus/政府工作报告]

Prints, from one run: the speeches and their 字, the seconds for the signatures (shingles + MinHash) and for
grouping (LSH + checks), speeches per second, the groups found against the groups planted, and peak memory.
The goal is 10,000 speeches in under a minute.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

import lectureanalysis as la
from lectureanalysis.loading.reposts import group_signatures, text_signature

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speeches", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "政府工作报告")
    args = parser.parse_args()
    _, paragraphs = la.load(args.corpus, duplicates="keep")
    reports = paragraphs.groupby("speech_id", sort=True)["text"].apply("".join).tolist()
    rng = random.Random(0)
    texts, planted = [], []
    for index in range(args.speeches):
        report = index % len(reports)
        text = reports[report]
        cut = rng.randrange(len(text))
        texts.append(text[:cut] + "下面是小编为大家整理的范文，仅供参考。" + text[cut + 50:])
        planted.append(report)
    chars = sum(map(la.count_chars, texts))
    start = time.perf_counter()
    signatures = [text_signature(t) for t in texts]
    signed = time.perf_counter()
    found = group_signatures(signatures, ids=list(range(len(texts))), sizes=[len(t) for t in texts])
    grouped = time.perf_counter()
    total = grouped - start
    groups = found["duplicate_group"].nunique()
    exact = all(found.groupby("duplicate_group")["id"].apply(lambda ids: len({planted[i] for i in ids}) == 1))
    print(f"speeches:    {len(texts):,} ({chars / 1e6:.1f} M 字, {chars / len(texts):,.0f} 字 each)")
    print(f"signatures:  {signed - start:6.1f} s   (shingles sampled 1 in 8, MinHash 128)")
    print(f"grouping:    {grouped - signed:6.1f} s   (MinHashLSH, threshold 0.8, every candidate checked)")
    print(f"total:       {total:6.1f} s   {len(texts) / total:,.0f} speeches/s")
    print(f"groups:      {groups} found, {len(reports)} planted; each group one report: {exact}")
    print(f"goal:        10,000 speeches in < 60 s -> {'met' if total * 10_000 / len(texts) < 60 else 'NOT met'}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB resident")


if __name__ == "__main__":
    main()
