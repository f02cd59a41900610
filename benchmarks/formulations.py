"""Precision and recall of the numbered-formulation (提法) detector.

Run:  .venv/bin/python benchmarks/formulations.py            # the bundled corpus and lawtext-gov
      .venv/bin/python benchmarks/formulations.py --show N   # print row N of the lawtext sample in context

Recall: every place a formulation of ``formulations_recall.txt`` stands in the text (found by its characters,
as the concordance finds it; a place inside a longer formulation of the list counts for the longer one) must be
reported there, as kind 提法, with that phrase. Precision, strict: the rows of a random sample of the detector's
提法 rows, labelled by hand with the rule written at the top of the sample file — a row is right only if it is a
numbered formulation, with the right number, and its items are right or empty. The bundled corpus has
``formulations_sample.tsv`` (60 rows); lawtext-gov (``../shared/corpora/lawtext-gov``, text the rules were not
written on) has ``formulations_lawtext_sample.tsv`` (210 rows, labelled before any tuning on it; rows whose output the
tuning changed labelled again in ``formulations_lawtext_relabelled.tsv``) and ``formulations_lawtext_added.tsv``
(40 of the rows the tuning added, labelled after it). A labelled row
the detector no longer reports is said, and so is one whose items changed since it was labelled (counted wrong
until it is labelled again). Goal: strict P and R >= 95 % on lawtext-gov.
"""

from __future__ import annotations

import argparse
import csv
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LAWTEXT = ROOT.parent / "shared" / "corpora" / "lawtext-gov"


