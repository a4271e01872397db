"""What the legal-aid pages share: one form in a card (`form_page`), the POST that hands a valid
form to one action (`save_valid`) and the breadcrumb back to a list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from sifa.core.forms import add_action_errors
from sifa.core.views import edit_page

FORM_PAGE = "legalaid/form_page.html"


@dataclass(frozen=True)
class Saved:
    """The action ran; `result` is what it returned (a record, or None)."""

    result: object


def save_valid(
    request, form, save: Callable[[], object], *, errors_to: Callable = add_action_errors
) -> Saved | None:
    """For a valid POST of `form`, call `save` (one action call). The action's ValidationError
    lands on the form (`errors_to`), so the page shows again with the input kept; None then, and
    on GET or an invalid form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Saved(save())
    except ValidationError as error:
        errors_to(form, error)
        return None


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
