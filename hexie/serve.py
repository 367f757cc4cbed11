"""`python -m hexie.serve [streamlit options]`: serve the dashboard, importing its heavy libraries while the server starts.

`streamlit run app.py` imports pandas, DuckDB and plotly only when the first visitor's
script runs, so the first page waits for them. Importing them in a background thread
as the server starts, and building the landing page's figures there too, overlaps that
wait with the server's own start-up, the browser loading the front end and the login.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"
PRELOAD = ("pandas", "duckdb", "plotly.graph_objects", "hexie.ui", "hexie.charts", "hexie.metrics")


def _preload() -> None:
    """Import the heavy libraries, start the upload parser's worker server, and build the landing page's figures."""
    for name in PRELOAD:
        importlib.import_module(name)
    from hexie import ui
    from hexie.importer import start_server
    from hexie.plan import PlanError

    start_server()
    try:
        ui.warm_landing()
    except PlanError:
        return  # _setup_notice has told the operator; every page shows it too
    except Exception as problem:  # noqa: BLE001 - the first visitor then builds it, and meets the Chinese message if any
        print(f"预先计算首页未完成：{problem}", file=sys.stderr)


def _setup_notice() -> None:
    """Tell the operator in Chinese, before serving, when the plan file is malformed or nobody could log in yet."""
    from hexie.accounts import setup_hint
    from hexie.plan import PlanError, load_plan
    from hexie.store import DatabaseUnusable, Store

    try:
        load_plan()
    except PlanError as malformed:
        print(f"计划文件有误，看板打开后只显示这个错误：{malformed}\n"
              "请改正计划文件（改正后刷新页面即可），或把环境变量 HEXIE_PLAN 指向正确的计划文件后重新启动看板。", file=sys.stderr)
    try:
        with Store.open() as store:
            hint = setup_hint(store)
    except DatabaseUnusable as unusable:
        hint = str(unusable)
    if hint:
        print(hint, file=sys.stderr)


def _same_origin_websockets_only() -> None:
    """Refuse the app's websocket to a page of another origin, even one on this machine.

    server.allowedHosts (.streamlit/config.toml) refuses a foreign Host, which stops DNS rebinding; but
    Streamlit still lets any page served from localhost or 127.0.0.1, on any port, open the websocket and
    drive the app. Browsers always send Origin on a websocket, so requiring it to be this server's own
    address closes that; clients without Origin (not browsers) are judged by Streamlit's Host check alone.
    """
    from streamlit.web.server.starlette import starlette_websocket

    streamlit_check = starlette_websocket._is_origin_allowed

    def same_origin(origin: str | None, host: str | None) -> bool:
        return streamlit_check(origin, host) and (origin is None or urlsplit(origin).netloc == host)

    starlette_websocket._is_origin_allowed = same_origin


def main(argv: list[str]) -> None:
    _setup_notice()
    threading.Thread(target=_preload, name="hexie-preload", daemon=True).start()
    _same_origin_websockets_only()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
