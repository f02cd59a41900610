# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Term frequencies and keyness: collections and eras compared
#
# Tokens from the segmenter (with the bundled dictionary of Party and government terms), their frequencies
# per 万字, and the words that set one part of the corpus apart from another: the levels of government (the
# State Council's reports against the provinces'), and the last ten years against the earlier ones. Check the stop-word
# layers before you read too much into a top-terms list: the "official" layer (坚持, 加强, 推进 …) is kept.

# %% tags=["parameters"]
CORPUS = "../corpus"
TARGET = None  # e.g. "year >= 2013": compare these speeches with the rest instead

# %%
import lectureanalysis as la
from lectureanalysis import plot

speeches, paragraphs = la.load(CORPUS)
tokens = la.segment(paragraphs)
frequencies = la.term_frequencies(tokens)
frequencies.head(20)

# %%
plot.plot_top_terms(frequencies, top=20);

# %%
plot.plot_wordcloud(frequencies);

# %% [markdown]
# ## Comparisons
# `la.plan_comparisons` names what is compared: by default the collections (or, when a folder holds several
# of them, as the provinces here, the levels of government), and the last ten years against the earlier speeches (`compare="collection"` or `target="year >= 2013"` choose others). For each, the
# keywords over- and under-used in the target (signed G², log ratio as the effect size, FDR-adjusted p).

# %%
plans = la.plan_comparisons(speeches, target=TARGET)
[plan.title for plan in plans]

# %%
keywords = {plan.title: la.compare_keyness(tokens, plan, min_count=5) for plan in plans}
for title, table in keywords.items():
    print(title)
    display(table[table["p_adj"] < 0.05].head(10)[["feature", "n_target", "n_reference", "g2", "chi2", "log_ratio", "p_adj"]])

# %%
for title, table in keywords.items():
    plot.plot_keyness(table, top=12, title=title);

# %% [markdown]
# ## Lexical profile
# Vocabulary density (MATTR over 100-token windows) and mean sentence length in 字, speech by speech.

# %%
profile = la.lexical_profile(tokens, paragraphs)
profile.merge(speeches[["speech_id", "collection", "year"]], on="speech_id").tail(10)

# %%
plot.plot_lexical_profile(profile, speeches);
