"""Boilerplate masked, never dropped: site furniture replaced by spaces of the same length (offsets stay
valid) and handed back verbatim with the name of the pattern that removed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from lectureanalysis.text.normalise import MASK

Scope = Literal["line", "span", "tail", "footer"]


@dataclass(frozen=True)
class BoilerplatePattern:
    """A named pattern for text that is not part of the speech.

    ``scope`` is ``"line"`` (the regex matches a whole line), ``"span"`` (every match, anywhere) or
    ``"tail"`` (from the matching line to the end of the text, when it stands in the second half) or
    ``"footer"`` (a block at the end of the text, found from its last line that matches — the trailing
    marker — and extended backwards over the lines above it; see :func:`_footer_blocks`).
    A named group ``url`` is kept as the speech's ``source_url``; a span pattern's other named groups are
    kept with the removed piece (``Removed.fields``: a dateline's ``place`` and ``date``).
    """

    name: str
    scope: Scope
    regex: re.Pattern[str]
    requires: tuple[str, ...] = ()  # run only on texts holding one of these strings (a fast pre-check)

    @classmethod
    def compile(cls, name: str, scope: str, pattern: str, requires: str | tuple[str, ...] = ()) -> BoilerplatePattern:
        if scope not in ("line", "span", "tail", "footer"):
            raise ValueError(
                f"boilerplate pattern {name!r}: scope must be line, span, tail or footer, got {scope!r}")
        try:
            flags = re.M if scope == "tail" else 0
            regex = re.compile(pattern, flags)
        except re.error as exc:
            raise ValueError(f"boilerplate pattern {name!r}: invalid regular expression: {exc}") from None
        needles = tuple(n for n in requires.split("|") if n) if isinstance(requires, str) else tuple(requires)
        return cls(name, scope, regex, needles)  # type: ignore[arg-type]

    def first_line(self, text: str, start: int = 0) -> int | None:
        """Where a search may begin: the start of the first line (from ``start``) holding a required
        string, ``start`` if nothing is required, ``None`` when the regex cannot match at all."""
        if not self.requires:
            return start
        found = [i for i in (text.find(needle, start) for needle in self.requires) if i >= 0]
        return text.rfind("\n", start, min(found)) + 1 or start if found else None


def parse_boilerplate_patterns(lines: str, *, origin: str = "<patterns>") -> list[BoilerplatePattern]:
    """Read patterns written one a line as ``NAME<TAB>SCOPE<TAB>REGEX[<TAB>REQUIRES]`` (``#`` starts a
    comment line); REQUIRES lists strings separated by ``|``, one of which a text must hold for the
    pattern to be tried."""
    patterns = []
    for number, line in enumerate(lines.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (3, 4):
            raise ValueError(
                f"{origin}, line {number}: expected NAME<TAB>SCOPE<TAB>REGEX[<TAB>REQUIRES], got {line!r}")
        patterns.append(BoilerplatePattern.compile(*parts))
    return patterns


@lru_cache(maxsize=1)
def default_boilerplate_patterns() -> tuple[BoilerplatePattern, ...]:
    """The bundled patterns (``resources/boilerplate.txt``): template-site notices, Wikisource footers."""
    source = resources.files("lectureanalysis").joinpath("resources/boilerplate.txt").read_text("utf-8")
    return tuple(parse_boilerplate_patterns(source, origin="resources/boilerplate.txt"))


def resolve_boilerplate(
    extra: str | Path | dict[str, str] | list[BoilerplatePattern] | None = None, *, defaults: bool = True
) -> tuple[BoilerplatePattern, ...]:
    """The default patterns plus the user's: a pattern file path, a ``{name: regex}`` dict (line scope),
    or ready :class:`BoilerplatePattern` objects."""
    patterns = list(default_boilerplate_patterns()) if defaults else []
    if extra is None:
        return tuple(patterns)
    if isinstance(extra, (str, Path)):
        path = Path(extra)
        patterns += parse_boilerplate_patterns(path.read_text("utf-8"), origin=str(path))
    elif isinstance(extra, dict):
        patterns += [BoilerplatePattern.compile(name, "line", rx) for name, rx in extra.items()]
    else:
        patterns += list(extra)
    return tuple(patterns)


@dataclass
class Removed:
    """One piece of boilerplate: where it stood in the normalised text, what it said, which pattern."""

    start: int
    end: int
    text: str
    kind: str
    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # other named groups of a span pattern (place, date)


@dataclass
class Masked:
    """Normalised text with its boilerplate masked by :data:`MASK` (same length, same offsets)."""

    text: str
    removed: list[Removed] = field(default_factory=list)

    @property
    def source_url(self) -> str | None:
        return next((r.url for r in self.removed if r.url), None)


def mask_boilerplate(text: str, patterns: tuple[BoilerplatePattern, ...]) -> Masked:
    """Mask boilerplate in ``text`` and return the removed pieces with their offsets.

    >>> m = mask_boilerplate("讲稿\\n正文。\\n如若转载,请注明出处:https://x.cn/1.html",
    ...                      default_boilerplate_patterns())
    >>> m.removed[0].kind, m.source_url, m.text.replace(MASK, "").strip()
    ('repost_notice', 'https://x.cn/1.html', '讲稿\\n正文。')
    """
    spans: list[Removed] = []
    taken = bytearray(len(text))  # 1 where a character is already claimed by boilerplate

    def claim(start: int, end: int, kind: str, url: str | None = None, fields: dict[str, str] | None = None) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end or any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        spans.append(Removed(start, end, text[start:end], kind, url, fields or {}))

    half = text.rfind("\n", 0, len(text) // 2) + 1
    cut = len(text)
    for pattern in patterns:
        begin = pattern.first_line(text, half) if pattern.scope == "tail" else None
        if begin is not None:
            match = pattern.regex.search(text, begin, cut)
            if match:
                cut = text.rfind("\n", 0, match.start()) + 1
                kind = pattern.name
    if cut < len(text):
        claim(cut, len(text), kind)
    lines = _combined(patterns, "line")
    for start, end, kind in _footer_blocks(text, patterns, half, lines[0] if lines else None):
        claim(start, end, kind)
    if lines is not None:
        regex, names = lines
        for line in _LINE.finditer(text):
            if line.end() - line.start() > 2 * MAX_BOILERPLATE_LINE:
                continue
            stripped = line.group().strip()
            if not stripped or len(stripped) > MAX_BOILERPLATE_LINE:
                continue
            match = regex.fullmatch(stripped)
            if match:
                index = int(match.lastgroup[1:])  # type: ignore[index]
                claim(line.start(), line.end(), names[index], match.group(f"url{index}"))
    for pattern in patterns:
        begin = pattern.first_line(text) if pattern.scope == "span" else None
        if begin is not None:
            for match in pattern.regex.finditer(text, begin):
                found = {k: v for k, v in match.groupdict().items() if v is not None}
                claim(match.start(), match.end(), pattern.name, found.pop("url", None), found)
    if not spans:
        return Masked(text)
    spans.sort(key=lambda r: r.start)
    pieces, previous = [], 0
    for r in spans:
        pieces += [text[previous:r.start], _NOT_NEWLINE.sub(MASK, r.text)]
        previous = r.end
    pieces.append(text[previous:])
    return Masked("".join(pieces), spans)


#: a footer block may hold this many lines in a row without a marker (注：…认为 / 不总是 / 具有…性质的文件。) …
FOOTER_GAP_LINES = 3
#: … each at most this long; lines this short are fragments of a template cut into pieces (法律 / 、 / false)
FOOTER_GAP_CHARS, FOOTER_FRAGMENT_CHARS = 80, 8


def _footer_blocks(text: str, patterns: tuple[BoilerplatePattern, ...], half: int,
                   other: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
    """Footer blocks (licence and copyright templates) as ``(start, end, kind)``.

    Walking up from the end of the text: blank lines, fragments and lines of other boilerplate kinds are
    passed over; a line matching a footer pattern (the marker: 属于公有领域, Public domain, 版权所有 …) takes
    the block up to it; up to :data:`FOOTER_GAP_LINES` short lines without a marker are taken only if a
    marker line stands above them. The walk stops at the first line of speech text, and never goes above the
    middle of the text. A block must reach the end of the text (other boilerplate aside), so licence words
    inside the speech are never a footer.
    """
    chosen = [p for p in patterns if p.scope == "footer"]
    if not chosen:
        return []
    taken: list[tuple[int, int, str | None]] = []  # lines of the block, bottom up; kind None: marker-less
    pending: list[tuple[int, int, str | None]] = []  # lines passed over since the last marker line
    gap, end = 0, len(text)
    while end > half:
        start = max(text.rfind("\n", half, end) + 1, half)
        stripped = text[start:end].strip()
        line_end, end = end, start - 1
        if not stripped:
            continue
        if len(stripped) > MAX_BOILERPLATE_LINE:
            break
        marker = next((p.name for p in chosen if p.regex.search(stripped)), None)
        if marker is not None:
            taken += [*pending, (start, line_end, marker)]
            pending, gap = [], 0
        elif other is not None and other.fullmatch(stripped):
            pending.append((start, line_end, "-"))  # another kind's line: left to the line patterns
        elif len(stripped) <= FOOTER_FRAGMENT_CHARS:
            pending.append((start, line_end, None))
        elif taken and gap < FOOTER_GAP_LINES and len(stripped) <= FOOTER_GAP_CHARS:
            gap += 1
            pending.append((start, line_end, None))
        else:
            break
    blocks: list[tuple[int, int, str]] = []
    kind, open_block = "", False
    for start, end, line_kind in reversed(taken):  # top down: a line belongs to the marker above it
        if line_kind == "-":
            open_block = False
        elif open_block and line_kind in (None, kind):
            blocks[-1] = (blocks[-1][0], end, kind)
        else:
            kind, open_block = line_kind or kind, True
            blocks.append((start, end, kind))
    return blocks


_NOT_NEWLINE = re.compile(r"[^\n]")
_LINE = re.compile(r"[^\n]+")
_GLOBAL_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
#: lines longer than this are speech text, whatever they contain
MAX_BOILERPLATE_LINE = 300


@lru_cache(maxsize=64)
def _combined(patterns: tuple[BoilerplatePattern, ...], scope: str) -> tuple[re.Pattern[str], list[str]] | None:
    """The patterns of one scope as a single alternation, tried once per line (used for line scope).

    Alternative ``p<i>`` is the i-th pattern; its ``url`` group is renamed ``url<i>`` (and added, never
    matching, where a pattern has none) so that group names stay unique.
    """
    chosen = [p for p in patterns if p.scope == scope]
    if not chosen:
        return None
    alternatives = []
    for index, pattern in enumerate(chosen):
        source = _GLOBAL_FLAGS.sub(r"(?\1:", pattern.regex.pattern, count=1)
        if source != pattern.regex.pattern:
            source += ")"  # (?i)abc -> (?i:abc): inline flags are only allowed at the start of a regex
        if "(?P<url>" not in source:
            source += "(?P<url>(?!))?"
        alternatives.append(f"(?P<p{index}>{source.replace('(?P<url>', f'(?P<url{index}>')})")
    flags = re.M if scope == "tail" else 0
    return re.compile("|".join(alternatives), flags), [p.name for p in chosen]


BoilerplateOption = None | str | Path | dict[str, str] | list[BoilerplatePattern]
