"""Collocation networks: the node words, their strongest collocates, and the collocates' own links among the
nodes — a graph (networkx) that the chart draws and Gephi reads (GraphML, GEXF)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lectureanalysis.analysis.collocation import collocations
from lectureanalysis.analysis.occurrences import check_terms

#: the association measures an edge can carry (columns of :func:`lectureanalysis.collocations`)
MEASURES = ("log_dice", "mi", "t_score", "g2")


def collocation_network(tokens: pd.DataFrame, nodes: str | Sequence[str], *, top: int = 12, window: int = 5,
                        min_count: int = 3, measure: str = "log_dice") -> object:
    """A graph of each node word and its ``top`` collocates by ``measure`` (:func:`lectureanalysis.collocations`,
    with its window, counting and denominators); a collocate shared by two nodes links both.

    Node attributes: ``frequency`` (for a collocate, its word tokens as :func:`lectureanalysis.collocations`
    counts them, ``collocate_freq``; for a node, where the text says it, as :func:`kwic` counts) and ``kind`` ('node' or 'collocate'). Edge attributes: ``weight``
    (the measure), ``observed`` (co-occurrences in the windows) and ``measure`` (its name).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    nodes : str or list of str
        The node words.
    top : int, default 12
        Collocates kept per node (the strongest by ``measure``).
    window : int, default 5
        Word tokens on each side.
    min_count : int, default 3
        Leave out collocates seen fewer times in the windows.
    measure : {'log_dice', 'mi', 't_score', 'g2'}, default 'log_dice'
        The association measure on the edges.

    Returns
    -------
    networkx.Graph
        The graph (write it with :func:`write_network`).

    See Also
    --------
    lectureanalysis.collocations : The table behind each node's edges.
    lectureanalysis.plot.plot_collocation_network : The chart.

    Examples
    --------
    >>> graph = la.collocation_network(report_tokens, ["改革", "创新"], top=5)
    >>> sorted(graph.neighbors("创新"))[:3], graph.nodes["改革"]["kind"]
    (['产业', '人才', '加快'], 'node')
    """
    nodes = check_terms(nodes, "nodes")
    if measure not in MEASURES:
        raise ValueError(f"measure: expected one of {', '.join(MEASURES)}, got {measure!r}")
    parts = [collocations(tokens, node, window=window, min_count=min_count).assign(node=node) for node in nodes]
    return network_from_collocations(pd.concat(parts, ignore_index=True), nodes, top=top, measure=measure)


def network_from_collocations(table: pd.DataFrame, nodes: Sequence[str], *, top: int = 12,
                              measure: str = "log_dice") -> object:
    """The graph of :func:`collocation_network` from collocation tables already made: ``table`` holds the rows
    of :func:`lectureanalysis.collocations` for each node, with a ``node`` column (the report's collocations
    table is one).

    Parameters
    ----------
    table : DataFrame
        Rows of :func:`lectureanalysis.collocations`, with a ``node`` column naming the node of each.
    nodes : list of str
        The node words to draw (each a value of ``node``).
    top : int, default 12
        Collocates kept per node (the strongest by ``measure``).
    measure : {'log_dice', 'mi', 't_score', 'g2'}, default 'log_dice'
        The association measure on the edges.

    Returns
    -------
    networkx.Graph
        The graph.

    See Also
    --------
    collocation_network : The graph from a token table.

    Examples
    --------
    >>> table = la.collocations(report_tokens, "改革").assign(node="改革")
    >>> from lectureanalysis.discovery import network_from_collocations
    >>> graph = network_from_collocations(table, ["改革"], top=3)
    >>> graph.number_of_edges()
    3
    """
    import networkx as nx

    if measure not in MEASURES:
        raise ValueError(f"measure: expected one of {', '.join(MEASURES)}, got {measure!r}")
    graph = nx.Graph()
    for node in nodes:
        rows = table[table["node"] == node]
        chosen = rows.sort_values([measure, "feature"], ascending=[False, True], kind="stable").head(top)
        graph.add_node(node, kind="node", frequency=int(rows["node_freq"].iloc[0]) if len(rows) else 0)
        for row in chosen.itertuples(index=False):
            feature = str(row.feature)
            if feature not in graph:
                graph.add_node(feature, kind="collocate", frequency=int(row.collocate_freq))  # type: ignore[arg-type]
            graph.add_edge(node, feature, weight=float(getattr(row, measure)), observed=int(row.observed),  # type: ignore[arg-type]
                           measure=measure)
    return graph


def write_network(graph: object, path: str | Path) -> Path:
    """Write the graph for Gephi and other tools: GraphML (``.graphml``) or GEXF (``.gexf``), by the suffix.

    Parameters
    ----------
    graph : networkx.Graph
        A graph of :func:`collocation_network`.
    path : str or Path
        The file to write; its suffix chooses the format.

    Returns
    -------
    Path
        The file written.

    See Also
    --------
    collocation_network : The graph.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> graph = la.collocation_network(report_tokens, "改革", top=3)
    >>> path = la.write_network(graph, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> sorted(nx.read_graphml(path).nodes) == sorted(graph.nodes)
    True
    """
    import networkx as nx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(graph, path)
    elif suffix == ".gexf":
        nx.write_gexf(graph, path)
    else:
        raise ValueError(f"{path}: expected a .graphml or .gexf file (Gephi reads both)")
    return path
