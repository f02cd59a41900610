"""What the page shows of the long tables, chosen for a reader: concordance lines spread over the corpus, one row
per formulation, trends split by level of government, the speeches with most hits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lectureanalysis.plot.style import date_order
from lectureanalysis.report.settings import UNKNOWN

#: a speech column that splits the trends into small multiples when it has between two and this many values
#: (the levels of government: 国家, 省, 市 …)
FACET_VALUES = 6
#: the speech columns tried, in order, to split the trends
FACET_COLUMNS = ("level",)


def facet_column(speeches: pd.DataFrame) -> str | None:
    """The speech column the trends are split by: the first of :data:`FACET_COLUMNS` with two to
    :data:`FACET_VALUES` values among the speeches that have one, else ``None`` (one line per term)."""
    for column in FACET_COLUMNS:
        if column not in speeches.columns:
            continue
        values = speeches[column].dropna().astype(str).str.strip()
        if 2 <= values[values != ""].nunique() <= FACET_VALUES:
            return column
    return None


def faceted_trend(concordance: pd.DataFrame, paragraphs: pd.DataFrame, speeches: pd.DataFrame, terms: list[str],
                  *, by: str, facet: str) -> pd.DataFrame:
    """Each term's occurrences and rate per 万字 for every (``facet``, ``by``) pair of the corpus, counted from the
    concordance lines (the text's occurrences, as :func:`lectureanalysis.trend` counts them) and the 字 of the
    pair's paragraphs. Columns ``feature, facet, group, frequency, n_chars, per_10k_chars``; pairs with no text are
    absent (a line breaks there), speeches with no value of ``facet`` are under （未知）."""
    labels = speeches.set_index("speech_id")[[facet, by]].astype(object)
    labels[facet] = labels[facet].where(labels[facet].notna() & (labels[facet].astype(str).str.strip() != ""),
                                        UNKNOWN).astype(str)
    chars = paragraphs.groupby("speech_id", sort=False)["n_chars"].sum()
    sizes = labels.assign(n_chars=chars.reindex(labels.index).fillna(0).to_numpy()).groupby(
        [facet, by], sort=True)["n_chars"].sum()
    # lines counted by term and speech (integer codes: a large corpus has millions of lines), then by pair
    speech, ids = pd.factorize(concordance["speech_id"])
    term_code, names = pd.factorize(concordance["term"])
    per_speech = labels.reindex(pd.Index(ids).astype(str))
    lines = np.bincount(term_code.astype(np.int64) * len(ids) + speech, minlength=len(names) * len(ids))
    counts = pd.DataFrame({"term": np.repeat(pd.Index(names).astype(str).to_numpy(), len(ids)),
                           facet: np.tile(per_speech[facet].to_numpy(), len(names)),
                           by: np.tile(per_speech[by].to_numpy(), len(names)), "lines": lines})
    counted = counts[counts["lines"] > 0].groupby(["term", facet, by], sort=False)["lines"].sum()
    rows = []
    for term in terms:
        frequency = counted.xs(term, level="term").reindex(sizes.index, fill_value=0) \
            if term in counted.index.get_level_values(0) else pd.Series(0, index=sizes.index)
        rows.append(pd.DataFrame({"feature": term, "facet": sizes.index.get_level_values(0),
                                  "group": sizes.index.get_level_values(1),
                                  "frequency": frequency.to_numpy(dtype=np.int64), "n_chars": sizes.to_numpy()}))
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["feature", "facet", "group", "frequency", "n_chars"])
    table = table[table["n_chars"] > 0].reset_index(drop=True)
    table["per_10k_chars"] = table["frequency"] / table["n_chars"] * 10_000
    return table


def spread_lines(lines: pd.DataFrame, paragraphs: pd.DataFrame, speeches: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` concordance lines of one term that show how the corpus uses it: lines of body text before headings,
    from as many speeches as there are (up to ``n``) chosen evenly along the corpus's date order, each speech's
    middle line of its body text; when fewer speeches hold the term, more lines of those speeches, spread the same
    way. Returned in date order, with the speech's ``year`` and ``is_heading``."""
    if not len(lines) or n <= 0:
        return lines.assign(year=pd.Series(dtype=object), is_heading=pd.Series(dtype=bool)).head(0)
    # what the choice needs, a narrow table (a term of a large corpus has a million lines): whether a line's
    # paragraph is a heading (looked up among the headings only), its speech's place in date order, where it is
    headings = paragraphs.loc[paragraphs["is_heading"].to_numpy(dtype=bool), ["speech_id", "para_id"]]
    codes, ids = pd.factorize(lines["speech_id"])  # (a categorical's codes: no string per line)
    ids = pd.Index(ids).astype(str)
    width = int(max(lines["para_id"].max(), headings["para_id"].max() if len(headings) else 0)) + 1
    key = codes.astype(np.int64) * width + lines["para_id"].to_numpy(np.int64)
    heading_key = ids.get_indexer(headings["speech_id"].astype(str)).astype(np.int64) * width \
        + headings["para_id"].to_numpy(np.int64)  # (a speech without lines: below 0, never a line's key)
    order = _date_rank(speeches)
    rank = pd.Series(ids).map(order).fillna(len(order)).to_numpy()
    table = pd.DataFrame({"is_heading": np.isin(key, heading_key), "_rank": rank[codes],
                          "para_id": lines["para_id"].to_numpy(), "start": lines["start"].to_numpy()},
                         index=lines.index)
    table = table.sort_values(["is_heading", "_rank", "para_id", "start"], kind="stable")
    chosen: list[int] = []
    for heading_rows in (False, True):  # body text first; headings only when the body has too few lines
        part = table[table["is_heading"] == heading_rows]
        while len(chosen) < n and len(part):
            speeches_left = list(dict.fromkeys(part["_rank"]))
            take = min(n - len(chosen), len(speeches_left))
            picks = [speeches_left[i] for i in _even(len(speeches_left), take)]
            for rank in picks:
                rows = part[part["_rank"] == rank]
                chosen.append(int(rows.index[len(rows) // 2]))
            part = part.drop(index=[i for i in chosen if i in part.index])
    shown = table.loc[chosen].sort_values(["_rank", "para_id", "start"], kind="stable")
    years: pd.Series | dict[str, object] = speeches.set_index("speech_id")["year"] if "year" in speeches.columns \
        else {}
    return lines.loc[shown.index].assign(is_heading=shown["is_heading"].to_numpy(),
                                         year=lines.loc[shown.index, "speech_id"].map(years).to_numpy())


def _even(total: int, take: int) -> list[int]:
    """``take`` positions of ``0 … total − 1`` spread evenly, the first and the last included."""
    if take >= total:
        return list(range(total))
    if take == 1:
        return [total // 2]
    return sorted({round(i * (total - 1) / (take - 1)) for i in range(take)})


def _date_rank(speeches: pd.DataFrame) -> dict[str, int]:
    """Each speech's place in date order (the charts' order: date, else the year, then id; undated last)."""
    return {sid: i for i, sid in enumerate(date_order(speeches)["speech_id"])}


def formulation_summary(found: pd.DataFrame, speeches: pd.DataFrame) -> pd.DataFrame:
    """One row per formulation (提法 and designations): ``formulation, kind, number, count`` (places found),
    ``speeches`` (holding it), ``first_year, last_year`` (of the speeches holding it, where they have a year) and
    ``items`` (the items the text spells out, the reading given most often; empty when never spelled out), the
    most used first."""
    columns = ["formulation", "kind", "number", "count", "speeches", "first_year", "last_year", "items"]
    if not len(found):
        return pd.DataFrame(columns=columns)
    years = pd.to_numeric(speeches.set_index("speech_id")["year"], errors="coerce") if "year" in speeches.columns \
        else pd.Series(dtype=float)
    table = found.assign(_year=found["speech_id"].map(years).to_numpy())
    items = table["items"].map(_items_text) if "items" in table.columns else pd.Series("", index=table.index)
    table = table.assign(_items=items)
    grouped = table.groupby(["formulation", "kind"], sort=False)
    given = table[table["_items"] != ""].groupby(["formulation", "kind", "_items"], sort=False).size()
    given = given.sort_values(ascending=False, kind="stable")  # the reading given most often; ties: the first given
    most = given.reset_index().drop_duplicates(["formulation", "kind"]).set_index(["formulation", "kind"])["_items"]
    out = pd.DataFrame({
        "count": grouped.size(), "speeches": grouped["speech_id"].nunique(),
        "number": grouped["number"].first(), "first_year": grouped["_year"].min(), "last_year": grouped["_year"].max(),
    })
    out["items"] = most.reindex(out.index).fillna("").to_numpy()
    out = out.reset_index()
    for column in ("first_year", "last_year"):
        out[column] = out[column].astype("Int64")
    out = out.sort_values(["count", "speeches", "formulation"], ascending=[False, False, True], kind="stable")
    return out[columns].reset_index(drop=True)


def _items_text(value: object) -> str:
    """The items a formulation's place spells out, as a reader reads them (一、二 joined with 、; none: empty)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "、".join(map(str, value))
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def most_hits(concordance: pd.DataFrame, speeches: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` speeches holding the followed terms most often (all terms together; ties by date order), in date
    order: the rows a concordance plot of a large corpus draws."""
    counts = concordance.groupby("speech_id", sort=False).size()
    rank = _date_rank(speeches)
    top = sorted(counts.index, key=lambda sid: (-int(counts[sid]), rank.get(sid, len(rank))))[:n]
    chosen = speeches[speeches["speech_id"].isin(top)]
    return chosen.assign(_rank=chosen["speech_id"].map(rank)).sort_values("_rank", kind="stable").drop(columns="_rank")
