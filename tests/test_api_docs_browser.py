"""``/docs`` in real headless Chromium: Swagger UI renders the API from the app's own assets,
with no request leaving the app, and nothing logged as an error. A screenshot is kept under
tests/artifacts/. Without Chromium this skips locally and FAILS in CI (``make chromium``)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore
from viz.browser import Chromium, find_chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def served_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from graph import open_store

    store: GraphStore = open_store(f"falkordb:{tmp_path_factory.mktemp('docs-store')}")
    app = create_app(Settings(store=store.url), store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:  # poll the server's own flag
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


def test_docs_render_offline_from_the_apps_own_assets(served_api: str) -> None:
    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (make chromium)")
        pytest.skip("chromium is not installed (make chromium)")
    with Chromium.launch() as browser, browser.page() as page:
        page.set_viewport(1280, 900)
        page.goto(f"{served_api}/docs")
        title = page.wait_until("document.querySelector('.swagger-ui .info .title')?.textContent")
        assert "policykg API" in title
        operations = page.wait_until("document.querySelectorAll('.opblock').length")
        assert operations >= 20
        page.screenshot(ARTIFACTS / "api_docs.png", full_page=False)
        outside = [u for u in page.requests() if not u.startswith((served_api, "data:", "blob:", "about:"))]
        assert outside == [], f"/docs fetched from outside the app: {outside}"
        assert page.console_errors() == []
