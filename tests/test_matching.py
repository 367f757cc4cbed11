"""Value matching (值对照): suggestions from the declaration, matches applied with counts, never applied silently."""

from __future__ import annotations

from datetime import date

import pytest

from hexie.importer import AppliedMatch, ImportOptions, ValueMatch, parse_upload, suggest, unknown_values
from hexie.ledgers import LEDGERS_BY_KEY
from tests.test_importer import xlsx

METHOD = LEDGERS_BY_KEY["new_enterprise"].column("method")
HEADER = ["企业名称", "统一社会信用代码", "县区", "服务日期", "服务方式"]


@pytest.mark.parametrize("word, suggestions", [
    ("手册发放", ("用工指导手册",)),
    ("QQ群答疑", ("线上指导",)),
    ("走访服务", ("上门服务", "线上指导")),
    ("开会", ()),
])
def test_suggestions_come_from_containment_and_similarity(word, suggestions):
    assert suggest(word, METHOD) == suggestions


TWO_ROWS = [["甲", "91360702MA398ABC1J", "于都", "2021-04-02", "走访服务"],
            ["乙", "91360702MA398ABC2M", "于都", "2021-04-03", "走访服务"]]


def parse(rows, *matches):
    return parse_upload(xlsx(("服务", [HEADER, *rows], [])), "服务.xlsx",
                        ImportOptions(today=date(2021, 8, 15), county="于都县", value_matches=matches))


def test_unknown_values_are_grouped_with_row_counts_and_nothing_is_applied_silently():
    result = parse(TWO_ROWS)
    assert [p.row for p in result.problems] == [2, 3]
    (value,) = unknown_values(result)
    assert (value.label, value.value, value.rows, value.suggestions, value.optional) == (
        "服务方式", "走访服务", 2, ("上门服务", "线上指导"), False)
    assert result.applied_matches == ()


def test_a_given_match_wins_over_a_remembered_one_and_counts_its_rows():
    remembered = ValueMatch("服务方式", "走访服务", "线上指导", "new_enterprise", remembered=True)
    given = ValueMatch("服务方式", "走访 服务", "上门服务")
    result = parse(TWO_ROWS, remembered, given)
    assert ([r["method"] for r in result.rows], result.problems) == (["上门服务", "上门服务"], ())
    assert result.applied_matches == (AppliedMatch(given, 2),)


def test_a_match_to_a_value_the_column_does_not_allow_is_a_problem():
    result = parse(TWO_ROWS[:1], ValueMatch("服务方式", "走访服务", "电话"))
    assert [p.message for p in result.problems] == ["值对照“走访服务”→“电话”不是可选值，可选：线上指导、上门服务、培训班、用工指导手册"]
