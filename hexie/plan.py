"""The action plan (workstreams, milestones, targets, reporting calendar) loaded and checked from its YAML data file."""

from __future__ import annotations

import calendar
import math
import errno
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Mapping

import yaml

from hexie.ledgers import LEDGERS_BY_KEY

DEFAULT_PLAN_PATH = Path(__file__).resolve().parent.parent / "data" / "plan" / "ganzhou-2020.yaml"
PLAN_ENV_VAR = "HEXIE_PLAN"

# The dashboards address workstreams by these ids, so the file may not invent others.
WORKSTREAM_IDS = ("social_org", "coordinator", "mediation", "harmonious", "new_enterprise", "key_enterprise", "wage")

# Who reports a milestone's completion, by scope.
REPORTERS = {"city": "市协调劳动关系三方办公室", "county": "各地协调劳动关系三方"}

UNITS_OF_MEASURE = ("人", "家", "户", "次", "share")
# How the document's words are read: 以上/不少于 = at least, 大多数 = more than, 左右 = about (within a band).
COMPARISONS = ("at_least", "more_than", "about")
# Who a target binds: the city as a whole, each of the 18 counties, each organisation, or each of the four bodies.
SCOPES = ("city", "county", "org", "body")
# What a target expects by a date: nothing before a due date, amounts due at dates, a straight path, or a bar held all along.
SCHEDULES = ("deadline", "steps", "linear", "rate")
# How often a ledger is reported in the 催报 calendar, and the keys a reporting entry of each frequency may hold
# besides ledger, who, frequency and reading.
FREQUENCIES = ("once", "monthly", "quarterly", "yearly")
DUTY_KEYS = {
    "once": ("due",),
    "monthly": ("from", "to", "after_period_days"),
    "quarterly": ("from", "to", "after_period_days"),
    "yearly": ("from", "to", "after_period_days", "yearly_due"),
}

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^[1-9]\d{3}$")
_YEAR_MONTH = re.compile(r"^[1-9]\d{3}-(0[1-9]|1[0-2])$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class PlanError(ValueError):
    """The plan file is malformed; the message names the file, the item and the problem."""


@dataclass(frozen=True)
class Unit:
    """One of the four bodies (三方四家) that run the plan."""

    short: str
    name: str


@dataclass(frozen=True)
class Units:
    """The four bodies, and the Chinese name of each reporter scope."""

    bodies: tuple[Unit, ...]
    reporters: Mapping[str, str]

    @property
    def shorts(self) -> tuple[str, ...]:
        """The bodies' short names, as the plan's leads and participants use them."""
        return tuple(body.short for body in self.bodies)


@dataclass(frozen=True)
class Context:
    """A province-wide figure the document quotes as background, not a target of this plan."""

    id: str
    text: str
    value: float | int


@dataclass(frozen=True)
class Workstream:
    """One section of the plan, with its lead and participating bodies."""

    id: str
    title: str
    short: str
    lead: tuple[str, ...]
    participants: tuple[str, ...]
    context: tuple[Context, ...] = ()


@dataclass(frozen=True)
class Milestone:
    """One dated item of a workstream's 时间安排."""

    id: str
    workstream: str
    due: date
    title: str
    text: str
    scope: str
    targets: tuple[str, ...] = ()

    @property
    def reporter(self) -> str:
        """Who reports this milestone's completion, in Chinese."""
        return REPORTERS[self.scope]


@dataclass(frozen=True)
class Step:
    """An amount (cumulative, in the target's unit) due by a date."""

    due: date
    amount: float | int


@dataclass(frozen=True)
class Target:
    """One numeric target as the plan file declares it; shares are fractions, the period is inclusive.

    `period` says which data counts (the years or dates measured); `schedule` says what is expected by a
    date: `deadline` (nothing before `steps[0].due`), `steps` (cumulative amounts due at dates), `linear`
    (a straight path to the value at period end) or `rate` (the bar itself, whatever the date).
    """

    id: str
    workstream: str
    metric: str
    value: float | int
    unit: str
    period_from: date
    period_to: date
    comparison: str
    title: str
    text: str
    scope: str = "city"
    schedule: str = "deadline"
    steps: tuple[Step, ...] = ()
    band: tuple[float, float] | None = None
    reading: str = ""
    note: str = ""
    batch: str | None = None
    method: str | None = None
    registered: tuple[date, date] | None = None

    @property
    def period(self) -> tuple[date, date]:
        """The first and last day the target covers."""
        return (self.period_from, self.period_to)

    @property
    def due(self) -> date:
        """The last date the schedule names: the final step, else the end of the period."""
        return self.steps[-1].due if self.steps else self.period_to

    def reaches(self, value: float, goal: float | None = None) -> bool:
        """Whether value reaches goal (default the target's value) as the target's words read."""
        goal = self.value if goal is None else goal
        if self.comparison == "more_than":
            return value > goal
        if self.band:
            return value >= goal * self.band[0] / self.value
        return value >= goal


@dataclass(frozen=True)
class Duty:
    """One ledger's reporting duty: who owes it, how often, and how each period's due date is set."""

    ledger: str
    who: str  # "county" or "city"
    frequency: str
    due: date | None = None  # once
    first: str = ""  # first period: YYYY-MM (monthly, quarterly) or YYYY (yearly)
    last: str = ""
    after_period_days: int = 0
    yearly_due: str | None = None  # MM-DD in the period's own year
    reading: str = ""

    def periods(self, begun_by: date | None = None) -> list[tuple[str, date]]:
        """Every period as (label, due date), in order; with begun_by, only the periods begun by that date (a one-off
        duty has always begun)."""
        return [(label, due) for label, start, due in self._spans() if begun_by is None or start <= begun_by]

    def _spans(self) -> list[tuple[str, date, date]]:
        """Every period as (label, first day, due date)."""
        if self.frequency == "once":
            return [("一次性", date.min, self.due)]
        if self.frequency == "yearly":
            out = []
            for year in range(int(self.first), int(self.last) + 1):
                if self.yearly_due:
                    month, day = map(int, self.yearly_due.split("-"))
                    due = date(year, month, day)
                else:
                    due = date(year, 12, 31) + timedelta(days=self.after_period_days)
                out.append((str(year), date(year, 1, 1), due))
            return out
        step = 1 if self.frequency == "monthly" else 3
        year, month = map(int, self.first.split("-"))
        end_year, end_month = map(int, self.last.split("-"))
        out = []
        while (year, month) <= (end_year, end_month):
            last_month = month + step - 1
            end = date(year, last_month, calendar.monthrange(year, last_month)[1])
            label = f"{year}-{month:02d}" if step == 1 else f"{year}-Q{(month - 1) // 3 + 1}"
            out.append((label, date(year, month, 1), end + timedelta(days=self.after_period_days)))
            month += step
            if month > 12:
                year, month = year + 1, month - 12
        return out


@dataclass(frozen=True)
class Plan:
    """The whole plan: workstreams in the document's order, milestones and targets flattened, and the 催报
    calendar (`reporting`: which ledger each county or the city reports, how often, by when)."""

    title: str
    doc_no: str
    issued: date
    start: date
    end: date
    units: Units
    workstreams: tuple[Workstream, ...]
    milestones: tuple[Milestone, ...]
    targets: tuple[Target, ...]
    reporting: tuple[Duty, ...]

    def workstream(self, workstream_id: str) -> Workstream:
        """The workstream with this id; KeyError if there is none."""
        for workstream in self.workstreams:
            if workstream.id == workstream_id:
                return workstream
        raise KeyError(f"unknown workstream id: {workstream_id}")

    def milestone(self, milestone_id: str) -> Milestone:
        """The milestone with this id; KeyError if there is none."""
        for milestone in self.milestones:
            if milestone.id == milestone_id:
                return milestone
        raise KeyError(f"unknown milestone id: {milestone_id}")

    def target(self, target_id: str) -> Target:
        """The target with this id; KeyError if there is none."""
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(f"unknown target id: {target_id}")

    def milestones_of(self, workstream_id: str) -> tuple[Milestone, ...]:
        """A workstream's milestones in the document's order."""
        self.workstream(workstream_id)
        return tuple(m for m in self.milestones if m.workstream == workstream_id)

    def targets_of(self, workstream_id: str) -> tuple[Target, ...]:
        """A workstream's targets in the document's order."""
        self.workstream(workstream_id)
        return tuple(t for t in self.targets if t.workstream == workstream_id)


class _DuplicateKey(Exception):
    def __init__(self, key: object, line: int, first_line: int):
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


class _PlanYamlLoader(yaml.SafeLoader):
    """SafeLoader that keeps an impossible date such as 2021-13-01 as a string for a precise error, and refuses a key
    written twice in one mapping (YAML itself would keep the second silently, dropping the first)."""

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        # Checked as written, before merge keys (<<) copy keys in: a key that a merge brings and the mapping overrides
        # is YAML's way to override, not a slip. Keys are compared as written (every plan key is a plain word).
        node = super().compose_mapping_node(anchor)
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):  # two << are merged in an order few would guess
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, line, seen[key_node.value])
                seen[key_node.value] = line
        return node


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_PlanYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def default_plan_path() -> Path:
    """The plan file to load: $HEXIE_PLAN if set, else data/plan/ganzhou-2020.yaml in the repo."""
    override = os.environ.get(PLAN_ENV_VAR)
    return Path(override) if override else DEFAULT_PLAN_PATH


