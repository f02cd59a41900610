"""Docstring sections written once and shared: a line ``{{name}}`` in a docstring becomes the block ``name``
(indented like the line) when the module is imported, so every function documents each of its parameters
(numpydoc) while the text that several of them share is kept in one place."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

BLOCKS = {
    "load_options": """\
source : str, Path or list of them
    A folder (every file of a supported type in it and its sub-folders, in path order; each sub-folder is a
    ``collection``), one file, or a list of files.
encoding : str, default 'auto'
    ``'auto'`` detects it (BOM, UTF-8, GB18030/GBK, Big5, UTF-16); a codec name forces one.
metadata : DataFrame, str or Path, optional
    A table, or a .csv/.tsv/.xlsx file, with a column naming the file (``file``, ``source_file``,
    ``filename`` or ``speech_id``); its other columns are joined to the speech.
errors : {'warn', 'raise'}, default 'warn'
    A bad file gives one :class:`CorpusWarning` naming it and the rest load (``'warn'``), or raises its
    :class:`CorpusError` (``'raise'``).
boilerplate : str, Path, dict or list of BoilerplatePattern, optional
    Patterns added to the bundled ones: a pattern file, a ``{name: regex}`` dict of whole-line patterns,
    or :class:`BoilerplatePattern` objects.
pattern : str, optional
    A glob the file names must match (``'20[12]4.txt'``); the folder's manifests still apply.
progress : bool, optional
    Show a progress bar (by default from 200 files on).
workers : int, optional
    Processes to parse with (by default every core, up to 8, for a corpus of 16 MB or more).
max_bytes : int, default 200_000_000
    Files larger than this are refused, with a message naming them.
duplicates : {'warn', 'keep', 'drop'}, default 'warn'
    Files holding the same text (or reposts of it): kept and said, kept quietly, or left out.
split : str, compiled regex, bool or None, default None
    A file holding several dated documents is split into speeches: ``None`` finds the header lines, a
    regular expression names them, ``False`` never splits.
folders : sequence of str or None, optional
    The column each level of sub-folder gives, outermost first (``('tier', 'province')``; ``None`` skips a
    level).""",
    "pairwise_options": """\
by : str, default 'speech_id'
    The column whose values are the documents.
method : {'cosine', 'jaccard'} (``distance`` also 'euclidean'), default 'cosine'
    The measure.
weight : {'tfidf', 'count'}, default 'tfidf'
    The weights of the feature vectors.
scheme : {'sklearn', 'quanteda'}, default 'sklearn'
    The tf-idf scheme, as :func:`tfidf`.
exclude_stopwords : bool, default True
    Leave out stop words (``is_stopword``) as features.
matrix : bool, default False
    The square table instead of pairs.
top : int, optional
    Each document's ``top`` nearest others, computed block by block.
threshold : float, optional
    Only the pairs past this value.""",
    "chart_options": """\
ax : matplotlib Axes, optional
    The Axes to draw on; a new figure when not given.
font : str, optional
    A font name or file for the Chinese text; by default the CJK font found once for every chart
    (:func:`lectureanalysis.plot.fonts.resolve_font`).""",
}

_MARKER = re.compile(r"^(?P<indent>[ \t]*)\{\{(?P<name>\w+)\}\}[ \t]*$", re.M)


def shared(function: F) -> F:
    """Fill the ``{{name}}`` lines of ``function``'s docstring with their blocks (an unknown name is an error
    at import, not a silent gap)."""
    if function.__doc__:
        function.__doc__ = _MARKER.sub(
            lambda m: "\n".join(m["indent"] + line if line else line for line in BLOCKS[m["name"]].splitlines()),
            function.__doc__)
    return function
