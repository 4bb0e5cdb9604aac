"""ashore: an open, physics-based simulator and analysis toolkit for layered missile defence."""

__version__ = "0.1.0"
