"""Interceptors, fly-out, predicted intercept points and booster drop."""
