"""Bad input to `pleaguard judgments …` and `pleaguard eval extract`: per-record errors and counts for bad lines,
exit code 2 with one line on stderr for bad arguments; nothing is silently dropped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cli_runner import run_cli as cli

CRIMINAL = (
    "浙江省杭州市西湖区人民法院 刑事判决书 （2018）浙0106刑初7号 公诉机关杭州市西湖区人民检察院。 被告人张三，男。 "
    "杭州市西湖区人民检察院以起诉书指控被告人张三犯盗窃罪，向本院提起公诉。本院依法适用简易程序审理。现已审理终结。 "
    "本院认为，被告人张三构成盗窃罪。判决如下： 被告人张三犯盗窃罪，判处有期徒刑六个月，并处罚金人民币一千元。"
)
TRADITIONAL = (
    CRIMINAL.replace("判决", "判決").replace("认为", "認為").replace("处罚金", "處罰金").replace("审理", "審理")
)
CIVIL = ("北京市朝阳区人民法院 民事判决书 （2018）京0105民初1号 原告张三，男。 被告李四，男。 "
         "原告张三诉称，被告借款十万元未还。本院认为，借款合同合法有效。判决如下： "
         "被告李四于本判决生效之日起十日内偿还原告借款十万元。")


def write_lines(path: Path, lines: list[bytes]) -> None:
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_garbage_lines_give_per_record_errors_and_the_run_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    lines = [
        json.dumps({"text_id": "a", "fd": CRIMINAL}, ensure_ascii=False).encode(),
        b"{not json",
        b"",
        b"[1, 2]",
        json.dumps({"text_id": "e", "fd": ""}).encode(),
        json.dumps({"text_id": "f", "body": CRIMINAL}, ensure_ascii=False).encode(),
        json.dumps({"text_id": "g", "fd": CIVIL}, ensure_ascii=False).encode(),
        json.dumps({"text_id": "h", "fd": CRIMINAL[:150]}, ensure_ascii=False).encode(),
        json.dumps({"text_id": "i", "fd": TRADITIONAL}, ensure_ascii=False).encode(),
        b"\xff\xfe\x00 not utf-8",
        json.dumps({"text_id": "k", "fd": 42}).encode(),
    ]
    src = tmp_path / f"in{suffix}"
    write_lines(src, lines)
    out = tmp_path / "out.jsonl"
    code, _, err = cli(["judgments", "extract", str(src), "-o", str(out), "--no-progress", "--scheduler", "none"],
                       capsys)
    assert code == 0
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(lines)
    assert [r.get("error") for r in records] == [
        None, "bad_json", "empty_line", "not_an_object", "empty", "no_text_field", "not_criminal", None, None,
        "bad_encoding", "text_not_string",
    ]
    assert records[0]["id"] == "a" and records[0]["defendants"][0]["penalty"]["months"] == 6
    assert any(e.startswith("truncated") for e in records[7]["errors"])  # truncated: explicit, not silent
    assert "defendants[0].penalty.type" in records[7]["unknown"]
    assert records[8]["defendants"][0]["penalty"]["fine_yuan"] == 1000  # traditional characters read
    counts = json.loads(err.strip().splitlines()[-1])
    assert counts["lines"] == len(lines) and counts["error_total"] == 8 and counts["with_unknown_fields"] == 1


def test_csv_and_parquet_have_a_row_for_every_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in.jsonl"
    write_lines(src, [json.dumps({"fd": CRIMINAL}, ensure_ascii=False).encode(), b"oops"])
    out, csv_path, pq_path = tmp_path / "o.jsonl", tmp_path / "o.csv", tmp_path / "o.parquet"
    code, _, _ = cli(["judgments", "extract", str(src), "-o", str(out), "--csv", str(csv_path),
                      "--parquet", str(pq_path), "--no-progress", "--scheduler", "none"], capsys)
    assert code == 0
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 3  # header + 2 rows
    table = pq.read_table(pq_path).to_pylist()
    assert [r["error"] for r in table] == [None, "bad_json"]
    assert table[0]["months"] == 6 and table[0]["first_charge"] == "盗窃罪"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["judgments", "extract", "/no/such/file.jsonl"], "FILE"),
        (["judgments", "extract", "{src}", "--resume"], "--resume"),
        (["judgments", "extract", "{src}", "--chunk", "0", "-o", "{tmp}/o.jsonl"], "--chunk"),
        (["judgments", "extract", "{src}", "--csv", "{tmp}/o.csv"], "--csv"),
        (["judgments", "stats", "/no/such/out.jsonl"], "FILE"),
        (["judgments", "stats", "{src_bad}"], "FILE"),
        (["eval", "extract", "{src}", "--gold", "/no/such/gold"], "--gold"),
        (["eval", "extract", "{src}", "--gold", "{tmp}"], "--gold"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], field: str
) -> None:
    src = tmp_path / "in.jsonl"
    write_lines(src, [json.dumps({"fd": CRIMINAL}, ensure_ascii=False).encode()])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not an extraction output\n", encoding="utf-8")
    args = [a.format(src=src, tmp=tmp_path, src_bad=bad) for a in args]
    code, _, err = cli(args, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 / error:") and field in lines[0]


def test_stats_writes_tables_and_plots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    write_lines(src, [json.dumps({"fd": CRIMINAL}, ensure_ascii=False).encode(),
                      json.dumps({"fd": TRADITIONAL}, ensure_ascii=False).encode(), b"junk"])
    out = tmp_path / "o.jsonl"
    args = ["judgments", "extract", str(src), "-o", str(out), "--no-progress", "--scheduler", "none"]
    assert cli(args, capsys)[0] == 0
    code, printed, _ = cli(["judgments", "stats", str(out), "-o", str(tmp_path / "st")], capsys)
    assert code == 0
    summary = json.loads(printed)
    assert summary["judgments"] == 2 and summary["error_lines"] == 1
    assert summary["procedure_mix"]["simplified"]["n"] == 2
    for name in ("summary.json", "sentences.csv", "sentences.parquet", "defendants.csv", "defendants.parquet",
                 "procedure_mix.png", "procedure_mix.svg", "counsel.png", "sentences_by_charge_plea.svg"):
        assert (tmp_path / "st" / name).stat().st_size > 0
