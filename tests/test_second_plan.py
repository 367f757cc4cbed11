"""A second, synthetic plan file (2024-03..2026-06, other numbers, deadlines and batches) drives every page and
`targets` with no code change."""

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import log_in

from hexie import bench, cli
from hexie.plan import PLAN_ENV_VAR, load_plan

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "plan-2024.yaml"
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture
def second_plan(demo_db, monkeypatch):
    monkeypatch.setenv("HEXIE_DB", str(demo_db))
    monkeypatch.setenv(PLAN_ENV_VAR, str(SECOND))
    return load_plan(SECOND)


def cards_html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_runs_on_the_second_plan(script, second_plan):
    at = log_in(AppTest.from_file(str(ROOT / script), default_timeout=60))
    at.session_state["as_of"] = date(2025, 6, 30)
    at.run()
    assert [e.value for e in at.exception] == []


def test_the_date_picker_and_cards_follow_the_second_plan(second_plan):
    at = log_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.run()
    picker = at.date_input(key="as_of")
    assert (picker.min, picker.max) == (date(2024, 3, 1), date(2026, 6, 30))
    html = cards_html(at)
    for shown in ("目标 15人", "目标 8家", "两批打造5家金牌调解组织", "达标县 0/18", "目标 600户", "服务540户即算完成"):
        assert shown in html, shown
    assert "目标 20人" not in html and "65%" not in html


def test_the_mediation_page_uses_the_second_plans_bar(second_plan):
    at = log_in(AppTest.from_file(str(ROOT / "pages" / "mediation.py"), default_timeout=60))
    at.session_state["as_of"] = date(2025, 6, 30)
    at.run()
    assert "##### 2025年调解成功率低于70%的调解组织（目标按每个组织的年度成功率计）" in [m.value for m in at.markdown]
    assert "第二批选树3家金牌调解组织" in cards_html(at)


def test_targets_command_on_the_second_plan(demo_db, capsys):
    assert cli.main(["targets", "--db", str(demo_db), "--as-of", "2024-11-01", "--plan", str(SECOND), "--json"]) == 0
    printed = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    assert list(printed) == [t.id for t in load_plan(SECOND).targets]
    batch = printed["mediation.gold_total"]
    assert (batch["goal"], batch["expected"], batch["due"]) == (5, 2, "2025-12-31")
    assert (printed["new_enterprise.training_2024"]["goal"], printed["new_enterprise.training_2024"]["status"]) == (18, "on_track")
    assert printed["harmonious.cultivated_2025"]["reason"] == "尚未开始：自2025-01-01起计"


def test_the_benchmarks_demo_cache_follows_the_plan_in_use(monkeypatch):
    monkeypatch.delenv(PLAN_ENV_VAR, raising=False)
    first = bench._fingerprint()
    monkeypatch.setenv(PLAN_ENV_VAR, str(SECOND))
    assert bench._fingerprint() != first
