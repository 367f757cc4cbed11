"""The served dashboard refuses what it must: a foreign Host, another origin's page, and data export with formulas."""

from __future__ import annotations

import socket
import tomllib
from urllib.parse import urlsplit

import pytest
from streamlit import config as streamlit_config

from hexie.store import Store
from tests.conftest import ROOT, serving


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard served on an empty database; yields its port."""
    db = tmp_path_factory.mktemp("served") / "served.duckdb"
    Store.open(db).close()
    with serving(db, db.with_name("users.toml")) as base:
        yield urlsplit(base).port


def websocket_status(port: int, host: str, origin: str | None) -> int:
    """The HTTP status the server answers a websocket handshake with: 101 accepted, 403 refused."""
    lines = [
        "GET /_stcore/stream HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
        *([f"Origin: {origin}"] if origin else []),
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return int(s.recv(1024).split(b" ", 2)[1])


def test_websocket_from_the_dashboards_own_address_is_accepted(server):
    assert websocket_status(server, f"127.0.0.1:{server}", f"http://127.0.0.1:{server}") == 101
    assert websocket_status(server, f"localhost:{server}", f"http://localhost:{server}") == 101


@pytest.mark.parametrize("host, origin", [
    ("evil.example:{port}", "http://evil.example:{port}"),   # DNS rebinding: a foreign name resolving to us
    ("evil.example", None),
    ("127.0.0.1:{port}", "http://localhost:3000"),           # another page on this machine
    ("127.0.0.1:{port}", "http://127.0.0.1:9999"),
])
def test_foreign_host_or_origin_is_refused_on_the_websocket(server, host, origin):
    status = websocket_status(server, host.format(port=server), origin and origin.format(port=server))
    assert status == 403


def test_config_options_exist_in_this_streamlit_and_lock_the_dashboard_down():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    options = {f"{section}.{key}": value for section, keys in settings.items() for key, value in keys.items()}
    # A misspelt option is silently ignored by Streamlit: every one must be an option this Streamlit knows.
    assert set(options) <= set(streamlit_config._config_options_template)
    assert options["server.allowedHosts"] == ["localhost", "127.0.0.1", "::1"]
    assert options["client.showErrorDetails"] == "none"
    assert options["client.disableDataExport"] is True
    assert options["browser.gatherUsageStats"] is False
