"""`pleaguard serve` and `pleaguard demo`: the web application and REST API.

pleaguard serve [--host 127.0.0.1] [--port 8000] [--database URL]
    Production: PLEAGUARD_SECRET_KEY must be set (refused otherwise), the database must be migrated
    (`pleaguard db upgrade`); a brand-new SQLite file is created and migrated on first use.
pleaguard demo [--port 8000] [--dir DIR] [--no-serve]
    A fresh SQLite database with made-up cases (示例/虚构) and one user per role, whose random passwords
    are printed; then serves on 127.0.0.1. `--no-serve` only creates the database (for tests and scripts).
"""

from __future__ import annotations

import ipaddress
import socket
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pleaguard.cli.common import ERROR
from pleaguard.errors import InputError, PleaGuardError

if TYPE_CHECKING:
    from pleaguard.config import Settings

HostOpt = Annotated[str, typer.Option(help="监听地址 / address to listen on")]
PortOpt = Annotated[int, typer.Option(min=1, max=65535, help="端口 / port")]


class DatabaseNotReady(PleaGuardError):
    """The database is unreachable or not at the newest migration."""


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("serve")(serve)
    app.command("demo")(demo)


def check_database(url: str) -> None:
    """Refuse a database that is not at the newest revision; create a new SQLite file on first use."""
    import sqlalchemy as sa

    from pleaguard import migrations
    from pleaguard.adapters.db.engine import is_sqlite, normalize_url

    normalize_url(url)
    try:
        rev = migrations.current(url)
    except sa.exc.OperationalError as exc:
        raise DatabaseNotReady(f"无法连接数据库 / cannot reach the database: {str(exc.orig).strip()}") from None
    head = migrations.heads()[0]
    if rev is None and is_sqlite(url):
        migrations.upgrade(url)
        typer.echo(f"已创建数据库 / created the database: {url}", err=True)
    elif rev != head:
        raise DatabaseNotReady(
            f"数据库版本为 {rev or '空'}，需要 {head}：请先运行 `pleaguard db upgrade` / database at revision "
            f"{rev or 'none'}, needs {head}: run `pleaguard db upgrade` first"
        )


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP listening socket that several processes can open on the same port (SO_REUSEPORT: the kernel spreads
    the connections). It is created with an explicit IPPROTO_TCP so that asyncio sets TCP_NODELAY on every
    accepted connection (a socket inherited through `uvicorn --workers` lacks it, which adds ~40 ms per response
    through Nagle's algorithm and delayed ACKs)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve_one(settings: Settings, host: str, port: int, log_level: str) -> None:
    import uvicorn

    from pleaguard.web.app import create_app

    config = uvicorn.Config(
        create_app(settings),
        log_level=log_level,
        access_log=log_level in ("debug", "info"),
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=20,
    )
    uvicorn.Server(config).run(sockets=[listening_socket(host, port)])


def run_server(settings: Settings, host: str, port: int, workers: int = 1, log_level: str = "info") -> None:
    """Serve the app with `workers` processes on one port (each process one event loop, one database pool)."""
    if workers <= 1:
        _serve_one(settings, host, port, log_level)
        return
    import multiprocessing
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)  # a supervisor's SIGTERM stops the worker processes too
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_serve_one, args=(settings, host, port, log_level)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    try:
        for proc in procs:
            proc.join()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(timeout=10)


def serve(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    database: Annotated[
        str | None, typer.Option("--database", "-d", help="数据库 URL（覆盖 PLEAGUARD_DATABASE_URL）")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="进程数 / worker processes")] = 1,
    log_level: Annotated[str, typer.Option(help="debug | info | warning | error")] = "info",
) -> None:
    """启动网页应用和 REST API（生产模式须设置 PLEAGUARD_SECRET_KEY）。"""
    from pleaguard.config import ConfigError, get_settings

    settings = get_settings()
    if database:
        settings = settings.model_copy(update={"database_url": database})
    try:
        settings.require_secret()
    except ConfigError as exc:
        typer.echo(f"{ERROR} 拒绝启动 / refusing to start: {exc}", err=True)
        typer.echo(
            '       生成密钥 / generate one: python -c "import secrets; print(secrets.token_urlsafe(48))"', err=True
        )
        raise typer.Exit(2) from None
    check_database(settings.database_url)
    if settings.mode == "production" and not _is_loopback(host):
        typer.echo(
            "注意：请在 HTTPS 反向代理之后运行（会话 Cookie 仅通过 HTTPS 发送）"
            " / note: run behind an HTTPS reverse proxy (session cookies are Secure)",
            err=True,
        )
    if log_level not in ("debug", "info", "warning", "error"):
        raise InputError(
            f"未知日志级别 {log_level!r} / unknown log level {log_level!r}",
            field="--log-level",
            allowed="debug, info, warning, error",
        )
    run_server(settings, host, port, workers, log_level)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def demo(
    port: PortOpt = 8000,
    host: HostOpt = "127.0.0.1",
    directory: Annotated[Path | None, typer.Option("--dir", help="演示数据库所在目录（默认新建临时目录）")] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只创建演示数据库，不启动服务")] = False,
) -> None:
    """演示：新建 SQLite 数据库，载入虚构示例案件和各角色用户（打印随机密码），并在本机启动服务。"""
    from pleaguard.config import Settings
    from pleaguard.web.demo import create_demo

    folder = directory or Path(tempfile.mkdtemp(prefix="pleaguard-demo-"))
    url, users, case_ids = create_demo(folder)
    typer.echo("PleaGuard 演示环境（所有案件和人员均为虚构 / every case and person is made up）")
    typer.echo(f"数据库 / database: {url}")
    typer.echo(f"示例案件 / sample cases: {', '.join(case_ids)}")
    typer.echo("用户 / users (username / password / role):")
    for u in users:
        typer.echo(f"  {u.username:<10} {u.password:<20} {u.role:<16} {u.display_name}")
    if no_serve:
        return
    typer.echo(f"打开 / open: http://{host}:{port}/   （Ctrl+C 停止 / to stop）")
    run_server(Settings(mode="demo", database_url=url), host, port)
