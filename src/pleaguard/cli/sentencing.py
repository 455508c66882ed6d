"""`pleaguard sentence` and `pleaguard review`: the sentencing range of a case, and the defense's review of a
prosecutor's recommendation. Both read one JSON case from a file or `-` (stdin); text by default, JSON with --json.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pleaguard.cli.common import dumps, read_json_input
from pleaguard.errors import InputError
from pleaguard.rules.parameters import load_law
from pleaguard.rules.sentencing.explain import render_review, render_sentence
from pleaguard.services import sentencing as service


def sentence(
    file: Annotated[str | None, typer.Argument(help="量刑案件 JSON 文件，或 - 从标准输入读取")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    schema: Annotated[bool, typer.Option("--schema", help="输出输入格式说明")] = False,
    crime: Annotated[str | None, typer.Option(help="与 --schema 同用：只显示该罪的事实字段")] = None,
) -> None:
    """计算量刑：量刑起点 → 基准刑 → 量刑情节调节 → 法定刑限制，输出拟宣告刑区间及逐步引用的计算过程。"""
    if schema:
        typer.echo(dumps(service.schema(crime)))
        return
    if file is None:
        raise InputError(
            "请给出案件文件，或用 - 从标准输入读取 / give a case file or - for stdin",
            field="FILE",
            allowed="a JSON file path or -",
        )
    result = service.sentence(read_json_input(file))
    typer.echo(dumps(result) if as_json else render_sentence(result, load_law()))


def review(
    file: Annotated[str, typer.Argument(help="量刑案件 JSON（含 recommendation 量刑建议），或 - 从标准输入读取")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """审查量刑建议：是否在依法计算的区间内、处于何位置、认罪认罚阶段应得的从宽、被忽略的情节、辩护要点（均附依据）。"""
    result = service.review(read_json_input(file))
    typer.echo(dumps(result) if as_json else render_review(result, load_law()))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("sentence")(sentence)
    app.command("review")(review)
