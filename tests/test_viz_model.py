"""viz.model: years, filters, the node cap and its "+N" summary nodes, the fixed layout."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from viz.model import (
    CLUSTER_ABOVE,
    CLUSTER_TARGET,
    GEdge,
    GNode,
    Subgraph,
    apply_cap,
    dedupe,
    depths,
    filter_subgraph,
    in_range,
    plan_clusters,
    radial_layout,
    year_bounds,
    year_key,
    year_text,
)
from viz.style import MORE
from viz.synthetic import neighbourhood


def star(n: int) -> Subgraph:
    centre = GNode("p:0", "Project", "中心项目")
    leaves = [GNode(f"b:{i}", "Bureau" if i % 2 else "Place", f"单位{i}") for i in range(n)]
    edges = [GEdge("p:0", leaf.uid, "OWNED_BY", f"证据{i}", "a.txt", 2020) for i, leaf in enumerate(leaves)]
    return Subgraph([centre, *leaves], edges, centre="p:0")


def test_year_bounds_read_single_years_and_spans():
    assert year_bounds(2022) == (2022, 2022)
    assert year_bounds("2017-2021") == (2017, 2021)
    assert year_bounds("2017–2021") == (2017, 2021)
    assert year_bounds("2021年") == (2021, 2021)
    assert year_bounds(None) is None
    assert year_bounds("明年") is None
    assert year_text("2017-2021") == "2017–2021"
    assert sorted([2019, "2017-2021", 2017, None], key=year_key) == [2017, "2017-2021", 2019, None]


def test_in_range_keeps_overlapping_spans_and_unknown_years():
    assert in_range("2017-2021", 2020, 2022)
    assert not in_range(2016, 2017, None)
    assert not in_range(2023, None, 2022)
    assert in_range(None, 2017, 2018)


def test_cap_keeps_the_centre_and_folds_the_rest_into_summary_nodes():
    sub = star(50)
    capped = apply_cap(sub, 10)
    real = [n for n in capped.nodes if n.label != MORE]
    more = [n for n in capped.nodes if n.label == MORE]
    assert len(real) == 10
    assert real[0].uid == "p:0"
    assert capped.hidden == 41
    assert sum(n.props["count"] for n in more) == 41
    assert {n.props["of_label"] for n in more} <= {"Bureau", "Place"}
    kept = {n.uid for n in capped.nodes}
    assert all(e.source in kept and e.target in kept for e in capped.edges)


def test_cap_prefers_nodes_near_the_centre():
    sub = neighbourhood(400)
    capped = apply_cap(sub, 60)
    dist = depths(sub)
    kept_far = max(dist[n.uid] for n in capped.nodes if n.label != MORE)
    folded_near = min(dist[n.uid] for n in sub.nodes if n.uid not in {m.uid for m in capped.nodes})
    assert kept_far <= folded_near


def test_cap_does_nothing_under_the_limit():
    sub = star(5)
    assert apply_cap(sub, 300) is sub


def test_filter_by_label_keeps_the_centre_and_drops_disconnected_nodes():
    sub = Subgraph(
        [GNode("p", "Project", "P"), GNode("b", "Bureau", "B"), GNode("x", "Place", "X")],
        [GEdge("p", "b", "OWNED_BY"), GEdge("b", "x", "LOCATED_IN")],
        centre="p",
    )
    out = filter_subgraph(sub, labels=["Place"])
    assert [n.uid for n in out.nodes] == ["p"]  # X was only reachable through the bureau
    out = filter_subgraph(sub, labels=["Bureau", "Place"], depth=1)
    assert [n.uid for n in out.nodes] == ["p", "b"]


def test_filter_by_year_drops_dated_nodes_outside_the_range():
    sub = Subgraph(
        [
            GNode("p", "Project", "P"),
            GNode("e1", "Event", "启动", {"year": 2017}),
            GNode("e2", "Event", "收尾", {"year": 2022}),
            GNode("e3", "Event", "五年", {"year": "2017-2021"}),
        ],
        [
            GEdge("p", "e1", "HAS_EVENT", year=2017),
            GEdge("p", "e2", "HAS_EVENT", year=2022),
            GEdge("p", "e3", "HAS_EVENT", year="2017-2021"),
        ],
        centre="p",
    )
    out = filter_subgraph(sub, year_from=2020, year_to=2022)
    assert {n.uid for n in out.nodes} == {"p", "e2", "e3"}


def test_dedupe_drops_duplicate_and_dangling_edges():
    sub = Subgraph(
        [GNode("a", "Project", "A"), GNode("b", "Bureau", "B"), GNode("a", "Project", "A2")],
        [
            GEdge("a", "b", "OWNED_BY", doc="d"),
            GEdge("a", "b", "OWNED_BY", doc="d"),
            GEdge("a", "zz", "OWNED_BY"),
        ],
        centre="a",
    )
    out = dedupe(sub)
    assert [n.name for n in out.nodes] == ["A", "B"]
    assert len(out.edges) == 1


def test_radial_layout_places_every_node_deterministically():
    sub = neighbourhood(2000)
    pos = radial_layout(sub)
    assert set(pos) == {n.uid for n in sub.nodes}
    assert pos[sub.centre] == (0.0, 0.0)
    assert radial_layout(sub) == pos


def test_pages_up_to_the_threshold_are_not_clustered():
    assert plan_clusters(neighbourhood(CLUSTER_ABOVE, max_depth=3)) == []


@settings(max_examples=40, deadline=None)
@given(n=st.integers(CLUSTER_ABOVE + 1, 700), seed=st.integers(0, 50), cap=st.integers(60, 700))
def test_clusters_group_like_nodes_and_bring_a_page_down_to_the_target(n: int, seed: int, cap: int):
    sub = apply_cap(neighbourhood(n, seed=seed, max_depth=3), cap)
    if len([x for x in sub.nodes if x.label != MORE]) <= CLUSTER_ABOVE:
        return
    plans = plan_clusters(sub)
    by_uid = {node.uid: node for node in sub.nodes}
    members = [uid for plan in plans for uid in plan.members]
    assert len(members) == len(set(members))  # each node in one cluster at most
    assert sub.centre not in members
    assert all(by_uid[uid].label != MORE for uid in members)  # "+N" nodes stay as they are
    for plan in plans:
        assert len(plan.members) >= 2
        assert {by_uid[uid].label for uid in plan.members} == {plan.label}
        if plan.label in ("Event", "Observation"):  # by year too
            years = {year_text(by_uid[uid].props.get("year")) for uid in plan.members}
            assert years == {year_text(plan.year)}
    assert plans, "more than CLUSTER_ABOVE nodes: something collapses"
    shown = len(sub.nodes) - len(members) + len(plans)
    if shown > CLUSTER_TARGET:  # then nothing collapsible is left: no two like nodes outside clusters
        dist, taken = depths(sub), set(members)
        left = Counter(
            (
                x.label,
                year_text(x.props.get("year")) if x.label in ("Event", "Observation") else "",
                dist.get(x.uid) == 1,
            )
            for x in sub.nodes
            if x.uid not in taken and x.uid != sub.centre and x.label != MORE
        )
        assert max(left.values(), default=0) < 2, left.most_common(3)
    assert plan_clusters(sub) == plans  # deterministic


def test_neighbours_of_the_centre_collapse_last():
    sub = neighbourhood(120, max_depth=3)
    dist = depths(sub)
    plans = plan_clusters(sub)
    near = [p for p in plans if all(dist.get(u) == 1 for u in p.members)]
    far = [p for p in plans if p not in near]
    assert far and plans[: len(far)] == far  # every far group before any near one


def test_cap_folds_into_a_few_summaries_when_the_cut_is_spread_wide():
    """A document's page cut at the cap leaves one or two nodes behind each of many neighbours:
    not a "+1" node each, but one summary per label at the centre."""
    centre = GNode("d:0", "Document", "某区工作报告")
    hubs = [GNode(f"p:{i}", "Project", f"项目{i}") for i in range(40)]
    leaves = [GNode(f"m:{i}", "Metric", f"指标{i}") for i in range(40)]
    edges = [GEdge("d:0", h.uid, "MENTIONED_IN") for h in hubs]
    edges += [GEdge(h.uid, leaf.uid, "OF") for h, leaf in zip(hubs, leaves, strict=True)]
    capped = apply_cap(Subgraph([centre, *hubs, *leaves], edges, centre="d:0"), 41)
    more = [n for n in capped.nodes if n.label == MORE]
    summary = [(n.props["of_label"], n.props["count"], n.props["anchor"]) for n in more]
    assert summary == [("Metric", 40, "d:0")]
