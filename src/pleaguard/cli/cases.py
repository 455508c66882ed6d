"""`pleaguard case …`, `pleaguard db …` and `pleaguard user …`: the case record over the configured database.

    pleaguard case new FILE.json              store a new case (people, charges, any events already in the file)
    pleaguard case add-event CASE_ID EVENT.json
    pleaguard case show CASE_ID [--as-of DATE]
    pleaguard case timeline CASE_ID
    pleaguard case verify CASE_ID             exit 1 when the hash chain shows tampering
    pleaguard case verify-all                 every case; exit 1 when any is tampered
    pleaguard case export CASE_ID [-o FILE]   the case file (JSON); `case import` reads it back
    pleaguard case import FILE.json
    pleaguard case list | audit CASE_ID | probes
    pleaguard db upgrade [REV] | downgrade REV | current
    pleaguard user add USERNAME --role ROLE | list | assign CASE_ID USERNAME | unassign CASE_ID USERNAME
              | passwd USERNAME | deactivate USERNAME

The database is PLEAGUARD_DATABASE_URL (default: a SQLite file in the user's data directory), or --database.
A new SQLite database is created and migrated on first use; any other database that is not at the newest
revision is refused with the command that fixes it. These commands run as the local operator (full rights,
recorded in the audit trail as local:<user>).
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pleaguard.cli.common import dumps, parse_date, read_json_input
from pleaguard.errors import InputError, PleaGuardError

if TYPE_CHECKING:
    from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
    from pleaguard.services.records import StoredEvent

# The database, migration and service modules are imported inside the commands: they take about a second to
# import, which every other `pleaguard` command would otherwise pay at start-up.

case_app = typer.Typer(help="案件记录：新建、追加事件、查看、时间线、校验、导出、导入。", no_args_is_help=True)
db_app = typer.Typer(help="数据库迁移：升级、降级、查看当前版本。", no_args_is_help=True)
user_app = typer.Typer(help="用户与案件分配（本地管理员操作）。", no_args_is_help=True)

DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database", "-d", help="数据库 URL（覆盖 PLEAGUARD_DATABASE_URL），如 sqlite:///cases.db"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]

EVENT_LABELS_ZH = {
    "detained": "拘留", "arrested": "逮捕", "bail": "取保候审", "residential_surveillance": "监视居住",
    "rights_notice": "权利告知", "lawyer_assigned": "律师介入", "meeting": "会见", "file_access": "阅卷",
    "opinions_heard": "听取意见", "recommendation_proposed": "提出量刑建议", "plea_affidavit_signed": "签署具结书",
    "indicted": "提起公诉", "trial_accepted": "法院受理", "procedure_converted": "程序转换", "judgment": "判决",
    "plea_withdrawn": "撤回认罪认罚", "appeal": "上诉",
}
ROLE_ZH = {"suspect": "犯罪嫌疑人", "victim": "被害人", "defender": "辩护人", "duty_lawyer": "值班律师",
           "legal_representative": "法定代理人"}


SEVERITY_ZH = {"violation": "违法", "risk": "风险", "info": "提示"}


class DatabaseUnavailable(PleaGuardError):
    """The database cannot be reached or is not migrated."""


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")


def database_url(option: str | None) -> str:
    from pleaguard.adapters.db.engine import normalize_url
    from pleaguard.config import get_settings

    url = option or get_settings().database_url
    normalize_url(url)
    return url


def open_uow(option: str | None) -> SqlAlchemyUnitOfWork:
    """A unit of work on the configured database, migrating a brand-new SQLite database on first use."""
    import sqlalchemy as sa

    from pleaguard import migrations
    from pleaguard.adapters.db.engine import create_engine, is_sqlite
    from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork

    url = database_url(option)
    try:
        rev = migrations.current(url)
    except sa.exc.OperationalError as exc:
        raise DatabaseUnavailable(f"无法连接数据库 / cannot reach the database: {_one_line(exc.orig)}") from None
    head = migrations.heads()[0]
    if rev is None and is_sqlite(url):
        migrations.upgrade(url)
        print(f"已创建数据库 / created the database: {url}", file=sys.stderr)
    elif rev != head:
        raise DatabaseUnavailable(
            f"数据库版本为 {rev or '空'}，需要 {head}：请先运行 `pleaguard db upgrade` / database at revision "
            f"{rev or 'none'}, needs {head}: run `pleaguard db upgrade` first"
        )
    return SqlAlchemyUnitOfWork(create_engine(url))


def _event_line(e: StoredEvent) -> str:
    label = EVENT_LABELS_ZH.get(e.type, e.type)
    who = e.payload.get("person")
    extra = f"  人员:{who}" if who else ""
    return f"{e.payload.get('at')}  #{e.seq:<3} {label}（{e.type}）  编号:{e.event_id}{extra}"


# --- case ---------------------------------------------------------------------------------------------------


def _print_stored(view: Any, done_zh: str, done_en: str, as_json: bool) -> None:
    """What a command that stored a whole case prints: its id, its number of events and the head of its chain."""
    if as_json:
        print(dumps({"case_id": view.case_id, "events": len(view.events), "head_hash": view.head_hash}))
    else:
        print(f"{done_zh} {view.case_id}，事件 {len(view.events)} 个 / {done_en}")
        print(f"链头哈希 head hash: {view.head_hash}")


@case_app.command("new")
def case_new(file: Annotated[str, typer.Argument(help="案件文件（JSON），- 表示标准输入")],
             database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """新建案件：读取案件文件（当事人、罪名及已有事件）并存入数据库。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    view = cases.create_case(uow, actor=None, case_file=read_json_input(file))
    _print_stored(view, "已新建案件", f"created case {view.case_id}", as_json)


