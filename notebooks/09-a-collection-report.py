# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 09 · A real collection's report, section by section
#
# A researcher's collection is not the bundled sample: it is a clone of a public repository such as
# `lawtext/gov` (874 work reports of the State Council and the 31 provinces, 1954–2026, Markdown with front
# matter, a folder per province). Point `CORPUS` at your clone; by default this notebook reads the bundled
# sample of it (the centre and three provinces). It builds the report once, then walks through it in the
# page's order, each section's figure and the first rows of its table, as you would read it before citing it.
# Above 200 texts the charts with a row per speech are drawn per group, and above 300 new terms and topics
# are made only on request (`discovery="all"`): the notes under each section say so.

# %% tags=["parameters"]
CORPUS = "../corpus"  # your clone of lawtext/gov, e.g. "../../gov"
OUT = "../report-collection"
LANG = "zh"  # the page's language: "zh" or "en"

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

from lectureanalysis.report import build_report

index = build_report(CORPUS, OUT, lang=LANG, progress=print)
tables = Path(OUT) / "tables"
figures = Path(OUT) / "figures"


def table(name: str, rows: int = 8) -> pd.DataFrame:
    """The first rows of one of the report's tables, read back as the page shows them."""
    return pd.read_csv(tables / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False).head(rows)


def figure(*names: str) -> None:
    """The first of these figures the report drew (a row per speech, or per group above 200 texts)."""
    drawn = [figures / f"{name}.png" for name in names if (figures / f"{name}.png").exists()]
    if drawn:
        display(Image(filename=str(drawn[0]), width=900))
    else:
        print(f"{' / '.join(names)}: not drawn for this corpus (the page says why)")


# %% [markdown]
# ## 1 · The corpus
# One row per text: its title, date, place and level, where the title, date and speaker were read from, and
# what the loader removed or flagged (boilerplate, reposts, truncation). Check it first: every later number
# is counted on these texts.

# %%
speeches = pd.read_csv(tables / "speeches.csv", encoding="utf-8-sig", keep_default_na=False)
shown = [c for c in ("speech_id", "title", "date", "place", "level", "n_chars", "duplicate_of") if c in speeches]
print(f"{len(speeches):,} texts, {speeches['n_chars'].sum():,} 字")
speeches[shown].head(8)

# %%
speeches.groupby("level")["speech_id"].count() if "level" in speeches else None

# %% [markdown]
# ## 2 · Outline and section lengths
# How each text divides its length between its opening and its numbered parts (一、二、…): per speech up to 200
# texts, else the mean share per group.

# %%
figure("section_lengths", "section_shares")
table("section_lengths")

# %% [markdown]
# ## 3 · Words: frequencies, keyness, the lexical profile

# %%
figure("top_terms")
figure("keyness_1")
table("term_frequencies", 10)

# %%
keyness = pd.read_csv(tables / "keyness.csv", encoding="utf-8-sig", keep_default_na=False) \
    if (tables / "keyness.csv").exists() else pd.DataFrame()
for comparison, rows in keyness.groupby("comparison", sort=False):
    print(comparison)
    display(rows.head(6))

# %%
figure("lexical_profile")

# %% [markdown]
# ## 4 · The followed terms over time, and by level of government

# %%
figure("trends")
table("trends_by_level") if (tables / "trends_by_level.csv").exists() else table("trends")

# %% [markdown]
# ## 5 · The concordance
# Every line is in `concordance.csv`, in text order; the page shows twelve lines per term drawn across the
# corpus. The lines below are the first of the table: each is a passage of the text, `left【match】right`.

# %%
lines = table("concordance", 6)
lines[["term", "speech_id", "left", "match", "right"]]

# %%
figure("concordance_plot")

# %% [markdown]
# ## 6 · Formulations (提法)
# One row per formulation: its kind, its number, how often and in how many texts, first and last year.

# %%
figure("formulations")
table("formulation_summary", 10)

# %% [markdown]
# ## 7 · The comparative reading: what changed, what spread from the centre

# %%
for name in ("change_summary", "diffusion", "adoption"):
    if (tables / f"{name}.csv").exists():
        print(name)
        display(table(name, 6))

# %%
figure("diffusion")

# %% [markdown]
# The page itself, `index.html`, holds all of this with the method section and the notes; open it in a browser
# (it needs no network) or print it to PDF.

# %%
print(index)
