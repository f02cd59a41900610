"""Charts that render Chinese with no setup: the CJK font resolved once (``fonts``) and one ``plot_*``
function per table (``charts``), each drawing on an Axes it returns.
"""

from lectureanalysis.plot.charts import (
    OPENING_COLOR,
    PALETTE,
    STYLE,
    on_time_axis,
    plot_concordance,
    plot_dispersion,
    plot_formulations,
    plot_keyness,
    plot_lexical_profile,
    plot_paragraph_lengths,
    plot_section_lengths,
    plot_top_terms,
    plot_top_terms_by_group,
    plot_trends,
    plot_wordcloud,
    prepare_axes,
    section_colors,
    with_gaps,
)
from lectureanalysis.plot.fonts import (
    PREFERRED_FAMILIES,
    PROBE,
    Font,
    embedded_font_face,
    resolve_font,
)

__all__ = [
    "OPENING_COLOR",
    "PALETTE",
    "PREFERRED_FAMILIES",
    "PROBE",
    "STYLE",
    "Font",
    "embedded_font_face",
    "on_time_axis",
    "plot_concordance",
    "plot_dispersion",
    "plot_formulations",
    "plot_keyness",
    "plot_lexical_profile",
    "plot_paragraph_lengths",
    "plot_section_lengths",
    "plot_top_terms",
    "plot_top_terms_by_group",
    "plot_trends",
    "plot_wordcloud",
    "prepare_axes",
    "resolve_font",
    "section_colors",
    "with_gaps",
]