@case_app.command("add-event")
def case_add_event(case_id: str, file: Annotated[str, typer.Argument(help="事件（JSON 对象），- 表示标准输入")],
                   database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """向案件追加一个事件（事件不可修改或删除；更正请追加新事件）。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    stored = cases.add_event(uow, actor=None, case_id=case_id, event=read_json_input(file))
    if as_json:
        print(dumps(stored.to_dict()))
    else:
        print(f"已追加第 {stored.seq} 个事件：{EVENT_LABELS_ZH.get(stored.type, stored.type)}（{stored.event_id}）"
              f" / appended event #{stored.seq}")
        print(f"哈希 hash: {stored.hash}")


@case_app.command("show")
def case_show(case_id: str, database: DatabaseOpt = None,
              as_of: Annotated[str | None, typer.Option(
                  help="评估时点：YYYY-MM-DD（当日结束，北京时间）或带时区的时间；默认现在")] = None,
              as_json: JsonOpt = False) -> None:
    """查看案件：当事人、罪名、事件、推导出的状态、保障检查发现和期限。"""
    from pleaguard.services import cases
    from pleaguard.services.case_rules import parse_at

    uow = open_uow(database)
    day: dt.datetime | dt.date | None = None
    if as_of and "T" in as_of:
        day = parse_at(as_of, "--as-of")
    elif as_of:
        day = parse_date(as_of, "--as-of")
    view = cases.get_case(uow, actor=None, case_id=case_id, as_of=day)
    if as_json:
        print(dumps(view.to_dict()))
        return
    print(f"案件 {view.case_id}（创建于 {view.created_at:%Y-%m-%d %H:%M} UTC，{view.created_by}）")
    print("当事人 people:")
    for p in view.header.get("people", []):
        print(f"  {p.get('id')}: {p.get('name', '')}  {ROLE_ZH.get(p.get('role', ''), p.get('role'))}")
    print("罪名 charges:")
    for c in view.header.get("charges", []):
        print(f"  {c.get('person')}: {c.get('crime')}")
    print(f"事件 events（{len(view.events)}）:")
    for e in view.events:
        print("  " + _event_line(e))
    if view.evaluation_error:
        print(f"无法推导状态 / cannot derive state: {view.evaluation_error}")
    when = f"{view.as_of:%Y-%m-%d %H:%M %z}"
    if isinstance(view.findings, list):
        print(f"保障检查 findings（截至 {when}，{len(view.findings)} 项）:")
        for f in view.findings:
            print(f"  [{SEVERITY_ZH.get(f.get('severity'), f.get('severity'))}] {f.get('message')}（{f.get('code')}）")
    if isinstance(view.deadlines, list):
        print(f"期限 deadlines（截至 {when}）:")
        for d in view.deadlines:
            status = f"  {d['status']}" if d.get("status") else ""
            print(f"  {d.get('due')}  {d.get('what')}{status}")
    if view.state is not None:
        print(f"状态 state（截至 {when}）:")
        print("  " + dumps(view.state).replace("\n", "\n  "))
    print(f"链头哈希 head hash: {view.head_hash}")


@case_app.command("timeline")
def case_timeline(case_id: str, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """按发生时间列出案件事件。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    events = cases.timeline(uow, actor=None, case_id=case_id)
    if as_json:
        print(dumps([e.to_dict() for e in events]))
        return
    for e in events:
        print(_event_line(e))


@case_app.command("verify")
def case_verify(case_id: str, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """校验案件事件日志的哈希链；发现篡改时指出第一个出问题的事件并以退出码 1 结束。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    report = cases.verify(uow, actor=None, case_id=case_id)
    if as_json:
        print(dumps(report.to_dict()))
    elif report.ok:
        print(f"完整：案件 {case_id} 的 {report.events_checked} 个事件哈希链校验通过 / intact")
        print(f"链头哈希 head hash: {report.head_hash}")
    else:
        first = report.first_problem
        assert first is not None
        print(f"已被篡改 / TAMPERED: {first.message}")
        print(f"  位置 at: seq={first.seq} event_id={first.event_id} kind={first.kind}")
        for p in report.problems[1:]:
            print(f"  另见 also: seq={p.seq} event_id={p.event_id} {p.kind}: {p.message}")
    if not report.ok:
        raise typer.Exit(1)


@case_app.command("verify-all")
def case_verify_all(database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """校验全部案件的哈希链（定期完整性检查）；任何案件被篡改时以退出码 1 结束。"""
    from pleaguard.services import cases

    reports = cases.verify_all(open_uow(database), actor=None)
    bad = [r for r in reports if not r.ok]
    if as_json:
        print(dumps([r.to_dict() for r in reports]))
    else:
        for r in bad:
            first = r.first_problem
            assert first is not None
            print(f"已被篡改 / TAMPERED: {r.case_id}: {first.message}（seq={first.seq} event_id={first.event_id}）")
        print(f"共校验 {len(reports)} 个案件，{len(reports) - len(bad)} 个完整，{len(bad)} 个被篡改"
              f" / {len(reports)} checked, {len(bad)} tampered")
    if bad:
        raise typer.Exit(1)


@case_app.command("export")
def case_export(case_id: str, database: DatabaseOpt = None,
                output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（默认标准输出）")] = None
                ) -> None:
    """导出案件文件（JSON），可用 `case import` 导入另一个数据库或用 `pleaguard check` 检查。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    data = cases.export_case(uow, actor=None, case_id=case_id)
    text = dumps(data) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"已导出到 {output}（{len(data['events'])} 个事件）/ exported", file=sys.stderr)


@case_app.command("import")
def case_import(file: Annotated[str, typer.Argument(help="案件文件（JSON），- 表示标准输入")],
                database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """导入案件文件（由 `case export` 生成或手工编写），重新计算哈希链。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    view = cases.import_case(uow, actor=None, case_file=read_json_input(file))
    _print_stored(view, "已导入案件", "imported", as_json)


@case_app.command("list")
def case_list(database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """列出全部案件。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    summaries = cases.list_cases(uow, actor=None)
    if as_json:
        print(dumps([s.to_dict() for s in summaries]))
        return
    for s in summaries:
        label = EVENT_LABELS_ZH.get(s.last_event_type or "", s.last_event_type)
        last = f"{label} {s.last_event_at}" if s.events else "无事件"
        print(f"{s.case_id}  {'、'.join(s.suspects)}  {'、'.join(s.charges)}  事件 {s.events} 个  最近：{last}")


@case_app.command("audit")
def case_audit(case_id: str, database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """查看案件的审计记录（谁在何时做了什么）。"""
    from pleaguard.services import cases

    uow = open_uow(database)
    entries = cases.audit_trail(uow, actor=None, case_id=case_id)
    if as_json:
        print(dumps([e.to_dict() for e in entries]))
        return
    for e in entries:
        print(f"{e.at:%Y-%m-%d %H:%M:%S} UTC  {e.actor}  {e.action}  {dumps(e.detail, indent=None)}")


@case_app.command("probes")
def case_probes(
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="最多显示条数 / at most this many")] = 1000,
) -> None:
    """查看对不存在的案件编号的访问尝试（谁、何时、哪个编号）。/ Requests for case ids that do not exist."""
    from pleaguard.services import cases

    uow = open_uow(database)
    entries = cases.attempts_without_case(uow, actor=None, limit=limit)
    if as_json:
        print(dumps([e.to_dict() for e in entries]))
        return
    for e in entries:
        print(f"{e.at:%Y-%m-%d %H:%M:%S} UTC  {e.actor}  {e.detail.get('attempted')}  {e.detail.get('case_id')}")


# --- db -------------------------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="目标版本（默认 head）")] = "head",
               database: DatabaseOpt = None) -> None:
    """把数据库升级到最新（或指定）版本；空数据库会被创建。"""
    from pleaguard import migrations

    url = database_url(database)
    _guard_connection(lambda: migrations.upgrade(url, revision))
    print(f"数据库当前版本 / now at revision: {migrations.current(url)}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="目标版本（base = 删除全部表）")],
                 database: DatabaseOpt = None) -> None:
    """把数据库降级到指定版本（注意：会删除较新版本的表及其数据）。"""
    from pleaguard import migrations

    url = database_url(database)
    _guard_connection(lambda: migrations.downgrade(url, revision))
    print(f"数据库当前版本 / now at revision: {migrations.current(url) or 'base'}")