def load_plan(path: str | os.PathLike[str] | None = None) -> Plan:
    """Read and validate the plan file; raises PlanError naming the file, item and problem."""
    plan_path = Path(path) if path is not None else default_plan_path()
    return _Reader(str(plan_path)).plan(_parsed(plan_path))


# Hand edits that break YAML: Notepad's Tab, a key and value without the space after the colon, a quote or bracket
# left open.
YAML_HINT = "常见原因：用 Tab 缩进（只能用空格）、缩进没有对齐、冒号后少了空格、引号或括号没有成对"


def _parsed(path: Path) -> Any:
    """The plan file's YAML; PlanError, in Chinese, when the file cannot be read, is not UTF-8 or is not YAML."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise PlanError(f"{path}: 找不到这个文件") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: 这是一个文件夹，不是计划文件") from None
    except PermissionError:
        raise PlanError(f"{path}: 没有读取这个文件的权限") from None
    except OSError as err:
        raise PlanError(f"{path}: 无法读取这个文件（{errno.errorcode.get(err.errno, err.errno)}）") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise PlanError(f"{path}: 第 {line} 行：不是 UTF-8 编码，请用 UTF-8 编码另存这个文件") from None
    try:
        return yaml.load(text, Loader=_PlanYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as twice:
        if twice.key == "<<":
            raise PlanError(f"{path}: 第 {twice.line} 行：同一处写了两个 <<（第 {twice.first_line} 行已有），"
                            "要合并几处的内容，请写在一行：<<: [*甲, *乙]") from None
        raise PlanError(f"{path}: 第 {twice.line} 行：“{twice.key}”在同一处写了两次（第 {twice.first_line} 行已有），"
                        "请删去或改正其中一处") from None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        raise PlanError(f"{path}: 第 {line} 行：含有不能出现在文件中的控制字符（U+{err.character:04X}），请删除") from None
    except yaml.MarkedYAMLError as err:
        mark, opened = err.problem_mark or err.context_mark, err.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        if opened and opened.line < mark.line:
            where += f"（从第 {opened.line + 1} 行开始的部分）"
        raise PlanError(f"{path}: {where}{'：' if where else ''}不是正确的 YAML 写法（{YAML_HINT}）") from None


class _Reader:
    """Turns the parsed YAML into a Plan, failing on the first problem with a precise message."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.seen_ids: set[str] = set()

    def fail(self, item: str, problem: str) -> PlanError:
        return PlanError(f"{self.file}: {item}: {problem}")

    def mapping(self, value: Any, item: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(item, f"应写成“键: 值”的映射，现为{_shown(value)}")
        unknown = [key for key in value if key not in required and key not in optional]
        if unknown:
            raise self.fail(item, f"不认识的键“{unknown[0]}”（可用：{'、'.join(required + optional)}）")
        missing = [key for key in required if key not in value]
        if missing:
            raise self.fail(item, f"缺少必填的键“{missing[0]}”")
        return value

    def items(self, value: Any, item: str, key: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(item, f"{key} 应写成列表，现为{_shown(value)}")
        return value

    def text(self, value: Any, item: str, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(item, f"{key} 须为文字，不能为空，现为{_shown(value)}")
        return value.strip()

    def date(self, value: Any, item: str, key: str) -> date:
        parsed = _as_date(value)
        if parsed is None:
            raise self.fail(item, f"{key} 须为日期（YYYY-MM-DD），现为{_shown(value)}")
        return parsed

    def new_id(self, value: Any, item: str, prefix: str | None = None) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(item, f"id 须为小写英文字母开头、由小写英文字母、数字、下划线和点组成（如 social_org.survey_2021_01），"
                                  f"现为{_shown(value)}")
        if prefix is not None and not value.startswith(prefix + "."):
            raise self.fail(value, f"id 须以所在工作的 id 加点（“{prefix}.”）开头，现为{_shown(value)}")
        if value in self.seen_ids:
            raise self.fail(value, f"id “{value}” 前面已经用过，每个 id 只能用一次")
        self.seen_ids.add(value)
        return value

    def plan(self, raw: Any) -> Plan:
        top = self.mapping(raw, "plan", ("title", "doc_no", "issued", "start", "end", "units", "workstreams"), ("reporting",))
        start = self.date(top["start"], "plan", "start")
        end = self.date(top["end"], "plan", "end")
        if start > end:
            raise self.fail("plan", f"start {start} 晚于 end {end}")
        units = self.units(top["units"])
        workstreams: list[Workstream] = []
        milestones: list[Milestone] = []
        targets: list[Target] = []
        milestone_target_refs: list[Milestone] = []
        for position, raw_ws in enumerate(self.items(top["workstreams"], "plan", "workstreams")):
            workstream, ws_milestones, ws_targets = self.workstream(raw_ws, position, units, start, end)
            if any(w.id == workstream.id for w in workstreams):
                raise self.fail(workstream.id, f"id “{workstream.id}” 前面已经用过，每个 id 只能用一次")
            workstreams.append(workstream)
            milestones.extend(ws_milestones)
            targets.extend(ws_targets)
            milestone_target_refs.extend(m for m in ws_milestones if m.targets)
        target_ids = {t.id for t in targets}
        for milestone in milestone_target_refs:
            for ref in milestone.targets:
                if not isinstance(ref, str) or ref not in target_ids:
                    raise self.fail(milestone.id, f"targets 中的{_shown(ref)}不是任何目标的 id")
        reporting: list[Duty] = []
        for i, raw_duty in enumerate(self.items(top.get("reporting"), "plan", "reporting")):
            duty = self.duty(raw_duty, f"reporting[{i}]")
            # The 催报 matrix has one column per ledger and period, so a second entry for a ledger has no place.
            earlier = next((j for j, d in enumerate(reporting) if d.ledger == duty.ledger), None)
            if earlier is not None:
                raise self.fail(f"reporting[{i}]", f"ledger “{duty.ledger}” 已在 reporting[{earlier}] 写过，每个台账只写一条")
            reporting.append(duty)
        return Plan(
            title=self.text(top["title"], "plan", "title"),
            doc_no=self.text(top["doc_no"], "plan", "doc_no"),
            issued=self.date(top["issued"], "plan", "issued"),
            start=start,
            end=end,
            units=units,
            workstreams=tuple(workstreams),
            milestones=tuple(milestones),
            targets=tuple(targets),
            reporting=tuple(reporting),
        )

    def duty(self, raw: Any, where: str) -> Duty:
        """One entry of the 催报 calendar; `where` (reporting[3]) names it in the message."""
        every_key = tuple(dict.fromkeys(key for keys in DUTY_KEYS.values() for key in keys))
        entry = self.mapping(raw, where, ("ledger", "who", "frequency"), every_key + ("reading",))
        ledger, who, frequency = entry["ledger"], entry["who"], entry["frequency"]
        if not isinstance(ledger, str) or ledger not in LEDGERS_BY_KEY:
            raise self.fail(where, f"ledger 须为台账的键（{'、'.join(LEDGERS_BY_KEY)}），现为{_shown(ledger)}")
        if who not in ("county", "city"):
            raise self.fail(where, f"who 须为 county 或 city，现为{_shown(who)}")
        if frequency not in FREQUENCIES:
            raise self.fail(where, f"frequency 须为 {'、'.join(FREQUENCIES)} 之一，现为{_shown(frequency)}")
        # A key of another frequency would be silently ignored, so it is refused.
        foreign = [key for key in every_key if key in entry and key not in DUTY_KEYS[frequency]]
        if foreign:
            raise self.fail(where, f"{frequency} 不写 {foreign[0]}（可写：{'、'.join(DUTY_KEYS[frequency])}）")
        reading = entry.get("reading", "")
        if not isinstance(reading, str) or ("reading" in entry and not reading.strip()):
            raise self.fail(where, f"reading 须为文字，现为{_shown(reading)}")
        if frequency == "once":
            if "due" not in entry:
                raise self.fail(where, "once 须写 due（日期）")
            due = _as_date(entry["due"])
            if due is None:
                raise self.fail(where, f"due 须为日期（YYYY-MM-DD），现为{_shown(entry['due'])}")
            return Duty(ledger, who, frequency, due=due, reading=reading.strip())
        if "from" not in entry or "to" not in entry:
            raise self.fail(where, f"{frequency} 须写 from 和 to")
        first, last = (self.duty_period(entry[key], where, key, frequency) for key in ("from", "to"))
        if frequency == "quarterly" and int(first[5:]) % 3 != 1:
            raise self.fail(where, f"quarterly 的 from 须为季度的第一个月（01、04、07、10），现为“{first}”")
        if first > last:
            raise self.fail(where, f"from {first} 晚于 to {last}")
        days = entry.get("after_period_days", 0)
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise self.fail(where, f"after_period_days 须为不小于 0 的整数（天数），现为{_shown(days)}")
        yearly_due = entry.get("yearly_due")
        if "yearly_due" in entry:
            if "after_period_days" in entry:
                raise self.fail(where, "yearly_due 和 after_period_days 只写一个")
            if not _is_month_day(yearly_due):
                raise self.fail(where, f"yearly_due 须为每年都有的月-日（MM-DD），现为{_shown(yearly_due)}")
        return Duty(ledger, who, frequency, first=first, last=last, after_period_days=days, yearly_due=yearly_due,
                    reading=reading.strip())

    def duty_period(self, value: Any, where: str, key: str, frequency: str) -> str:
        """A reporting entry's from or to: a year (YYYY) for a yearly ledger, else a month (YYYY-MM)."""
        text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
        pattern, shape = (_YEAR, "年份（YYYY）") if frequency == "yearly" else (_YEAR_MONTH, "年月（YYYY-MM）")
        if not pattern.match(text):
            raise self.fail(where, f"{key} 须为{shape}，现为{_shown(value)}")
        return text

    def units(self, raw: Any) -> Units:
        units = self.mapping(raw, "units", ("bodies", "reporters"))
        bodies = []
        for i, raw_body in enumerate(self.items(units["bodies"], "units", "bodies")):
            where = f"units.bodies[{i}]"
            body = self.mapping(raw_body, where, ("short", "name"))
            bodies.append(Unit(short=self.text(body["short"], where, "short"), name=self.text(body["name"], where, "name")))
        reporters = self.mapping(units["reporters"], "units.reporters", tuple(REPORTERS))
        for scope, name in REPORTERS.items():
            if reporters[scope] != name:
                raise self.fail("units.reporters", f"{scope} 须为“{name}”，现为{_shown(reporters[scope])}")
        return Units(bodies=tuple(bodies), reporters=dict(REPORTERS))

    def unit_names(self, value: Any, item: str, key: str, units: Units) -> tuple[str, ...]:
        names = self.items(value, item, key)
        for name in names:
            if name not in units.shorts:
                raise self.fail(item, f"{key} 中的{_shown(name)}不是 units.bodies 中的单位简称（可用：{'、'.join(units.shorts)}）")
        return tuple(names)

    def workstream(self, raw: Any, position: int, units: Units, start: date, end: date
                   ) -> tuple[Workstream, list[Milestone], list[Target]]:
        where = f"workstreams[{position}]"
        label = raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else where
        ws = self.mapping(raw, label, ("id", "title", "short", "lead", "participants"), ("context", "milestones", "targets"))
        ws_id = ws["id"]
        if ws_id not in WORKSTREAM_IDS:
            raise self.fail(where, f"id 须为 {'、'.join(WORKSTREAM_IDS)} 之一，现为{_shown(ws_id)}")
        lead = self.unit_names(ws["lead"], ws_id, "lead", units)
        if not lead:
            raise self.fail(ws_id, "lead 须至少写一个单位（units.bodies 中的简称）")
        context = tuple(self.context(c, ws_id, i) for i, c in enumerate(self.items(ws.get("context"), ws_id, "context")))
        workstream = Workstream(
            id=ws_id,
            title=self.text(ws["title"], ws_id, "title"),
            short=self.text(ws["short"], ws_id, "short"),
            lead=lead,
            participants=self.unit_names(ws["participants"], ws_id, "participants", units),
            context=context,
        )
        raw_milestones = self.items(ws.get("milestones"), ws_id, "milestones")
        raw_targets = self.items(ws.get("targets"), ws_id, "targets")
        milestones = [self.milestone(m, ws_id, i, start, end) for i, m in enumerate(raw_milestones)]
        targets = [self.target(t, ws_id, i, start, end) for i, t in enumerate(raw_targets)]
        return workstream, milestones, targets

    def item_id(self, raw: Any, workstream_id: str, kind: str, position: int, required: tuple[str, ...],
                optional: tuple[str, ...] = ()) -> tuple[dict, str]:
        """An item of a workstream's `kind` list, named by its id, or by its place (wage.targets[2]) until the id is known."""
        label = raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"{workstream_id}.{kind}[{position}]"
        item = self.mapping(raw, label, required, optional)
        return item, self.new_id(item["id"], label, workstream_id)

    def number(self, value: Any, item: str, key: str) -> float | int:
        # bool is an int in Python, but "value: yes" is a typo, not a number.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(item, f"{key} 须为数字，现为{_shown(value)}")
        if not math.isfinite(value):  # YAML reads .nan and .inf as numbers; no target is reached against them
            raise self.fail(item, f"{key} 须为有限的数字，现为{_shown(value)}")
        return value

    def context(self, raw: Any, workstream_id: str, position: int) -> Context:
        item, item_id = self.item_id(raw, workstream_id, "context", position, ("id", "text", "value"))
        return Context(id=item_id, text=self.text(item["text"], item_id, "text"),
                       value=self.number(item["value"], item_id, "value"))

    def milestone(self, raw: Any, workstream_id: str, position: int, start: date, end: date) -> Milestone:
        item, item_id = self.item_id(raw, workstream_id, "milestones", position,
                                     ("id", "due", "scope", "title", "text"), ("targets",))
        due = self.date(item["due"], item_id, "due")
        if not start <= due <= end:
            raise self.fail(item_id, f"due {due} 不在计划期 {start} 至 {end} 之内")
        scope = item["scope"]
        if not isinstance(scope, str) or scope not in REPORTERS:
            raise self.fail(item_id, f"scope 须为 {'、'.join(REPORTERS)} 之一，现为{_shown(scope)}")
        refs = self.items(item.get("targets"), item_id, "targets")
        return Milestone(
            id=item_id,
            workstream=workstream_id,
            due=due,
            title=self.text(item["title"], item_id, "title"),
            text=self.text(item["text"], item_id, "text"),
            scope=scope,
            targets=tuple(refs),
        )

    def target(self, raw: Any, workstream_id: str, position: int, start: date, end: date) -> Target:
        item, item_id = self.item_id(
            raw, workstream_id, "targets", position,
            ("id", "metric", "value", "unit", "period", "comparison", "schedule", "title", "text"),
            ("scope", "steps", "due", "band", "reading", "note", "batch", "method", "registered"),
        )
        metric = item["metric"]
        if not isinstance(metric, str) or not _METRIC.match(metric):
            raise self.fail(item_id, f"metric 须为小写英文字母开头、由小写英文字母、数字和下划线组成（如 demo_points），"
                                     f"现为{_shown(metric)}")
        value = self.number(item["value"], item_id, "value")
        unit = item["unit"]
        if unit not in UNITS_OF_MEASURE:
            raise self.fail(item_id, f"unit 须为 {'、'.join(UNITS_OF_MEASURE)} 之一，现为{_shown(unit)}")
        if unit == "share" and not 0 <= value <= 1:
            raise self.fail(item_id, f"unit 为 share（比例）时 value 须在 0 到 1 之间（90% 写作 0.9），现为{_shown(value)}")
        if value < 0:
            raise self.fail(item_id, f"value 不能为负数，现为{_shown(value)}")
        period = self.mapping(item["period"], f"{item_id}.period", ("from", "to"))
        period_from = self.date(period["from"], item_id, "period.from")
        period_to = self.date(period["to"], item_id, "period.to")
        if period_from > period_to:
            raise self.fail(item_id, f"period.from {period_from} 晚于 period.to {period_to}")
        if not start <= period_to <= end:
            raise self.fail(item_id, f"period.to {period_to} 不在计划期 {start} 至 {end} 之内")
        comparison = item["comparison"]
        if comparison not in COMPARISONS:
            raise self.fail(item_id, f"comparison 须为 {'、'.join(COMPARISONS)} 之一，现为{_shown(comparison)}")
        scope = item.get("scope", "city")
        if scope not in SCOPES:
            raise self.fail(item_id, f"scope 须为 {'、'.join(SCOPES)} 之一，现为{_shown(scope)}")
        schedule = item["schedule"]
        if schedule not in SCHEDULES:
            raise self.fail(item_id, f"schedule 须为 {'、'.join(SCHEDULES)} 之一，现为{_shown(schedule)}")
        steps = self.steps(item, item_id, schedule, value, period_from, end)
        band = None
        if comparison == "about":
            if "band" not in item:
                raise self.fail(item_id, "comparison 为 about（左右）时须写 band，如 band: {low: 900, high: 1100}")
            raw_band = self.mapping(item["band"], f"{item_id}.band", ("low", "high"))
            band = (self.number(raw_band["low"], item_id, "band.low"), self.number(raw_band["high"], item_id, "band.high"))
            if not band[0] <= value <= band[1]:
                raise self.fail(item_id, f"band {band[0]} 至 {band[1]} 须包含 value {value}")
        elif "band" in item:
            raise self.fail(item_id, f"comparison 为 {comparison} 时不写 band（band 只用于 about）")
        if comparison != "at_least" and "reading" not in item:
            raise self.fail(item_id, f"comparison 为 {comparison} 时须写 reading：用中文说明文件中的用语怎样理解（如“大多数”读作“过半”）")
        registered = None
        if "registered" in item:
            window = self.mapping(item["registered"], f"{item_id}.registered", ("from", "to"))
            registered = (self.date(window["from"], item_id, "registered.from"), self.date(window["to"], item_id, "registered.to"))
        return Target(
            id=item_id,
            workstream=workstream_id,
            metric=metric,
            value=value,
            unit=unit,
            period_from=period_from,
            period_to=period_to,
            comparison=comparison,
            title=self.text(item["title"], item_id, "title"),
            text=self.text(item["text"], item_id, "text"),
            scope=scope,
            schedule=schedule,
            steps=steps,
            band=band,
            reading=self.text(item["reading"], item_id, "reading") if "reading" in item else _default_reading(value, unit),
            note=self.text(item["note"], item_id, "note") if "note" in item else "",
            batch=self.text(item["batch"], item_id, "batch") if "batch" in item else None,
            method=self.text(item["method"], item_id, "method") if "method" in item else None,
            registered=registered,
        )

    def steps(self, item: dict, item_id: str, schedule: str, value: float, period_from: date, end: date) -> tuple[Step, ...]:
        """A deadline's one step (due defaults to period.to), or the steps of a `steps` schedule."""
        if schedule == "deadline":
            if "steps" in item:
                raise self.fail(item_id, "schedule 为 deadline 时不写 steps（截止日期写在 due）")
            due = self.date(item["due"], item_id, "due") if "due" in item else None
            return (Step(due, value),) if due else ()
        if "due" in item:
            raise self.fail(item_id, f"schedule 为 {schedule} 时不写 due（due 只用于 deadline）")
        if schedule != "steps":
            if "steps" in item:
                raise self.fail(item_id, f"schedule 为 {schedule} 时不写 steps（steps 只用于 schedule 为 steps 的目标）")
            return ()
        steps = []
        for i, raw in enumerate(self.items(item.get("steps"), item_id, "steps")):
            step = self.mapping(raw, f"{item_id}.steps[{i}]", ("due", "amount"))
            steps.append(Step(self.date(step["due"], item_id, f"steps[{i}].due"),
                              self.number(step["amount"], item_id, f"steps[{i}].amount")))
        if not steps:
            raise self.fail(item_id, "schedule 为 steps 时须在 steps 中至少写一项（due 和 amount）")
        for i, (before, step) in enumerate(zip(steps, steps[1:]), start=1):
            if step.due <= before.due:
                raise self.fail(item_id, f"steps[{i}].due {step.due} 须晚于 steps[{i - 1}].due {before.due}（按日期先后排列）")
            if step.amount < before.amount:
                raise self.fail(item_id, f"steps[{i}].amount {step.amount} 少于 steps[{i - 1}].amount {before.amount}"
                                         "（amount 是累计数，不能减少）")
        last = len(steps) - 1
        if steps[-1].amount != value:
            raise self.fail(item_id, f"最后一项 steps[{last}].amount 须等于 value {value}，现为{_shown(steps[-1].amount)}")
        if steps[0].due < period_from:
            raise self.fail(item_id, f"steps[0].due {steps[0].due} 早于 period.from {period_from}")
        if steps[-1].due > end:
            raise self.fail(item_id, f"steps[{last}].due {steps[-1].due} 晚于计划期的最后一天 {end}")
        return tuple(steps)


def _as_date(value: Any) -> date | None:
    """A YAML date, or a quoted YYYY-MM-DD; None for anything else (an impossible date such as 2021-13-01 too)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _is_month_day(value: Any) -> bool:
    """Whether value is an MM-DD that every year has (so not 02-29)."""
    match = _MONTH_DAY.match(value) if isinstance(value, str) else None
    if not match:
        return False
    try:
        date(2001, int(match[1]), int(match[2]))
    except ValueError:
        return False
    return True


def _shown(value: Any) -> str:
    """A YAML value as a message quotes it to the person editing the file."""
    if value is None:
        return "空值"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return f"“{value}”"


def _default_reading(value: float, unit: str) -> str:
    """How 以上/不少于/至少 is read, shown with every at-least target."""
    shown = f"{value:.0%}" if unit == "share" else f"{value:g}{unit}"
    return f"“以上”“不少于”读作“至少”：达到{shown}即算完成。"
