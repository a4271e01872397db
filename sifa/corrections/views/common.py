"""What the corrections pages share: the capability checks before a page, the registration
page and the list columns several lists declare."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from sifa.core.forms import add_action_errors
from sifa.core.views import Column
from sifa.orgs import access
from sifa.orgs.access import Cap

SUBJECT_NUMBER_COLUMN = Column(gettext_lazy("矫正对象"), "subject__number")
SUBJECT_NAME_COLUMN = Column(gettext_lazy("矫正对象"), "subject__person__name")
KIND_COLUMN = Column(gettext_lazy("类型"), "kind")


def require_anywhere(user, capability: Cap, refusal: str) -> None:
    """403 with `refusal` unless the user holds `capability` in at least one office."""
    access.require_anywhere(user, capability, refusal, line="corrections")


def person_register_page(request, *, form_class, offices, action, success, template, words):
    """The page registering a record with its person (收到执行通知, 收到委托): a valid POST calls
    `action` with the office, the person's identity and the form's values, then goes to the new
    record with `success(record)` as message; a refusal stays on the form. `words`: the page's
    `RegisterPage`."""
    actor = request.user
    form = form_class(request.POST or None, actor=actor, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            record = action(
                actor=actor,
                office=form.cleaned_data["office"],
                identity=form.identity(),
                **form.values(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success(record))
            return redirect(record)
    return render(request, template, {"form": form, "register_page": words})
