"""The report's comparative reading: what changed in the latest report of a yearly series, how the followed
formulations spread from the centre, how much the local reports repeat the centre's, and where a formulation
stands in the centre's outline — computed when the corpus has a series or levels of government, within the
size limits below unless asked for.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from lectureanalysis.analysis.overview import plural
from lectureanalysis.errors import TermWarning
from lectureanalysis.reading.borrowing import reuse, reuse_passages, reuse_summary
from lectureanalysis.reading.firsts import new_formulations
from lectureanalysis.reading.indicators import target_changes, targets
from lectureanalysis.reading.placement import agenda
from lectureanalysis.reading.revisions import change_summary, changes, label_counts
from lectureanalysis.reading.uptake import adoption, diffusion, diffusion_rates
from lectureanalysis.report.settings import Progress

Reading = Literal["auto", "all", "none"]
#: with ``reading="auto"`` (the default), sections that cost more than a few seconds run only below these sizes
#: (about 5 s each on a 2-core machine); ``reading="all"`` runs them whatever the size (reuse of the 815
#: provincial reports of lawtext-gov against the centre: 31 s)
READING_LIMITS = {"reuse": 150, "series": 40}
#: formulations followed across places when the user names no terms: the most widely used
FOLLOWED = 5


@dataclass
class _Reading:
    """What the comparative reading found; an empty table where a part was not made."""

    centre: str = ""
    series: str = ""  # the series whose latest pair is compared ("全国", a collection)
    pair: tuple[str, str] = ("", "")
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    latest: pd.DataFrame = field(default_factory=pd.DataFrame)  # the latest pair of every series, counted
    new: pd.DataFrame = field(default_factory=pd.DataFrame)  # formulations new in the main series, by year
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)  # the latest pair's numeric targets side by side
    terms: list[str] = field(default_factory=list)
    diffusion: pd.DataFrame = field(default_factory=pd.DataFrame)
    adoption: pd.DataFrame = field(default_factory=pd.DataFrame)
    rates: pd.DataFrame = field(default_factory=pd.DataFrame)
    reuse: pd.DataFrame = field(default_factory=pd.DataFrame)
    passages: pd.DataFrame = field(default_factory=pd.DataFrame)
    agenda: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)  # parts left out, and why

    @property
    def made(self) -> bool:
        return bool(len(self.changes) or len(self.diffusion) or len(self.reuse))


def _series_key(speeches: pd.DataFrame) -> pd.Series:
    """Which series each speech belongs to: its place where the corpus names places, else its collection."""
    place = speeches["place"].astype("string") if "place" in speeches.columns else None
    place = place.mask(place.str.strip() == "") if place is not None else None
    collection = speeches["collection"].astype("string") if "collection" in speeches.columns else \
        pd.Series("", index=speeches.index, dtype="string")
    return place.fillna(collection) if place is not None else collection


def _ordered(members: pd.DataFrame) -> list[str]:
    """A series' speeches by year and date, reposts left out (a copy of another speech is no new report)."""
    if "duplicate_of" in members.columns:
        members = members[members["duplicate_of"].fillna("").astype(str) == ""]
    dates = pd.to_datetime(members["date"], errors="coerce") if "date" in members.columns else \
        pd.Series(pd.NaT, index=members.index, dtype="datetime64[ns]")
    frame = members.assign(_date=dates)
    return frame.sort_values(["year", "_date", "speech_id"], kind="stable")["speech_id"].tolist()


#: where the reading gets its paragraphs: a paragraph table, or what gives one for the speeches read whole and
#: the terms followed (the Dask engine reads only those texts: see ClusterCorpus.reading_paragraphs)
Source = pd.DataFrame | Callable[[list[str], list[str]], pd.DataFrame]


