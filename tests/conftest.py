"""Shared fixtures: databases are built in tmp_path, never data/hexie.duckdb."""

from __future__ import annotations

import pytest

from hexie import demo
from hexie.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty store in a fresh file."""
    with Store.open(tmp_path / "test.duckdb") as s:
        yield s


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A demo database built once per test session (seed 2020, scale 1)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store.open(path) as s:
        demo.build_demo(s, seed=2020)
    return path
