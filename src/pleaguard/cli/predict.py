"""CLI commands: `pleaguard predict` (sentence from facts) and `pleaguard eval predict` (its evaluation)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from pleaguard.cli.common import json_default, no_such_file, not_utf8
from pleaguard.cli.evaluation import eval_app
from pleaguard.errors import InputError


def _lines(source: str) -> Iterator[str]:
    if source == "-":
        yield from sys.stdin
        return
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{source} 是目录，不是 JSONL 文件 / {source} is a directory, not a JSONL file", field="FILE")
    try:
        fh = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(no_such_file(source), field="FILE") from None
    with fh:
        try:
            yield from fh
        except UnicodeDecodeError:
            raise InputError(not_utf8(source), field="FILE") from None


def predict_line(raw: str, n: int) -> dict[str, Any]:
    """One output object for one input line: the prediction, or `{error, line}` saying why there is none."""
    from pleaguard.predict.model import predict

    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return {"error": f"第{n}行不是合法的 JSON / line {n} is malformed JSON: {exc.msg}", "line": n}
    if not isinstance(obj, dict):
        return {"error": "每行应为一个含 `fact` 的 JSON 对象 / each line must be a JSON object with `fact`", "line": n}
    fact = obj.get("fact")
    if not isinstance(fact, str) or not fact.strip():
        return {"error": "缺少事实描述 / `fact` must be a non-empty string", "line": n}
    charges = obj.get("charges")
    if isinstance(charges, str):
        charges = [charges]
    if charges is not None and (not isinstance(charges, list) or not all(isinstance(c, str) for c in charges)):
        return {"error": "`charges` 应为罪名列表 / `charges` must be a list of charge names", "line": n}
    try:
        return predict(fact, charges or None)
    except InputError as exc:
        return {"error": str(exc), "line": n}


def run(source: str, out: TextIO) -> tuple[int, int]:
    """Predict every line of `source` into `out`; returns (predicted, errors). Blank lines are skipped."""
    ok = bad = 0
    for n, raw in enumerate(_lines(source), start=1):
        if not raw.strip():
            continue
        result = predict_line(raw, n)
        bad += "error" in result
        ok += "error" not in result
        out.write(json.dumps(result, ensure_ascii=False, default=json_default) + "\n")
    return ok, bad


def register(app: typer.Typer) -> None:
    """Add `predict` to the main app and `predict` to the `eval` group."""

    @app.command("predict")
    def predict_cmd(
        file: Annotated[str, typer.Argument(help="JSONL：每行含 fact（事实描述）与可选的 charges；- 为标准输入")],
        output: Annotated[Path | None, typer.Option("-o", "--output", help="输出 JSONL 文件（默认标准输出）")] = None,
    ) -> None:
        """依事实描述预测刑期：罪名 → 法定刑幅度 → 起点 → 基准刑 → 量刑情节（拟合参数注明为拟合）。"""
        if output is not None:
            with output.open("w", encoding="utf-8") as fh:
                ok, bad = run(file, fh)
        else:
            ok, bad = run(file, sys.stdout)
        print(f"已预测 {ok} 行，{bad} 行出错 / predicted {ok} lines, {bad} errors", file=sys.stderr)

    @eval_app.command("predict")
    def eval_predict_cmd(
        data: Annotated[Path, typer.Argument(help="CAIL2018 格式 JSONL（如 ../shared/data/cail2018/dev.jsonl）")],
        part: Annotated[str, typer.Option(help="评测部分：validation（默认）或 train")] = "validation",
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    ) -> None:
        """刑期预测评测：固定划分（事实文本哈希，80% 训练 / 20% 验证）上的 LawBench 指标、CAIL2018 刑期得分、
        区间覆盖率与宽度，以及同次运行的罪名中位数基线。"""
        from pleaguard.predict.evaluate import evaluate

        result = evaluate(data, part)
        if as_json:
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            return
        print(f"split: {result.split}  bad lines: {result.bad_lines}  seconds: {result.seconds:.1f}")
        head = f"{'charge':<34}{'n':>5}{'LawBench':>9}{'base':>7}{'CAIL':>7}{'base':>7}{'cover':>7}{'width':>7}"
        print(head)

        def line(name: str, r: dict[str, Any]) -> str:
            return (f"{name[:32]:<34}{r['n']:>5}{r['lawbench']:>9.2f}{r['baseline_lawbench']:>7.2f}"
                    f"{r['cail_score']:>7.3f}{r['baseline_cail_score']:>7.3f}{r['range_coverage']:>7.2f}"
                    f"{r['range_mean_width_months']:>7.1f}")

        print(line("ALL (charges given)", result.overall))
        print(line("ALL (charges found from text)", result.found_charges)
              + f"  charge exact match {result.found_charges['charge_exact_match']:.3f}")
        for name, r in result.per_charge.items():
            print(line(name, r))
