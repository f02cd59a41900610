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
# # 03 · Term frequencies and keyness
#
# Tokens from the segmenter (with the bundled dictionary of Party and government terms), their frequencies
# per 万字, and the words that set one year (or speech) apart from the rest. Check the stop-word layers
# before you read too much into a top-terms list: the "official" layer (坚持, 加强, 推进 …) is kept by default.

# %% tags=["parameters"]
CORPUS = "../corpus"
BY = "year"

# %%
import lectureanalysis as la
from lectureanalysis import plot

speeches, paragraphs = la.load(CORPUS)
tokens = la.segment(paragraphs)
frequencies = la.term_frequencies(tokens)
frequencies.head(20)

# %%
plot.plot_top_terms(frequencies, n=20);

# %%
plot.plot_wordcloud(frequencies);

# %% [markdown]
# ## Keyness
# The latest value of BY against all others (signed G², log ratio, FDR-adjusted p). With a single value of
# BY in the corpus, each speech is compared with the rest instead.

# %%
groups = sorted(tokens[BY].dropna().unique()) if BY in tokens and tokens[BY].notna().all() else []
by, target = (BY, groups[-1]) if len(groups) > 1 else ("para_id", 0)
key = la.keyness(tokens, target=target, by=by, min_count=2)
key.head(15)

# %%
plot.plot_keyness(key, n=10);