def compute_reading(speeches: pd.DataFrame, paragraphs: Source, formulations: pd.DataFrame,
                    terms: list[str] | None, *, reading: Reading, say: Progress) -> _Reading:
    """The comparative reading of the report (see the module)."""
    found = _Reading()
    if reading == "none":
        found.notes.append("The comparative reading was not asked for (--reading none).")
        return found
    if "year" not in speeches.columns:
        return found
    dated = speeches[pd.to_numeric(speeches["year"], errors="coerce").notna()].copy()
    dated["year"] = pd.to_numeric(dated["year"])
    dated["_series"] = _series_key(dated)
    if "level" in dated.columns and (dated["level"] == "国家").any():
        found.centre = str(dated.loc[dated["level"] == "国家", "place"].iloc[0])
    series = {key: _ordered(members) for key, members in dated.groupby("_series", sort=True)}
    series = {key: ids for key, ids in series.items() if len(ids) >= 2}
    if not series:
        return found
    say("comparing texts (what changed, what spread, what is repeated)")
    main = found.centre if found.centre in series else max(series, key=lambda key: (len(series[key]), key))
    found.series = str(main)
    found.pair = (series[main][-2], series[main][-1])
    latest = reading == "all" or len(series) <= READING_LIMITS["series"]
    spread = bool(found.centre) and dated["place"].nunique() >= 2
    followed = (list(terms) if terms else _followed(formulations, dated, found.centre)) if spread else []
    local = dated[dated["place"] != found.centre] if spread else dated.iloc[:0]
    reused = spread and (reading == "all" or len(local) <= READING_LIMITS["reuse"])
    if callable(paragraphs):  # the texts read whole: the pairs compared, and every speech when reuse is measured
        centre = dated.loc[dated["place"] == found.centre, "speech_id"].tolist() if spread else []  # its outline
        whole = [*found.pair, *(i for ids in series.values() for i in ids[-2:] if latest), *centre]
        paragraphs = paragraphs(list(dict.fromkeys(whole + (dated["speech_id"].tolist() if reused else []))),
                                followed)
    found.changes = changes(paragraphs, *found.pair)
    found.summary = change_summary(found.changes)
    stated = targets(paragraphs[paragraphs["speech_id"].isin(found.pair)])
    if set(found.pair) <= set(stated["speech_id"]):
        found.targets = target_changes(stated, *found.pair)
    in_main = dated[dated["speech_id"].isin(series[main])]
    found.new = new_formulations(formulations[formulations["speech_id"].isin(in_main["speech_id"])], in_main)
    if latest:
        found.latest = pd.DataFrame([  # the main series' latest pair is aligned once
            {"series": key, "a": ids[-2], "b": ids[-1], **label_counts(
                found.changes if key == main else changes(paragraphs, ids[-2], ids[-1]))}
            for key, ids in series.items()])
    else:
        found.notes.append(f"The latest pair of each of the {len(series):,} series was not compared (more than "
                           f"{READING_LIMITS['series']} series; --reading all compares them).")
    if not found.centre or dated["place"].nunique() < 2:
        return found
    found.terms = followed
    if found.terms:
        with warnings.catch_warnings():  # the terms' TermWarnings were said by the trend
            warnings.simplefilter("ignore", TermWarning)
            found.diffusion = diffusion(paragraphs, found.terms, speeches=speeches)
            # the charts cover the years of the places' speeches (a centre's series may reach back decades)
            start = int(dated.loc[dated["place"] != found.centre, "year"].min())
            found.adoption = adoption(found.diffusion)
            found.adoption = found.adoption[found.adoption["year"] >= start].reset_index(drop=True)
            found.rates = diffusion_rates(paragraphs, found.terms[0], speeches=speeches)
            found.rates = found.rates[found.rates["year"] >= start].reset_index(drop=True)
            centre_ids = dated.loc[dated["place"] == found.centre, "speech_id"]
            found.agenda = agenda(paragraphs[paragraphs["speech_id"].isin(centre_ids)], found.terms[0])
            if "year" in found.agenda.columns:  # a report labels a missing year （未知）: the centre's are numbers
                found.agenda["year"] = pd.to_numeric(found.agenda["year"], errors="coerce")
    if reused:
        table = reuse(paragraphs[paragraphs["speech_id"].isin(dated["speech_id"])], speeches=speeches)
        found.reuse = reuse_summary(table)
        found.passages = reuse_passages(table)
    else:
        found.notes.append(f"Reuse of the centre's reports was not measured: {plural(len(local), 'local speech', 'local speeches')}"
                           f" (more than {READING_LIMITS['reuse']}; --reading all measures it, about 4 s per 100 reports).")
    return found


def _followed(formulations: pd.DataFrame, dated: pd.DataFrame, centre: str) -> list[str]:
    """The numbered formulations (提法) used by the most speeches, the centre's and the places' together, among
    those the centre uses: the terms whose spread is worth following."""
    if formulations.empty or "formulation" not in formulations.columns:
        return []
    table = formulations[formulations["speech_id"].isin(dated["speech_id"])]
    if "kind" in table.columns:
        table = table[table["kind"] == "提法"]
    table = table.merge(dated[["speech_id", "place"]], on="speech_id")
    at_centre = set(table.loc[table["place"] == centre, "formulation"])
    places = table[table["formulation"].isin(at_centre)].groupby("formulation")["place"].nunique()
    speeches = table[table["formulation"].isin(at_centre)].groupby("formulation")["speech_id"].nunique()
    ranked = pd.DataFrame({"places": places, "speeches": speeches}).sort_values(
        ["places", "speeches"], ascending=False, kind="stable")
    return [str(term) for term in ranked[ranked["places"] >= 2].index[:FOLLOWED]]
