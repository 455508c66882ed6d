"""An interrupted corpus run resumes where it stopped and ends with the output of a clean run."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pleaguard.judgments import pipeline
from pleaguard.judgments.pipeline import run

TEXT = (
    "浙江省杭州市西湖区人民法院 刑事判决书 （2018）浙0106刑初{n}号 公诉机关杭州市西湖区人民检察院。 被告人张{n}，男。 "
    "杭州市西湖区人民检察院以起诉书指控被告人张{n}犯危险驾驶罪，向本院提起公诉。"
    "本院依法适用简易程序审理。现已审理终结。 "
    "本院认为，被告人张{n}构成危险驾驶罪，当庭自愿认罪。判决如下： "
    "被告人张{n}犯危险驾驶罪，判处拘役{m}个月，并处罚金人民币{f}元。"
)


def corpus(path: Path, n: int) -> None:
    lines = []
    for i in range(n):
        if i % 17 == 5:
            lines.append("this line is not JSON")
        else:
            lines.append(json.dumps({"id": i, "fd": TEXT.format(n=i, m=1 + i % 5, f=1000 + i)}, ensure_ascii=False))
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        fh.write("\n".join(lines) + "\n")


class Interrupt(Exception):
    pass


def interrupted_run(src: Path, out: Path, after_batches: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run until `after_batches` chunks are written, then fail in the middle of writing the next one."""
    original = pipeline.ResumableWriter.write_chunk
    calls = {"n": 0}

    def failing(self: pipeline.ResumableWriter, lines: list[str]) -> None:
        calls["n"] += 1
        if calls["n"] > after_batches:
            with open(self.out, "ab") as fh:  # a half-written chunk, as a crash would leave it
                fh.write("".join(lines)[: len(lines[0]) // 2].encode("utf-8"))
            raise Interrupt
        original(self, lines)

    monkeypatch.setattr(pipeline.ResumableWriter, "write_chunk", failing)
    with pytest.raises(Interrupt):
        run(src, out, progress=False, chunk_lines=10)
    monkeypatch.setattr(pipeline.ResumableWriter, "write_chunk", original)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_resuming_after_an_interruption_gives_the_clean_run_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    src = tmp_path / f"in{suffix}"
    corpus(src, 95)
    clean = tmp_path / f"clean{suffix}"
    run(src, clean, progress=False, chunk_lines=10)

    out = tmp_path / f"out{suffix}"
    interrupted_run(src, out, after_batches=4, monkeypatch=monkeypatch)
    assert out.with_name(out.name + ".ckpt").exists()
    summary = run(src, out, progress=False, chunk_lines=10, resume=True)

    assert summary.skipped_resumed == 40
    assert summary.lines == 55
    assert read(out) == read(clean)
    assert len(read(out)) == 95
    assert not out.with_name(out.name + ".ckpt").exists()


def test_a_plain_output_without_checkpoint_resumes_from_its_complete_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    corpus(src, 30)
    clean = tmp_path / "clean.jsonl"
    run(src, clean, progress=False)
    out = tmp_path / "out.jsonl"
    data = clean.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 20  # 15-odd complete lines and a partial one
    out.write_bytes(data[:cut])
    run(src, out, progress=False, resume=True)
    assert out.read_bytes() == data


def read(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return fh.read().splitlines()


def test_every_input_line_gives_one_output_line_in_order(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    corpus(src, 40)
    out = tmp_path / "out.jsonl"
    summary = run(src, out, progress=False, chunk_lines=7)
    lines = [json.loads(x) for x in read(out)]
    assert [x["line"] for x in lines] == list(range(1, 41))
    assert summary.lines == 40
    assert summary.errors["bad_json"] == sum(1 for i in range(40) if i % 17 == 5)
    ok: Iterator[dict] = (x for x in lines if "error" not in x)  # type: ignore[type-arg]
    first = next(ok)
    assert first["defendants"][0]["penalty"]["fine_yuan"] == 1000
