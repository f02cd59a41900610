# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Figures and the report
#
# The whole report in one call: OUT/index.html (self-contained, figures embedded), OUT/figures (PNG at
# 300 dpi, SVG with the text drawn as paths so it looks the same on any machine — `svg_text="text"` keeps it
# editable, which then needs the font —, and PDF with the font embedded) and OUT/tables (CSV). The same as
# `lectureanalysis report CORPUS --out OUT` on the command line. On a collection of more than
# 300 speeches, new terms and topics are made on request (`discovery="all"`); above 200 speeches the charts with a
# bar per speech become a chart per group.

# %% tags=["parameters"]
CORPUS = "../corpus"
OUT = "../report"

# %%
from pathlib import Path

from lectureanalysis.report import build_report

index = build_report(CORPUS, OUT, progress=print)
sorted(p.name for p in (Path(OUT) / "figures").glob("*.png"))

# %%
sorted(p.name for p in (Path(OUT) / "tables").glob("*.csv"))
