"""The domain dictionary (党支部, 两个维护, 十九大 …) and user dictionaries in jieba's format."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

DictEntry = tuple[str, int | None, str | None]


def parse_userdict(text: str, *, origin: str = "<userdict>") -> list[DictEntry]:
    """Read a jieba user dictionary: one ``word [freq] [tag]`` a line, ``#`` comments.

    >>> parse_userdict("一带一路 n\\n十九大 20 n\\n# note\\n两个维护")
    [('一带一路', None, 'n'), ('十九大', 20, 'n'), ('两个维护', None, None)]
    """
    entries: list[DictEntry] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            raise ValueError(f"{origin}, line {number}: expected 'word [freq] [tag]', got {line!r}")
        entries.append((word, freq, tag))
    return entries


@lru_cache(maxsize=1)
def domain_dictionary() -> tuple[DictEntry, ...]:
    """The bundled dictionary of Party and government terms (``resources/userdict.txt``)."""
    source = resources.files("lectureanalysis").joinpath("resources/userdict.txt").read_text("utf-8")
    return tuple(parse_userdict(source, origin="resources/userdict.txt"))


def resolve_userdict(userdict: str | Path | Iterable[str] | None) -> tuple[DictEntry, ...]:
    """The user's entries: a dictionary file, or an iterable of ``"word [freq] [tag]"`` strings."""
    if userdict is None:
        return ()
    if isinstance(userdict, (str, Path)):
        path = Path(userdict)
        if not path.is_file():
            raise FileNotFoundError(f"userdict: {path} is not a file")
        return tuple(parse_userdict(path.read_text("utf-8-sig"), origin=str(path)))
    return tuple(parse_userdict("\n".join(userdict), origin="userdict"))
