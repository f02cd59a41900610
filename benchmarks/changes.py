"""What changed, year on year: every national report of lawtext-gov from 1978 against the one before it.

Run:  .venv/bin/python benchmarks/changes.py [--corpus ../shared/corpora/lawtext-gov/国务院]

Loads the reports (not timed), then times ``la.changes`` for each consecutive pair and prints the sections of the
latest report that changed most. Goal (issue 21): all pairs 1978–2026 in ≤ 20 s on this 2-core machine.
"""

import argparse
import itertools
import time
import warnings
from pathlib import Path

import lectureanalysis as la

parser = argparse.ArgumentParser()
parser.add_argument("--corpus", default=str(Path(__file__).parents[1].parent / "shared/corpora/lawtext-gov/国务院"))
args = parser.parse_args()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)
    speeches, paragraphs = la.load(args.corpus, progress=False)
dated = speeches[(speeches["year"] >= 1978) & ~speeches["speech_id"].str.contains("-")].sort_values("year")
ids = dated["speech_id"].tolist()
started = time.perf_counter()
tables = {(a, b): la.changes(paragraphs, a, b) for a, b in itertools.pairwise(ids)}
elapsed = time.perf_counter() - started
sentences = sum(len(t) for t in tables.values())
print(f"{len(tables)} consecutive pairs {ids[0]}–{ids[-1]}, {sentences:,} aligned sentences: {elapsed:.1f} s "
      f"(goal ≤ 20 s: {'met' if elapsed <= 20 else 'not met'}; {elapsed / len(tables) * 1000:.0f} ms a pair)")
last = tables[(ids[-2], ids[-1])]
summary = la.change_summary(last)
print(f"\n{ids[-2]} → {ids[-1]}: labels {last['label'].value_counts().to_dict()}")
print(summary.sort_values("changed_share", ascending=False).to_string(index=False))
