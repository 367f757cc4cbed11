"""`python -m hexie.serve [streamlit options]`: serve the dashboard, importing its heavy libraries while the server starts.

`streamlit run app.py` imports pandas, DuckDB and plotly only when the first visitor's
script runs, so the first page waits for them. Importing them in a background thread
as the server starts overlaps that wait with the server's own start-up and the
browser loading the front end.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path

from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"
PRELOAD = ("pandas", "duckdb", "plotly.graph_objects", "hexie.ui", "hexie.charts", "hexie.metrics")


def _preload() -> None:
    for name in PRELOAD:
        importlib.import_module(name)


def _setup_notice() -> None:
    """Tell the operator in Chinese, before serving, when nobody could log in yet."""
    from hexie.accounts import setup_hint
    from hexie.store import DatabaseUnusable, Store

    try:
        with Store.open() as store:
            hint = setup_hint(store)
    except DatabaseUnusable as unusable:
        hint = str(unusable)
    if hint:
        print(hint, file=sys.stderr)


def main(argv: list[str]) -> None:
    _setup_notice()
    threading.Thread(target=_preload, name="hexie-preload", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
