"""Writing a new record the way every action does: validated as its model says, then saved."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def create_checked(model, **values):
    """A new ``model`` row from ``values``, validated by ``full_clean`` (fields, choices, the
    model's ``clean`` and unique checks) before it is saved, so a bad value is refused with the
    field's message (a ValidationError the form shows) instead of failing in the database."""
    record = model(**values)
    record.full_clean()
    record.save()
    return record


def create_unless_refused(errors: dict, model, *, actor, office, **values):
    """The action's own checks collected `errors` (field → messages): any of them refuses the
    write, all at once; otherwise a new `model` row of `office`, created by `actor`."""
    if errors:
        raise ValidationError(errors)
    return model.objects.create(office=office, created_by=actor, **values)
