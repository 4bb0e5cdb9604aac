"""Session setup shared by every test: fly-out fans are cached in a private temporary folder
(never the user's cache), built once per session and reused by later tests."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    os.environ["ASHORE_CACHE_DIR"] = tempfile.mkdtemp(prefix="ashore-test-cache-")
