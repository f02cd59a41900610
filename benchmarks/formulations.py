"""Precision and recall of the numbered-formulation (提法) detector on the bundled corpus.

Run:  .venv/bin/python benchmarks/formulations.py

Recall: every place a formulation of ``formulations_recall.txt`` stands in the corpus (found by its characters)
must be reported there as kind 提法. Precision: the rows of ``formulations_sample.tsv``, a random sample of the
detector's 提法 rows (seed 2026) labelled by hand with the rule written at its top. Goal: both >= 95 %.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> None:
    warnings.simplefilter("ignore")
    import lectureanalysis as la

    _, paragraphs = la.load(ROOT / "corpus")
    found = la.formulations(paragraphs)
    formulations = found[found["kind"] == "提法"]
    reported = set(zip(formulations["speech_id"], formulations["para_id"], formulations["start"], formulations["formulation"],
                       strict=True))
    listed = [line.strip() for line in (HERE / "formulations_recall.txt").read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    total = hits = 0
    print("recall, by formulation (found / places in the text):")
    for phrase in listed:
        places = la.kwic(paragraphs, phrase)
        got = sum((s, p, start, phrase) in reported for s, p, start in zip(places["speech_id"], places["para_id"],
                                                                            places["start"], strict=True))
        total, hits = total + len(places), hits + got
        if got < len(places):
            print(f"  {phrase}: {got} / {len(places)}")
    print(f"recall:    {hits} / {total} = {hits / total:.1%} of the places of {len(listed)} formulations "
          f"(goal >= 95 % -> {'met' if hits / total >= 0.95 else 'NOT met'})")
    rows = [r for r in csv.DictReader((line for line in (HERE / "formulations_sample.tsv").open(encoding="utf-8")
                                       if not line.startswith("#")), delimiter="\t")]
    present = [r for r in rows if (r["speech_id"], int(r["para_id"]), int(r["start"]), r["formulation"]) in reported]
    correct = sum(r["correct"] == "1" for r in present)
    print(f"precision: {correct} / {len(present)} = {correct / len(present):.1%} of a random sample of the "
          f"{len(formulations):,} 提法 rows (goal >= 95 % -> {'met' if correct / len(present) >= 0.95 else 'NOT met'})")
    if len(present) < len(rows):
        print(f"  ({len(rows) - len(present)} labelled row(s) no longer reported)")
    for r in present:
        if r["correct"] != "1":
            print(f"  wrong: {r['speech_id']} {r['formulation']} — {r['note']}")
    kinds = found["kind"].value_counts().to_dict()
    items = formulations["items_match"].notna().sum()
    print(f"rows by kind: {kinds}; 提法 with items spelled out: {items} ({formulations['items_match'].sum()} matching their number)")


if __name__ == "__main__":
    main()
