"""tools/reader_corpus.py: every file of a corpus comes back parsed or refused; a raise is listed and fails the run."""

from __future__ import annotations

import json

from tools import reader_corpus

LEDGER_CSV = "县（市、区）,年度,大中型企业数,小微企业数\n章贡区,2021,85,3200\n于都县,2021,40,1800\n"


def test_a_corpus_run_counts_parsed_and_refused_files(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (corpus / "nested").mkdir(parents=True)
    (corpus / "base.csv").write_text(LEDGER_CSV, encoding="utf-8")
    (corpus / "nested" / "junk.xlsx").write_bytes(b"\x00\x01 not a workbook")
    (corpus / "notes.txt").write_text("not in the corpus: no reader's extension", encoding="utf-8")
    out = tmp_path / "results.json"
    assert reader_corpus.main([str(corpus), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[:3] == ["2 个文件", "  .csv   parsed   1", "  .xlsx  refused  1"]
    results = {r["file"].rsplit("/", 1)[1]: (r["outcome"], r["detail"]) for r in json.loads(out.read_text(encoding="utf-8"))}
    assert results == {
        "base.csv": ("parsed", "enterprise_base：2 行"),
        "junk.xlsx": ("refused", "“junk.xlsx”不是 Excel 工作簿或 CSV 文件，无法读取；请上传 .xlsx、.xls、.ods 或 .csv 文件"),
    }


def test_a_file_that_makes_the_importer_raise_fails_the_run_with_its_traceback(tmp_path, capsys, monkeypatch):
    (tmp_path / "bad.xlsx").write_bytes(b"anything")

    def raising(data, name, options):
        raise IndexError("merged range past the data")

    monkeypatch.setattr(reader_corpus, "parse_upload", raising)
    assert reader_corpus.main([str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "  .xlsx  raised   1" in captured.out
    assert "引发异常：" in captured.err and "IndexError: merged range past the data" in captured.err
