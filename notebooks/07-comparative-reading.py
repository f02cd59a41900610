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
# # 07 · Comparative reading: what changed, what is new, what spread
#
# The bundled corpus holds the State Council's reports (政府工作报告, the centre) and a sample of three provinces'
# reports, 2014–2024 (地方政府工作报告: 浙江, 四川, 河北). This notebook reads them against one another:
# what the latest national report changed against the year before (sentence by sentence, and its numeric
# targets), which words each year used for the first time, how formulations reached the provinces and how fast,
# how much of a provincial report repeats the centre's sentences, and where a term stands in the outline.
# Every count is made on the text: a plain search finds the same first uses and the same sentences.

# %% tags=["parameters"]
CORPUS = "../corpus"
TERMS = ["新发展理念", "放管服", "高质量发展", "新质生产力"]  # followed from the centre to the provinces
AGENDA_TERM = "乡村振兴"  # placed in the centre's outline, year by year

# %%
import warnings

import lectureanalysis as la
from lectureanalysis import plot

with warnings.catch_warnings(record=True) as said:  # the loader's warnings, listed once below
    warnings.simplefilter("always", la.CorpusWarning)
    speeches, paragraphs = la.load(CORPUS)
for warning in said:
    print("·", warning.message)
reports = speeches[speeches["place"].fillna("") != ""]  # the reports of the centre and of the provinces
reports.groupby(["place", "level"]).agg(reports=("speech_id", "size"), first=("year", "min"), last=("year", "max"))

# %% [markdown]
# ## What changed: the latest national report against the one before

# %%
national = reports[reports["level"] == "国家"].sort_values("year")
before, latest = national["speech_id"].iloc[-2], national["speech_id"].iloc[-1]
changed = la.changes(paragraphs, before, latest)
summary = la.change_summary(changed)
plot.plot_change_summary(summary, title=f"{before} → {latest}");
summary

# %%
# rewordings as a character diff: [-removed-] {+added+}
changed[changed["label"] == "reworded"].sort_values("similarity", ascending=False)[["a_text", "b_text", "diff"]].head(8)

# %%
# the numeric targets each year states, side by side (what 两会 journalists compare by hand)
targets = la.targets(paragraphs[paragraphs["speech_id"].isin([before, latest])])
la.target_changes(targets, before, latest)

# %%
# each province's report against its own report of the year before
provinces = reports[reports["level"] == "省"]
series = la.change_series(paragraphs[paragraphs["speech_id"].isin(provinces["speech_id"])]
                          .merge(speeches[["speech_id", "place"]], on="speech_id"), within="place")
series.groupby("group")["changed_share"].describe()[["count", "mean", "min", "max"]]

# %% [markdown]
# ## What is new: words each year's national report used for the first time in the series

# %%
tokens = la.segment(paragraphs[paragraphs["speech_id"].isin(national["speech_id"])])
new = la.novelties(tokens, by="year", min_count=3)
new[new["group"] >= 2014].groupby("group").head(3)[["group", "feature", "frequency", "left", "match", "right"]]

# %%
# two-word phrases, and the numbered formulations (提法) with the items the text spells out
phrases = la.novelties(tokens, by="year", n=2, min_count=3)
print(phrases[phrases["group"] >= 2014].groupby("group").head(2)[["group", "feature", "frequency"]].to_string(index=False))
formulations = la.formulations(paragraphs[paragraphs["speech_id"].isin(national["speech_id"])])
firsts = la.new_formulations(formulations, speeches)
firsts[firsts["group"] >= 2010][["group", "formulation", "items", "frequency", "later_frequency"]]

# %% [markdown]
# ## What spread: first use at the centre and in each province

# %%
first = la.diffusion(paragraphs, TERMS, speeches=speeches)
first[["term", "place", "first_year", "first_date", "lag_years", "lag_days", "before_centre", "in_first_speech"]]

# %% [markdown]
# Read the first line before you read a lag. Counted on the text, 新发展理念 first stands at the centre in 2013,
# inside 创新发展理念 ("to innovate the idea of development"), two years before the formulation of 2015; and
# 新质生产力 stands in all three provinces' January reports of 2024, before the State Council's report of March
# (the term was Xi Jinping's of September 2023: the work reports are not its source).

# %%
la.kwic(paragraphs[paragraphs["speech_id"] == first.loc[first["term"] == TERMS[0], "first_speech"].iloc[0]], TERMS[0])

# %%
plot.plot_adoption(la.adoption(first));

# %%
rates = la.diffusion_rates(paragraphs, TERMS[0], speeches=speeches)
plot.plot_diffusion(rates[rates["year"] >= 2010]);

# %% [markdown]
# ## What is repeated: provincial sentences that repeat the centre's report of the same or the previous year

# %%
reused = la.reuse(paragraphs[paragraphs["speech_id"].isin(reports["speech_id"])], speeches=speeches)
shares = la.reuse_summary(reused)
plot.plot_reuse(shares);
shares.sort_values("share_chars", ascending=False).head(8)[["speech_id", "sentences", "reused", "share_chars", "reused_later", "sources"]]

# %%
la.reuse_passages(reused).head(5)[["speech_id", "source_speech", "n_chars", "text", "source_text"]]

# %%
# a report repeating its own province's report of the year before: 四川's file 2019.md is the delayed report
# of 2020 (a near-duplicate the loader flagged), so it repeats nearly all of the report filed as 2020
own = la.reuse_summary(la.reuse(paragraphs[paragraphs["speech_id"].isin(reports["speech_id"])], speeches=speeches,
                                against="previous"))
own.sort_values("share_chars", ascending=False).head(5)[["speech_id", "share_chars", "sources"]]

# %% [markdown]
# ## Where a term stands in the outline of the national reports

# %%
placed = la.agenda(paragraphs[paragraphs["speech_id"].isin(national["speech_id"])], AGENDA_TERM)
plot.plot_agenda(placed[placed["year"] >= 2014]);
placed[placed["frequency"] > 0][["year", "frequency", "first_section", "first_heading", "in_heading", "share_chars"]]
