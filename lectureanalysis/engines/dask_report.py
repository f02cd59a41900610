"""The report's paragraph work on a Dask cluster (``build_report(engine="dask")``).

The corpus is loaded and segmented batch by batch on the workers, named and identified as :func:`load` names
them in the whole corpus (:func:`lectureanalysis.loading.loader.plan_corpus`); each batch's tokens, speeches and
paragraphs are written into a store, and its section lengths, formulations and a paragraph table without the
text come back. The concordance is found batch by batch on the workers too: every line, with its contexts, is
written into the store, and the lines come back without their contexts (the contexts of the few lines the page
shows are read back). The report's paragraph and concordance tables are written from the store one batch at a
time. So the process running the report holds the speeches, the paragraphs without their text and the
concordance's positions: a corpus of thousands of reports never passes through it whole.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from lectureanalysis.engines.dask_corpus import (
    BATCH_BYTES,
    _compute,
    _dask,
    _file_batches,
    _finish_store,
    _signatures,
)
from lectureanalysis.tokens.store import new_store, read_store_speeches, store_columns, write_token_part

#: the columns of the paragraph table the process running the report holds (what the page, the figures and the
#: statistics read of it), with each paragraph's sentences (``n_sentences``) counted on its worker
SLIM_COLUMNS = ("speech_id", "para_id", "n_chars", "is_heading", "level", "section_id")
#: the concordance's columns the process running the report holds (the rest stays in the store)
SLIM_LINES = ("speech_id", "para_id", "start", "end", "position", "term")

#: what a batch returns besides its tables: vocabulary, (speech id, file) pairs, reposts' signatures, warnings
_Said = list[tuple[str, str]]


@dataclass
class ClusterCorpus:
    """A corpus loaded into a store on a cluster: its speeches, paragraphs without their text, section lengths
    and formulations here; the paragraphs' text and the concordance's contexts in the store's parts."""

    store: Path
    client: object
    speeches: pd.DataFrame
    paragraphs: pd.DataFrame  # the columns SLIM_COLUMNS of load's paragraph table, and ``n_sentences``
    lengths: pd.DataFrame
    formulations: pd.DataFrame
    said: _Said = field(default_factory=list)  # (category, message) of the warnings the batches gave
    part_of_speech: dict[str, int] = field(default_factory=dict)  # a speech's paragraph part, as in ``parts``

    @property
    def parts(self) -> list[Path]:
        """The paragraph parts, in the corpus's order."""
        return sorted((self.store / "paragraphs").glob("part-*.parquet"))

    def paragraph_parts(self) -> Iterator[pd.DataFrame]:
        """The paragraph table, a batch at a time (with ``by`` and the other speech columns as the report
        labels them)."""
        for path in self.parts:
            yield _carried(pd.read_parquet(path), self.speeches)

    def paragraph_width(self) -> int:
        """The number of columns of the paragraph table written into the report."""
        return len(_carried(pd.read_parquet(self.parts[0]).head(0), self.speeches).columns)

    def concordance(self, terms: Sequence[str]) -> pd.DataFrame:
        """The concordance lines of ``terms`` (term by term, in text order) without ``left`` and ``right``;
        every line with its contexts is written into the store, read back by :meth:`with_contexts` and
        :meth:`concordance_parts`."""

        folder = self.store / "concordance"
        folder.mkdir(exist_ok=True)
        dask = _dask()
        task = dask.delayed(_concordance_part)  # type: ignore[attr-defined]
        work = [task(str(path), list(terms), str(folder)) for path in self.parts]
        found = cast("list[pd.DataFrame]", _compute(work, self.client))
        if not found:
            return pd.DataFrame(columns=list(SLIM_LINES))
        # each batch's lines made compact as they come (the batch's own table let go), with the categories of the
        # whole corpus: the tables join as they are
        kinds: dict[str, Any] = {
            "term": pd.CategoricalDtype(list(dict.fromkeys(map(str, terms)))), "para_id": "int32", "start": "int32",
            "end": "int32", "speech_id": pd.CategoricalDtype(sorted(self.speeches["speech_id"].astype(str).unique()))}
        for number, part in enumerate(found):
            found[number] = part[list(SLIM_LINES)].astype(kinds)
        return pd.concat([part[part["term"] == term] for term in terms for part in found], ignore_index=True)

    def concordance_parts(self, terms: Sequence[str]) -> Iterator[pd.DataFrame]:
        """Every concordance line with its contexts, a term and a batch at a time (as ``concordance.csv``)."""
        for index in range(len(terms)):
            for path in self.parts:
                yield pd.read_parquet(_concordance_path(self.store / "concordance", index, path))

    def with_contexts(self, lines: pd.DataFrame, terms: Sequence[str]) -> pd.DataFrame:
        """``lines`` (rows of :meth:`concordance`) with their ``left`` and ``right`` contexts, read from the
        batches that hold them."""
        kept = ["section_path", "left", "match", "right"]
        if not len(lines):
            return lines.assign(**{c: pd.Series(dtype=object) for c in kept})
        where = self.part_of_speech
        keys = ["term", "speech_id", "para_id", "start"]
        found = []
        for (term, part), rows in lines.groupby([lines["term"], lines["speech_id"].map(where)], sort=False):
            table = pd.read_parquet(_concordance_path(self.store / "concordance", list(terms).index(str(term)),
                                                      self.parts[int(str(part))]))
            found.append(table.merge(rows[keys], on=keys, how="inner"))
        contexts = pd.concat(found, ignore_index=True)[[*keys, *kept]]
        merged = lines.reset_index().merge(contexts, on=keys, how="left").set_index("index")
        merged.index.name = lines.index.name
        from lectureanalysis.analysis.concordance import KWIC_COLUMNS

        order = [*KWIC_COLUMNS, "term", *[c for c in lines.columns if c not in (*KWIC_COLUMNS, "term")]]
        return merged[[c for c in order if c in merged.columns]]

    def reading_paragraphs(self, ids: Sequence[str], terms: Sequence[str]) -> pd.DataFrame:
        """The paragraph table for the comparative reading: the text of the speeches ``ids`` whole, and of the
        others only the paragraphs that say one of ``terms`` (the others' text is empty: what is counted
        on them is the same)."""
        dask = _dask()
        task = dask.delayed(_reading_part)  # type: ignore[attr-defined]
        wanted = set(map(str, ids))
        parts = _compute([task(str(path), wanted, list(terms)) for path in self.parts], self.client)
        return _carried(pd.concat(parts, ignore_index=True), self.speeches)  # type: ignore[arg-type]

    def everything(self) -> pd.DataFrame:
        """The whole paragraph table, gathered here (for what needs every text in one process)."""
        return pd.concat(list(self.paragraph_parts()), ignore_index=True)


