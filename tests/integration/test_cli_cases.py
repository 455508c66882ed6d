"""`pleaguard case|db|user` end to end on SQLite and PostgreSQL: in-process through the CLI's `main` (as the
installed command runs it), and once as a real subprocess for the exit code and the one-line error."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.cli import main
from pleaguard.services import accounts

from .helpers import count_rows, event, sample_case

CASE = "2024-刑-001"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    def run(*args: str, url: str, stdin: str | None = None) -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        capsys.readouterr()
        try:
            main([*args, "--database", url])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


def write(path: Path, data: object) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_case_goes_through_new_add_event_show_timeline_verify_export_and_import(
    cli: Cli, migrated_url: str, tmp_path: Path
) -> None:
    run = cli
    new = run("case", "new", write(tmp_path / "case.json", sample_case(CASE)), "--json", url=migrated_url)
    assert new.returncode == 0, new.stderr
    assert json.loads(new.stdout)["events"] == 2
    ev = write(tmp_path / "ev.json", event("e3", "lawyer_assigned", "2024-09-27T12:00:00+08:00", lawyer="dl1",
                                           role="duty_lawyer"))
    added = run("case", "add-event", CASE, ev, url=migrated_url)
    assert added.returncode == 0 and "第 3 个事件" in added.stdout
    show = run("case", "show", CASE, "--as-of", "2024-10-08", "--json", url=migrated_url)
    view = json.loads(show.stdout)
    assert [e["event_id"] for e in view["events"]] == ["e1", "e2", "e3"]
    assert view["as_of"].startswith("2024-10-08T23:59:59")
    text = run("case", "show", CASE, url=migrated_url).stdout
    assert "张三（虚构）" in text and "拘留" in text
    timeline = run("case", "timeline", CASE, url=migrated_url)
    assert timeline.stdout.splitlines()[0].startswith("2024-09-27T10:00:00+08:00")
    verify = run("case", "verify", CASE, url=migrated_url)
    assert verify.returncode == 0 and "校验通过" in verify.stdout
    out = tmp_path / "export.json"
    assert run("case", "export", CASE, "-o", str(out), url=migrated_url).returncode == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    imported = run("case", "import", str(out), "--json", url=other)
    assert imported.returncode == 0, imported.stderr
    head = json.loads(run("case", "verify", CASE, "--json", url=migrated_url).stdout)["head_hash"]
    assert json.loads(imported.stdout)["head_hash"] == head
    audit = run("case", "audit", CASE, "--json", url=migrated_url)
    assert [a["action"] for a in json.loads(audit.stdout)][:2] == ["create", "add_event"]


def test_a_bad_event_exits_2_with_one_line_and_no_traceback(cli: Cli, migrated_url: str, tmp_path: Path) -> None:
    cli("case", "new", write(tmp_path / "case.json", sample_case(CASE)), url=migrated_url)
    env = {**os.environ, "PLEAGUARD_MODE": "test", "PLEAGUARD_DATABASE_URL": migrated_url}
    bad = subprocess.run(
        [sys.executable, "-c", "from pleaguard.cli import main; main()", "case", "add-event", CASE,
         write(tmp_path / "ev.json", event("e1", "bail", "2024-10-01T09:00:00+08:00"))],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert "e1" in bad.stderr
    missing = cli("case", "show", "no-such-case", url=migrated_url)
    assert missing.returncode == 2 and "不存在" in missing.stderr


def test_verify_exits_1_and_names_the_tampered_event(cli: Cli, migrated_url: str, tmp_path: Path) -> None:
    run = cli
    run("case", "new", write(tmp_path / "case.json", sample_case(CASE)), url=migrated_url)
    engine = sa.create_engine(migrated_url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("ALTER TABLE case_events DISABLE TRIGGER USER")
        else:
            conn.exec_driver_sql("DROP TRIGGER case_events_no_update")
        conn.execute(sa.text("UPDATE case_events SET type = 'bail' WHERE seq = 2"))
    engine.dispose()
    verify = run("case", "verify", CASE, url=migrated_url)
    assert verify.returncode == 1
    assert "篡改" in verify.stdout and "e2" in verify.stdout
    run("case", "new", write(tmp_path / "ok.json", sample_case("intact")), url=migrated_url)
    every = run("case", "verify-all", url=migrated_url)
    assert every.returncode == 1
    assert CASE in every.stdout and "共校验 2 个案件" in every.stdout and "1 个被篡改" in every.stdout


def test_db_commands_migrate_report_and_refuse_an_unmigrated_database(cli: Cli, database_url: str) -> None:
    run = cli
    current = run("db", "current", "--json", url=database_url)
    assert json.loads(current.stdout)["current"] is None
    if database_url.startswith("postgresql"):
        refused = run("case", "list", url=database_url)
        assert refused.returncode == 2 and "pleaguard db upgrade" in refused.stderr
    assert run("db", "upgrade", url=database_url).returncode == 0
    assert json.loads(run("db", "current", "--json", url=database_url).stdout)["up_to_date"] is True
    down = run("db", "downgrade", "0001", url=database_url)
    assert down.returncode == 0 and "0001" in down.stdout
    assert run("db", "downgrade", "nonsense", url=database_url).returncode == 2


def test_users_are_added_listed_and_assigned_from_the_command_line(cli: Cli, migrated_url: str, tmp_path: Path) -> None:
    run = cli
    run("case", "new", write(tmp_path / "case.json", sample_case(CASE)), url=migrated_url)
    added = run("user", "add", "alice", "--role", "lawyer", "--display-name", "爱丽丝（虚构）", "--password-stdin",
                stdin="a long enough password\n", url=migrated_url)
    assert added.returncode == 0, added.stderr
    assert run("user", "assign", CASE, "alice", url=migrated_url).returncode == 0
    users = json.loads(run("user", "list", "--json", url=migrated_url).stdout)
    assert [(u["username"], u["role"]) for u in users] == [("alice", "lawyer")]
    again = run("user", "assign", CASE, "alice", url=migrated_url)
    assert again.returncode == 2 and "already assigned" in again.stderr
    changed = run("user", "passwd", "alice", "--password-stdin", stdin="another long password\n", url=migrated_url)
    assert changed.returncode == 0, changed.stderr
    uow = SqlAlchemyUnitOfWork(migrated_url)
    assert accounts.authenticate(uow, username="alice", password="another long password", ip="127.0.0.1").active


def test_user_prune_logins_deletes_the_attempts_the_rate_limit_no_longer_looks_at(cli: Cli, migrated_url: str) -> None:
    uow = SqlAlchemyUnitOfWork(migrated_url)
    with uow:
        uow.logins.record(username="mallory", ip="10.0.0.66", at=uow.now() - dt.timedelta(hours=1), ok=False)
        uow.logins.record(username="mallory", ip="10.0.0.66", at=uow.now(), ok=False)
        uow.commit()
    pruned = cli("user", "prune-logins", url=migrated_url)
    assert pruned.returncode == 0 and "pruned 1 login attempts" in pruned.stdout
    assert count_rows(uow.engine, "login_attempts") == 1


def test_an_unreachable_database_is_one_clear_line_not_a_traceback(cli: Cli) -> None:
    for args in (("db", "current"), ("case", "list")):
        result = cli(*args, url="postgresql+psycopg://nobody@127.0.0.1:1/none")
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "无法连接数据库" in result.stderr


def test_case_probes_lists_who_asked_for_case_ids_that_do_not_exist(cli: Cli, migrated_url: str) -> None:
    from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
    from pleaguard.errors import NotFound
    from pleaguard.services import cases

    uow = SqlAlchemyUnitOfWork(migrated_url)
    prober = accounts.create_user(uow, actor=None, username="prober", password="prober-password-1", role="lawyer")
    for guess in ("2024-刑-001", "2024-刑-002"):
        with pytest.raises(NotFound):
            cases.get_case(uow, actor=prober, case_id=guess)
    listed = cli("case", "probes", "--json", url=migrated_url)
    assert listed.returncode == 0, listed.stderr
    assert [(p["actor"], p["detail"]["case_id"]) for p in json.loads(listed.stdout)] == [
        ("prober", "2024-刑-001"),
        ("prober", "2024-刑-002"),
    ]
    text = cli("case", "probes", url=migrated_url).stdout
    assert "prober  read  2024-刑-002" in text
