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
# # 04 · Formulations and trends
#
# The numbered formulations (提法: 五个坚持, 四多四少, 过三关 …) with the items the text spells out, the
# enumerations (一是…二是…) and parallel clauses (排比), and how chosen terms rise and fall over the years.
# items_match False means the text names N items but spells out a different number (a cut-off text, or a
# formulation whose items follow elsewhere).

# %% tags=["parameters"]
CORPUS = "../corpus"
TERMS = ["改革", "四个现代化", "小康"]  # each counted where the text says it, as la.kwic finds it

# %%
import lectureanalysis as la
from lectureanalysis import plot

speeches, paragraphs = la.load(CORPUS)
formulations = la.formulations(paragraphs)
formulations[["speech_id", "formulation", "kind", "number", "items", "items_match"]].head(20)

# %%
enumerations = la.enumerations(paragraphs)
enumerations[["speech_id", "kind", "head", "n_items", "items"]].head(20)

# %%
tokens = la.segment(paragraphs)
# a speech without a year has no place on a time axis: trend leaves it out and says which
period = "year" if paragraphs["year"].nunique() > 1 else "para_id"
trends = la.trend(tokens, TERMS, by=period)
plot.plot_trends(trends);

# %%
plot.plot_dispersion(tokens, TERMS);

# %%
plot.plot_formulations(formulations, speeches, by="year" if period == "year" else "speech_id");
