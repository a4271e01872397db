"""A server process made ready before its first request (config/wsgi.py: every gunicorn worker).

`settle()` imports every view (the URLconf) and then hands every object alive at that point —
modules, models, URL patterns, settings — to the garbage collector's permanent generation
(`gc.freeze`). None of them is ever garbage, yet without this each full collection walks them
all again: a list page that builds a thousand model objects (an office filter of a county) set
off collections costing about a fifth of its CPU (bench/README.md, "Load"). Garbage made by
requests is collected as before.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Import the views, collect what start-up left over, freeze the rest."""
    get_resolver().url_patterns  # noqa: B018 (imports every view module now)
    gc.collect()
    gc.freeze()
