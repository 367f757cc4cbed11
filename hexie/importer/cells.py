"""Parsing cells: one function per column type, from a raw cell value to what the ledger stores."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Callable, Mapping

from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from hexie.geo import UnknownCounty, normalize_county
from hexie.ledgers import BOOL, CHOICE, COUNTY, CREDIT_CODE, DATE, INT, MONTH, NUMBER, TEXT, YEAR, Column, Ledger

# Values outside these bounds are typing mistakes, not history or plans.
EARLIEST_DATE, LATEST_DATE = date(1950, 1, 1), date(2100, 12, 31)
# Between a milestone's id and its title in the template's drop-down.
MILESTONE_SEPARATOR = "｜"



def fold(text: str) -> str:
    """Full-width to half-width, every kind of space removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def cell_text(value: object) -> str:
    """A cell as the user sees it: 120.0 shows as 120, dates as 2021-06-03, blanks as ''."""
    if value.__class__ is str:  # most cells, first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class BadValue(ValueError):
    """A cell that cannot be read as its column's type; the message is Chinese."""


_NUMBER_NOISE = re.compile(r"[,，、\s¥￥$元]")
_UNITS = ("万元", "元", "人次", "人", "户", "家", "件", "个", "名", "次", "位", "%")
_DATE_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_YM = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(?:份)?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:第)?([1-4一二三四])季度?$|^(\d{4})[-/]?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
EXCEL_EPOCH = date(1899, 12, 30)