def _carried(paragraphs: pd.DataFrame, speeches: pd.DataFrame) -> pd.DataFrame:
    """A batch's paragraphs with the speech columns of the whole corpus (a column another batch's metadata
    gave is there, empty, as :func:`load` gives it), as the loader joins them."""
    from lectureanalysis import schema
    from lectureanalysis.loading.tables import with_speech_columns

    own = [c for c in schema.PARAGRAPH_COLUMNS if c in paragraphs.columns]
    return with_speech_columns(paragraphs[own], speeches)


def _concordance_path(folder: Path, index: int, part: Path) -> Path:
    return folder / f"term-{index:03d}-{part.stem}.parquet"


def _concordance_part(path: str, terms: list[str], folder: str) -> pd.DataFrame:
    """On a worker: the concordance of each term in one batch's paragraphs, written whole; returned without
    the contexts."""
    from lectureanalysis.analysis.concordance import kwic
    from lectureanalysis.errors import TermWarning

    paragraphs = pd.read_parquet(path)
    found = []
    with warnings.catch_warnings():  # a term missing from a batch is no news: the report says it for the corpus
        warnings.simplefilter("ignore", TermWarning)
        for index, term in enumerate(terms):
            lines = kwic(paragraphs, term).assign(term=term)
            lines.to_parquet(_concordance_path(Path(folder), index, Path(path)), index=False)
            found.append(lines[list(SLIM_LINES)])
    # sent back compact (the process running the report gathers every batch's): categories, 32-bit offsets
    return pd.concat(found, ignore_index=True).astype({"term": "category", "speech_id": "category",
                                                       "para_id": "int32", "start": "int32", "end": "int32"})


