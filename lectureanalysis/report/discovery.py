"""The report's discovery section: the terms rising and falling most over the years, candidate new terms the
dictionary lacks, topics when the corpus is large enough, and the collocation network of the followed terms."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from lectureanalysis.analysis.overview import plural
from lectureanalysis.discovery.network import network_from_collocations
from lectureanalysis.discovery.newterms import discover_terms
from lectureanalysis.discovery.topicmodels import Topics, topics
from lectureanalysis.discovery.trending import emergence
from lectureanalysis.errors import CorpusWarning
from lectureanalysis.report.settings import Progress

#: the sizes from which each part is made: years with speeches (a trend needs several), and speeches and
#: paragraphs for topics (a topic model of a handful of speeches finds their sections, not topics)
DISCOVERY_FROM = {"years": 5, "topic_speeches": 20, "topic_paragraphs": 500}
#: the most speeches for which new terms and topics are made by default (``discovery="auto"``): above, together
#: 20 s and 1 GB more on lawtext-gov's 874 reports, they are made on request (``discovery="all"``)
DISCOVERY_LIMITS = {"speeches": 300}
#: rows shown on the page (the tables hold them all)
SHOWN = {"emergence": 10, "new_terms": 20}
#: the network's node words: the first followed terms
NETWORK_NODES = 3


@dataclass
class _Discovery:
    """What the discovery section found; an empty table (or None) where a part was not made."""

    emergence: pd.DataFrame = field(default_factory=pd.DataFrame)
    new_terms: pd.DataFrame = field(default_factory=pd.DataFrame)
    topics: Topics | None = None
    network: object = None
    nodes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def made(self) -> bool:
        return bool(len(self.emergence) or len(self.new_terms) or self.topics is not None)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The section's tables, under the names of the functions that made them."""
        out = {}  # a part not made has no table (its note says why)
        if len(self.emergence):
            out["emergence"] = self.emergence.assign(change_points=self.emergence["change_points"].map(
                lambda cuts: "; ".join(str(c) for c in cuts)))
        if len(self.new_terms.columns):
            out["new_terms"] = self.new_terms
        if self.topics is not None:
            out["topics"] = self.topics.terms.merge(self.topics.coherence, on="topic")
            out["topic_shares"] = self.topics.periods
        if self.network is not None:
            edges = [(a, b, d["weight"], d["observed"]) for a, b, d in self.network.edges(data=True)]  # type: ignore[attr-defined]
            out["collocation_network"] = pd.DataFrame(edges, columns=["node", "collocate", "log_dice", "observed"])
        return out


def compute_discovery(speeches: pd.DataFrame, tokens: pd.DataFrame | None, terms: list[str], collocates: pd.DataFrame, *,
                      say: Progress, discovery: str = "auto") -> _Discovery:
    """Each part of the section that the corpus is large enough for (and, with ``discovery="auto"``, not larger
    than :data:`DISCOVERY_LIMITS` for new terms and topics), with a note for each part left out (and a note when
    the topic model stopped before converging); ``"none"`` makes nothing."""
    found = _Discovery()
    if discovery == "none":
        found.notes.append("Not made (--discovery none).")
        return found
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", CorpusWarning)
        _compute(found, speeches, tokens, terms, collocates, say, everything=discovery == "all")
    found.notes += [str(w.message)[0].upper() + str(w.message)[1:] for w in said
                    if issubclass(w.category, CorpusWarning) and str(w.message).startswith("topics:")]
    return found


def _compute(found: _Discovery, speeches: pd.DataFrame, tokens: pd.DataFrame | None, terms: list[str],
             collocates: pd.DataFrame, say: Progress, everything: bool = False) -> None:
    years = pd.to_numeric(speeches["year"], errors="coerce").dropna().nunique() if "year" in speeches.columns else 0
    n_speeches = speeches["speech_id"].nunique()
    if tokens is None:  # the Dask engine, above the size it gathers the tokens for
        found.notes.append(f"Rising and falling terms, new terms and topics need every token in one process: with "
                           f"the Dask engine they are made by default for up to {DISCOVERY_LIMITS['speeches']} "
                           f"speeches; this corpus has {n_speeches:,} (--discovery all makes them here).")
        _network(found, terms, collocates)
        return
    # speeches without a year are left out of the trend (said in the corpus section)
    if years >= DISCOVERY_FROM["years"]:
        say("finding the terms rising and falling over the years")
        table = emergence(tokens, by="year", min_count=20, change_points=SHOWN["emergence"])
        found.emergence = table
    else:
        found.notes.append(f"Rising and falling terms are found from {DISCOVERY_FROM['years']} years with speeches "
                           f"on; this corpus has {plural(years, 'year')}.")
    if not everything and n_speeches > DISCOVERY_LIMITS["speeches"]:
        found.notes.append(f"New terms and topics are made by default for up to {DISCOVERY_LIMITS['speeches']} "
                           f"speeches; this corpus has {n_speeches:,} (--discovery all makes them: about 20 s and "
                           "1 GB of memory more for 900 reports).")
        _network(found, terms, collocates)
        return
    say("looking for new terms")
    found.new_terms = discover_terms(tokens, top=200)
    paragraphs = tokens[["speech_id", "para_id"]].drop_duplicates().shape[0]
    if speeches["speech_id"].nunique() >= DISCOVERY_FROM["topic_speeches"] and \
            paragraphs >= DISCOVERY_FROM["topic_paragraphs"]:
        say("fitting topics")
        n_topics = 20 if speeches["speech_id"].nunique() >= 200 else 10
        found.topics = topics(tokens, n_topics, by="year" if years else None)
    else:
        found.notes.append(f"Topics are fitted from {DISCOVERY_FROM['topic_speeches']} speeches and "
                           f"{DISCOVERY_FROM['topic_paragraphs']} paragraphs on; this corpus has "
                           f"{plural(speeches['speech_id'].nunique(), 'speech', 'speeches')} and "
                           f"{plural(paragraphs, 'paragraph')}.")
    _network(found, terms, collocates)


def _network(found: _Discovery, terms: list[str], collocates: pd.DataFrame) -> None:
    nodes = [t for t in terms[:NETWORK_NODES] if t]
    if nodes and len(collocates) and "node" in collocates.columns:  # the collocations section's tables, drawn
        graph = network_from_collocations(collocates, nodes, top=10)
        if graph.number_of_edges():  # type: ignore[attr-defined]
            found.network, found.nodes = graph, nodes
