"""Discovery on lawtext-gov (issue 22): new-term discovery, emergence over all terms, topics (20) and a
dictionary of 5,000 entries, each timed against its goal, with the process's peak memory.

Run:  .venv/bin/python benchmarks/discovery.py [--corpus ../shared/corpora/lawtext-gov] [--lda]

Loads and segments the collection (not timed; the token cache makes a re-run fast), then times each step once.
Goals: discover_terms ≤ 60 s (and ≤ 2 GB), emergence ≤ 30 s, topics(20) ≤ 120 s, dictionary_scores with
5,000 entries ≤ 10 s. The 5,000 entries are the collection's most frequent words of two or more 字, split
into ten categories (a stand-in for a user's dictionary: the time depends on the entries and the text, not on
what the categories mean). ``--lda`` also times LDA (20 topics).
"""

import argparse
import resource
import time
import warnings
from pathlib import Path

import lectureanalysis as la

parser = argparse.ArgumentParser()
parser.add_argument("--corpus", default=str(Path(__file__).parents[1].parent / "shared/corpora/lawtext-gov"))
parser.add_argument("--lda", action="store_true")
args = parser.parse_args()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)
    speeches, paragraphs = la.load(args.corpus, progress=False)
    tokens = la.segment(paragraphs, progress=False)
print(f"{len(speeches)} speeches, {len(paragraphs):,} paragraphs, {len(tokens):,} tokens; "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB after loading")


def timed(name, goal, step):
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        result = step()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name}: {elapsed:.1f} s (goal ≤ {goal} s: {'met' if elapsed <= goal else 'not met'}, ratio "
          f"{elapsed / goal:.2f} of the goal); peak memory so far {peak:,.0f} MB")
    return result


found = timed("discover_terms", 60, lambda: la.discover_terms(tokens))
print("  best candidates:", "、".join(found["term"].head(15)))
rising = timed("emergence (all terms)", 30, lambda: la.emergence(tokens, min_count=20))
print(f"  {len(rising):,} terms fitted; strongest risers:",
      "、".join(rising[rising["direction"] == "rising"]["term"].head(10)))
model = timed("topics (20, NMF)", 120, lambda: la.topics(tokens, 20))
print("  topics:", " | ".join(model.coherence["label"].head(8)))
if args.lda:
    timed("topics (20, LDA)", 120, lambda: la.topics(tokens, 20, method="lda"))
words = la.term_frequencies(tokens)
words = words[words["feature"].str.len() >= 2].head(5000)["feature"].tolist()
dictionary = {f"类{i}": words[i::10] for i in range(10)}
scores = timed("dictionary_scores (5,000 entries)", 10, lambda: la.dictionary_scores(paragraphs, dictionary,
                                                                                      by="year"))
print(f"  {int(scores['matches'].sum()):,} matches")
