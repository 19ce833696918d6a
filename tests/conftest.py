"""Shared test helpers."""

import os
import shutil

import pytest

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def import_torch():
    """torch for the oracle tests: skipped where it is absent, unless CI requires it."""
    if os.environ.get("GRADTABLE_REQUIRE_TORCH"):
        import torch  # CI installs torch==2.13.0; a missing torch must fail, not skip

        return torch
    return pytest.importorskip("torch")


def want_torch():
    """Whether to run the parts that need torch: it imports, or CI requires it."""
    if os.environ.get("GRADTABLE_REQUIRE_TORCH"):
        return True
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def _no_browser():
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is missing (pip install -e '.[dev]')"
    if shutil.which("chromium") is None:
        return "no `chromium` on the PATH (apt-get install -y chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, which cannot download its own browsers here.

    Without either the tests that use it skip and say why; with GRADTABLE_REQUIRE_BROWSER
    set (``.ci/run`` sets it) they fail instead.
    """
    missing = _no_browser()
    if missing:
        if os.environ.get("GRADTABLE_REQUIRE_BROWSER"):
            pytest.fail(f"GRADTABLE_REQUIRE_BROWSER is set, but {missing}")
        pytest.skip(f"browser tests need a browser: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=BROWSER_ARGS
        )
        yield chromium
        chromium.close()
