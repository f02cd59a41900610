"""One CJK font for every chart and word cloud, found without any setup by the user.

Order: an explicit ``font=`` (a file or a family name), then ``$LECTUREANALYSIS_FONT``, then an installed
Simplified-Chinese font (Noto Sans CJK SC, Source Han Sans SC, WenQuanYi, Microsoft YaHei, PingFang SC,
SimHei …), then the Noto Sans CJK collection that the ``noto-cjk-sans-otc`` dependency ships. A font
collection (``.ttc``) gives its Simplified-Chinese face, written once into the user cache as a single
font file: word clouds (Pillow) always take face 0 of a collection, and a collection cannot be embedded in
SVG. matplotlib's font list is cached on disk and can miss a font installed after it was built, so when
the system search finds nothing it registers the font files matplotlib does not know with its live font
manager and looks again.
"""

from __future__ import annotations

import base64
import contextlib
import io
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lectureanalysis.errors import CorpusWarning, user_stacklevel

logger = logging.getLogger(__name__)
#: installed families tried in order (Simplified-Chinese faces first)
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei", "Heiti SC",
    "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Arial Unicode MS",
)
#: characters a font must hold to be taken for Chinese charts
PROBE = "中华人民共和国政府工作报告讲话一二三（）《》“”，。、"


@dataclass(frozen=True)
class Font:
    """A resolved font: a single-face file and its family name (as matplotlib knows it)."""

    path: Path
    family: str
    source: str  # "argument", "environment", "system" or "bundled"

    @property
    def has_truetype_outlines(self) -> bool:
        """TrueType (``glyf``) outlines, rather than OpenType/CFF ones: PDFs embed those as Type 42."""
        return _has_glyf(str(self.path))

    def covers(self, text: str) -> set[str]:
        """The characters of ``text`` (whitespace aside) this font has no glyph for."""
        cmap = _cmap(str(self.path))
        return {c for c in set(text) if not c.isspace() and ord(c) not in cmap}


@lru_cache(maxsize=16)
def _has_glyf(path: str) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=0, lazy=True) as font:
        return "glyf" in font


@lru_cache(maxsize=16)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def resolve_font(font: str | os.PathLike[str] | None = None) -> Font:
    """The CJK font charts use (see the module docstring for the order). Raises ``FileNotFoundError``
    naming what was tried when an explicit font cannot be found."""
    if font is not None:
        return _from_argument(str(font), "argument")
    if os.environ.get("LECTUREANALYSIS_FONT"):
        return _from_argument(os.environ["LECTUREANALYSIS_FONT"], "environment")
    return _automatic()


@lru_cache(maxsize=1)
def _automatic() -> Font:
    found = _system_font()
    if found is None:
        found = _bundled_font()
    logger.info("CJK font: %s (%s)", found.path, found.source)
    return found


def _from_argument(value: str, source: str) -> Font:
    path = Path(value).expanduser()
    if path.is_file():
        single = _single_face(path)
        return Font(single, _family(single), source)
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if entry.name.lower() == value.lower():
            single = _single_face(Path(entry.fname), prefer=value)
            return Font(single, _family(single), source)
    where = "font=" if source == "argument" else "$LECTUREANALYSIS_FONT"
    raise FileNotFoundError(f"{where}: {value!r} is neither a font file nor an installed font family")


def _system_font() -> Font | None:
    from matplotlib import font_manager

    found = _preferred_installed(font_manager.fontManager.ttflist)
    if found is None:
        # matplotlib's font list is cached on disk and misses fonts installed after it was built: register
        # the new files with the live font manager (replacing the manager would leave pyplot's findfont
        # with the old one, which then floods the output with "findfont: Font family … not found")
        new = _fonts_installed_since(font_manager)
        for path in new:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError) as exc:
                logger.info("skipping %s: %s", path, exc)
        if new:
            found = _preferred_installed(font_manager.fontManager.ttflist)
    return found


def _preferred_installed(entries: list) -> Font | None:
    """The first family of :data:`PREFERRED_FAMILIES` among matplotlib's fonts that holds the probe."""
    by_name: dict[str, str] = {}
    for entry in entries:
        by_name.setdefault(entry.name, entry.fname)
    for family in PREFERRED_FAMILIES:
        if family in by_name:
            try:
                single = _single_face(Path(by_name[family]), prefer=family)
                candidate = Font(single, _family(single), "system")
            except (OSError, ValueError) as exc:
                logger.info("skipping %s: %s", by_name[family], exc)
                continue
            if not candidate.covers(PROBE):
                return candidate
    return None


