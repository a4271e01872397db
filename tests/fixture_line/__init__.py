"""A tiny business line that exists only for tests/test_line_registry.py."""
