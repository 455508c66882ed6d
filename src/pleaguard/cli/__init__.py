"""The `pleaguard` command line. Each command group lives in its own module and registers itself here.

Every command exits 0 on success and 2 on bad input, with a one-line reason on stderr and no traceback. The
reason reads Chinese first: "错误 / error: 中文说明 / English text".
"""

from __future__ import annotations

import sys

import typer

from pleaguard.cli import cases, check, evaluation, judgments, law, predict, sentencing, web
from pleaguard.cli.common import ERROR
from pleaguard.errors import InputError, LawError, NotFound, PleaGuardError

app = typer.Typer(
    name="pleaguard",
    help="PleaGuard — 认罪认罚从宽案件的辩护工具：量刑计算、量刑建议审查、程序保障检查、裁判文书分析。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (sentencing, law, check, cases, judgments, predict, evaluation, web):
    module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, turning every deliberate error into a one-line message and exit code 2."""
    try:
        app(args=argv, standalone_mode=True)
    except SystemExit:
        raise
    except (InputError, NotFound) as exc:
        print(f"{ERROR} {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except LawError as exc:
        print(f"法律数据有误 / error in the law data: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    except PleaGuardError as exc:
        print(f"{ERROR} {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        raise SystemExit(130) from None
