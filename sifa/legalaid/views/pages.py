"""What the legal-aid pages share: one form in a card (`form_page`) and the breadcrumb back to a
list. The POST that hands a valid form to one action is core's `save_valid`."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from sifa.core.views import edit_page

FORM_PAGE = "legalaid/form_page.html"


def form_page(
    request, form, *, title, back_url, crumbs=(), template=FORM_PAGE, record=None, **extra
):
    """Render `form` in a card under `title`; `crumbs` are the (url, label) pairs above it.
    A form that changes `record` (or adds to it) is an edit page of it (`core.views.edit_page`:
    the warning when a submitted report month holds the record)."""
    context = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "crumbs": crumbs,
        "check_class": "mt-4",  # a lone check box lines up with the labelled inputs beside it
        **extra,
    }
    if record is not None:
        return edit_page(request, template, context, record)
    return render(request, template, context)


def list_crumb(url_name: str, label) -> list[tuple[str, str]]:
    """The breadcrumb trail of a page under one list."""
    return [(reverse(url_name), label)]
