"""Charts and word clouds render Chinese with no setup: no missing glyph, a font that covers every character."""

from __future__ import annotations

import warnings

import matplotlib
import pytest

import lectureanalysis as la
from lectureanalysis import plot
from lectureanalysis.fonts import PROBE, resolve_font

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def tables(seed):
    speeches, paragraphs = seed
    tokens = la.segment(paragraphs, cache=False)
    return speeches, paragraphs, tokens, la.term_frequencies(tokens)


def drawn_text(figure) -> str:
    """Every string the figure draws: titles, labels, tick labels, legends, annotations."""
    figure.canvas.draw()
    return "".join(t.get_text() for t in figure.findobj(matplotlib.text.Text))


def check_renders(ax) -> None:
    figure = ax.figure
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        text = drawn_text(figure)
    assert resolve_font().covers(text) == set(), resolve_font().covers(text)
    matplotlib.pyplot.close(figure)


def test_font_is_found_and_covers_chinese():
    font = resolve_font()
    assert font.path.is_file() and font.path.suffix in (".otf", ".ttf")
    assert font.covers(PROBE) == set()
    assert "CJK" in font.family or "Hei" in font.family or "Han" in font.family


def test_explicit_font_and_errors(tmp_path, monkeypatch):
    font = resolve_font()
    assert resolve_font(font.path).path == font.path
    with pytest.raises(FileNotFoundError, match="font=: 'No Such Font' is neither a font file nor an installed font family"):
        resolve_font("No Such Font")
    monkeypatch.setenv("LECTUREANALYSIS_FONT", str(tmp_path / "missing.ttf"))
    with pytest.raises(FileNotFoundError, match=r"\$LECTUREANALYSIS_FONT"):
        resolve_font()


def test_every_chart_renders_chinese(tables):
    speeches, paragraphs, tokens, frequencies = tables
    check_renders(plot.plot_top_terms(frequencies))
    check_renders(plot.plot_section_lengths(la.section_lengths(paragraphs)))
    check_renders(plot.plot_paragraph_lengths(paragraphs))
    check_renders(plot.plot_trends(la.trend(tokens, ["党办", "工作"], by="para_id")))
    check_renders(plot.plot_keyness(la.keyness(tokens, target=tokens["para_id"].to_numpy() < 3, min_count=1)))
    check_renders(plot.plot_dispersion(tokens, ["党办", "总书记", "工作"]))
    check_renders(plot.plot_formulations(la.formulations(paragraphs), speeches, by="title"))
    axes = plot.plot_top_terms_by_group(la.term_frequencies(tokens, by="section_path"), n=5)
    check_renders(axes.flat[0])


def test_wordcloud_words_are_covered_by_its_font(tables):
    frequencies = tables[3]
    ax = plot.plot_wordcloud(frequencies, max_words=60)
    assert len(ax.words_) > 20 and "党办" in ax.words_
    assert resolve_font().covers("".join(ax.words_)) == set()
    image = ax.get_images()[0].get_array()
    assert image.shape[:2] == (900, 1600) and image.std() > 10, "something was drawn"
    again = plot.plot_wordcloud(frequencies, max_words=60)
    assert again.words_ == ax.words_, "deterministic for a seed"


def test_chart_input_is_checked(tables):
    with pytest.raises(ValueError, match="frequencies: missing column"):
        plot.plot_top_terms(tables[1])
