"""Reuse across levels: every provincial report of lawtext-gov against the State Council's reports of the same and
the previous year, sentence by sentence.

Run:  .venv/bin/python benchmarks/reuse.py [--corpus ../shared/corpora/lawtext-gov]

Loads the collection (not timed), then times ``la.reuse`` and measures the peak memory of the process
(resource.getrusage). Goal (issue 21): ≤ 120 s and ≤ 2 GB on this 2-core machine. Prints the provinces whose
reports repeat the centre most, by their share of reused 字, for 2014–2024.
"""

import argparse
import resource
import time
import warnings
from pathlib import Path

import lectureanalysis as la

parser = argparse.ArgumentParser()
parser.add_argument("--corpus", default=str(Path(__file__).parents[1].parent / "shared/corpora/lawtext-gov"))
args = parser.parse_args()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)
    speeches, paragraphs = la.load(args.corpus, progress=False)
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
table = la.reuse(paragraphs, speeches=speeches)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
summary = la.reuse_summary(table)
print(f"{summary.shape[0]} local reports, {len(table):,} sentences against the centre: {elapsed:.1f} s "
      f"(goal ≤ 120 s: {'met' if elapsed <= 120 else 'not met'}, ratio {elapsed / 120:.2f} of the goal); "
      f"peak memory {peak:,.0f} MB ({loaded:,.0f} MB after loading; goal ≤ 2,048 MB: "
      f"{'met' if peak <= 2048 else 'not met'})")
print(f"statuses: {table['status'].value_counts().to_dict()}")
recent = summary[(summary["year"] >= 2014) & (summary["year"] <= 2024)]
by_place = recent.groupby("place")[["reused_chars", "chars"]].sum()
by_place["share_chars"] = by_place["reused_chars"] / by_place["chars"]
print("\nShare of 字 in sentences repeating the centre's report (same or previous year), 2014–2024:")
print(by_place.sort_values("share_chars", ascending=False).round(3).to_string())
