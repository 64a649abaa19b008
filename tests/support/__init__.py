"""Helpers the tests share (no test imports conftest)."""
