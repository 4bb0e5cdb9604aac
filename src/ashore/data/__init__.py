"""Data files shipped with ashore (read with :mod:`importlib.resources`, never downloaded)."""
