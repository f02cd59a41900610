"""The ``lectureanalysis`` command.

``lectureanalysis report CORPUS --out DIR`` builds the research report (``DIR/index.html`` with figures
embedded, ``DIR/figures``, ``DIR/tables``); ``lectureanalysis summary CORPUS`` loads a folder of speeches
and prints what was found: speeches, paragraphs, sections, 字, truncated files and removed boilerplate. Problems with single files are printed
as ``warning:`` lines and the rest of the corpus still loads; a wrong path or an empty corpus ends with a
one-line ``error:`` and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from lectureanalysis._version import __version__
from lectureanalysis.analysis.overview import paragraph_counts, plural
from lectureanalysis.errors import CorpusError, CorpusWarning, printable
from lectureanalysis.io.documents import ARCHIVES, FORMATS, MAX_BYTES
from lectureanalysis.io.export import write_csv
from lectureanalysis.loading.loader import load


def summarise(speeches: pd.DataFrame, paragraphs: pd.DataFrame) -> str:
    """A plain-text summary of a loaded corpus, one speech a line after the totals."""
    lines = [
        f"speeches:    {len(speeches)}",
        f"paragraphs:  {paragraph_counts(paragraphs)}",
        f"sections:    {plural(int(speeches['found_sections'].sum()), 'top-level heading')}",
        f"字:          {int(speeches['n_chars'].sum()):,} (CJK characters, letters and digits; title block and boilerplate excluded)",
        f"truncated:   {int(speeches['truncated'].sum())}",
        f"boilerplate: {plural(int((speeches['boilerplate'] != '').sum()), 'speech', 'speeches')}, "
        f"{plural(int(speeches['boilerplate'].str.len().sum()), 'character')} removed (kept in the speeches table)",
    ]
    if "collection" in speeches.columns and speeches["collection"].nunique() > 1:
        counts = speeches["collection"].replace("", "（top folder）").value_counts(sort=False)
        lines.insert(1, "collections: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    lines.append("")
    width = min(int(speeches["speech_id"].str.len().max()), 28)
    for row in speeches.itertuples():
        date = row.date.date().isoformat() if not pd.isna(row.date) else (str(row.year) if not pd.isna(row.year) else "")
        flags = " TRUNCATED: " + row.truncation_reason if row.truncated else ""
        lines.append(
            f"{printable(row.speech_id):<{width}}  {date:<10}  {row.n_chars:>7,}字  {row.n_paragraphs:>4} ¶  "
            f"{row.found_sections:>2} §  {printable(row.title)}{printable(flags)}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lectureanalysis", description="Corpus analysis of Chinese official speeches.")
    parser.add_argument("--version", action="version", version=f"lectureanalysis {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="load a corpus folder and print what was found")
    summary.add_argument("corpus", help="a folder of .txt speeches, or one file")
    summary.add_argument("--encoding", default="auto", help="force an encoding (default: detect)")
    summary.add_argument("--metadata", help="a CSV, TSV or XLSX table with a 'file' column, joined to the speeches")
    summary.add_argument("--folders", help=FOLDERS_HELP)
    summary.add_argument("--max-bytes", type=int, default=MAX_BYTES, help=MAX_BYTES_HELP)
    report = commands.add_parser("report", help="build the research report (HTML, figures, tables) for a corpus")
    report.add_argument("corpus", help="a folder of .txt speeches, or one file")
    report.add_argument("--out", required=True, help="folder to write index.html, figures/ and tables/ into")
    report.add_argument("--title", help="the report's title (default: from the corpus)")
    report.add_argument("--by", default="year", help="speech column trends and formulations are counted by (default: year)")
    report.add_argument("--compare", help="speech column whose values keyness compares (e.g. collection, year); "
                                          "default: the collections, and the last ten years against the earlier ones")
    report.add_argument("--target", help="the speeches keyness examines, as an expression over speech columns "
                                         "(e.g. \"year >= 2013\")")
    report.add_argument("--reference", help="the speeches the target is compared with (default: all others)")
    report.add_argument("--terms", help="comma-separated terms to follow through the corpus: trends, concordance, "
                                        "collocations (default: the five most frequent)")
    report.add_argument("--window", type=int, default=5, help="collocation window in word tokens on each side (default: 5)")
    report.add_argument("--stopwords", default="default",
                        help="'default', 'none', a word-list file, or comma-separated layers and words")
    report.add_argument("--metadata", help="a CSV, TSV or XLSX table with a 'file' column, joined to the speeches")
    report.add_argument("--folders", help=FOLDERS_HELP)
    report.add_argument("--max-bytes", type=int, default=MAX_BYTES, help=MAX_BYTES_HELP)
    report.add_argument("--min-count", type=int, default=5, help="keyness tests terms occurring at least this often (default: 5)")
    report.add_argument("--svg-text", choices=("path", "text"), default="path",
                        help="SVG text as paths (default: looks the same everywhere) or as editable text")
    report.add_argument("--font", help="a CJK font file or family for the figures (default: found automatically)")
    report.add_argument("--no-cache", action="store_true", help="do not read or write the token cache")
    report.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                        help="count the tokens in this process (pandas) or on a Dask cluster (needs the dask extra)")
    report.add_argument("--scheduler", help="with --engine dask: the address of a running Dask scheduler "
                                            "(tcp://host:8786); default: a local cluster")
    report.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="the page's language: Chinese (default) or English")
    report.add_argument("--discovery", choices=("auto", "all", "none"), default="auto",
                        help="the discovery section's new terms and topics: up to 300 speeches (auto), whatever the "
                             "size (all), or no discovery section (none)")
    report.add_argument("--reading", choices=("auto", "all", "none"), default="auto",
                        help="the comparative reading (what changed, spread from the centre, reuse): within the size "
                             "limits (auto), whatever the size (all) or never (none)")
    args = parser.parse_args(argv)
    if args.command == "report":
        return _run(lambda: _report(args), Path(args.out) / "tables" / "warnings.csv")
    return _run(lambda: print(summarise(*load(args.corpus, encoding=args.encoding, metadata=args.metadata,
                                              folders=_folders(args.folders), max_bytes=args.max_bytes))))


MAX_BYTES_HELP = "the largest file read, and the most a .docx may unpack to, in bytes (default: 200,000,000)"
FOLDERS_HELP = ("comma-separated column names for the levels of sub-folder, outermost first: 'tier,province' reads "
                "省级/浙江省/2010.md as tier 省级, province 浙江省 (leave a name empty to skip a level; --metadata still wins)")


def _folders(option: str | None) -> list[str | None] | None:
    return [name.strip() or None for name in option.split(",")] if option else None


#: a kind of warning said about more files than this is summarised in one line
SUMMARY_AFTER = 3
_SUFFIXES = "|".join(sorted((s.lstrip(".") for s in (*FORMATS, *ARCHIVES, ".csv", ".tsv", ".xlsx")), key=len, reverse=True))
#: a message about a file: the file's path (a file the loader reads, an archive member, a manifest), then ": "
_FILE_PREFIX = re.compile(rf"^(?P<file>[^:\n]+?\.(?:{_SUFFIXES})(?:/[^:\n]+)?): ", re.I)


def summarise_warnings(messages: list[str]) -> list[str]:
    """The warnings to print: one line each, but a kind said about more than :data:`SUMMARY_AFTER` files (the
    same problem with other numbers and names) as one line with the count and the first files.

    >>> summarise_warnings([f"d/{y}.md: holds only a title line ({y}), no body text" for y in range(2001, 2006)])
    ['5 files: holds only a title line (2001), no body text — d/2001.md, d/2002.md, d/2003.md and 2 more']
    """
    kinds: dict[str, list[tuple[str, str]]] = {}
    for message in messages:
        match = _FILE_PREFIX.match(message)
        file, problem = (match["file"], message[match.end():]) if match else ("", message)
        key = re.sub(r"\d[\d,.]*", "N", re.sub(r"'[^']*'|“[^”]*”|（[^）]*）|\([^)]*\)", "…", problem)) if file else message
        kinds.setdefault(key, []).append((file, message if not file else problem))
    lines = []
    for said in kinds.values():
        if len(said) <= SUMMARY_AFTER or not said[0][0]:
            lines += [f"{file}: {problem}" if file else problem for file, problem in said]
            continue
        files = [file for file, _ in said]
        lines.append(f"{len(said)} files: {said[0][1]} — {', '.join(files[:SUMMARY_AFTER])} and "
                     f"{len(said) - SUMMARY_AFTER} more")
    return lines


def _run(job: Callable[[], object], warnings_file: Path | None = None) -> int:
    """Run a command: warnings printed as ``warning:`` lines once it ends (recorded first, printed after,
    so printing one can never add to the list; many of a kind summarised, see :func:`summarise_warnings`, and
    every one written to ``warnings_file`` as CSV), an expected failure as one ``error:`` line and status 2."""
    status = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        try:
            job()
        except (CorpusError, FileNotFoundError, ValueError) as exc:
            failure: Exception | None = exc
        except KeyboardInterrupt:  # Ctrl-C: one line, and the previous report (built beside it) left as it was
            print("interrupted: nothing more was written (a report already in --out is left as it was)",
                  file=sys.stderr)
            return 130
        else:
            failure = None
    said = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    for line in summarise_warnings(said):
        print(f"warning: {printable(line)}", file=sys.stderr)  # a newline in a file name forges no line
    for warning in caught:
        if not issubclass(warning.category, CorpusWarning):
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    if said and warnings_file is not None and warnings_file.parent.is_dir():
        write_csv(pd.DataFrame({"warning": said}), warnings_file)
    if failure is not None:
        print(f"error: {printable(str(failure))}", file=sys.stderr)
        status = 2
    return status


def _report(args: argparse.Namespace) -> None:
    from lectureanalysis.report.building import build_report
    from lectureanalysis.report.folders import check_out

    check_out(args.out, name="--out", corpus=args.corpus)  # before any work
    stopwords: object = args.stopwords
    if isinstance(stopwords, str) and "," in stopwords:
        stopwords = [w.strip() for w in stopwords.split(",") if w.strip()]
    elif isinstance(stopwords, str) and stopwords not in ("default", "none") and not Path(stopwords).is_file():
        if Path(stopwords).exists() or re.search(r"[/\\]|\.(?:txt|csv|tsv)$", stopwords):
            what = "a folder" if Path(stopwords).is_dir() else "no such file" if not Path(stopwords).exists() else "not a file"
            raise ValueError(f"--stopwords: {stopwords} is {what}; give a word-list file, 'default', 'none', or "
                             "comma-separated layers and words")
        stopwords = [stopwords]
    terms = [t.strip() for t in args.terms.split(",") if t.strip()] if args.terms else None
    index = build_report(args.corpus, args.out, title=args.title, by=args.by, compare=args.compare, target=args.target,
                         reference=args.reference, terms=terms, stopwords=stopwords, window=args.window,
                         metadata=args.metadata, folders=_folders(args.folders), max_bytes=args.max_bytes,
                         font=args.font, min_count=args.min_count, svg_text=args.svg_text,
                         cache=not args.no_cache, engine=args.engine, client=args.scheduler, reading=args.reading,
                         discovery=args.discovery, lang=args.lang,
                         progress=lambda line: print(f"· {line}", file=sys.stderr, flush=True))
    print(index)


if __name__ == "__main__":
    raise SystemExit(main())
