"""The shape the style guide promises: one module knows the database, one reads the plan file, the package runs without Streamlit."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "hexie").rglob("*.py"))]
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b[^\n]*\b(FROM|INTO|SET)\b")


def relative(path):
    return str(path.relative_to(ROOT))


def test_only_the_store_imports_duckdb():
    importers = [relative(p) for p in SOURCES if re.search(r"^\s*(import duckdb|from duckdb)", p.read_text(encoding="utf-8"), re.M)]
    assert importers == ["hexie/store.py"]


def test_only_the_plan_module_reads_yaml():
    # One reader of the plan file: everything else (the 催报 calendar included) asks the Plan it was given.
    importers = [relative(p) for p in SOURCES if re.search(r"^\s*(import yaml|from yaml)", p.read_text(encoding="utf-8"), re.M)]
    assert importers == ["hexie/plan.py"]


def test_sql_lives_only_in_the_store():
    holders = [relative(p) for p in SOURCES if SQL.search(p.read_text(encoding="utf-8"))]
    assert holders == ["hexie/store.py"]


def test_only_the_ui_glue_the_launcher_and_the_benchmark_import_streamlit():
    importers = [
        relative(p) for p in sorted((ROOT / "hexie").rglob("*.py"))
        if re.search(r"^\s*(import streamlit|from streamlit)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert importers == ["hexie/bench.py", "hexie/serve.py", "hexie/ui.py"]


def test_every_table_goes_through_ui_table_so_no_blank_reads_none():
    # st.dataframe shows a missing value as "None" unless told otherwise; ui.table tells it, once for every page.
    callers = [relative(p) for p in SOURCES if "st.dataframe(" in p.read_text(encoding="utf-8")]
    assert callers == ["hexie/ui.py"]
    assert (ROOT / "hexie" / "ui.py").read_text(encoding="utf-8").count("st.dataframe(") == 1