def _reading_part(path: str, ids: set[str], terms: list[str]) -> pd.DataFrame:
    """On a worker: a batch's paragraphs for the comparative reading (see :meth:`ClusterCorpus.reading_paragraphs`)."""
    from lectureanalysis.analysis.occurrences import searched_texts

    paragraphs = pd.read_parquet(path)
    whole = paragraphs["speech_id"].astype(str).isin(ids).to_numpy(dtype=bool, copy=True)
    saying = np.zeros(len(paragraphs), dtype=bool)
    if terms:
        texts = searched_texts(paragraphs)
        for term in terms:
            saying |= texts.str.contains(term, regex=False).to_numpy()
    # of the other speeches, the paragraphs that say a term, and one row with the 字 of the rest (what is
    # counted on them: occurrences per speech, and 字 per speech)
    rest = paragraphs[~whole & ~saying]
    summary = rest.groupby("speech_id", sort=False).agg(
        {**{c: "first" for c in paragraphs.columns if c not in ("speech_id", "n_chars")}, "n_chars": "sum"}
    ).reset_index()[list(paragraphs.columns)].assign(text="", is_heading=False)
    kept = pd.concat([paragraphs[whole | saying], summary], ignore_index=True)
    order = {speech_id: i for i, speech_id in enumerate(pd.unique(paragraphs["speech_id"]))}
    return kept.sort_values(["speech_id", "para_id"], key=lambda column: column.map(order) if column.name ==
                            "speech_id" else column, kind="stable").reset_index(drop=True)


def _report_batch(paths: list[str], store: str, number: int, part: object, load_options: dict[str, object],
                  options: dict[str, object]) -> tuple[object, ...]:
    """On a worker: load one batch as part of the corpus, segment it, write its tokens, speeches and
    paragraphs; return its vocabulary, ids, signatures, the warnings it gave, its section lengths, formulations
    and its paragraphs without their text."""
    from lectureanalysis.analysis.formulation import formulations
    from lectureanalysis.analysis.profile import sentence_counts
    from lectureanalysis.errors import CorpusError, CorpusWarning
    from lectureanalysis.loading.loader import load
    from lectureanalysis.loading.parts import loading_part
    from lectureanalysis.structure.sections import section_lengths
    from lectureanalysis.tokens.segmentation import segment

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", CorpusWarning)
        try:
            with loading_part(part):  # type: ignore[arg-type]
                speeches, paragraphs = load([Path(p) for p in paths], workers=1, progress=False, duplicates="keep",
                                            **load_options)  # type: ignore[arg-type]
        except CorpusError:  # no file of the batch could be read: each said why, and the rest of the corpus loads
            speeches = None
    messages = [(w.category.__name__, str(w.message)) for w in said if issubclass(w.category, CorpusWarning)]
    if speeches is None:
        return set(), [], [], messages, None, None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokens = segment(paragraphs, progress=False, workers=1, cache=False, **options)  # type: ignore[arg-type]
        found = formulations(paragraphs)
    write_token_part(tokens[store_columns(tokens)], Path(store) / "tokens" / f"part-{number:05d}.parquet")
    speeches.to_parquet(Path(store) / "speeches" / f"part-{number:05d}.parquet", index=False)
    paragraphs.to_parquet(Path(store) / "paragraphs" / f"part-{number:05d}.parquet", index=False)
    slim = paragraphs[list(SLIM_COLUMNS)].assign(n_sentences=sentence_counts(paragraphs))
    vocabulary = sorted(tokens["token"].cat.categories)
    (Path(store) / "vocabulary" / f"part-{number:05d}.txt").write_text("".join(f"{w}\n" for w in vocabulary),
                                                                      encoding="utf-8")
    return (set(), list(zip(speeches["speech_id"], speeches["source_file"], strict=True)),
            _signatures(paragraphs), messages, section_lengths(paragraphs), found, slim)


