"""The 数据上传 page against hostile uploads: names are shown as typed, a far-cell workbook is refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexie.importer import Limits
from tests.conftest import log_in
from streamlit.testing.v1 import AppTest


PAGES = Path(__file__).resolve().parent.parent / "pages"
CSV = "县区,年度,大中型企业数,小微企业数\n章贡区,2021,10,100\n".encode()


def _markdown_bodies(at: AppTest) -> list[str]:
    """Everything the page drew through a Markdown-rendering element: headings, captions and message boxes."""
    elements = [*at.markdown, *at.caption, *at.info, *at.error, *at.success, *at.warning]
    return [e.value for e in elements]


@pytest.mark.parametrize("name", ["![t](http://host/f.png).csv", "# 标题 <b>粗</b> [链接](http://host).csv", ":red[通知] $x$.csv"])
def test_a_file_name_is_shown_as_typed_not_as_markdown(db, name):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    at.file_uploader(key="upload_files").upload(name, CSV).run()
    assert not at.exception
    bodies = _markdown_bodies(at)
    stem = name.removesuffix(".csv")
    assert not [b for b in bodies if stem in b], "a name went to Markdown unescaped"
    escaped = [b for b in bodies if "\\" + stem[0] in b]
    assert escaped, bodies


def test_a_header_not_imported_is_shown_as_typed_not_as_markdown(db):
    from hexie.ui import literal

    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    header = "**备注** [详见](http://host)"
    data = f"县区,年度,大中型企业数,小微企业数,{header}\n章贡区,2021,10,100,x\n".encode()
    at.file_uploader(key="upload_files").upload("基数.csv", data).run()
    bodies = _markdown_bodies(at)
    assert not [b for b in bodies if header in b], "a header went to Markdown unescaped"
    assert literal(f"未导入的栏目（不是本台账的栏目）：{header}") in bodies


def test_an_address_in_a_name_stays_text_not_a_link():
    from hexie.ui import WORD_JOINER, literal

    # Escaping alone leaves http://…, www.… and a@b as GitHub-style autolinks (seen in Chromium); a word joiner breaks them.
    assert literal("见 http://evil.example/x、www.evil.example 和 x@y.z") == (
        f"见 http\\:{WORD_JOINER}//evil.example/x、www{WORD_JOINER}\\.evil.example 和 x\\@{WORD_JOINER}y.z")


def test_a_count_beyond_64_bits_is_a_row_problem_on_the_page_not_a_traceback(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    data = "县区,年度,大中型企业数,小微企业数\n章贡区,2021,99999999999999999999,100\n".encode()
    at.file_uploader(key="upload_files").upload("基数.csv", data).run()
    assert not at.exception
    problems = [d.value for d in at.dataframe if "问题" in d.value.columns]
    assert problems[0].values.tolist() == [
        ["基数", 2, "大中型企业数", "99999999999999999999", "数量大得不合常理（超过 10000000），请核对是否多打了数字"],
    ]
    assert at.button(key="upload_confirm").disabled


def test_the_uploader_refuses_in_the_browser_only_over_the_one_size_limit(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    uploader = at.file_uploader(key="upload_files").proto
    # No type list: the browser would refuse another kind in English; the importer tells kinds from bytes, in Chinese.
    assert (uploader.max_upload_size_mb * 2**20, list(uploader.type)) == (Limits().max_bytes, [])
    # The limit is stated once, in the drop zone (tests/test_browser.py): not in a help tooltip or a caption as well.
    assert uploader.help == "" and not [c.value for c in at.caption if "MB" in c.value]
