"""Bad input on the command line: exit code 2 and one line on stderr that reads Chinese first, then English.

Every reason has the form "错误 / error: [FIELD: ]中文说明 / English text[; 可接受 / allowed: ...]", with no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run_cli as run

CASE: dict[str, Any] = {
    "crime": "theft",
    "offense_date": "2022-01-01",
    "facts": {"amount_yuan": 5000},
    "defendant": {"age_at_offense": 30},
}
PREFIX = "错误 / error: "


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def files(tmp: Path) -> dict[str, str]:
    """The inputs the cases below name by key."""
    (tmp / "malformed.json").write_text('{"crime": "theft",', encoding="utf-8")
    (tmp / "piracy.json").write_text(json.dumps({**CASE, "crime": "piracy"}), encoding="utf-8")
    (tmp / "no_stage.json").write_text(
        json.dumps({**CASE, "circumstances": [{"kind": "plea_leniency"}]}), encoding="utf-8"
    )
    (tmp / "bad_age.json").write_text(json.dumps({**CASE, "defendant": {"age_at_offense": "thirty"}}), encoding="utf-8")
    (tmp / "bad_date.json").write_text(json.dumps({**CASE, "offense_date": "2022-13-01"}), encoding="utf-8")
    (tmp / "list.json").write_text("[]", encoding="utf-8")
    (tmp / "a_dir").mkdir()
    return {
        "malformed": str(tmp / "malformed.json"),
        "piracy": str(tmp / "piracy.json"),
        "no_stage": str(tmp / "no_stage.json"),
        "bad_age": str(tmp / "bad_age.json"),
        "bad_date": str(tmp / "bad_date.json"),
        "list": str(tmp / "list.json"),
        "dir": str(tmp / "a_dir"),
        "missing": str(tmp / "no-such-file.json"),
        "db": f"sqlite:///{tmp / 'db.sqlite'}",
    }


#: (command line with {key} placeholders, the Chinese half expected, the English half expected)
CASES: list[tuple[list[str], str, str]] = [
    (["sentence", "{malformed}"], "JSON 格式错误（第 1 行", "malformed JSON at line 1"),
    (["sentence", "{piracy}"], "crime: 未知罪名 'piracy'", "unknown crime 'piracy'"),
    (["sentence", "{missing}"], "文件不存在", "no such file"),
    (["sentence", "{dir}"], "是目录，不是 JSON 文件", "is a directory, not a JSON file"),
    (["sentence"], "请给出案件文件", "give a case file or - for stdin"),
    (["sentence", "{no_stage}"], "认罪认罚须注明所处的诉讼阶段", "a plea must say at which stage it was made"),
    (["sentence", "{bad_age}"], "defendant.age_at_offense: 应为整数", "Input should be a valid integer"),
    (["sentence", "{bad_date}"], "不是 YYYY-MM-DD 格式的日期", "not a date in the form YYYY-MM-DD"),
    (["review", "{list}"], "量刑案件必须是 JSON 对象", "a sentencing case must be a JSON object"),
    (["law", "show", "--date", "2024-02-30"], "不是日期", "is not a date"),
    (["check", "{missing}"], "文件不存在", "no such file"),
    (["check", "{malformed}", "--as-of", "soon"], "不是 ISO 8601 日期或时间", "is not an ISO 8601 date or datetime"),
    (["check", "{malformed}", "--as-of", "2024-10-08T09:00:00"], "时间必须带 UTC 偏移", "must carry a UTC offset"),
    (["judgments", "extract", "{missing}"], "FILE: 文件不存在", "no such file"),
    (["judgments", "extract", "{dir}"], "是目录，不是 JSONL 文件", "is a directory, not a JSONL file"),
    (["predict", "{missing}"], "文件不存在", "no such file"),
    (["db", "upgrade", "9999", "--database", "{db}"], "未知的数据库版本 '9999'", "unknown revision '9999'"),
]


@pytest.mark.parametrize(("args", "chinese", "english"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_exits_2_with_one_chinese_first_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], chinese: str, english: str
) -> None:
    paths = files(tmp_path)
    code, out, err = run([a.format(**paths) for a in args], capsys)
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    assert err.startswith(PREFIX), err
    assert chinese in err and english in err, err
    assert err.index(chinese) < err.index(english), err
    reason = err.removeprefix(PREFIX).split("; 可接受 / allowed:")[0]
    zh, sep, en = reason.partition(" / ")
    assert sep and has_chinese(zh) and en.strip(), reason


def test_a_prediction_line_that_fails_carries_the_chinese_reason_in_its_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "facts.jsonl"
    src.write_text(
        json.dumps({"fact": "被告人某甲于某日在某地行走。", "charges": ["  "]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(["predict", str(src)], capsys)
    assert code == 0
    record = json.loads(out)
    assert "罪名为空 / empty charge name" in record["error"]
    assert "已预测 0 行，1 行出错 / predicted 0 lines, 1 errors" in err


def test_a_demo_directory_that_already_holds_a_demo_is_refused_chinese_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pleaguard-demo.db").write_bytes(b"")
    code, _, err = run(["demo", "--no-serve", "--dir", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(PREFIX + "--dir: ")
    assert "已存在，演示需要新的数据库 / " in err and "already exists" in err
