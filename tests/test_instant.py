"""Material's instant loading reaches the pages gongyue fills into the theme's frame.

Instant loading fetches a page in the background and swaps it in, but only for
addresses listed in sitemap.xml: the themed pages are added to it, so a resident
moving from a unit page (MkDocs) to its charter (gongyue) stays in one page load.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any

import pytest

from .conftest import PHONE, _QuietHandler, build_demo

pytestmark = pytest.mark.browser
XINHONG = "chenghua/mengzhuiwan/xinhong/"


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def instant(config: Any) -> None:
        config.theme["features"] = [*config.theme.get("features", []), "navigation.instant"]
        config["site_url"] = "http://127.0.0.1:{port}/"  # replaced once the server has a port
        config.plugins["gongyue"].config.update(search=False, posters=False, pdf=False)

    return build_demo(tmp_path_factory.mktemp("instant"), instant).site_dir


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def test_moving_to_a_charter_page_is_an_instant_swap(instant_site, chromium):
    server, port = _serve(instant_site)
    # The sitemap names the site by its configured address; serve it where the test listens.
    sitemap = instant_site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text("utf-8").replace("{port}", str(port)), encoding="utf-8")
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        # Material decides which links to load instantly from the sitemap it fetches
        # after the page loads: wait for it, and for the page to settle, before clicking.
        with page.expect_response("**/sitemap.xml"):
            page.goto(f"http://127.0.0.1:{port}/{XINHONG}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        page.evaluate("window.gyStayed = true")  # survives only if the page is not reloaded
        page.get_by_role("link", name="新鸿社区居民公约").first.click()
        page.wait_for_url(f"**/{XINHONG}jumin-gongyue/")
        page.locator(".gy-banner").first.wait_for()
        assert page.evaluate(
            "window.gyStayed === true"
        )  # fails when the page is not in the sitemap
        assert "新鸿社区居民公约" in page.title()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
