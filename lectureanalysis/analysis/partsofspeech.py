"""Parts of speech: the tag set of ``segment(…, pos=True)``, token tables filtered by tag (nouns only, verbs
only), concordance lines with the tag of the word they show, and a rough list of the names (people, places,
organisations) each speech mentions.

The tags are jieba's (rjieba tags with the same model), a version of the ICTCLAS / PKU tag set. A tag names
its class and, by its further letters, a subclass: ``n`` 名词 (``nr`` 人名, ``ns`` 地名, ``nt`` 机构团体,
``nz`` 其他专名), ``v`` 动词 (``vn`` 名动词, ``vd`` 副动词), ``a`` 形容词 … (:data:`TAGSET`). Filtering by a
tag takes its subclasses too (``"n"`` keeps nr, ns, nt, nz). Words of the user's and the bundled dictionary
carry the tag their line gives, else ``x``; the tagger guesses the rest. The names are a rough list: the
tagger knows common names, and guesses others from their characters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lectureanalysis import schema

#: jieba's part-of-speech tags with their Chinese and English names
TAGSET: dict[str, tuple[str, str]] = {
    "a": ("形容词", "adjective"), "ad": ("副形词", "adverbial adjective"), "ag": ("形语素", "adjective morpheme"),
    "an": ("名形词", "nominal adjective"), "b": ("区别词", "distinguishing word"), "c": ("连词", "conjunction"),
    "d": ("副词", "adverb"), "df": ("副词（不要）", "adverb (不要)"), "dg": ("副语素", "adverb morpheme"),
    "e": ("叹词", "interjection"), "eng": ("英文", "Latin-script word"), "f": ("方位词", "locality word"),
    "g": ("语素", "morpheme"), "h": ("前缀", "prefix"), "i": ("成语", "idiom"), "j": ("简称略语", "abbreviation"),
    "k": ("后缀", "suffix"), "l": ("习用语", "fixed expression"), "m": ("数词", "numeral"),
    "mq": ("数量词", "numeral-classifier"), "n": ("名词", "noun"), "ng": ("名语素", "noun morpheme"),
    "nr": ("人名", "person name"), "nrfg": ("人名", "person name"), "nrt": ("音译人名", "transliterated name"),
    "ns": ("地名", "place name"), "nt": ("机构团体", "organisation"), "nz": ("其他专名", "other proper noun"),
    "o": ("拟声词", "onomatopoeia"), "p": ("介词", "preposition"), "q": ("量词", "classifier"),
    "r": ("代词", "pronoun"), "rg": ("代语素", "pronoun morpheme"), "rr": ("人称代词", "personal pronoun"),
    "rz": ("指示代词", "demonstrative"), "s": ("处所词", "place word"), "t": ("时间词", "time word"),
    "tg": ("时语素", "time morpheme"), "u": ("助词", "particle"), "ud": ("结构助词（得）", "particle 得"),
    "ug": ("时态助词（过）", "particle 过"), "uj": ("结构助词（的）", "particle 的"), "ul": ("时态助词（了）", "particle 了"),
    "uv": ("结构助词（地）", "particle 地"), "uz": ("时态助词（着）", "particle 着"), "v": ("动词", "verb"),
    "vd": ("副动词", "adverbial verb"), "vg": ("动语素", "verb morpheme"), "vi": ("不及物动词", "intransitive verb"),
    "vn": ("名动词", "nominal verb"), "vq": ("动词", "verb"), "x": ("非语素字、标点", "non-morpheme, punctuation"),
    "y": ("语气词", "modal particle"), "z": ("状态词", "status word"), "zg": ("状态语素", "status morpheme"),
}
#: the tags of names, by kind
NAME_TAGS = {"人名": ("nr",), "地名": ("ns",), "机构": ("nt",)}


def _require_pos(tokens: pd.DataFrame) -> None:
    schema.validate_tokens(tokens, ())
    if "pos" not in tokens.columns:
        raise ValueError("tokens: no part-of-speech column; segment with la.segment(paragraphs, pos=True)")


def _matching(tags: pd.Series, wanted: str | Sequence[str], exact: bool) -> np.ndarray:
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    if not wanted:
        raise ValueError("pos: name at least one tag (e.g. 'n', 'v', ['nr', 'ns'])")
    categories = [str(c) for c in tags.cat.categories]
    chosen = [c for c in categories if any(c == w or (not exact and c.startswith(w)) for w in wanted)]
    return tags.isin(chosen).to_numpy()


def by_pos(tokens: pd.DataFrame, pos: str | Sequence[str], *, exact: bool = False) -> pd.DataFrame:
    """The token rows whose part of speech is ``pos`` (a tag, or several; with their subclasses unless
    ``exact``): a token table every statistic takes — term lists of nouns only, keyness of verbs only. The
    denominators (字 per group) are then those of the rows kept, as for any filtered table.

    Parameters
    ----------
    tokens : DataFrame
        A token table of ``segment(…, pos=True)``.
    pos : str or list of str
        Tags (:data:`TAGSET`): ``"n"`` keeps n, nr, ns, nt, nz …; ``["v", "vn"]`` verbs.
    exact : bool, default False
        Keep only the tags named, not their subclasses.

    Returns
    -------
    DataFrame
        The rows kept (the paragraph table stays linked).

    See Also
    --------
    lectureanalysis.segment : ``pos=True`` tags the tokens.
    lectureanalysis.term_frequencies : A term list of the rows kept.

    Examples
    --------
    >>> tagged = la.segment(report_paragraphs, pos=True, progress=False)
    >>> la.term_frequencies(la.by_pos(tagged, "v"))["feature"].head(3).tolist()
    ['发展', '建设', '推进']
    """
    _require_pos(tokens)
    return tokens[_matching(tokens["pos"], pos, exact)]


def pos_lines(lines: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Concordance lines (:func:`kwic`) with the part of speech of the token where each match starts
    (``pos``), and whether the match is that token exactly (``whole_token``): filter them to read 发展 as a
    verb (``v``) apart from 发展 as a noun (``vn``).

    Parameters
    ----------
    lines : DataFrame
        A table of :func:`lectureanalysis.kwic`.
    tokens : DataFrame
        The tagged token table of the same paragraphs (``segment(…, pos=True)``).

    Returns
    -------
    DataFrame
        ``lines`` with the columns ``pos`` and ``whole_token`` (a line whose match starts inside a token has
        that token's tag and ``whole_token`` False).

    See Also
    --------
    lectureanalysis.kwic : The lines.
    by_pos : Token rows by tag.

    Examples
    --------
    >>> tagged = la.segment(report_paragraphs, pos=True, progress=False)
    >>> lines = la.pos_lines(la.kwic(report_paragraphs, "发展"), tagged)
    >>> sorted(lines["pos"].value_counts().head(2).index)
    ['n', 'vn']
    """
    _require_pos(tokens)
    schema.validate_tokens(tokens, ("start",))
    ends = tokens["start"].to_numpy() + tokens["token"].astype(str).str.len().to_numpy()
    frame = pd.DataFrame({"speech_id": tokens["speech_id"].astype(str).to_numpy(),
                          "para_id": tokens["para_id"].to_numpy(), "t_start": tokens["start"].to_numpy(),
                          "t_end": ends, "pos": tokens["pos"].astype(str).to_numpy(),
                          "token": tokens["token"].astype(str).to_numpy()})
    keys = lines[["speech_id", "para_id", "start", "end"]].assign(speech_id=lines["speech_id"].astype(str),
                                                                   _line=np.arange(len(lines)))
    merged = keys.merge(frame, on=["speech_id", "para_id"], how="left")
    holding = merged[(merged["t_start"] <= merged["start"]) & (merged["start"] < merged["t_end"])]
    holding = holding.drop_duplicates("_line").set_index("_line")
    out = lines.copy()
    out["pos"] = holding["pos"].reindex(np.arange(len(lines))).to_numpy()
    whole = (holding["t_start"] == holding["start"]) & (holding["t_end"] == holding["end"])
    out["whole_token"] = whole.reindex(np.arange(len(lines)), fill_value=False).to_numpy(dtype=bool)
    return out


