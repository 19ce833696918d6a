"""Shared test helpers."""

import os

import pytest


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
