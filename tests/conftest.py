"""Session setup shared by every test: fly-out fans are cached in a private temporary folder
(never the user's cache), built once per session and reused by later tests. Under xdist the
controller makes the folder and the workers inherit it, so a fan built by one worker serves the
other (the cache writes each file atomically)."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    if "PYTEST_XDIST_WORKER" in os.environ and "ASHORE_CACHE_DIR" in os.environ:
        return  # a worker: keep the controller's folder
    os.environ["ASHORE_CACHE_DIR"] = tempfile.mkdtemp(prefix="ashore-test-cache-")
