"""Comparative reading of official texts: what changed between two texts (and along a series), what is new,
how a formulation spreads from the centre, how much a text repeats another, where a term sits in the outline.

Built on the paragraph table, its outline and the repost detector: ``revisions`` (:func:`changes`),
``indicators`` (:func:`targets`, the year's numeric targets), ``firsts`` (:func:`novelties`), ``uptake``
(:func:`diffusion`), ``placement`` (:func:`agenda`), ``borrowing`` (:func:`reuse`).
"""

from lectureanalysis.reading.borrowing import REUSE_COLUMNS, reuse, reuse_passages, reuse_summary
from lectureanalysis.reading.firsts import (
    NEW_FORMULATION_COLUMNS,
    NOVELTY_COLUMNS,
    new_formulations,
    novelties,
)
from lectureanalysis.reading.indicators import TARGET_COLUMNS, target_changes, targets
from lectureanalysis.reading.placement import AGENDA_COLUMNS, agenda
from lectureanalysis.reading.revisions import CHANGE_COLUMNS, LABELS, change_series, change_summary, changes
from lectureanalysis.reading.uptake import (
    DIFFUSION_COLUMNS,
    RATE_COLUMNS,
    adoption,
    diffusion,
    diffusion_rates,
)

__all__ = [
    "AGENDA_COLUMNS", "CHANGE_COLUMNS", "DIFFUSION_COLUMNS", "LABELS", "NEW_FORMULATION_COLUMNS", "NOVELTY_COLUMNS",
    "RATE_COLUMNS", "REUSE_COLUMNS", "TARGET_COLUMNS", "adoption", "agenda", "change_series", "change_summary",
    "changes", "diffusion", "diffusion_rates", "new_formulations", "novelties", "reuse", "reuse_passages",
    "reuse_summary", "target_changes", "targets",
]