def _number(raw: object, column: Column) -> float:
    if isinstance(raw, bool):
        raise BadValue(f"应填{'整数' if column.type == INT else '数值'}")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = _NUMBER_NOISE.sub("", unicodedata.normalize("NFKC", str(raw)))
        for unit in (column.unit, *_UNITS):
            if unit and text.endswith(unit):
                text = text[: -len(unit)]
                break
        try:
            value = float(text)
        except ValueError:
            raise BadValue(f"应填{'整数' if column.type == INT else '数值'}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadValue("应填数值")
    if value < 0:
        raise BadValue("不能为负数")
    return value


# No count in any ledger (people, enterprises, cases) comes near ten million; a bigger one is a typing slip, and
# beyond 2**63 it could not even be stored.
MAX_COUNT = 10_000_000


def parse_int(raw: object, column: Column) -> int:
    """A whole, non-negative count: 120, 120.0, '120人', '１２０', '1,200'."""
    value = _number(raw, column)
    if not value.is_integer():
        raise BadValue("应为整数（人数、户数、件数不能有小数）")
    if value > MAX_COUNT:
        raise BadValue(f"数量大得不合常理（超过 {MAX_COUNT}），请核对是否多打了数字")
    return int(value)


def parse_number(raw: object, column: Column) -> float:
    """A non-negative amount: 35.5, '35.5万元', '1,200.5'."""
    return _number(raw, column)


def _checked(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise BadValue(f"日期超出合理范围（{EARLIEST_DATE.year}—{LATEST_DATE.year}年）")
    return value


def _ymd(year: str | int, month: str | int, day: str | int = 1) -> date:
    try:
        return _checked(date(int(year), int(month), int(day)))
    except ValueError as exc:
        if isinstance(exc, BadValue):
            raise
        raise BadValue("不是有效的日期") from None


def _float_as_year_month(value: float) -> date | None:
    """2022.11 (what Excel makes of a typed '2022.11') → 2022-11; the digits after the point are the month as shown."""
    year, _, fraction = repr(value).partition(".")
    if len(year) == 4 and fraction and len(fraction) <= 2 and 1 <= int(fraction) <= 12:
        return _ymd(year, fraction)
    return None


def parse_date(raw: object, column: Column) -> date:
    """A day: Excel dates and serials, '2021-7-3', '2021/7/3', '2021年7月3日', '20210703'; a month alone means its 1st."""
    if isinstance(raw, datetime):
        return _checked(raw.date())
    if isinstance(raw, date):
        return _checked(raw)
    if isinstance(raw, bool):
        raise BadValue("不是有效的日期")
    if isinstance(raw, (int, float)):
        month = _float_as_year_month(float(raw)) if not float(raw).is_integer() else None
        if month is not None:
            return month
        if 1 <= raw < 2958466:
            return _checked(EXCEL_EPOCH + timedelta(days=int(raw)))
        raise BadValue("不是有效的日期")
    text = fold(str(raw))
    for pattern in (_DATE_YMD, _DATE_COMPACT):
        if m := pattern.match(text):
            return _ymd(*m.groups())
    if m := _MONTH_YM.match(text):
        return _ymd(*m.groups())
    raise BadValue("不是有效的日期，请写成 2021-06-03 或 2021年6月3日")


def parse_month(raw: object, column: Column) -> date:
    """A month, stored as its 1st: '2021-06', '2021.05', '2021年6月', 2022.11, a date; a quarter means its last month."""
    if isinstance(raw, str):
        text = fold(raw)
        if m := _QUARTER.match(text):
            year = m.group(1) or m.group(3)
            q = m.group(2) or m.group(4)
            quarter = _CHINESE_DIGITS.get(q) or int(q)
            return _ymd(year, quarter * 3)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1000 <= raw <= 9999 and float(raw).is_integer():
        raise BadValue("应写到月份，如 2021-06")
    try:
        day = parse_date(raw, column)
    except BadValue:
        raise BadValue("不是有效的年月，请写成 2021-06 或 2021年6月") from None
    return day.replace(day=1)


def parse_year(raw: object, column: Column) -> int:
    """A year: 2021, 2021.0, '2021', '2021年', '2021年度', or a date's year."""
    if isinstance(raw, (datetime, date)):
        year = raw.year
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        year = int(raw)
    elif isinstance(raw, str) and (m := _YEAR.match(fold(raw))):
        year = int(m.group(1))
    else:
        raise BadValue("不是有效的年度，请写成 2021 或 2021年")
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise BadValue(f"年度超出合理范围（{EARLIEST_DATE.year}—{LATEST_DATE.year}年）")
    return year


def not_after(today: date, parse: Callable[[object, Column], object]) -> Callable[[object, Column], object]:
    """The parser of a date, month or year column that also refuses a value later than the upload day: every
    such column records something that has happened, and pages never show what lies after today."""

    def parse_past(raw: object, column: Column) -> object:
        value = parse(raw, column)
        future_check(value, today)
        return value

    return parse_past


def future_check(value: object, today: date) -> None:
    """Raise BadValue when a parsed date, month (its 1st) or year lies after today; a later year is named as
    the likely slip (2099 for 2019)."""
    year = value if isinstance(value, int) else value.year
    if (value > today.year) if isinstance(value, int) else (value > today):
        slip = f"：年份 {year} 晚于今年，可能是笔误" if year > today.year else "，不能是将来的日期"
        raise BadValue(f"晚于上传当天（{today:%Y-%m-%d}）{slip}")


def parse_bool(raw: object, column: Column) -> bool | str:
    """是/否 and the column's own synonyms (已结清/未结清 …), √/×, 1/0, TRUE/FALSE.

    A three-valued column (one declared with `pending` words) gives its stored answer instead: '是', '否', or its
    word for "not yet" ('未评估') for any of its pending words (培育中, 待评估, 评估中 …).
    """
    if isinstance(raw, bool):
        answer = raw
    else:
        text = fold(cell_text(raw))
        if text in column.yes_words:
            answer = True
        elif text in column.no_words:
            answer = False
        elif text in column.pending:
            return column.answers[2]
        else:
            raise BadValue(f"应填{'、'.join(f'“{a}”' for a in column.answers[:-1])}或“{column.answers[-1]}”")
    if column.three_valued:
        return column.answers[0] if answer else column.answers[1]
    return answer


def _choice_index(column: Column) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, synonyms in column.choices.items():
        for wording in (canonical, *synonyms):
            index.setdefault(fold(wording), canonical)
    return index


def parse_choice(raw: object, column: Column) -> str:
    """One of the declared values, by its own name or a synonym."""
    key = fold(cell_text(raw))
    index = _choice_index(column)
    if key in index:
        return index[key]
    raise BadValue(f"不是可选值，可选：{'、'.join(column.choices)}")


def parse_county(raw: object, column: Column) -> str:
    """A reporting unit's canonical name (old names and short names accepted)."""
    try:
        return normalize_county(cell_text(raw))
    except UnknownCounty as exc:
        raise BadValue(str(exc)) from None


def parse_credit_code(raw: object, column: Column) -> str:
    """A 统一社会信用代码 checked for format and its GB 32100 check digit (python-stdnum's cn.uscc)."""
    try:
        return uscc.validate(fold(cell_text(raw)).upper())
    except InvalidLength:
        raise BadValue("应为18位，可能抄错或漏位，请核对营业执照") from None
    except InvalidChecksum:
        raise BadValue("校验位不符，可能抄错，请核对营业执照") from None
    except ValidationError:
        raise BadValue("含有不应出现的字符（I、O、S、V、Z 等），可能抄错，请核对营业执照") from None


def parse_text(raw: object, column: Column) -> str:
    """Text as shown; text starting with = + - @ stays text (it is never evaluated)."""
    return cell_text(raw)


PARSERS: dict[str, Callable[[object, Column], object]] = {
    TEXT: parse_text, INT: parse_int, NUMBER: parse_number, DATE: parse_date, MONTH: parse_month,
    YEAR: parse_year, BOOL: parse_bool, CHOICE: parse_choice, COUNTY: parse_county,
    CREDIT_CODE: parse_credit_code,
}


def milestone_parser(milestones: Mapping[str, str]) -> Callable[[object, Column], str]:
    by_title: dict[str, list[str]] = {}
    for mid, title in milestones.items():
        by_title.setdefault(fold(title), []).append(mid)

    def parse_milestone(raw: object, column: Column) -> str:
        text = cell_text(raw)
        # A template drop-down entry is "id｜title": the id decides.
        head = re.split(r"[｜|]", text, maxsplit=1)[0].strip()
        if head in milestones:
            return head
        ids = by_title.get(fold(text), [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            # Yearly milestones share a title; guessing the year would file a report under the wrong one.
            raise BadValue(f"多个工作节点同名，请改填节点编号：{'、'.join(ids)}")
        raise BadValue("不是实施方案中的工作节点，请填写模板下拉列表中的节点编号或名称")

    return parse_milestone


def is_blank(value: object) -> bool:
    return value is None or value == "" or (value.__class__ is str and value.isspace())


def parse_period_text(text: str, ledger: Ledger) -> object:
    """The uploader's period ('2021-06', '2021年6月', '2021') as the ledger's period column stores it."""
    column = ledger.column(ledger.period_column)
    if column.type == YEAR:
        return parse_year(text[:4] if re.match(r"^\d{4}\D", text) else text, column)
    return parse_month(text, column)


def period_label(value: object) -> str:
    """A stored period as people write it: 2021-06 for a month, 2021 for a year."""
    return value.strftime("%Y-%m") if isinstance(value, date) else str(value)


