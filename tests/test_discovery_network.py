"""Collocation networks (issue 22, item 5): the graph holds each node's strongest collocates as collocations()
ranks them, node frequencies agree with the text, and Gephi's formats read back."""

import networkx as nx
import pytest

import lectureanalysis as la


@pytest.fixture(scope="module")
def reports():
    _, paragraphs = la.load("corpus/政府工作报告", pattern="20[12]4.txt", progress=False)
    return paragraphs, la.segment(paragraphs, progress=False)


def test_edges_are_the_strongest_collocates(reports):
    _, tokens = reports
    graph = la.collocation_network(tokens, ["改革", "创新"], top=5)
    for node in ("改革", "创新"):
        table = la.collocations(tokens, node).sort_values(["log_dice", "feature"], ascending=[False, True])
        assert set(graph.neighbors(node)) >= set(table["feature"].head(5)) - {"改革", "创新"}
        for row in table.head(5).itertuples():
            assert graph.edges[node, row.feature]["weight"] == pytest.approx(row.log_dice)
            assert graph.edges[node, row.feature]["observed"] == row.observed


def test_node_frequencies_agree_with_the_text(reports):
    paragraphs, tokens = reports
    graph = la.collocation_network(tokens, "改革", top=5)
    assert graph.nodes["改革"]["frequency"] == "\n".join(paragraphs["text"]).count("改革") == len(la.kwic(paragraphs, "改革"))
    assert graph.nodes["改革"]["kind"] == "node"


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_the_graph_reads_back_in_gephis_formats(reports, tmp_path, suffix):
    _, tokens = reports
    graph = la.collocation_network(tokens, ["改革", "创新"], top=5)
    path = la.write_network(graph, tmp_path / f"net{suffix}")
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()


def test_bad_measure_and_format_are_named(reports, tmp_path):
    _, tokens = reports
    with pytest.raises(ValueError, match=r"measure: expected one of log_dice, mi, t_score, g2, got 'dice'"):
        la.collocation_network(tokens, "改革", measure="dice")
    with pytest.raises(ValueError, match=r"net\.png: expected a \.graphml or \.gexf file"):
        la.write_network(nx.Graph(), tmp_path / "net.png")


def test_the_chart_labels_every_word(reports):
    import matplotlib

    matplotlib.use("Agg")
    _, tokens = reports
    graph = la.collocation_network(tokens, ["改革", "创新"], top=5)
    ax = la.plot.plot_collocation_network(graph)
    assert sorted(t.get_text() for t in ax.texts) == sorted(graph.nodes)
