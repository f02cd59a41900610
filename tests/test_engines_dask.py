"""The Dask engine: the same tables as the pandas path, computed on a two-worker LocalCluster."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from conftest import GWR, centre_and_provinces

import lectureanalysis as la

pytest.importorskip("dask.distributed", reason="the Dask engine needs the dask extra")


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the cluster's own start-up chatter
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _paragraphs() -> pd.DataFrame:
    return la.load([GWR / f"{year}.txt" for year in (1978, 1979, 2015, 2016, 2017, 2018, 2019)])[1]


@pytest.fixture(scope="module")
def tokens():
    return la.segment(_paragraphs(), progress=False, cache=False)


def test_partitions_never_split_a_speech(tokens):
    from lectureanalysis.engines.dask import from_pandas

    frame = from_pandas(tokens, npartitions=3)
    assert frame.npartitions == 3
    parts = [p.compute() for p in frame.to_delayed()]
    seen = [set(p["speech_id"]) for p in parts]
    assert sum(len(s) for s in seen) == tokens["speech_id"].nunique() == len(set().union(*seen))
    assert sum(len(p) for p in parts) == len(tokens)


def _same(on_dask, on_pandas, **compare):
    """Both engines give the same table and say the same things (the same warnings, in the same order)."""
    tables, said = [], []
    for call in (on_dask, on_pandas):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables.append(call())
        said.append([str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)])
    assert said[0] == said[1]
    pd.testing.assert_frame_equal(*tables, **(compare or {"check_exact": True}))
    return said[1]


def test_dask_gives_the_pandas_tables(client, tokens):
    from lectureanalysis.engines.dask import from_pandas

    frame = from_pandas(tokens, npartitions=3, columns=["year", "section_id"])
    for by in (None, "year", "speech_id"):
        _same(lambda by=by: la.term_frequencies(frame, by=by), lambda by=by: la.term_frequencies(tokens, by=by))
    _same(lambda: la.tfidf(frame, by="year"), lambda: la.tfidf(tokens, by="year"))
    for n, by in ((2, None), (3, "year")):
        _same(lambda n=n, by=by: la.ngrams(frame, n, by=by, min_count=2, exclude_stopwords=True),
              lambda n=n, by=by: la.ngrams(tokens, n, by=by, min_count=2, exclude_stopwords=True))
    # the report's n-grams: only what the first 25 of each group need comes back, and they are the pandas ones
    from lectureanalysis.engines.dask import ngrams as distributed_ngrams

    for n, by in ((2, None), (3, "year")):
        first = distributed_ngrams(frame, n, by=by, min_count=2, top=25, exclude_stopwords=True).groupby("group", sort=False).head(25) \
            if by else distributed_ngrams(frame, n, min_count=2, top=25, exclude_stopwords=True).head(25)
        whole = la.ngrams(tokens, n, by=by, min_count=2, exclude_stopwords=True)
        expected = whole.groupby("group", sort=False).head(25) if by else whole.head(25)
        pd.testing.assert_frame_equal(first.reset_index(drop=True), expected.reset_index(drop=True))
        assert len(distributed_ngrams(frame, n, by=by, min_count=2, top=25, exclude_stopwords=True)) < len(whole)
    _same(lambda: la.tfidf(frame, scheme="sklearn"), lambda: la.tfidf(tokens, scheme="sklearn"), check_exact=False)
    said = _same(lambda: la.trend(frame, ["改革", "四个现代化"], by="year"),
                 lambda: la.trend(tokens, ["改革", "四个现代化"], by="year"))
    assert [m.split(":")[0] for m in said] == ["'改革'"]  # said inside longer tokens, by both engines alike
    _same(lambda: la.keyness(frame, target=2019, by="year"), lambda: la.keyness(tokens, target=2019, by="year"))
    _same(lambda: la.keyness(frame, target=1978, reference=2019, by="year", min_count=2),
          lambda: la.keyness(tokens, target=1978, reference=2019, by="year", min_count=2))
    plan = la.Comparison("2015 to 2019", "1978 and 1979", ("2015", "2016", "2017", "2018", "2019"), ("1978", "1979"))
    _same(lambda: la.compare_keyness(frame, plan), lambda: la.compare_keyness(tokens, plan))
    for by in ("speech_id", "year", "section_id"):
        _same(lambda by=by: la.dispersion(frame, ["改革", "开放", "党员"], by=by),
              lambda by=by: la.dispersion(tokens, ["改革", "开放", "党员"], by=by))
    for node, window in (("改革", 5), ("人民", 1)):
        _same(lambda node=node, window=window: la.collocations(frame, node, window=window),
              lambda node=node, window=window: la.collocations(tokens, node, window=window))
    paragraphs = _paragraphs()
    for by in ("speech_id", "year"):
        _same(lambda by=by: la.lexical_profile(frame, paragraphs, by=by),
              lambda by=by: la.lexical_profile(tokens, paragraphs, by=by), rtol=1e-12)
    assert len(client.scheduler_info()["workers"]) == 2


@pytest.mark.filterwarnings("ignore:Sending large graph:UserWarning")  # from_pandas puts the table in the graph
def test_dask_counts_named_terms_on_the_text_as_pandas_does(client, bundled):
    """Named terms on Dask: each paragraph's text rebuilt from its tokens on the workers gives the pandas counts,
    also for a term inside longer tokens (小康), over several (四个现代化), in the Traditional 1954 report (發展
    searched as 发展) and for the keyness of named terms per 字."""
    from lectureanalysis.engines.dask import from_pandas

    _, paragraphs, tokens = bundled
    frame = from_pandas(tokens, npartitions=3, columns=["year", "collection", "script"])
    terms = ["小康", "改革开放", "四个现代化", "发展"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.TermWarning)
        warnings.simplefilter("ignore", la.GroupingWarning)
        on_dask = la.trend(frame, terms, by="collection")
        pd.testing.assert_frame_equal(on_dask, la.trend(tokens, terms, by="collection"), check_exact=True)
        pd.testing.assert_frame_equal(la.trend(frame, terms, by="year"), la.trend(tokens, terms, by="year"),
                                      check_exact=True)
        pd.testing.assert_frame_equal(la.dispersion(frame, terms), la.dispersion(tokens, terms), check_exact=True)
        pd.testing.assert_frame_equal(la.keyness(frame, target="党课讲稿", by="collection", terms=terms),
                                      la.keyness(tokens, target="党课讲稿", by="collection", terms=terms), check_exact=True)
        pd.testing.assert_frame_equal(la.collocations(frame, "小康"), la.collocations(tokens, "小康"), check_exact=True)
    totals = on_dask.groupby("feature")["frequency"].sum()
    for term in terms:
        assert totals[term] == len(la.kwic(paragraphs, term)), term
    assert totals["小康"] == int(paragraphs["text"].str.count("小康").sum()) == 193  # Ctrl-F over the bundled texts
    with pytest.warns(la.TermWarning, match=r"'小康': 193 occurrences counted on the text, 154 inside longer tokens "
                                            r"\(全面建成小康社会 113, 小康社会 29, 小康水平 7"):
        la.dispersion(frame, ["小康"])


def test_dask_errors_name_the_problem(tokens):
    from lectureanalysis.engines.dask import from_pandas

    frame = from_pandas(tokens, npartitions=2)
    with pytest.raises(ValueError, match="target: on a Dask token table, name a value of `by`"):
        la.keyness(frame, target=[True] * len(tokens))
    with pytest.raises(ValueError, match="by: 'region' is not a column of the token table"):
        la.term_frequencies(frame, by="region")


def test_a_store_built_on_the_workers_gives_the_pandas_tables(client, tmp_path):
    import shutil

    from lectureanalysis.engines.dask import build_store, read_store, read_store_speeches

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for year in (1978, 1979, 2015, 2016, 2017, 2018, 2019):
        shutil.copy(GWR / f"{year}.txt", corpus)
    index = pd.read_csv(GWR / "index.tsv", sep="\t", dtype=str)
    index[index["year"].isin(["1978", "1979", "2015", "2016", "2017", "2018", "2019"])].to_csv(
        corpus / "index.tsv", sep="\t", index=False)  # the folder's manifest: titles and source URLs
    store = build_store(corpus, tmp_path / "store", batch_bytes=150_000, client=client)
    tokens = read_store(store, columns=("year",))
    assert tokens.npartitions > 2, "batches of about 150 kB: several partitions"
    speeches = read_store_speeches(store)
    assert sorted(speeches["source_file"]) == [f"{y}.txt" for y in (1978, 1979, 2015, 2016, 2017, 2018, 2019)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        loaded, paragraphs = la.load(corpus)
    assert speeches.set_index("speech_id")["title"].to_dict() == loaded.set_index("speech_id")["title"].to_dict()
    assert speeches["source_url"].str.startswith("https://zh.wikisource.org/").all()
    expected = la.segment(paragraphs, progress=False, cache=False)
    pd.testing.assert_frame_equal(la.term_frequencies(tokens, by="year"), la.term_frequencies(expected, by="year"),
                                  check_exact=True)
    pd.testing.assert_frame_equal(la.keyness(tokens, target=2019, by="year"), la.keyness(expected, target=2019, by="year"),
                                  check_exact=True)
    with pytest.raises(ValueError, match="is not empty; give a new folder"):
        build_store(corpus, store)


def test_segment_writes_a_store_that_reads_back_the_same(tokens, tmp_path):
    from lectureanalysis.engines.dask import read_store, read_store_speeches, write_store

    store = write_store(tokens, tmp_path / "store", rows_per_part=20_000)
    frame = read_store(store, columns=("year",))
    assert frame.npartitions > 3
    assert read_store_speeches(store)["speech_id"].tolist() == list(pd.unique(tokens["speech_id"]))
    pd.testing.assert_frame_equal(la.term_frequencies(frame, by="year"), la.term_frequencies(tokens, by="year"),
                                  check_exact=True)
    with pytest.raises(ValueError, match="columns: no speech column 'region' in the store"):
        read_store(store, columns=("region",))
    files = [GWR / "2019.txt"]
    _, paragraphs = la.load(files)
    la.segment(paragraphs, progress=False, cache=False, store=tmp_path / "from-segment")
    assert (tmp_path / "from-segment" / "vocabulary.txt").is_file()


def test_load_corpus_and_segment_on_the_workers_give_the_pandas_tables(client, tmp_path):
    import shutil

    from lectureanalysis.engines import dask as distributed

    corpus = tmp_path / "corpus"
    for collection, years in (("七十年代", (1978, 1979)), ("新时代", (2018, 2019))):
        (corpus / collection).mkdir(parents=True)
        for year in years:
            shutil.copyfile(GWR / f"{year}.txt", corpus / collection / f"{year}.txt")
    shutil.copyfile(GWR / "2015.txt", corpus / "2015.txt")
    expected = la.load_paragraphs(corpus)
    frame = distributed.load_paragraphs(corpus, client=client, batch_bytes=1)  # a file a partition
    assert frame.npartitions == 5
    pd.testing.assert_frame_equal(frame.compute().reset_index(drop=True), expected)
    assert la.load_paragraphs(corpus, engine="dask").npartitions == 1  # 5 files, one batch of 4 MB
    tokens = la.segment(frame, store=tmp_path / "store")
    reference = la.segment(expected, cache=False)
    for by in (None, "year", "collection"):
        pd.testing.assert_frame_equal(la.term_frequencies(tokens, by=by), la.term_frequencies(reference, by=by),
                                      check_exact=True)
    with pytest.raises(ValueError, match="a Dask paragraph table is segmented into a token store; pass store=PATH"):
        la.segment(frame)


def test_the_dask_engine_starts_a_local_cluster_when_no_client_is_given():
    import subprocess
    import sys

    script = ("import lectureanalysis as la\n"
              "from dask.distributed import default_client\n"
              f"paragraphs = la.load_paragraphs({str(GWR / '2019.txt')!r}, engine='dask')\n"
              "tokens = la.segment(paragraphs, store=__import__('tempfile').mkdtemp() + '/store')\n"
              "print(type(default_client().cluster).__name__, len(default_client().scheduler_info()['workers']) >= 1,"
              " len(tokens.compute()) > 10_000)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Dask dashboard: http://")
    assert lines[-1] == "LocalCluster True True"


def test_reposts_are_found_across_batches(client, tmp_path):
    import shutil

    from lectureanalysis.engines import dask as distributed

    corpus = tmp_path / "corpus"
    (corpus / "门户网站").mkdir(parents=True)
    for year in (2018, 2019):
        shutil.copyfile(GWR / f"{year}.txt", corpus / f"{year}.txt")
    text = (GWR / "2019.txt").read_text("utf-8")
    (corpus / "门户网站" / "转载2019.txt").write_text("来源：某门户网站 责任编辑：张三\n" + text, "utf-8")
    expected = la.load_speeches(corpus, duplicates="keep")  # the loader, reading the whole corpus at once
    copies = expected.loc[expected["duplicate_of"] != "", ["speech_id", "duplicate_of"]].values.tolist()
    assert len(copies) == 1
    with pytest.warns(la.CorpusWarning, match=r"1 speech is a near-duplicate .*: (2019|转载2019) ← "):
        store = distributed.build_store(corpus, tmp_path / "store", client=client, batch_bytes=1)  # a file a batch
    speeches = distributed.read_store_speeches(store)
    assert speeches.loc[speeches["duplicate_of"] != "", ["speech_id", "duplicate_of"]].values.tolist() == copies
    assert speeches["duplicate_group"].notna().sum() == 2
    paragraphs = distributed.load_paragraphs(corpus, client=client, batch_bytes=1)
    with pytest.warns(la.CorpusWarning, match=r"near-duplicate"):
        la.segment(paragraphs, store=tmp_path / "store-2")
    speeches = distributed.read_store_speeches(tmp_path / "store-2")
    assert speeches.loc[speeches["duplicate_of"] != "", ["speech_id", "duplicate_of"]].values.tolist() == copies


def test_a_token_cache_entry_is_a_store(tmp_path):
    from lectureanalysis.engines.dask import read_store
    from lectureanalysis.tokens import cache as segmentation

    paragraphs = la.load([GWR / "1979.txt", GWR / "2019.txt"])[1]
    tokens = la.segment(paragraphs, progress=False, cache=tmp_path)
    segmentation.wait_for_cache()
    entry = next(tmp_path.glob("tokens-*"))
    frame = read_store(entry, columns=("year",))
    pd.testing.assert_frame_equal(la.term_frequencies(frame, by="year"), la.term_frequencies(tokens, by="year"),
                                  check_exact=True)


def test_the_report_on_dask_is_the_pandas_report(tmp_path, monkeypatch):
    """Loaded, outlined, searched and counted on the workers, batch by batch (here five batches, so that a
    folder's files and the centre's and the provinces' reports are split between them): the same page and
    the same tables, byte for byte, as the pandas engine's."""
    from lectureanalysis.cli import main
    from lectureanalysis.report import statistics

    corpus = centre_and_provinces(tmp_path / "corpus", (2017, 2018, 2019),
                                  {"浙江省": (2017, 2018, 2019), "四川省": (2018, 2019, 2020)})
    monkeypatch.setattr(statistics, "STORE_BATCH_BYTES", 250_000)  # about two reports a batch
    from lectureanalysis.report import reading

    # reuse left out (it reads every text whole): the reading on Dask then reads whole only the pairs it compares
    # and the centre's reports, and of the other speeches the paragraphs that name a followed formulation
    monkeypatch.setattr(reading, "READING_LIMITS", {**reading.READING_LIMITS, "reuse": 0})
    assert main(["report", str(corpus), "--out", str(tmp_path / "pandas")]) == 0
    assert main(["report", str(corpus), "--out", str(tmp_path / "dask"), "--engine", "dask"]) == 0
    written = sorted(p.name for p in (tmp_path / "pandas" / "tables").glob("*.csv"))
    assert {"paragraphs.csv", "concordance.csv", "section_lengths.csv", "formulations.csv", "diffusion.csv",
            "diffusion_rates.csv", "agenda.csv", "changes.csv"} <= set(written), "the reading and every paragraph table"
    assert sorted(p.name for p in (tmp_path / "dask" / "tables").glob("*.csv")) == written
    for name in written:
        assert (tmp_path / "dask" / "tables" / name).read_bytes() == (tmp_path / "pandas" / "tables" / name).read_bytes(), name
    page = (tmp_path / "dask" / "index.html").read_text("utf-8")
    assert page == (tmp_path / "pandas" / "index.html").read_text("utf-8")
    lines = pd.read_csv(tmp_path / "dask" / "tables" / "concordance.csv", keep_default_na=False)
    shown = lines.iloc[len(lines) // 2]  # a line of the concordance, its contexts read back from the store
    assert f"{shown['left']}【{shown['match']}】{shown['right']}".replace("【", "").replace("】", "") in \
        "".join(pd.read_csv(tmp_path / "dask" / "tables" / "paragraphs.csv", keep_default_na=False)["text"])


def test_parts_of_speech_on_the_workers_are_the_pandas_ones(client, tmp_path):
    from lectureanalysis.engines import dask as distributed

    expected = la.load_paragraphs([GWR / "2018.txt", GWR / "2019.txt"])
    frame = distributed.load_paragraphs([GWR / "2018.txt", GWR / "2019.txt"], client=client, batch_bytes=1)
    tokens = la.segment(frame, store=tmp_path / "store", pos=True)
    reference = la.segment(expected, cache=False, pos=True, progress=False)
    computed = tokens.compute()
    assert computed["pos"].astype(str).tolist() == reference["pos"].astype(str).tolist()
    assert la.term_frequencies(la.by_pos(computed, "v"))["feature"].head(5).tolist() == \
        la.term_frequencies(la.by_pos(reference, "v"))["feature"].head(5).tolist()
