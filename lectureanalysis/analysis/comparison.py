"""Which speeches to compare: a target and a reference, chosen by a column's values or by expressions.

``plan_comparisons`` turns the report's options (``--compare COLUMN``, ``--target EXPR --reference EXPR``) into
:class:`Comparison` s — named sets of speech ids — and :func:`compare_keyness` computes keyness for one.
Expressions are written in the selection language of :mod:`lectureanalysis.selection` — pandas query syntax
over the speeches table (``year >= 2013``, ``collection == "党课讲稿"``, ``title.str.contains("改革")``), so any
column works, metadata included — and are parsed, never run as code.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lectureanalysis.analysis.keywords import keyness_of_speeches
from lectureanalysis.analysis.overview import plural
from lectureanalysis.analysis.selection import columns_named, select
from lectureanalysis.errors import ComparisonWarning, GroupingWarning, user_stacklevel

#: a column with more values than this is compared by decade (years) or needs a target expression
MAX_VALUES = 6
#: the default era comparison: the speeches of the last ERA_YEARS years present against the earlier ones
ERA_YEARS = 10
#: fewer speeches than this on a side: a default comparison is not made, an asked-for one is made with a warning
MIN_SPEECHES = 3


@dataclass(frozen=True)
class Comparison:
    """A target and a reference, each a list of speech ids with a description a reader understands."""

    target: str  # "year ≥ 2016", "collection = 党课讲稿"
    reference: str  # "year < 2016", "all other speeches"
    target_ids: tuple[str, ...]
    reference_ids: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.target} against {self.reference}"

    @property
    def small(self) -> str:
        """Why the comparison says little beyond its texts ("1 speech in the target"), or ``""``."""
        sides = [(len(self.target_ids), "the target"), (len(self.reference_ids), "the reference")]
        few = [f"{n} speech{'es' if n != 1 else ''} in {side}" for n, side in sides if n < MIN_SPEECHES]
        return " and ".join(few)


def plan_comparisons(speeches: pd.DataFrame, *, compare: str | None = None, target: str | None = None,
                     reference: str | None = None) -> list[Comparison]:
    """The comparisons a report makes.

    - ``target`` (and optionally ``reference``, else every other speech): one comparison of the speeches
      each expression selects; they must not overlap.
    - ``compare``: a column; with 2 values, the first against the second; with up to :data:`MAX_VALUES`,
      each value against all other speeches; a year column with more values is compared by decade.
    - neither: ``collection`` when the corpus has several, and the era of the last :data:`ERA_YEARS` years
      against the earlier speeches when the years span more than that (else the later half of the years
      against the earlier half).

    A default comparison is made only when each side holds at least :data:`MIN_SPEECHES` speeches — one
    speech against fifty says how that speech differs, not how a kind of speech does; one left out is named
    in a :class:`ComparisonWarning`. A comparison asked for with fewer is made, with the same warning.

    Raises ``ValueError`` naming the option and the problem (an unknown column, a bad expression, an empty
    selection).

    Parameters
    ----------
    speeches : DataFrame
        The speeches table of :func:`load` or :func:`load_speeches`.
    compare : str, optional
        A column whose values are compared.
    target : str, optional
        An expression of the selection language (``'year >= 2013'``).
    reference : str, optional
        The other side's expression (default: every other speech).

    Returns
    -------
    list of Comparison
        Each with ``title``, ``target_ids`` and ``reference_ids``.

    See Also
    --------
    compare_keyness : Keyness of one comparison.

    Examples
    --------
    >>> [plan.title for plan in la.plan_comparisons(reports, compare="speaker")]
    ['speaker = 李克强 against speaker = 李强']
    """
    plans = _plans(speeches, compare, target, reference)
    if compare is None and target is None:
        kept = []
        for plan in plans:
            if plan.small:
                warnings.warn(f"comparison {plan.title}: not made by default, as it has {plan.small} (at least "
                              f"{MIN_SPEECHES} a side); ask for it with --target/--reference or --compare",
                              ComparisonWarning, stacklevel=user_stacklevel())
            else:
                kept.append(plan)
        return kept
    for plan in plans:
        if plan.small:
            warnings.warn(f"comparison {plan.title}: {plan.small}; its keywords describe these texts, not a kind "
                          f"of speech (fewer than {MIN_SPEECHES} speeches a side)", ComparisonWarning, stacklevel=user_stacklevel())
    return plans


def _plans(speeches: pd.DataFrame, compare: str | None, target: str | None,
           reference: str | None) -> list[Comparison]:
    if reference is not None and target is None:
        raise ValueError("reference: needs a target (--target EXPR) to compare it with")
    if target is not None:
        chosen = _query(speeches, target, "target")
        rest = speeches[~speeches["speech_id"].isin(chosen)]
        described = "all other speeches"
        if reference is None:  # a speech without a value of the target's columns is in neither side
            named = _columns_named(target, speeches)
            lacking = rest[named].isna().any(axis=1) if named else pd.Series(False, index=rest.index)
            if lacking.any():
                left_out = list(rest.loc[lacking, "speech_id"])
                shown = ", ".join(map(str, left_out[:5])) + (f" and {len(left_out) - 5:,} more" if len(left_out) > 5 else "")
                warnings.warn(f"reference: {plural(len(left_out), 'speech', 'speeches')} without a value of {', '.join(named)} are left "
                              f"out of the reference of --target {target!r}: {shown}", GroupingWarning, stacklevel=user_stacklevel())
                described = f"all other speeches with a value of {', '.join(named)}"
            rest = rest[~lacking]
        other = _query(speeches, reference, "reference") if reference is not None else list(rest["speech_id"])
        overlap = sorted(set(chosen) & set(other))
        if overlap:
            raise ValueError(f"reference: {reference!r} selects speeches the target selects too: "
                             f"{', '.join(map(str, overlap[:5]))}")
        if not other:
            raise ValueError("reference: no speech is left to compare the target with")
        return [Comparison(target, reference if reference is not None else described,
                           tuple(chosen), tuple(other))]
    if compare is not None:
        if compare not in speeches.columns:
            raise ValueError(f"compare: no column {compare!r} in the speeches table")
        return _by_column(speeches, compare, strict=True)
    plans: list[Comparison] = []
    if "collection" in speeches.columns and speeches["collection"].nunique() > 1:
        plans += _collections(speeches)
    if "year" in speeches.columns:
        plans += _eras(speeches)
    return plans


def compare_keyness(tokens: pd.DataFrame, comparison: Comparison, *, min_count: int = 5) -> pd.DataFrame:
    """:func:`lectureanalysis.stats.keyness` of the comparison's target against its reference (a pandas or a
    Dask token table).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    comparison : Comparison
        One of :func:`plan_comparisons`.
    min_count : int, default 5
        As :func:`keyness`.

    Returns
    -------
    DataFrame
        The columns of :func:`keyness`.

    See Also
    --------
    keyness : The statistic.
    plan_comparisons : The comparisons.

    Examples
    --------
    >>> plan = la.plan_comparisons(reports, compare="speaker")[0]
    >>> la.compare_keyness(report_tokens, plan).iloc[0]["feature"]
    '改革'
    """
    return keyness_of_speeches(tokens, comparison.target_ids, comparison.reference_ids, min_count=min_count)


def _query(speeches: pd.DataFrame, expression: str, name: str) -> list[str]:
    """The speech ids an expression of the selection language selects (see :mod:`lectureanalysis.selection`:
    no code runs, whoever wrote the text)."""
    selected = speeches[select(speeches, expression, name=name).to_numpy()]
    if selected.empty:
        raise ValueError(f"{name}: {expression!r} selects no speech")
    return list(selected["speech_id"])


def _columns_named(expression: str, speeches: pd.DataFrame) -> list[str]:
    """The speech columns an expression names, in table order."""
    named = set(columns_named(expression))
    return [c for c in speeches.columns if c in named]


def value_label(value: object) -> str:
    """A value as a reader reads it: a whole number stored as a float (a year read with gaps) without its .0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _by_column(speeches: pd.DataFrame, column: str, *, strict: bool) -> list[Comparison]:
    known = speeches[speeches[column].notna() & (speeches[column].astype(str).str.strip() != "")]
    values = sorted(pd.unique(known[column]), key=lambda v: (not isinstance(v, (int, float, np.number)), v))
    if len(values) < 2:
        if strict:
            raise ValueError(f"compare: {column!r} has {len(values)} value(s) in this corpus; comparing needs two")
        return []
    ids = {v: list(known.loc[known[column] == v, "speech_id"]) for v in values}
    if len(values) == 2:
        first, second = values
        return [Comparison(f"{column} = {value_label(first)}", f"{column} = {value_label(second)}",
                           tuple(ids[first]), tuple(ids[second]))]
    if len(values) <= MAX_VALUES:
        return [Comparison(f"{column} = {value_label(v)}", f"{column} ≠ {value_label(v)}", tuple(ids[v]),
                           tuple(s for w in values if w != v for s in ids[w])) for v in values]
    numbers = pd.to_numeric(known[column], errors="coerce")
    if numbers.notna().all() and numbers.between(1000, 2999).all():
        decades = (numbers // 10 * 10).astype(int)
        plans = []
        for decade in sorted(decades.unique()):
            inside = decades == decade
            plans.append(Comparison(f"the {decade}s", "the other decades", tuple(known.loc[inside, "speech_id"]),
                                    tuple(known.loc[~inside, "speech_id"])))
        return plans
    raise ValueError(f"compare: {column!r} has {len(values)} values; name the speeches to compare with "
                     f"--target EXPR (and --reference EXPR), e.g. --target \"{column} == {value_label(values[-1])!r}\"")


#: the column a default comparison of nested collections (国务院, 省级/四川省 …) compares by
TOP_FOLDER = "collection (top folder)"


def _collections(speeches: pd.DataFrame) -> list[Comparison]:
    """The default comparison of collections: by ``collection`` when it has at most :data:`MAX_VALUES` values
    and no folder holds several of them; else by ``level`` (国家, 省 …, from the folders or a manifest) when it
    has two to :data:`MAX_VALUES` values; else, when the collections are sub-folders of a few top folders
    (国务院 and 省级/四川省, 省级/广东省 …), by the top folder (the centre against the provinces); else none, with a
    warning saying how to ask for one. (Provinces in sub-folders of one folder are one side of a comparison,
    not each a comparison against all the rest.)"""
    values = speeches["collection"].dropna().astype(str)
    values = values[values.str.strip() != ""]
    nested = values.str.split("/", n=1).str[0].nunique() < values.nunique()  # a folder holds several collections
    if values.nunique() <= MAX_VALUES and not nested:
        return _by_column(speeches, "collection", strict=False)
    if "level" in speeches.columns:  # the levels of government the folders tell: 国家 against 省
        levels = speeches["level"].astype("string").replace("", pd.NA)
        if 2 <= levels.dropna().nunique() <= MAX_VALUES:
            return _by_column(speeches.assign(level=levels), "level", strict=False)
    top = speeches["collection"].astype("string").str.split("/", n=1).str[0]
    if 2 <= top.dropna().nunique() <= MAX_VALUES:
        return _by_column(speeches.assign(**{TOP_FOLDER: top}), TOP_FOLDER, strict=False)
    example = values.iloc[-1]
    warnings.warn(f"comparison of collections: not made by default, as 'collection' has {values.nunique()} values "
                  f"(at most {MAX_VALUES}); name the speeches with --target, e.g. --target \"collection == "
                  f"{example!r}\"", ComparisonWarning, stacklevel=user_stacklevel())
    return []


def _eras(speeches: pd.DataFrame) -> list[Comparison]:
    years = pd.to_numeric(speeches["year"], errors="coerce")
    dated = speeches[years.notna()]
    years = years[years.notna()]
    if years.nunique() < 2:
        return []
    last = int(years.max())
    start = last - ERA_YEARS + 1
    if years.min() >= start:  # all within one era: the later half of the years against the earlier half
        distinct = np.sort(years.unique())
        start = int(distinct[len(distinct) // 2])
    return [Comparison(f"year ≥ {start}", f"year < {start}", tuple(dated.loc[years >= start, "speech_id"]),
                       tuple(dated.loc[years < start, "speech_id"]))]
