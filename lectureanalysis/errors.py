"""Errors and warnings raised by lectureanalysis, and the helpers that word them.

Every message names the file (or argument) first, then what was expected and what arrived, so that a
warning about one bad file in a folder of hundreds can be acted on without a traceback.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import Literal


class CorpusError(ValueError):
    """Base class for problems with the input corpus (files, folders, metadata)."""


class CorpusNotFoundError(CorpusError, FileNotFoundError):
    """The corpus path does not exist, or a folder holds no speech files."""


class UnreadableFileError(CorpusError):
    """A file exists but cannot be opened or read (permissions, I/O error, a folder named .txt)."""


class DecodingError(CorpusError):
    """A file's bytes cannot be decoded as text in any supported encoding."""


class NotTextError(CorpusError):
    """A file is binary (an image, an archive, an office document) rather than plain text."""


class EmptySpeechError(CorpusError):
    """A file holds no text once whitespace and boilerplate are removed."""


class MarkupError(CorpusError):
    """A file is an HTML/XML page rather than the text of a speech."""


class DuplicateSpeechError(CorpusError):
    """Two files map to the same speech_id."""


class MetadataError(CorpusError):
    """A metadata table or manifest cannot be used (missing key column, unreadable)."""


class CorpusWarning(UserWarning):
    """A recoverable problem with one file or option; loading goes on."""


def describe(path: str | Path, problem: str) -> str:
    r"""Word a message as ``"<path>: <problem>"``, the form every corpus message takes.

    A path whose name is not valid UTF-8 (bytes kept by the file system as surrogate escapes) is shown
    with ``\xNN`` escapes, so the message can always be printed and stored.

    >>> describe("corpus/2019.txt", "file is empty")
    'corpus/2019.txt: file is empty'
    >>> describe("corpus/\udcff.txt", "file is empty")
    'corpus/\\xff.txt: file is empty'
    """
    return f"{printable(path)}: {problem}"


def printable(path: str | Path) -> str:
    r"""``path`` as text that can be printed on one line: undecodable bytes of a file name shown as ``\xNN``,
    and control characters (a newline in a file name would forge a line of output) as ``\n``, ``\x1b`` ….

    >>> printable("a\nwarning: b.txt")
    'a\\nwarning: b.txt'
    """
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text) if _CONTROL.search(text) else text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class TermWarning(CorpusWarning):
    """A term asked for is counted differently by the text and by the tokens — it lies inside longer tokens
    (小康 in 全面建成小康社会) or runs over several (四个 + 现代化) — or never occurs (a kind of
    :class:`CorpusWarning`, so the command line prints it as a ``warning:`` line)."""


class GroupingWarning(CorpusWarning):
    """Speeches without a value of the column a statistic groups by (``by="year"`` and a speech with no
    year) are left out of that grouping; the warning says how many and which."""


class ComparisonWarning(CorpusWarning):
    """A comparison with fewer than three speeches on a side (its keywords describe those texts, not a kind
    of speech), or a default comparison left out for that reason; the warning names it and says how many."""


Errors = Literal["warn", "raise"]


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_FUNCTOOLS = os.path.abspath(functools.__file__)


def user_stacklevel() -> int:
    """The ``stacklevel`` for :func:`warnings.warn` that names the first line outside lectureanalysis — the
    user's own call — however deep in the package the warning is raised (through the engine switch, a
    statistic's kernels, a report's steps).

    Called as ``warnings.warn(message, Category, stacklevel=user_stacklevel())``. Frames of the import
    machinery (a warning raised while a module is imported) are passed over uncounted, as
    :func:`warnings.warn` itself skips them."""
    frame, level = sys._getframe(1), 1
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith("<frozen importlib"):
            path = os.path.abspath(name)
            if not (path.startswith(_PACKAGE) or path == _FUNCTOOLS):
                return level
            level += 1
        frame = frame.f_back
    return level
