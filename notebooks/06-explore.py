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
# # 06 · Explore: concordance, a term's use, a speech's outline
#
# One widget with three views (ipywidgets; `pip install 'lectureanalysis[explore]'`):
#
# - **索引 Concordance** — type a word, a phrase or (ticking 正则表达式) a regular expression; the lines come
#   sorted by their right context (or left, or in text order); choose a line to read its paragraph with the
#   ones around it, its speech and section.
# - **词语 Term** — a term's rate per 万字 by year, collection, speaker or your own metadata, and its
#   collocates.
# - **提纲 Outline** — a speech's headings with the share of its 字 each section takes; choose one to read it.

# %% tags=["parameters"]
CORPUS = "../corpus"
SEARCH = "小康社会"
TERM = "改革"

# %%
import lectureanalysis as la

speeches, paragraphs = la.load(CORPUS)
explorer = la.explore(paragraphs, speeches=speeches)
explorer.search.value = SEARCH
explorer.lines.index = 0
explorer.term.value = TERM
explorer