@db_app.command("current")
def db_current(database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """显示数据库当前版本与最新版本。"""
    from pleaguard import migrations

    url = database_url(database)
    rev = _guard_connection(lambda: migrations.current(url))
    head = migrations.heads()[0]
    if as_json:
        print(dumps({"current": rev, "head": head, "up_to_date": rev == head}))
    else:
        state = "已是最新 / up to date" if rev == head else "需要升级：pleaguard db upgrade / needs upgrade"
        print(f"当前版本 current: {rev or 'base（空）'}  最新 head: {head}  {state}")


def _guard_connection(action: Any) -> Any:
    import sqlalchemy as sa

    try:
        return action()
    except sa.exc.OperationalError as exc:
        raise DatabaseUnavailable(f"无法连接数据库 / cannot reach the database: {_one_line(exc.orig)}") from None


# --- user -----------------------------------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("密码 password: ")
    if getpass.getpass("再次输入 again: ") != password:
        raise InputError("两次输入的密码不一致 / the two passwords differ", field="password")
    return password


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[str, typer.Option(help="lawyer | duty_lawyer | legal_aid_admin | reviewer")],
    display_name: Annotated[str | None, typer.Option(help="显示姓名")] = None,
    password_stdin: Annotated[bool, typer.Option(help="从标准输入读取密码（一行）")] = False,
    database: DatabaseOpt = None,
) -> None:
    """新建用户（密码交互输入两次，或 --password-stdin）。"""
    from pleaguard.services import accounts
    from pleaguard.services.records import ROLE_LABELS_ZH

    uow = open_uow(database)
    password = _read_password(password_stdin)
    user = accounts.create_user(uow, actor=None, username=username, password=password, role=role,
                                display_name=display_name)
    print(f"已新建用户 {user.username}（{ROLE_LABELS_ZH[user.role]}）/ created")


