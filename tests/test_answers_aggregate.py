"""Answers that aggregate: the same fact said by many documents is one row with the count of
documents and a page of their evidence (issue 11: thirty reports of the same project).

A short report in our own words is stored five times under five names (each copy ends with a
line of its own, so the store keeps five documents); the API must not give five rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore

pytestmark = pytest.mark.slow

API = "/api/v1"
COPIES = 5
REPORT = (
    "北京市某区2031年城市更新工作报告\n\n"
    "2031年，晨光里棚户区改造项目由区住房城乡建设委牵头实施，全年完成签约400户。\n"
    "2032年，晨光里棚户区改造项目回迁安置房开工建设。\n\n"
    "（存档编号{k}）\n"
)


@pytest.fixture(scope="module")
def repeated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    from graph import open_store
    from ingest.pipeline import extract_paths

    folder = tmp_path_factory.mktemp("thirty")
    files = []
    for k in range(COPIES):
        path = folder / f"report_{k}.txt"
        path.write_text(REPORT.format(k=k), encoding="utf-8")
        files.append(path)
    run = extract_paths(files)
    store: GraphStore = open_store(f"falkordb:{folder / 'store'}")
    try:
        for facts in run.documents:
            store.write_document(facts)
        app = create_app(Settings(store=store.url), store)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, {p.name: p.read_text(encoding="utf-8") for p in files}
    finally:
        store.close()


def _project(client: TestClient) -> str:
    items = client.get(f"{API}/search", params={"q": "晨光里"}).json()["items"]
    return next(i["uid"] for i in items if i["label"] == "Project")


def _sliced(prov: dict, texts: dict[str, str]) -> bool:
    return texts[prov["doc"]][prov["start"]:prov["end"]] == prov["evidence"]


def test_an_event_said_by_every_copy_is_one_event_with_its_count(repeated) -> None:
    client, texts = repeated
    events = client.get(f"{API}/projects/{_project(client)}/history").json()["events"]
    keys = [(e["year"], e["stage"]) for e in events]
    assert len(keys) == len(set(keys)), keys  # one row per event, not one per document
    started = next(e for e in events if e["year"] == 2032)
    assert started["supports"] == COPIES
    assert len(started["evidence"]) == 3  # the default page
    assert started["provenance"] == started["evidence"][0]
    assert all(_sliced(p, texts) for p in started["evidence"])
    docs = [p["doc"] for p in started["evidence"]]
    assert docs == sorted(docs)


def test_the_rest_of_the_evidence_is_paged(repeated) -> None:
    client, _ = repeated
    url = f"{API}/projects/{_project(client)}/history"
    pages = [client.get(url, params={"evidence": 2, "evidence_offset": k}).json()["events"]
             for k in (0, 2, 4)]
    seen = [p["doc"] for page in pages for e in page if e["year"] == 2032 for p in e["evidence"]]
    assert seen == sorted(seen) and len(set(seen)) == COPIES
    assert client.get(url, params={"evidence": 0}).status_code == 422
    assert client.get(url, params={"evidence_offset": -1}).status_code == 422


def test_a_bureau_lists_a_project_once_with_its_count_of_documents(repeated) -> None:
    client, texts = repeated
    bureaus = client.get(f"{API}/bureaus").json()["items"]
    bureau = next(b for b in bureaus if b["projects"])
    rows = client.get(f"{API}/bureaus/{bureau['uid']}/projects", params={"evidence": 2}).json()["items"]
    assert len(rows) == 1
    row = rows[0]
    assert row["supports"] == COPIES and row["documents"] == COPIES
    assert len(row["evidence"]) == 2
    assert all(_sliced(e["provenance"], texts) for e in row["evidence"])


def test_csv_of_the_history_has_one_row_per_event(repeated) -> None:
    client, _ = repeated
    csv = client.get(f"{API}/projects/{_project(client)}/history", params={"format": "csv"})
    lines = csv.text.strip().splitlines()
    header = lines[0].split(",")
    assert "supports" in header and "evidence" not in header
    assert len(lines) - 1 == len(client.get(f"{API}/projects/{_project(client)}/history").json()["events"])


def test_the_copies_are_documents_of_their_own(repeated) -> None:
    client, _ = repeated
    docs = client.get(f"{API}/documents", params={"limit": 50}).json()["items"]
    assert len(docs) == COPIES


def test_the_kept_sample_of_evidence_is_the_start_of_the_evidence_read_from_every_fact(repeated) -> None:
    # a page within the first five pieces comes from the sample the writer keeps (graph/owners.py),
    # a longer one from the OWNED_BY facts themselves: the two must agree, piece for piece
    client, texts = repeated
    bureau = next(b for b in client.get(f"{API}/bureaus").json()["items"] if b["projects"])
    url = f"{API}/bureaus/{bureau['uid']}/projects"
    full = client.get(url, params={"evidence": 100}).json()["items"][0]
    assert len(full["evidence"]) == full["supports"] == COPIES
    paged = [e for k in range(COPIES) for e in client.get(url, params={"evidence": 1, "evidence_offset": k})
             .json()["items"][0]["evidence"]]
    assert paged == full["evidence"]
    assert client.get(url, params={"evidence": 3, "evidence_offset": 2}).json()["items"][0]["evidence"] \
        == full["evidence"][2:5]
    docs = [e["provenance"]["doc"] for e in full["evidence"]]
    assert docs == sorted(docs) and all(_sliced(e["provenance"], texts) for e in full["evidence"])
    named = f"{API}/queries/bureau_projects"
    sampled = client.get(named, params={"bureau": bureau["uid"]}).json()["rows"][0]
    read = client.get(named, params={"bureau": bureau["uid"], "evidence": 50}).json()["rows"][0]
    assert sampled["supports"] == read["supports"] == COPIES
    assert sampled["evidence"] == read["evidence"][:5] and len(read["evidence"]) == COPIES
    owners, project = f"{API}/queries/project_bureaus", _project(client)
    sampled = client.get(owners, params={"project": project}).json()["rows"]
    read = client.get(owners, params={"project": project, "evidence": 50}).json()["rows"]
    assert [r["evidence"] for r in sampled] == [r["evidence"][:5] for r in read]
    assert [{k: v for k, v in r.items() if k != "evidence"} for r in sampled] \
        == [{k: v for k, v in r.items() if k != "evidence"} for r in read]