def recall_list() -> list[str]:
    return [line.strip() for line in (HERE / "formulations_recall.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def places(paragraphs, phrases: list[str]) -> dict[str, list[tuple[object, int, int]]]:
    """Where each phrase stands, by substring (non-overlapping, left to right), leaving out the places that
    lie inside a longer phrase of the list (一个中心、两个基本点 holds 两个基本点)."""
    found: dict[str, list[tuple[object, int, int]]] = {p: [] for p in phrases}
    longest_first = sorted(phrases, key=len, reverse=True)
    for speech_id, para_id, text in zip(paragraphs["speech_id"], paragraphs["para_id"], paragraphs["text"],
                                        strict=True):
        taken: list[tuple[int, int]] = []
        for phrase in longest_first:
            begin = text.find(phrase)
            while begin >= 0:
                if not any(a <= begin < b or a < begin + len(phrase) <= b for a, b in taken):
                    found[phrase].append((speech_id, para_id, begin))
                    taken.append((begin, begin + len(phrase)))
                begin = text.find(phrase, begin + len(phrase))
    return found


def recall(name: str, paragraphs, found) -> float:
    formulations = found[found["kind"] == "提法"]
    reported = set(zip(formulations["speech_id"], formulations["para_id"], formulations["start"],
                       formulations["formulation"], strict=True))
    listed = recall_list()
    total = hits = 0
    missed = []
    for phrase, where in places(paragraphs, listed).items():
        got = sum((s, p, start, phrase) in reported for s, p, start in where)
        total, hits = total + len(where), hits + got
        if got < len(where):
            missed.append(f"{phrase} {got}/{len(where)}")
    rate = hits / total
    print(f"{name} recall:    {hits:,} / {total:,} = {rate:.1%} of the places of {len(listed)} formulations "
          f"(goal >= 95 % -> {'met' if rate >= 0.95 else 'NOT met'})")
    if missed:
        print("  found / places, where short:", "; ".join(missed))
    return rate


def read_sample(path: Path) -> list[dict[str, str]]:
    lines = (line for line in path.open(encoding="utf-8") if not line.startswith("#"))
    return list(csv.DictReader(lines, delimiter="\t"))


def strict_precision(name: str, found, sample: Path, relabelled: Path | None = None) -> float:
    formulations = found[found["kind"] == "提法"]
    by_place = {(str(s), int(p), int(start), f): (int(n), list(items)) for s, p, start, f, n, items in zip(
        formulations["speech_id"], formulations["para_id"], formulations["start"], formulations["formulation"],
        formulations["number"], formulations["items"], strict=True)}
    rows = read_sample(sample)
    if relabelled is not None and relabelled.is_file():
        again = {(r["speech_id"], r["para_id"], r["start"], r["formulation"]): r for r in read_sample(relabelled)}
        rows = [again.get((r["speech_id"], r["para_id"], r["start"], r["formulation"]), r) for r in rows]
        print(f"  ({len(again)} row(s) of {sample.name} labelled again after tuning: {relabelled.name})")
    right = judged = 0
    gone, changed, wrong = [], [], []
    for r in rows:
        key = (r["speech_id"], int(r["para_id"]), int(r["start"]), r["formulation"])
        if key not in by_place:
            gone.append(f"{r['speech_id']} {r['formulation']}" + (" (was wrong)" if _label_says_wrong(r) else ""))
            continue
        judged += 1
        number, items = by_place[key]
        labelled_items = [i for i in r.get("items", "").split("|") if i]
        if items and items != labelled_items:
            changed.append(f"{r['speech_id']} {r['formulation']}: {'|'.join(items)}")
            continue
        items_ok = not items or r.get("items_ok", "1") == "1"
        number_ok = r.get("right_number", "") == "" or int(r["right_number"]) == number
        if r.get("is_formulation", r.get("correct")) == "1" and number_ok and items_ok:
            right += 1
        else:
            wrong.append(f"{r['speech_id']} {r['formulation']} (number {number}) — {r['note']}")
    rate = right / judged
    print(f"{name} precision: {right} / {judged} = {rate:.1%} of a random sample of the {len(formulations):,} 提法 "
          f"rows, strict (goal >= 95 % -> {'met' if rate >= 0.95 else 'NOT met'})")
    for label, entries in (("no longer reported", gone), ("items changed since labelled, counted wrong", changed),
                           ("wrong", wrong)):
        if entries:
            print(f"  {label} ({len(entries)}):", "; ".join(entries))
    return rate


def _label_says_wrong(row: dict[str, str]) -> bool:
    return row.get("is_formulation", row.get("correct")) == "0" or row.get("items_ok") == "0"


def show(row: int) -> None:
    import lectureanalysis as la

    _, paragraphs = la.load(LAWTEXT, progress=False)
    r = read_sample(HERE / "formulations_lawtext_sample.tsv")[row]
    text = paragraphs.set_index(["speech_id", "para_id"]).loc[(r["speech_id"], int(r["para_id"])), "text"]
    start = int(r["start"])
    print(r)
    print(text[max(0, start - 80):start] + "【" + r["formulation"] + "】" + text[start + len(r["formulation"]):start + 200])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, help="print a row of the lawtext sample in its context")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import lectureanalysis as la

    if args.show is not None:
        show(args.show)
        return
    _, paragraphs = la.load(ROOT / "corpus", progress=False)
    found = la.formulations(paragraphs)
    recall("bundled", paragraphs, found)
    strict_precision("bundled", found, HERE / "formulations_sample.tsv")
    if not (LAWTEXT / "SOURCE.md").is_file():
        print(f"{LAWTEXT} is missing: lawtext-gov not measured")
        return
    _, paragraphs = la.load(LAWTEXT, progress=False)
    began = time.perf_counter()
    found = la.formulations(paragraphs)
    seconds = time.perf_counter() - began
    recall("lawtext-gov", paragraphs, found)
    strict_precision("lawtext-gov", found, HERE / "formulations_lawtext_sample.tsv",
                     HERE / "formulations_lawtext_relabelled.tsv")
    strict_precision("lawtext-gov, rows the tuning added", found, HERE / "formulations_lawtext_added.tsv")
    kinds = found["kind"].value_counts().to_dict()
    formulations = found[found["kind"] == "提法"]
    print(f"lawtext-gov: {len(paragraphs):,} paragraphs in {seconds:.1f} s; rows by kind {kinds}; 提法 with items "
          f"spelled out: {formulations['items_match'].notna().sum():,} ({int(formulations['items_match'].sum()):,} "
          "matching their number)")


if __name__ == "__main__":
    main()
