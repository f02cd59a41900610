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
# # 01 · Load a corpus
#
# From a folder of speech files to two tables: one row per speech, one row per paragraph with the speech's
# outline. Change `CORPUS` to your own folder; everything below follows from it.

# %% tags=["parameters"]
CORPUS = "../corpus"

# %%
import pandas as pd

import lectureanalysis as la

pd.set_option("display.max_colwidth", 60)
speeches, paragraphs = la.load(CORPUS)
print(la.corpus_overview(speeches, paragraphs))

# %% [markdown]
# ## The speeches
# Check `title_source` (where the title came from), `truncated` with its reason, and `boilerplate`: what the
# loader removed is kept here, verbatim.

# %%
speeches[["speech_id", "title", "title_source", "date", "speaker", "n_chars", "truncated",
          "truncation_reason", "source_url", "boilerplate_kinds"]]

# %% [markdown]
# ## The outline
# Headings with their level and section path. A level-1 heading opens a section; body rows carry the path of
# the headings above them.

# %%
paragraphs.loc[paragraphs["is_heading"], ["speech_id", "level", "section_path", "text"]]

# %%
paragraphs[["speech_id", "para_id", "level", "section_path", "n_chars", "text"]].head(12)

# %% [markdown]
# ## Section lengths
# 字 per top-level section and its share of the speech; text before the first heading is its own row.

# %%
la.section_lengths(paragraphs, level=1)
