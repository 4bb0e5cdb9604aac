"""Fixtures of the intercept tests: threat trajectories flown once per session."""

from __future__ import annotations

import pytest
from intercept_threats import AIMS, SUNAN, fly_targeted


@pytest.fixture(scope="session")
def nodong_threats():
    """Nodong-class minimum-energy flights from Sunan to Tokyo, Akita, Hagi and Osaka."""
    return fly_targeted("nodong", SUNAN, list(AIMS.values()))