def _release_loading(client: object) -> None:
    """Have every worker let go of what loading alone needs (the segmenter's and the heading tagger's
    dictionaries, about 130 MB a worker) and give freed memory back to the system, before the statistics."""
    run = getattr(client, "run", None)
    if run is not None:
        run(_released)


def _released() -> None:
    """On a worker: see :func:`_release_loading`."""
    from lectureanalysis.memory import give_back
    from lectureanalysis.structure.headings import release_tagger
    from lectureanalysis.tokens.backends import get_segmenter

    release_tagger()
    get_segmenter.cache_clear()
    give_back()


def load_on_cluster(corpus: str | Path, store: Path, client: object, *, metadata: Any = None,
                    folders: Sequence[str | None] | None = None, max_bytes: int | None = None,
                    options: dict[str, object] | None = None, batch_bytes: int | None = None) -> ClusterCorpus:
    """Load and segment ``corpus`` on ``client``'s workers into the new store ``store`` (see the module); the
    warnings :func:`load` gives are given here, in its order. ``options`` go to :func:`segment`."""
    from lectureanalysis.errors import CorpusError, CorpusWarning, user_stacklevel
    from lectureanalysis.loading.loader import check_corpus, plan_corpus

    files, part, lookups = plan_corpus(corpus, metadata=metadata)  # says what load says before reading
    if not files:
        raise CorpusError(f"{corpus}: no speech file to load")
    store = new_store(store)
    (store / "paragraphs").mkdir()
    (store / "vocabulary").mkdir()  # each batch's words, added up here a file at a time
    load_options: dict[str, object] = {"folders": folders}
    if max_bytes is not None:
        load_options["max_bytes"] = max_bytes
    dask = _dask()
    task = dask.delayed(_report_batch)  # type: ignore[attr-defined]
    batches = _file_batches(files, batch_bytes or BATCH_BYTES)
    results = _compute([task(batch, str(store), number, part, load_options, options or {})
                        for number, batch in enumerate(batches)], client)
    said = [message for result in results for message in result[3]]  # type: ignore[index]
    for _, message in said:  # each file's problems, as the batches found them
        warnings.warn(message, CorpusWarning, stacklevel=user_stacklevel())
    results = [result for result in results if result[4] is not None]  # type: ignore[index]
    if not results:
        raise CorpusError(f"{corpus}: no speech could be loaded ({len(files)} file(s) skipped, see the warnings)")
    _release_loading(client)
    checked = check_corpus(read_store_speeches(store), lookups)  # what needs every file, said as load says it
    words: set[str] = set()
    for listed in sorted((store / "vocabulary").glob("part-*.txt")):
        words.update(listed.read_text("utf-8").splitlines())
    shutil.rmtree(store / "vocabulary")
    _finish_store(store, [(words if i == 0 else set(), r[1], r[2])  # type: ignore[index]  # reposts across batches
                          for i, r in enumerate(results)])
    speeches = read_store_speeches(store).assign(part_of=checked["part_of"].to_numpy())
    return ClusterCorpus(
        store=store, client=client, speeches=speeches,
        paragraphs=pd.concat([r[6] for r in results], ignore_index=True),  # type: ignore[index]
        lengths=pd.concat([r[4] for r in results], ignore_index=True),  # type: ignore[index]
        formulations=pd.concat([r[5] for r in results], ignore_index=True),  # type: ignore[index]
        said=said, part_of_speech={str(speech_id): number for number, result in enumerate(results)  # as in parts
                                   for speech_id, _ in result[1]})  # type: ignore[index]
