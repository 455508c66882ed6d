"""CLI commands: `pleaguard judgments extract|stats` and `pleaguard eval extract`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pleaguard.cli.common import dumps, no_such_file
from pleaguard.cli.evaluation import eval_app
from pleaguard.errors import InputError

judgments_app = typer.Typer(help="裁判文书：抽取认罪认罚与量刑事实、语料统计。", no_args_is_help=True)


def _check_input(path: Path, field: str = "FILE") -> None:
    if not path.exists():
        raise InputError(no_such_file(path), field=field)
    if path.is_dir():
        raise InputError(f"{path} 是目录，不是 JSONL 文件 / {path} is a directory, not a JSONL file", field=field)


@judgments_app.command("extract")
def extract_cmd(
    file: Annotated[Path, typer.Argument(help="JSONL（可为 .gz），每行一篇判决书 / one judgment per line")],
    field: Annotated[
        str | None, typer.Option("--field", help="文本字段名；默认依次尝试 fd、full_text、text")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出 JSONL（.gz 则压缩）；默认标准输出")
    ] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="另存每名被告人一行的 CSV")] = None,
    parquet_path: Annotated[Path | None, typer.Option("--parquet", help="另存 Parquet")] = None,
    scheduler: Annotated[
        str, typer.Option("--scheduler", help="none = 单进程；local = 本机 Dask 进程集群；或调度器地址 tcp://…")
    ] = "local",
    workers: Annotated[int, typer.Option("--workers", help="local 集群的进程数；默认为本机 CPU 数")] = 0,
    resume: Annotated[bool, typer.Option("--resume", help="从上次中断处继续（需 -o）")] = False,
    chunk: Annotated[int, typer.Option("--chunk", help="每批行数（检查点间隔）")] = 500,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="在标准错误输出显示进度条")] = True,
) -> None:
    """抽取判决书中的认罪认罚与量刑事实，每输入行输出一行（出错的行输出 {"error": …}）。

    Extract plea and sentencing facts; one output line per input line, in order. Counts go to stderr. By default
    the work runs on a local Dask cluster of worker processes; `--scheduler none` runs in this process,
    `--scheduler tcp://HOST:8786` on an existing cluster. The output is the same in every case.
    """
    from pleaguard.judgments.pipeline import run

    _check_input(file)
    if resume and output is None:
        raise InputError("--resume 需要输出文件 / --resume needs an output file", field="--resume",
                         allowed="-o OUT.jsonl")
    if chunk < 1:
        raise InputError("至少为 1 / must be at least 1", field="--chunk")
    if (csv_path or parquet_path) and output is None:
        raise InputError("--csv/--parquet 需要输出文件 / --csv/--parquet need an output file", field="--csv",
                         allowed="-o OUT.jsonl")
    sched = scheduler.strip().lower()
    if sched in ("none", "", "single"):
        summary = run(file, output, field_name=field, resume=resume, progress=progress, chunk_lines=chunk)
    else:
        if workers < 0:
            raise InputError("至少为 1（0 表示每个 CPU 一个进程） / must be at least 1 (0 = one per CPU)",
                             field="--workers")
        workers = workers or max(1, os.cpu_count() or 1)
        from pleaguard.judgments.dask_runner import run_dask

        summary = run_dask(file, output, field_name=field, resume=resume, progress=progress,
                           scheduler="local" if sched == "local" else scheduler, workers=workers, chunk_lines=chunk)
    if output is not None and (csv_path or parquet_path):
        from pleaguard.judgments.evaluate import read_jsonl
        from pleaguard.judgments.tables import write_csv, write_parquet

        if csv_path:
            write_csv(read_jsonl(output), csv_path)
        if parquet_path:
            write_parquet(read_jsonl(output), parquet_path)
    print(json.dumps(summary.to_dict(), ensure_ascii=False), file=sys.stderr)


@judgments_app.command("stats")
def stats_cmd(
    file: Annotated[Path, typer.Argument(help="judgments extract 的输出 JSONL")],
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="输出目录")] = Path("judgment-stats"),
    plots: Annotated[bool, typer.Option("--plots/--no-plots", help="绘制 PNG/SVG 图")] = True,
) -> None:
    """语料统计：认罪认罚率、程序分布、辩护率、量刑建议采纳率、刑期分布（CSV、Parquet、PNG/SVG）。

    Research statistics over an extracted corpus; prints the summary as JSON.
    """
    from pleaguard.judgments.stats import write_stats

    _check_input(file)
    try:
        summary = write_stats(file, out_dir, plots=plots)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"不是抽取结果（第 {exc.lineno} 行 JSON 格式错误） / not an extraction output (malformed JSON at line "
            f"{exc.lineno})",
            field="FILE",
        ) from None
    print(dumps(summary))


@eval_app.command("extract")
def eval_extract_cmd(
    data: Annotated[Path, typer.Argument(help="判决书 JSONL（如 judge/dev.jsonl）")],
    gold: Annotated[Path, typer.Option("--gold", help="人工标注目录或文件")] = Path("tests/data/gold"),
    field: Annotated[str, typer.Option("--field", help="文本字段名")] = "fd",
    id_field: Annotated[
        str, typer.Option("--id-field", help="记录编号字段名（与标注的 text_id 对应） / the records' id field")
    ] = "text_id",
    traffic: Annotated[Path | None, typer.Option("--traffic", help="交通肇事数据集（机器标签），计算一致率")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="结果另存为 JSON")] = None,
    show_misses: Annotated[bool, typer.Option("--misses", help="列出不一致的记录")] = False,
) -> None:
    """评测抽取：对照人工标注逐字段准确率与情节 F1；可选与交通肇事机器标签的一致率。

    Evaluate extraction against the gold set (and agreement with the traffic tags).
    """
    from pleaguard.judgments.evaluate import evaluate_gold, format_table, load_gold, read_jsonl, traffic_agreement

    _check_input(data)
    if not gold.exists():
        raise InputError(f"人工标注不存在：{gold} / no such gold set: {gold}", field="--gold")
    labels = load_gold(gold)
    if not labels:
        raise InputError(f"{gold} 中没有人工标注 / no gold labels in {gold}", field="--gold")
    result = evaluate_gold(read_jsonl(data), labels, field_name=field, id_field=id_field)
    if result["judgments"] == 0:
        raise InputError(
            f"{data} 中没有记录有人工标注（按 {id_field} 对应 text_id） / no record of {data} has a gold label "
            f"(its {id_field} matched to text_id)",
            field="DATA",
        )
    print(format_table(result))
    if show_misses:
        for f, v in result["fields"].items():
            if v["misses"]:
                print(f"misses {f}: {', '.join(v['misses'])}")
    out = {"gold": result}
    if traffic is not None:
        _check_input(traffic, "--traffic")
        t = traffic_agreement(read_jsonl(traffic))
        out["traffic"] = t
        print()
        print(f"traffic tags ({t['records']} judgments): term agreement {t['term_months']['agreement']:.4f} "
              f"(n={t['term_months']['compared']}), probation {t['probation_months']['agreement']:.4f} "
              f"(n={t['probation_months']['compared']}), procedure {t['procedure']['agreement']:.4f} "
              f"(n={t['procedure']['compared']}), court {t['court']['agreement']:.4f}, "
              f"case-number year {t['year']['agreement']:.4f}")
        for k, v in t["circumstances"].items():
            print(f"  {k}: P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}")
    if json_out:
        json_out.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(judgments_app, name="judgments")
