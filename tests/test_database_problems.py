"""A damaged or unusable database file is a Chinese sentence that says what is wrong and what to do, on the command
line and on every page; never an English IOException, a traceback or a server path of ours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hexie.store import DatabaseUnusable, Store

ROOT = Path(__file__).resolve().parent.parent


def _damaged(folder: Path) -> Path:
    good = folder / "good.duckdb"
    with Store.open(good) as store:
        store.set_meta("filler", "x" * 200_000)
    data = good.read_bytes()
    damaged = folder / "damaged.duckdb"
    damaged.write_bytes(data[: len(data) // 3])
    return damaged


def _directory(folder: Path) -> Path:
    path = folder / "folder.duckdb"
    path.mkdir()
    return path


def _under_a_file(folder: Path) -> Path:
    (folder / "notes.txt").write_text("x")
    return folder / "notes.txt" / "hexie.duckdb"


CASES = {
    "damaged": (_damaged, "已损坏或不完整"),
    "directory": (_directory, "是一个文件夹，不是数据库文件"),
    "under_a_file": (_under_a_file, "是一个文件而不是文件夹"),
}


@pytest.mark.parametrize("case", CASES)
def test_unusable_database_file_is_a_chinese_sentence(tmp_path, case):
    make, words = CASES[case]
    path = make(tmp_path)
    with pytest.raises(DatabaseUnusable) as err:
        Store.open(path)
    assert words in str(err.value) and "IO Error" not in str(err.value)


def cli(*args: str, obey_permissions: bool = False) -> subprocess.CompletedProcess:
    """`python -m hexie ARGS`; with obey_permissions, as root too, by dropping root's right to ignore file modes."""
    command = [sys.executable, "-m", "hexie", *args]
    if obey_permissions and os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", CASES)
def test_command_line_says_what_is_wrong_with_the_database_in_chinese(tmp_path, case):
    make, words = CASES[case]
    done = cli("stats", "--db", str(make(tmp_path)))
    assert done.returncode == 1
    assert words in done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


def test_read_only_database_file_is_a_chinese_sentence(tmp_path):
    path = tmp_path / "hexie.duckdb"
    Store.open(path).close()
    path.chmod(0o444)
    done = cli("stats", "--db", str(path), obey_permissions=True)
    assert done.returncode == 1
    assert "没有写入权限" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_read_only_folder_for_a_new_database_is_a_chinese_sentence(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    done = cli("init", "--db", str(folder / "new.duckdb"), obey_permissions=True)
    assert done.returncode == 1
    assert "没有写入权限" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_every_page_shows_a_damaged_database_as_a_chinese_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("HEXIE_DB", str(_damaged(tmp_path)))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30).run()
    assert not at.exception
    assert len(at.error) == 1 and "已损坏或不完整" in at.error[0].value