def _fonts_installed_since(font_manager: object) -> list[str]:
    """Font files on the system that matplotlib's cached font list does not know."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}  # type: ignore[attr-defined]
    try:
        present = set(font_manager.findSystemFonts())  # type: ignore[attr-defined]
    except OSError:
        return []
    return sorted(present - known)


def _bundled_font() -> Font:
    try:
        import noto_cjk_sans_otc
    except ImportError:
        raise FileNotFoundError(
            "no CJK font found: install one (e.g. Noto Sans CJK SC) or `pip install noto-cjk-sans-otc`, "
            "or pass font=/set $LECTUREANALYSIS_FONT to a font file") from None
    single = _single_face(Path(noto_cjk_sans_otc.FONT_PATH), prefer="Noto Sans CJK SC")
    return Font(single, _family(single), "bundled")


def _single_face(path: Path, prefer: str = "SC") -> Path:
    """A collection's Simplified-Chinese face as its own file in the user cache; other files as they are."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return path
    from fontTools.ttLib import TTCollection

    from lectureanalysis._cache import usable_cache_dir

    folder = usable_cache_dir("fonts") or _temporary_folder()
    target = folder / f"{path.stem}-{_face_tag(prefer)}-{path.stat().st_size}.otf"
    if target.is_file():
        return target
    collection = TTCollection(str(path), lazy=True)
    try:  # the collection's file is closed whatever happens (it was left open)
        names = [face["name"].getDebugName(4) or "" for face in collection.fonts]
        index = next((i for i, n in enumerate(names) if prefer.lower() in n.lower()), None)
        if index is None:
            index = next((i for i, n in enumerate(names) if n.endswith(" SC") or " SC " in n), 0)
        try:
            _save_face(collection, index, target)
            return target
        except OSError as exc:  # a full or read-only cache: a temporary folder, made only now
            warnings.warn(f"{target.parent}: cannot write the font face extracted from {path.name} "
                          f"({exc.strerror or exc}); trying a temporary folder", CorpusWarning, stacklevel=user_stacklevel())
        temporary = _temporary_folder() / target.name
        try:
            _save_face(collection, index, temporary)
            return temporary
        except OSError as exc:
            warnings.warn(f"{temporary.parent}: cannot write the font face extracted from {path.name} "
                          f"({exc.strerror or exc}); using the collection as it is", CorpusWarning, stacklevel=user_stacklevel())
        return path  # matplotlib reads the collection's first face
    finally:
        collection.close()


def _save_face(collection: object, index: int, target: Path) -> None:
    """Write face ``index`` of a collection to ``target`` whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(descriptor)
    try:
        collection.fonts[index].save(temporary)  # type: ignore[attr-defined]
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


@lru_cache(maxsize=1)
def _temporary_folder() -> Path:
    """Where an extracted face goes when the cache folder cannot be written (removed at exit)."""
    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="lectureanalysis-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _face_tag(prefer: str) -> str:
    return "".join(c for c in prefer if c.isalnum()) or "face"


def _family(path: Path) -> str:
    """Register the file with matplotlib (idempotent) and return the family name it knows it by."""
    from matplotlib import font_manager

    if not any(entry.fname == str(path) for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def embedded_font_face(html: str, font: str | None = None) -> str:
    """A ``@font-face`` rule carrying the resolved CJK font, cut down to the characters of ``html`` (a few
    hundred KB as WOFF), so the report's text renders in any browser, with or without Chinese fonts."""
    from fontTools import subset


    resolved = resolve_font(font)
    characters = {ord(c) for c in html if not c.isascii()} | set(range(0x20, 0x7F))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # plain horizontal CJK text needs no OpenType features
    options.hinting = False
    options.notdef_outline = True
    font_object = subset.load_font(str(resolved.path), options)
    try:  # the font's file is closed once the subset is written (it was left open)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(characters))
        subsetter.subset(font_object)
        buffer = io.BytesIO()
        subset.save_font(font_object, buffer, options)
    finally:
        font_object.close()
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "LA CJK"; src: url(data:font/woff;base64,{data}) format("woff"); }}'
