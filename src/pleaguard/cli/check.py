"""CLI commands: check — safeguards, deadlines and procedure for a case file, without a database."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from pleaguard.cli.common import dumps, read_json_input
from pleaguard.errors import InputError

CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


def parse_as_of(text: str | None) -> dt.datetime:
    """`--as-of`: an ISO 8601 datetime with offset, or a date meaning the end of that day in China (UTC+8).

    Without the option the check runs as of now; this is the only place that reads the clock.
    """
    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime.combine(day, dt.time(23, 59, 59), CHINA_TZ)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} 不是 ISO 8601 日期或时间 / {text!r} is not an ISO 8601 date or datetime",
                         field="--as-of",
                         allowed="YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]+08:00") from None
    if moment.tzinfo is None:
        raise InputError("时间必须带 UTC 偏移 / datetime must carry a UTC offset", field="--as-of",
                         allowed="e.g. 2024-10-08T09:00:00+08:00, or a date alone")
    return moment


def render_text(report: dict[str, Any], case_id: str, title: str | None, made_up: bool) -> str:
    """The report as plain Chinese text for a lawyer."""
    from pleaguard.rules.citations import Citation
    from pleaguard.rules.parameters import load_law
    from pleaguard.rules.procedure.deadlines import STATUS_ZH
    from pleaguard.rules.safeguards.findings import SEVERITY_ZH

    law = load_law()

    def cites(items: list[dict[str, Any]]) -> str:
        return "；".join(law.render(Citation.from_dict(c)) for c in items)

    lines = [f"案件 {case_id}" + (f"　{title}" if title else "") + ("　【虚构示例】" if made_up else ""),
             f"检查时点：{report['as_of']}", ""]
    findings = report["findings"]
    lines.append(f"一、发现的问题（{len(findings)}项）")
    if not findings:
        lines.append("　　未发现问题。")
    for i, f in enumerate(findings, 1):
        who = f"［{f['person']}］" if f.get("person") else ""
        lines.append(f"　{i}. 【{SEVERITY_ZH[f['severity']]}】{who}{f['message']}")
        lines.append(f"　　　依据：{cites(f['cites'])}　（{f['code']}）")
    lines += ["", "二、期限"]
    if not report["deadlines"]:
        lines.append("　　案卷尚未启动任何期限。")
    for d in report["deadlines"]:
        ext = f"；可延长至{d['extended_due']}（{d['extension_condition']}）" if d.get("extended_due") else ""
        custody = "；在押，不因节假日延长" if d["in_custody"] else ""
        met = f"；完成于{d['met_on']}" if d.get("met_on") else ""
        lines.append(f"　· [{d['person']}] {d['what']}：{d['start']}起算，{d['due']}届满{ext}{custody}"
                     f"——{STATUS_ZH[d['status']]}{met}")
        lines.append(f"　　　依据：{cites(d['cites'])}")
    lines += ["", "三、程序"]
    names = {"speedy": "速裁程序", "simplified": "简易程序", "ordinary": "普通程序"}
    for pid, p in report["procedure"].items():
        lines.append(f"　[{pid}] 当前程序：{p['current_zh'] or '尚未确定'}")
        for key, e in p["eligibility"].items():
            verdict = {True: "可以适用", False: "不适用", None: "尚不能确定"}[e["eligible"]]
            detail = ""
            if e["reasons_against"]:
                detail = "：" + "；".join(r["message"] for r in e["reasons_against"])
            elif e["unknown"]:
                detail = "（待核实：" + "；".join(r["message"] for r in e["unknown"]) + "）"
            lines.append(f"　　{names[key]}：{verdict}{detail}")
        for c in p["conversion_required"]:
            lines.append(f"　　应当转换程序：{c['message']}")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("check")
    def check(
        case_file: Annotated[str, typer.Argument(metavar="CASE.json", help="案件文件（JSON），'-' 为标准输入。")],
        as_of: Annotated[str | None, typer.Option(
            "--as-of",
            help="检查时点：带时区的 ISO 8601 时间，或日期（指该日北京时间结束时）；默认为当前时间。")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（findings, deadlines, procedure）。")] = False,
        soon_days: Annotated[int, typer.Option("--soon-days", min=0, help="期限届满前多少日内提示。")] = 3,
    ) -> None:
        """检查认罪认罚案件的程序保障、期限和程序适用（无需数据库）。"""
        from pleaguard.domain.case_file import validate_case_file
        from pleaguard.rules.safeguards import check_case

        moment = parse_as_of(as_of)
        case = validate_case_file(read_json_input(case_file))
        report = check_case(case, moment, soon_days=soon_days).to_dict()
        if as_json:
            typer.echo(dumps(report))
        else:
            typer.echo(render_text(report, case.case_id, case.title, case.made_up), nl=False)
