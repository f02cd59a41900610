"""The statistics a report shows, computed once for the page, the figures and the tables (on a Dask cluster
with ``engine="dask"``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from lectureanalysis.analysis.collocation import collocations
from lectureanalysis.analysis.comparison import Comparison, value_label
from lectureanalysis.analysis.concordance import KWIC_COLUMNS, kwic
from lectureanalysis.analysis.formulation import formulations as find_formulations
from lectureanalysis.analysis.frequency import ngrams_of_lengths, term_frequencies
from lectureanalysis.analysis.profile import lexical_profile
from lectureanalysis.analysis.spread import dispersion
from lectureanalysis.analysis.trends import trend
from lectureanalysis.errors import TermWarning
from lectureanalysis.report.background import in_background
from lectureanalysis.report.folders import OWNED
from lectureanalysis.report.settings import NGRAMS_KEPT, UNKNOWN, Progress
from lectureanalysis.report.summaries import facet_column, faceted_trend, formulation_summary
from lectureanalysis.report.tables import PartedTable
from lectureanalysis.structure.sections import section_lengths
from lectureanalysis.tokens import simplified_speeches
from lectureanalysis.tokens.stopwords import is_punctuation


@dataclass
class _Side:
    speeches: int
    chars: int
    tokens: int


@dataclass
class _Compared:
    plan: Comparison
    table: pd.DataFrame
    target: _Side
    reference: _Side


def _side(speeches: pd.DataFrame, tokens: object, ids: Sequence[str], table: pd.DataFrame, column: str) -> _Side:
    """A comparison side's speeches, 字 and word tokens (read from the keyness table's size_target or size_reference when it has
    rows, counted in a pandas token table otherwise)."""
    chosen = speeches["speech_id"].isin(ids)
    if len(table):
        words = int(table[column].iloc[0])
    elif isinstance(tokens, pd.DataFrame):
        words = int((tokens["speech_id"].isin(ids) & ~tokens["token"].map(is_punctuation).astype(bool)).sum())
    else:
        words = 0
    return _Side(int(chosen.sum()), int(speeches.loc[chosen, "n_chars"].sum()), words)


def _collocates(tokens: pd.DataFrame, terms: Sequence[str], window: int) -> pd.DataFrame:
    """The collocates of each term (a ``node`` column first), the term found on the text; a term that does not
    occur has none."""
    parts = []
    for term in terms:
        try:
            parts.append(collocations(tokens, term, window=window).assign(node=term))
        except ValueError:
            continue
    if not parts:
        return pd.DataFrame(columns=["node", "feature", "observed", "log_dice", "g2"])
    table = pd.concat(parts, ignore_index=True)
    return table[["node", *[c for c in table.columns if c != "node"]]]


def _top_ngrams(tokens: Any) -> pd.DataFrame:  # a pandas or a Dask token table
    """The most frequent 2-, 3- and 4-grams (stop words removed first), :data:`NGRAMS_KEPT` of each length (a
    Dask table's added up on its workers, and only the most frequent brought here)."""
    lengths = (2, 3, 4)
    if isinstance(tokens, pd.DataFrame):
        found = ngrams_of_lengths(tokens, lengths, exclude_stopwords=True, min_count=2, top=NGRAMS_KEPT)
    else:
        from lectureanalysis.engines.dask import ngrams as distributed

        found = {n: distributed(tokens, n, exclude_stopwords=True, min_count=2, top=NGRAMS_KEPT) for n in lengths}
    return pd.concat([found[n].head(NGRAMS_KEPT).assign(n=n) for n in lengths], ignore_index=True)


def _found_elsewhere(paragraphs: pd.DataFrame, tokens: pd.DataFrame | None, chosen: list[str] | None,
                     ) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """The work the report hands to another process: the formulations, and for a pandas table the n-grams and
    the concordance of the ``chosen`` terms."""
    grams = _top_ngrams(tokens) if tokens is not None else None
    concordance = _concordance(paragraphs, chosen) if chosen is not None else None
    return find_formulations(paragraphs), grams, concordance


def _concordance(paragraphs: pd.DataFrame, chosen: list[str]) -> pd.DataFrame:
    """Every concordance line of each followed term, term after term."""
    if not chosen:
        return pd.DataFrame(columns=["term", *KWIC_COLUMNS])
    return pd.concat([kwic(paragraphs, term).assign(term=term) for term in chosen], ignore_index=True)


def _statistics(tokens: Any, speeches: pd.DataFrame, paragraphs: pd.DataFrame, plans: list[Comparison],
                terms: Sequence[str] | None, by: str, min_count: int, window: int, notes: list[str],
                say: Progress, cluster: Any = None,
                labelled: Callable[[pd.DataFrame], pd.DataFrame] = lambda part: part,
                ) -> tuple[dict[str, Any], tuple[object, ...]]:
    """Every table of the report, the token statistics on a pandas or a Dask token table. With a ``cluster``
    (a :class:`lectureanalysis.engines.dask_report.ClusterCorpus`) the section lengths and formulations are
    those its workers found, the concordance is found there, and the paragraph and concordance tables are
    written from its store a batch at a time (each batch of paragraphs ``labelled`` as the report labels them)."""
    from lectureanalysis.analysis.comparison import compare_keyness

    say("computing statistics")
    frequencies = term_frequencies(tokens)
    chosen = list(dict.fromkeys(terms)) if terms else frequencies["feature"].head(5).tolist()
    # the formulations (pure Python over the paragraphs), the n-grams and the concordance in a forked process, on
    # the other core, while this one counts the rest (a Dask table's are counted on its cluster, from here)
    local = isinstance(tokens, pd.DataFrame)
    elsewhere = in_background(_found_elsewhere, paragraphs, tokens if local else None, chosen if local else None) \
        if cluster is None else (lambda: (cluster.formulations, None, None))
    lengths = section_lengths(paragraphs) if cluster is None else cluster.lengths
    profile = lexical_profile(tokens, paragraphs)
    comparisons = []
    for plan in plans:
        try:
            table = compare_keyness(tokens, plan, min_count=min_count)
            comparisons.append(_Compared(plan, table, _side(speeches, tokens, plan.target_ids, table, "size_target"),
                                         _side(speeches, tokens, plan.reference_ids, table, "size_reference")))
        except ValueError as exc:  # a side with no word token: said in the page, never a crash
            notes.append(f"Comparison {plan.title} not made: {exc}")
    trends = trend(tokens, chosen, by=by)
    with warnings.catch_warnings():  # a term's TermWarning was given once, by the trend
        warnings.simplefilter("ignore", TermWarning)
        collocates = _collocates(tokens, chosen, window)
        spread = dispersion(tokens, chosen)
    by_group = term_frequencies(tokens, by=by)  # (before waiting for the other process)
    found, grams, concordance = elsewhere()
    if grams is None:
        grams = _top_ngrams(tokens)
    if concordance is None:  # found on the workers: here without the contexts, which stay in the store
        concordance = cluster.concordance(chosen) if chosen else _concordance(paragraphs, chosen)
    facet = facet_column(speeches)
    if cluster is not None:
        parted = {"paragraphs": PartedTable(lambda: map(labelled, cluster.paragraph_parts()), len(paragraphs),
                                            cluster.paragraph_width())}
        if chosen:
            parted["concordance"] = PartedTable(lambda: cluster.concordance_parts(chosen), len(concordance),
                                                len(KWIC_COLUMNS) + 1)
    tables = {
        "speeches": speeches,
        "paragraphs": paragraphs if cluster is None else parted["paragraphs"],
        "section_lengths": lengths,
        "lexical_profile": profile,
        "term_frequencies": frequencies,
        "term_frequencies_by_group": by_group,
        "ngrams": grams,
        "trends": trends,
        "concordance": parted.get("concordance", concordance) if cluster is not None else concordance,
        "collocations": collocates,
        "dispersion": spread,
        "formulations": found,
        "formulation_summary": formulation_summary(found, speeches),
    }
    if facet is not None and chosen:  # trends split by level of government: small multiples, a line per level
        tables[f"trends_by_{facet}"] = faceted_trend(concordance, paragraphs, speeches, chosen, by=by, facet=facet)
    if comparisons:
        tables["keyness"] = pd.concat([c.table.assign(comparison=c.plan.title) for c in comparisons], ignore_index=True)

    return tables, (frequencies, lengths, profile, grams, comparisons, chosen, trends, concordance, collocates,
                    spread, found)


#: how long the report waits to reach a Dask scheduler
SCHEDULER_SECONDS = 5


def _on_cluster(corpus: str | Path, *, metadata: object, folders: object, max_bytes: int, stopwords: object,
                client: object, say: Progress) -> tuple[Any, Callable[[], None]]:
    """The corpus loaded and segmented on a Dask cluster (``client``: a Client, a scheduler's address, or
    ``None`` for a LocalCluster started here) into a temporary store
    (:func:`lectureanalysis.engines.dask_report.load_on_cluster`); and what closes the cluster it started and
    removes the store."""
    from dask.distributed import Client, LocalCluster

    from lectureanalysis.engines.dask_report import load_on_cluster

    given = client if isinstance(client, Client) else None
    address = client if isinstance(client, str) and client else None
    if client is not None and given is None and address is None:
        raise ValueError(f"client: expected a dask.distributed.Client or a scheduler's address, got {client!r}")
    local = None if given is not None or address else LocalCluster(dashboard_address=":0")
    try:
        client = given if given is not None else Client(address or local, timeout=SCHEDULER_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ValueError(f"scheduler: cannot reach a Dask scheduler at {address} within {SCHEDULER_SECONDS} s "
                         f"({type(exc).__name__}: {exc}); check the address (tcp://host:8786) and that it runs") from None
    say(f"Dask dashboard: {client.dashboard_link}")
    folder = Path(tempfile.mkdtemp(prefix="lectureanalysis-store-"))

    def close() -> None:
        if given is None:  # a client the caller gave stays open
            client.close()  # type: ignore[attr-defined]
        if local is not None:
            local.close()
        shutil.rmtree(folder, ignore_errors=True)

    say(f"loading and segmenting on the cluster into {folder}")
    options = {} if stopwords == "default" else {"stopwords": stopwords}
    try:
        cluster = load_on_cluster(corpus, folder / "store", client, metadata=metadata, folders=folders,
                                  max_bytes=max_bytes, options=options, batch_bytes=STORE_BATCH_BYTES)
    except BaseException:
        close()
        raise
    return cluster, close


#: the text a worker loads and segments at a time with ``engine="dask"`` (None: the engine's own default)
STORE_BATCH_BYTES: int | None = None


def _cluster_tokens(cluster: Any, speeches: pd.DataFrame, by: str) -> tuple[object, list[str]]:
    """The cluster's token table, read lazily, with ``by`` (as the report labels it) on every token; and the
    speeches segmented in their Simplified form (as segment() on the workers decided it)."""
    from lectureanalysis.engines.dask import read_store

    tokens = read_store(cluster.store)
    values = speeches.set_index("speech_id")[by]
    tokens = tokens.assign(**{by: tokens["speech_id"].map(values, meta=(by, values.dtype))})
    scripts = cluster.paragraphs[["speech_id", "script"]] if "script" in cluster.paragraphs.columns else None
    return tokens, simplified_speeches(scripts) if scripts is not None else []


def _move_into(building: Path, out: Path) -> None:
    """Replace the report's own files in ``out`` with the freshly built ones; leave the rest alone."""
    if not out.exists():
        os.rename(building, out)
        return
    for name in OWNED:
        old = out / name
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        elif old.exists() or old.is_symlink():
            old.unlink()
        os.rename(building / name, old)


def _label_missing(speeches: pd.DataFrame, paragraphs: pd.DataFrame,
                   by: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Speeches with no value of ``by`` get the label （未知） (numbers become their text), in both tables."""
    column = speeches[by]
    missing = column.isna() | (column.astype(str).str.strip() == "")
    if missing.any():
        labels = column.astype(object).map(value_label)
        speeches = speeches.assign(**{by: labels.where(~missing, UNKNOWN)})
    if missing.any() or by not in paragraphs.columns:  # the tokens are grouped by the paragraphs' column
        paragraphs = paragraphs.drop(columns=[by], errors="ignore").merge(
            speeches[["speech_id", by]], on="speech_id", how="left", validate="many_to_one")
    return speeches, paragraphs, int(missing.sum())




#: the genres a title names, the most specific first: a corpus whose titles name one gets it in the page's title
GENRES = ("政府工作报告", "党代会报告", "党课讲稿", "工作报告", "党课", "讲话", "报告")
#: the share of titles that must name a genre for the corpus to be called by it ("N 篇政府工作报告等文本")
GENRE_SHARE = 0.8


def corpus_noun(speeches: pd.DataFrame) -> str:
    """What the corpus's texts are, as its titles say: 政府工作报告 when every title names it, 政府工作报告等文本 when
    most do (:data:`GENRE_SHARE`), else 文本 (讲话 is said only of speeches whose titles say so)."""
    titles = speeches["title"].fillna("").astype(str)
    for genre in GENRES:
        share = float(titles.str.contains(genre, regex=False).mean()) if len(titles) else 0.0
        if share == 1.0:
            return genre
        if share >= GENRE_SHARE:
            return f"{genre}等文本"
    return "文本"


def _default_title(speeches: pd.DataFrame, lang: str = "zh") -> str:
    if len(speeches) == 1:
        return f"{speeches.iloc[0]['title']} · {'文本分析报告' if lang == 'zh' else 'text analysis report'}"
    if lang == "zh":
        return f"{len(speeches):,} 篇{corpus_noun(speeches)} · 文本分析报告"
    noun = corpus_noun(speeches)
    kind = "texts" if noun == "文本" else f"{noun.removesuffix('等文本')} and other texts" if noun.endswith("等文本") \
        else noun
    return f"{len(speeches):,} {kind} · text analysis report"