def entities(tokens: pd.DataFrame, *, min_count: int = 1) -> pd.DataFrame:
    """A rough list of the people, places and organisations each speech names, from the tags nr, ns and nt
    (and their subclasses): one row per speech, kind and name, with its count.

    Parameters
    ----------
    tokens : DataFrame
        A token table of ``segment(…, pos=True)``.
    min_count : int, default 1
        Leave out names counted fewer times in the speech.

    Returns
    -------
    DataFrame
        Columns ``speech_id, kind`` (人名, 地名, 机构), ``entity, count``; by speech, kind, then count
        (descending) and name.

    See Also
    --------
    by_pos : Token rows by tag.

    Examples
    --------
    >>> tagged = la.segment(report_paragraphs, pos=True, progress=False)
    >>> names = la.entities(tagged)
    >>> names[names.kind == "地名"].head(2)[["entity", "count"]].values.tolist()
    [['中国', 18], ['城镇', 16]]
    """
    _require_pos(tokens)
    schema.check_whole("min_count", min_count, minimum=1)
    parts = []
    for kind, tags in NAME_TAGS.items():
        rows = tokens[_matching(tokens["pos"], tags, exact=False)]
        sizes = rows.groupby([rows["speech_id"].astype(str), rows["token"].astype(str)]).size()
        table = sizes[sizes >= min_count].rename("count").rename_axis(["speech_id", "entity"]).reset_index()
        parts.append(table.assign(kind=kind))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    kinds = {k: i for i, k in enumerate(NAME_TAGS)}
    out = out.iloc[np.lexsort((out["entity"].to_numpy(), -out["count"].to_numpy(),
                               out["kind"].map(kinds).to_numpy(), out["speech_id"].to_numpy()))]
    return out[["speech_id", "kind", "entity", "count"]].reset_index(drop=True)
