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
# # 02 · Outline and section lengths
#
# Each speech's outline (一、→（一）→1.→（1）) as recovered by the loader, and how the text is spread over the
# top-level sections. Look for speeches whose sections announced in the opening are missing (truncated
# downloads) and for sections that dominate a speech.

# %% tags=["parameters"]
CORPUS = "../corpus"

# %%
import lectureanalysis as la
from lectureanalysis import plot

speeches, paragraphs = la.load(CORPUS)
headings = paragraphs[paragraphs["is_heading"]]
headings[["speech_id", "level", "section_path", "text"]].head(40)

# %% [markdown]
# ## Section lengths
# 字 per level-1 section and its share of the speech; the opening before the first heading is its own row.

# %%
lengths = la.section_lengths(paragraphs, level=1)
lengths.head(30)

# %%
plot.plot_section_lengths(lengths);

# %%
plot.plot_paragraph_lengths(paragraphs);

# %% [markdown]
# ## Truncated speeches
# A speech that stops mid-sentence, or has fewer sections than its opening announces.

# %%
speeches.loc[speeches["truncated"], ["speech_id", "title", "announced_sections", "found_sections", "truncation_reason"]]
