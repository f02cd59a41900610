"""Charts that render Chinese with no setup: the CJK font resolved once (``fonts``), the look every chart
shares (``style``), and one ``plot_*`` function per table — terms (``terms``), structure (``sections``),
positions (``positions``), time (``series``), small multiples (``panels``) and the
comparative reading (``readings``) — each drawing on an Axes it returns. Nothing is shown or
saved here (the report saves: :func:`lectureanalysis.report.export_figure`).
"""

from lectureanalysis.plot.discovery import plot_collocation_network, plot_emergence, plot_topics
from lectureanalysis.plot.fonts import (
    PREFERRED_FAMILIES,
    PROBE,
    Font,
    embedded_font_face,
    resolve_font,
)
from lectureanalysis.plot.panels import plot_panels
from lectureanalysis.plot.positions import (
    plot_concordance,
    plot_dispersion,
)
from lectureanalysis.plot.readings import (
    CHANGE_NAMES,
    plot_adoption,
    plot_agenda,
    plot_change_summary,
    plot_diffusion,
    plot_reuse,
)
from lectureanalysis.plot.sections import (
    plot_paragraph_lengths,
    plot_section_lengths,
    plot_section_shares,
    section_colors,
    section_share_table,
)
from lectureanalysis.plot.series import (
    formulation_rates,
    plot_formulations,
    plot_lexical_profile,
    plot_trends,
)
from lectureanalysis.plot.style import (
    on_time_axis,
    prepare_axes,
    with_gaps,
)
from lectureanalysis.plot.terms import (
    plot_keyness,
    plot_top_terms,
    plot_top_terms_by_group,
    plot_wordcloud,
)

__all__ = [
    "CHANGE_NAMES",
    "PREFERRED_FAMILIES",
    "PROBE",
    "Font",
    "embedded_font_face",
    "formulation_rates",
    "on_time_axis",
    "plot_adoption",
    "plot_agenda",
    "plot_change_summary",
    "plot_collocation_network",
    "plot_concordance",
    "plot_diffusion",
    "plot_dispersion",
    "plot_emergence",
    "plot_formulations",
    "plot_keyness",
    "plot_lexical_profile",
    "plot_panels",
    "plot_paragraph_lengths",
    "plot_reuse",
    "plot_section_lengths",
    "plot_section_shares",
    "plot_top_terms",
    "plot_top_terms_by_group",
    "plot_topics",
    "plot_trends",
    "plot_wordcloud",
    "prepare_axes",
    "resolve_font",
    "section_colors",
    "section_share_table",
    "with_gaps",
]
