"""`pleaguard law show|check|stale|instruments`: inspect the law data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from pleaguard.cli.common import dumps, parse_date
from pleaguard.rules.parameters import Law, load_law
from pleaguard.services.law import in_force

law_app = typer.Typer(help="查看法律数据：某日有效的规则、缺少引用的条目、待定条目。", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(law_app, name="law")


def check_law(law: Law) -> list[str]:
    """Problems a reviewer should fix: law values without a quotation, instruments never cited."""
    problems: list[str] = []
    cited: set[str] = set()
    for prov, p in law.iter_parameters():
        for v in p.values:
            if v.expected:
                continue
            if v.cite:
                cited.add(v.cite.instrument)
            if v.basis == "law" and v.value is not None and not v.quote:
                where = f"[{prov}] " if prov else ""
                problems.append(f"{where}{p.name} @ {v.effective_from}: no quotation of the cited text")
    for iid, inst in law.instruments.items():
        if iid not in cited and inst.kind not in ("statute", "interpretation", "calendar"):
            problems.append(f"instrument {iid} ({inst.title}) is registered but never cited")
    return problems


def stale(law: Law, as_of: dt.date, older_than_days: int) -> list[dict[str, Any]]:
    """Parameters with `expected` placeholders, or last reviewed more than `older_than_days` before `as_of`."""
    out: list[dict[str, Any]] = []
    for prov, p in law.iter_parameters():
        for v in p.expected:
            out.append({"parameter": p.name, "province": prov, "reason": "expected",
                        "date": v.effective_from.isoformat()})
        if p.last_reviewed is None:
            out.append({"parameter": p.name, "province": prov, "reason": "never reviewed", "date": None})
        elif (as_of - p.last_reviewed).days > older_than_days:
            out.append({"parameter": p.name, "province": prov, "reason": "review overdue",
                        "date": p.last_reviewed.isoformat()})
    return out


@law_app.command("show")
def show(
    date: Annotated[str, typer.Option("--date", "-d", help="日期 YYYY-MM-DD（必填，规则不读取系统时钟）")],
    province: Annotated[str | None, typer.Option(help="省份代码，如 zhejiang")] = None,
    prefix: Annotated[str, typer.Option(help="只显示以此开头的参数，如 sentencing.crimes.theft")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """某日有效的全部规则参数及其出处。"""
    law = load_law()
    rows = in_force(law, parse_date(date, "--date"), province, prefix)
    if as_json:
        typer.echo(dumps(rows))
        return
    for r in rows:
        basis = "" if r["basis"] == "law" else f" [{r['basis']}]"
        quote = f"：「{r['quote']}」" if r["quote"] else ""
        typer.echo(f"{r['parameter']} = {r['value']}{basis}\n    {r['citation']}{quote}")
    typer.echo(f"\n{len(rows)} 项规则于 {date} 有效。")


@law_app.command("check")
def check(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """校验法律数据（加载即校验），列出缺少原文摘录或从未被引用的条目。"""
    law = load_law()
    problems = check_law(law)
    n = sum(1 for _ in law.iter_parameters())
    if as_json:
        typer.echo(dumps({"parameters": n, "instruments": len(law.instruments), "problems": problems}))
    else:
        for p in problems:
            typer.echo(f"- {p}")
        typer.echo(f"{n} parameters, {len(law.instruments)} instruments, {len(problems)} problems")


@law_app.command("stale")
def stale_cmd(
    as_of: Annotated[str | None, typer.Option("--as-of", help="基准日期，默认今天")] = None,
    older_than_days: Annotated[int, typer.Option(help="复核超过多少天视为过期")] = 365,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """列出标记为 expected（待定）的参数和复核过期的参数。"""
    day = parse_date(as_of, "--as-of") if as_of else dt.date.today()
    rows = stale(load_law(), day, older_than_days)
    if as_json:
        typer.echo(dumps(rows))
        return
    for r in rows:
        where = f"[{r['province']}] " if r["province"] else ""
        typer.echo(f"{where}{r['parameter']}: {r['reason']}" + (f" ({r['date']})" if r["date"] else ""))
    typer.echo(f"{len(rows)} stale entries")


@law_app.command("instruments")
def instruments(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """列出法律数据引用的全部文件（法律、司法解释、指导意见、地方细则、政策）。"""
    law = load_law()
    rows = [inst.to_dict() for inst in law.instruments.values()]
    if as_json:
        typer.echo(dumps(rows))
        return
    for inst in law.instruments.values():
        num = f" {inst.document_number}" if inst.document_number else ""
        typer.echo(f"{inst.id}: 《{inst.title}》{num} [{inst.kind}] 施行 {inst.in_force or '?'}")
