"""A real headless Chromium (Debian's package, driven by Playwright; no browser download) against the app served
by uvicorn on 127.0.0.1 in a background thread, with made-up cases and known test passwords.

PLEAGUARD_CHROMIUM names the browser (default /usr/bin/chromium). Without it the tests are skipped, unless
PLEAGUARD_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from argon2 import PasswordHasher

from pleaguard import migrations
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.config import Settings
from pleaguard.services import accounts, cases
from pleaguard.web.app import create_app
from pleaguard.web.demo import demo_cases

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-test-pass-1"


def chromium_path() -> str | None:
    candidate = os.environ.get("PLEAGUARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("PLEAGUARD_REQUIRE_BROWSER") == "1":
            pytest.fail("PLEAGUARD_REQUIRE_BROWSER=1 but no Chromium found (set PLEAGUARD_CHROMIUM)")
        pytest.skip("no Chromium (apt-get install chromium, or set PLEAGUARD_CHROMIUM)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, base_url: str, case_ids: list[str]) -> None:
        self.base_url = base_url
        self.case_ids = case_ids


@pytest.fixture
def live_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    migrations.upgrade(url)
    app = create_app(Settings(mode="demo", database_url=url, secret_key="browser-" + "s" * 40))
    uow = SqlAlchemyUnitOfWork(app.state.engine)
    ids = [cases.create_case(uow, actor=None, case_file=cf).case_id for cf in demo_cases(dt.date.today())]
    for name, role in (("lawyer", "lawyer"), ("admin", "legal_aid_admin")):
        accounts.create_user(
            uow, actor=None, username=name, password=PASSWORD, role=role, display_name=f"{name}（测试）"
        )
    accounts.assign(uow, actor=None, case_id=ids[0], username="lawyer")
    accounts.assign(uow, actor=None, case_id=ids[2], username="lawyer")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", ids)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


@pytest.fixture
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shot() -> Any:
    """Save a full-page screenshot as test-artifacts/browser/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
