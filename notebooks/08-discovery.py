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
# # 08 · Discovery: new terms, rising and falling words, topics, dictionaries, networks
#
# What the corpus holds that nobody asked about yet. On the bundled corpus (the State Council's reports
# 1954–2025 and three provinces' reports 2014–2024) this notebook finds words the segmenter's dictionary lacks
# and adds one to a dictionary file of your own, with an audit of every count that changed; tests every word
# for a trend over the years; fits topics; counts a dictionary of categories on the text; draws a collocation
# network; and tags parts of speech. Every function is in `lectureanalysis`; this notebook only calls them.

# %% tags=["parameters"]
CORPUS = "../corpus"
USERDICT = "my_words.txt"  # your own additions to the segmenter's dictionary (a file you keep)
NODES = ["改革", "创新", "开放"]  # the collocation network's node words

# %%
import warnings

import lectureanalysis as la
from lectureanalysis import plot

with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)  # notebook 01 lists what loading says
    speeches, paragraphs = la.load(CORPUS)
tokens = la.segment(paragraphs)
la.corpus_overview(speeches, paragraphs)

# %% [markdown]
# ## New terms
# Runs of tokens that hold together (PMI of their weakest split) and stand free of their neighbours (entropy of
# the words either side), not in the dictionary. `frequency` is counted on the text, as the concordance finds
# it; `as_run` is how often the segmenter cuts it exactly as `split_as` shows.

# %%
candidates = la.discover_terms(tokens)
candidates.head(15)[["term", "split_as", "frequency", "as_run", "speeches", "first", "context"]]

# %% [markdown]
# Accept one: it is added to `USERDICT` (made if missing), the corpus is segmented again with it, and the audit
# says how each of its occurrences was cut before and after, and which token counts moved.

# %%
chosen = candidates["term"].iloc[0]
done = la.accept([chosen], paragraphs, tokens, userdict=USERDICT)
done.audit

# %%
done.changes.head(10)

# %% [markdown]
# ## Rising and falling terms
# A Poisson trend for every term at once, the year's 字 as exposure, tested (quasi-Poisson, Benjamini–Hochberg)
# with the rate ratio per year as effect size, and change points where a strong riser's series breaks.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)  # the 党课讲稿 has no year: left out of the trends
    rising = la.emergence(tokens, by="year")
rising.head(10)[["term", "direction", "frequency", "first", "last", "rate_ratio", "p_adj", "change_points"]]

# %%
plot.plot_emergence(rising, tokens);

# %% [markdown]
# ## Topics
# NMF on the paragraphs (tf-idf); coherence (NPMI) per topic, and the mean coherence for a few numbers of topics.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)  # a fit stopped at max_iter is still usable
    la.topic_numbers(tokens, [6, 10, 14])

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.CorpusWarning)
    model = la.topics(tokens, 10)
model.coherence

# %%
plot.plot_topics(model);

# %% [markdown]
# ## A dictionary of categories
# The bundled `official_verbs` dictionary (seven categories of the verbs official prose acts with), counted
# leftmost-longest on the text, per 万字 of each level of government. Your own: YAML, CSV or a LIWC `.dic`.

# %%
# the speeches' level of government (国家, 省), under a name apart from the paragraphs' heading level
by_level = paragraphs.merge(speeches[["speech_id", "level"]].rename(columns={"level": "government"}), on="speech_id")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", la.TermWarning)  # entries that never match are named in the warning
    scores = la.dictionary_scores(by_level, "official_verbs", by="government")
scores.pivot(index="category", columns="group", values="per_10k_chars").round(1)

# %% [markdown]
# ## Collocation network
# Each node's strongest collocates by logDice; `la.write_network(graph, "network.graphml")` writes it for Gephi.

# %%
graph = la.collocation_network(tokens, NODES)
plot.plot_collocation_network(graph);

# %% [markdown]
# ## Parts of speech
# `segment(…, pos=True)` adds jieba's tag to every token: term lists of verbs only, and the names each report
# mentions (a rough list, from the tags nr, ns, nt).

# %%
tagged = la.segment(paragraphs, pos=True)
la.term_frequencies(la.by_pos(tagged, "v")).head(10)[["feature", "frequency", "per_10k_chars"]]

# %%
names = la.entities(tagged)
names[names["speech_id"] == "政府工作报告/2024"].groupby("kind").head(5)
