"""The rule that keeps the browser suite honest: under CI=true a skipped browser test fails the run."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).with_name("conftest.py").read_text(encoding="utf-8")
SKIPPING = """
import pytest

@pytest.mark.browser
def test_needs_chromium():
    pytest.skip("no chromium here")

def test_plain_skip():
    pytest.skip("not a browser test")
"""


@pytest.fixture
def suite(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    browser: real browser\n")
    pytester.makepyfile(test_skipping=SKIPPING)
    return pytester


def test_browser_skip_fails_under_ci(suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*browser test skipped under CI=true*no chromium here*"])


@pytest.mark.parametrize("ci", ["", "false", "0"])
def test_browser_skip_is_a_visible_skip_locally(suite, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    result = suite.runpytest("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["SKIPPED*no chromium here*"])
