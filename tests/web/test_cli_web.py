"""`pleaguard serve` and `pleaguard demo`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.cli import app as cli_app
from pleaguard.cli import main
from pleaguard.config import get_settings
from pleaguard.services import accounts, cases


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_serve_refuses_to_start_in_production_without_a_secret_key(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLEAGUARD_MODE", "production")
    monkeypatch.delenv("PLEAGUARD_SECRET_KEY", raising=False)
    monkeypatch.setenv("PLEAGUARD_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    get_settings.cache_clear()
    try:
        result = runner.invoke(cli_app, ["serve"])
        assert result.exit_code == 2
        assert "PLEAGUARD_SECRET_KEY" in result.output and "refusing to start" in result.output
        monkeypatch.setenv("PLEAGUARD_SECRET_KEY", "changeme")
        get_settings.cache_clear()
        result = runner.invoke(cli_app, ["serve"])
        assert result.exit_code == 2
        assert not (tmp_path / "p.db").exists()  # refused before touching the database
    finally:
        get_settings.cache_clear()


def test_demo_creates_made_up_cases_and_one_user_per_role_with_printed_passwords(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli_app, ["demo", "--no-serve", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "虚构" in result.output
    users = dict(re.findall(r"^\s+(admin|lawyer|duty|reviewer)\s+(\S+)\s", result.output, flags=re.M))
    assert set(users) == {"admin", "lawyer", "duty", "reviewer"}
    assert len(set(users.values())) == 4  # random, not shared
    engine = create_engine(f"sqlite:///{tmp_path / 'pleaguard-demo.db'}")
    try:
        uow = SqlAlchemyUnitOfWork(engine)
        roles = {u.username: u.role.value for u in accounts.list_users(uow, actor=None)}
        assert roles == {"admin": "legal_aid_admin", "lawyer": "lawyer", "duty": "duty_lawyer", "reviewer": "reviewer"}
        for name, password in users.items():
            assert accounts.authenticate(uow, username=name, password=password, ip="127.0.0.1").username == name
        stored = cases.list_cases(uow, actor=None)
        assert len(stored) >= 3
        for summary in stored:
            case = cases.get_case(uow, actor=None, case_id=summary.case_id, evaluate=False)
            assert case.header.get("made_up") is True
            assert "虚构" in case.header.get("title", "")
    finally:
        engine.dispose()


def test_demo_refuses_a_directory_that_already_holds_a_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pleaguard-demo.db").write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--no-serve", "--dir", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "already exists" in capsys.readouterr().err
