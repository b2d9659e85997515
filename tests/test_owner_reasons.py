"""Ownership as people read it: every owner says why (stated in a sentence, the sole unit of a task
row, or one of N units of a task row, with the task); lists rank stated and sole owners first;
an empty answer says what the store does hold."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.service import IngestService, Source

REPO = Path(__file__).resolve().parent.parent
POLICYKG = str(Path(sys.executable).with_name("policykg"))
_RANK = {"stated": 0, "sole": 1, "one_of": 2}


@pytest.fixture(scope="module")
def ingested(corpus_files, tmp_path_factory):
    """The corpus stored as `policykg ingest` stores it."""
    from graph import open_store

    directory = tmp_path_factory.mktemp("owners") / "store"
    store = open_store(f"falkordb:{directory}")
    try:
        IngestService(store).ingest([Source.from_path(p) for p in corpus_files])
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def client(ingested):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(store=ingested.url), ingested)) as c:
        yield c


def test_a_unit_of_a_many_unit_task_row_is_one_of_n_units_of_the_task_not_a_stated_owner(ingested):
    rows = ingested.run_named("bureau_projects", {"bureau": "区住建委"}).rows
    row = next(r for r in rows if r["project"] == "华为旗舰店")
    assert row["reason"] == "one_of"
    assert row["units"] > 1
    assert re.fullmatch(r"one of \d+ units of 市重点任务第\d+项", row["why"]), row["why"]
    assert row["why"] == f"one of {row['units']} units of {row['task']}"


def test_lists_rank_stated_and_sole_owners_first(ingested):
    rows = ingested.run_named("project_bureaus", {"project": "皇城景山街区"}).rows
    ranks = [_RANK[r["reason"]] for r in rows]
    assert ranks == sorted(ranks)
    assert rows[0]["reason"] == "sole" and rows[0]["why"].startswith("sole unit of 市重点任务第")
    assert {r["reason"] for r in rows[1:]} == {"one_of"}


def test_a_stated_owner_says_so_and_comes_before_the_units_of_a_task_row(empty_store):
    stated = "2024年1月10日\n\n由区住建委牵头推进晴川里项目建设。\n"
    table = (
        "序号\t项目内容\t主责单位\t进展情况\n"
        "1\t市重点任务第1项 推进城市更新。\t区发展改革委 区商务局\t晴川里项目完成腾退。\n"
    )
    IngestService(empty_store).ingest([Source("a.txt", stated.encode()), Source("b.tsv", table.encode())])
    rows = empty_store.run_named("project_bureaus", {"project": "晴川里项目"}).rows
    assert len(rows) == 3, rows  # 区住建委 stated; the two units of the row
    assert rows[0]["reason"] == "stated" and rows[0]["why"].startswith("stated (牵头) in a.txt")
    assert rows[0]["task"] is None
    for r in rows[1:]:
        assert r["reason"] == "one_of" and r["why"] == "one of 2 units of 市重点任务第1项"


def test_a_task_row_without_a_task_number_is_named_by_its_row_and_file(empty_store):
    table = (
        "序号\t项目内容\t主责单位\t进展情况\n3\t推进城市更新。\t区发展改革委 区商务局\t晴川里项目完成腾退。\n"
    )
    IngestService(empty_store).ingest([Source("b.tsv", table.encode())])
    rows = empty_store.run_named("project_bureaus", {"project": "晴川里项目"}).rows
    assert [r["why"] for r in rows] == ["one of 2 units of row 3 of b.tsv"] * 2


def test_an_empty_owner_list_says_what_the_store_holds(ingested):
    assert ingested.run_named("project_bureaus", {"project": "望坛"}).rows == []
    detail = ingested.explain_empty("project_bureaus", {"project": "望坛"})
    assert detail is not None
    m = re.fullmatch(
        r"the store holds (\d+) mention\(s\) of 望坛项目 in (\d+) document\(s\) but no stated "
        r"owner.*",
        detail,
    )
    assert m and int(m.group(1)) >= int(m.group(2)) >= 2, detail
    assert ingested.explain_empty("project_bureaus", {"project": "没有这个项目"}) is None


def test_a_unit_that_owns_nothing_says_what_the_store_holds_of_it(ingested):
    assert ingested.run_named("bureau_projects", {"bureau": "区卫健委"}).rows == []
    detail = ingested.explain_empty("bureau_projects", {"bureau": "区卫健委"})
    assert detail is not None
    assert re.fullmatch(
        r"the store holds \d+ mention\(s\) of 北京市东城区卫生健康委员会 in \d+ document\(s\) and "
        r"[1-9]\d* task\(s\) assigned to it, but no project it owns",
        detail,
    ), detail


def _cli(store_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [POLICYKG, *args, "--store", f"falkordb:{store_dir}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_the_cli_prints_what_the_store_holds_and_exits_0(tmp_path, corpus_files):
    store_dir = tmp_path / "store"
    ingest = subprocess.run(
        [POLICYKG, "ingest", *map(str, corpus_files), "--store", f"falkordb:{store_dir}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert ingest.returncode == 0, ingest.stderr
    proc = _cli(store_dir, "query", "project_bureaus", "--param", "project=望坛")
    assert proc.returncode == 0, proc.stderr
    assert "mention(s) of 望坛项目" in " ".join(proc.stderr.split()) and "no stated owner" in proc.stderr
    proc = _cli(store_dir, "query", "project_bureaus", "--param", "project=望坛", "--json")
    assert "no stated owner" in json.loads(proc.stdout)["detail"]
    proc = _cli(store_dir, "query", "project_bureaus", "--param", "project=没有这个项目")
    assert proc.returncode == 1  # nothing of the name is stored
    proc = _cli(store_dir, "query", "bureau_projects", "--param", "bureau=区住建委", "--csv")
    assert proc.returncode == 0
    assert re.search(r"华为旗舰店.*one of \d+ units of 市重点任务第\d+项", proc.stdout)


def test_the_api_gives_the_reason_ranks_and_pages_by_it(client):
    uid = next(
        h["uid"]
        for h in client.get("/api/v1/search", params={"q": "区住建委"}).json()["items"]
        if h["label"] == "Bureau"
    )
    items, cursor = [], None
    for _ in range(50):
        body = client.get(
            f"/api/v1/bureaus/{uid}/projects", params={"limit": 3, **({"cursor": cursor} if cursor else {})}
        ).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    names = [i["project"]["name"] for i in items]
    assert len(names) == len(set(names)) and "华为旗舰店" in names
    huawei = next(i for i in items if i["project"]["name"] == "华为旗舰店")
    assert huawei["reason"] == "one_of" and huawei["why"].startswith("one of ")
    ranks = [_RANK[i["reason"]] for i in items]
    assert ranks == sorted(ranks)
    everything = client.get(f"/api/v1/bureaus/{uid}/projects", params={"limit": 100}).json()["items"]
    assert [i["project"]["name"] for i in everything] == names  # the pages add up to one list
    csv_text = client.get(f"/api/v1/bureaus/{uid}/projects", params={"limit": 100, "format": "csv"}).text
    assert re.search(r"华为旗舰店.*one of \d+ units of 市重点任务第\d+项", csv_text)


def test_the_api_project_owners_say_why(client):
    uid = next(
        h["uid"]
        for h in client.get("/api/v1/search", params={"q": "皇城景山街区"}).json()["items"]
        if h["label"] == "Project" and h["name"] == "皇城景山街区"
    )
    owners = client.get(f"/api/v1/projects/{uid}").json()["owners"]
    assert owners[0]["reason"] == "sole"
    assert all(o["why"] for o in owners)
    assert [_RANK[o["reason"]] for o in owners] == sorted(_RANK[o["reason"]] for o in owners)


def test_an_empty_named_query_answer_in_the_api_says_what_the_store_holds(client):
    body = client.get("/api/v1/queries/project_bureaus", params={"project": "望坛"}).json()
    assert body["rows"] == [] and "no stated owner" in body["detail"]


def test_the_history_page_labels_each_owner_with_its_reason(ingested):
    from viz.pages import NeighbourhoodParams, render_entity_page
    from viz.queries import VizQueries

    q = VizQueries(ingested)
    centre = q.match("皇城景山街区").chosen
    assert centre is not None
    history = q.history(centre.uid)
    reasons = {b.name: (e.props.get("reason"), e.props.get("why")) for b, e in history.bureaus if e}
    assert reasons["北京市东城区商务局"][0] == "sole"
    html = render_entity_page(
        q.neighbourhood(centre.uid, NeighbourhoodParams()),
        history,
        params=NeighbourhoodParams(),
        centre=centre,
    )
    assert "主责（唯一单位）" in html
    assert re.search(r"主责（\d+个单位之一）", html)


def test_a_bureau_s_neighbourhood_labels_each_owned_project_with_its_reason(ingested):
    from viz.pages import NeighbourhoodParams
    from viz.queries import VizQueries
    from viz.visdata import vis_edge

    q = VizQueries(ingested)
    centre = q.match("区住建委").chosen
    assert centre is not None
    sub = q.neighbourhood(centre.uid, NeighbourhoodParams(depth=1))
    assert sub is not None
    huawei = next(n for n in sub.nodes if n.name == "华为旗舰店")
    edges = [e for e in sub.edges if e.type == "OWNED_BY" and huawei.uid in (e.source, e.target)]
    assert edges and {e.props.get("reason") for e in edges} == {"one_of"}
    assert re.fullmatch(r"主责（\d+个单位之一）", vis_edge(edges[0], 0)["label"])
