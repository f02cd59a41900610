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
# BY but several speeches, the last speech is compared with the others; with a single speech, its first
# top-level section is compared with the rest of the speech.

# %%
groups = sorted(tokens[BY].dropna().unique()) if BY in tokens and tokens[BY].notna().all() else []
if len(groups) > 1:
    compared, by, target = tokens, BY, groups[-1]
elif tokens["speech_id"].nunique() > 1:
    compared, by, target = tokens, "speech_id", speeches["speech_id"].iloc[-1]
else:
    compared = tokens.assign(part=tokens["section_id"].astype(str).str.split(".").str[0])
    by, target = "part", "1"
print(f"{by} = {target} against the rest")
key = la.keyness(compared, target=target, by=by, min_count=2)
key.head(15)

# %%
plot.plot_keyness(key, n=10);
