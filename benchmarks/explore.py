"""How quickly the exploration widget answers: building it once, then searches and term views.

Run:  .venv/bin/python benchmarks/explore.py [--corpus corpus]

Prints seconds to build the widget (load excluded), and for searches of a few words (plain, frequent, rare,
a regular expression): each is set in the search box as a user types it, and timed until the lines are
listed. Goal: a search answers in < 0.5 s on the bundled corpus.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import lectureanalysis as la

    speeches, paragraphs = la.load(args.corpus)
    tokens = la.segment(paragraphs, progress=False)
    started = time.perf_counter()
    explorer = la.explore(paragraphs, tokens, speeches=speeches)
    built = time.perf_counter() - started
    print(f"build:        {built:6.2f} s   ({len(paragraphs):,} paragraphs; includes the font subset)")
    slowest = 0.0
    for query, regex in (("改革", False), ("发展", False), ("一带一路", False), ("[一二三四五六七八九十]个坚持", True)):
        explorer.regex.value = regex
        started = time.perf_counter()
        explorer.search.value = query
        took = time.perf_counter() - started
        slowest = max(slowest, took)
        print(f"search {query:<14} {took:6.3f} s   ({len(explorer.rows):,} lines listed)")
    for term in ("改革", "小康"):
        started = time.perf_counter()
        explorer.term.value = term
        print(f"term view {term:<10} {time.perf_counter() - started:6.3f} s   (chart and collocates)")
    print(f"slowest search: {slowest:.3f} s; goal < 0.5 s -> {'met' if slowest < 0.5 else 'NOT met'} "
          f"(ratio to the goal {slowest / 0.5:.2f})")


if __name__ == "__main__":
    main()
