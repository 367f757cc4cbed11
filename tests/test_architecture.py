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


def test_every_access_check_records_its_refusal():
    """A refused attempt leaves a 拒绝 line in the audit trail only when its check runs inside
    hexie.audit.refusals_recorded: a new check written without one fails here, not in an investigation."""
    import ast

    checks = {"require_admin", "check_county_access", "upload_county", "history_county"}

    def unrecorded(node: ast.AST, recorded: bool = False):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            recorded = False  # defined inside the block, but runs whenever it is called
        if isinstance(node, ast.With):
            recorded = recorded or any(
                isinstance(item.context_expr, ast.Call) and getattr(item.context_expr.func, "id", None) == "refusals_recorded"
                for item in node.items)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in checks and not recorded:
            yield node.lineno
        for child in ast.iter_child_nodes(node):
            yield from unrecorded(child, recorded)

    found = {relative(p): lines for p in SOURCES if relative(p) != "hexie/access.py"
             for lines in [list(unrecorded(ast.parse(p.read_text(encoding="utf-8"))))] if lines}
    assert found == {}
