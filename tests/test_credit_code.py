"""统一社会信用代码: format and GB 32100 check digit, a bad one a problem with its row and column saying 可能抄错."""

from __future__ import annotations

from datetime import date

from hexie.importer import ImportOptions, Problem, parse_upload
from tests.test_importer import xlsx

HEADER = ["企业名称", "统一社会信用代码", "县区", "服务日期", "服务方式"]


def test_credit_codes_with_good_and_bad_check_digits():
    rows = [
        HEADER,
        ["甲", "91360702MA398ABC1J", "于都", "2021-04-02", "上门服务"],
        ["乙", " 91360702ma398abc2m ", "于都", "2021-04-02", "上门服务"],
        ["丙", "91360702MA398ABC1D", "于都", "2021-04-02", "上门服务"],
        ["丁", "91360702MA398ABC1", "于都", "2021-04-02", "上门服务"],
        ["戊", "91360702MA398OBC1J", "于都", "2021-04-02", "上门服务"],
    ]
    result = parse_upload(xlsx(("服务", rows, [])), "服务.xlsx", ImportOptions(today=date(2021, 8, 15)))
    assert [r["credit_code"] for r in result.rows[:2]] == ["91360702MA398ABC1J", "91360702MA398ABC2M"]
    assert result.problems == (
        Problem("bad_value", "校验位不符，可能抄错，请核对营业执照", "服务", 4, "统一社会信用代码", "91360702MA398ABC1D"),
        Problem("bad_value", "应为18位，可能抄错或漏位，请核对营业执照", "服务", 5, "统一社会信用代码", "91360702MA398ABC1"),
        Problem("bad_value", "含有不应出现的字符（I、O、S、V、Z 等），可能抄错，请核对营业执照", "服务", 6, "统一社会信用代码",
                "91360702MA398OBC1J"),
    )