@user_app.command("list")
def user_list(database: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
    """列出用户。"""
    from pleaguard.services import accounts
    from pleaguard.services.records import ROLE_LABELS_ZH, Role

    uow = open_uow(database)
    users = accounts.list_users(uow, actor=None)
    if as_json:
        print(dumps([u.to_dict() for u in users]))
        return
    for u in users:
        status = "" if u.active else "  （已停用 inactive）"
        print(f"{u.username}  {u.display_name}  {ROLE_LABELS_ZH[Role(u.role)]}{status}")


@user_app.command("assign")
def user_assign(case_id: str, username: str, database: DatabaseOpt = None) -> None:
    """把案件分配给用户。"""
    from pleaguard.services import accounts

    accounts.assign(open_uow(database), actor=None, case_id=case_id, username=username)
    print(f"已把案件 {case_id} 分配给 {username} / assigned")


@user_app.command("unassign")
def user_unassign(case_id: str, username: str, database: DatabaseOpt = None) -> None:
    """取消用户对案件的访问权。"""
    from pleaguard.services import accounts

    accounts.unassign(open_uow(database), actor=None, case_id=case_id, username=username)
    print(f"已取消 {username} 对案件 {case_id} 的访问 / unassigned")


@user_app.command("passwd")
def user_passwd(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="从标准输入读取新密码（一行）")] = False,
    database: DatabaseOpt = None,
) -> None:
    """重设用户密码。"""
    from pleaguard.services import accounts

    uow = open_uow(database)
    password = _read_password(password_stdin)
    revoked = accounts.set_password(uow, actor=None, username=username, password=password)
    print(f"已重设 {username} 的密码，其 {revoked} 个登录和令牌已失效 / password changed; {revoked} sessions and tokens"
          " signed out")


@user_app.command("deactivate")
def user_deactivate(username: str, database: DatabaseOpt = None) -> None:
    """停用账户（不能再登录，令牌失效）。"""
    from pleaguard.services import accounts

    accounts.set_active(open_uow(database), actor=None, username=username, active=False)
    print(f"已停用 {username} / deactivated")


@user_app.command("prune-logins")
def user_prune_logins(database: DatabaseOpt = None) -> None:
    """删除速率限制不再查看的登录记录（早于 15 分钟）；登录时每 1000 次尝试也会自动清理一次。"""
    from pleaguard.services import accounts

    pruned = accounts.prune_login_attempts(open_uow(database), actor=None)
    print(f"已删除 {pruned} 条过期的登录记录 / pruned {pruned} login attempts older than "
          f"{int(accounts.LOGIN_WINDOW.total_seconds() // 60)} minutes")
