"""Writing a new record the way every action does: validated as its model says, then saved."""

from __future__ import annotations


def create_checked(model, **values):
    """A new ``model`` row from ``values``, validated by ``full_clean`` (fields, choices, the
    model's ``clean`` and unique checks) before it is saved, so a bad value is refused with the
    field's message (a ValidationError the form shows) instead of failing in the database."""
    record = model(**values)
    record.full_clean()
    record.save()
    return record


def save_checked(record, actor, reason: str):
    """Save ``record`` (new or changed) the way an action does: validated by ``full_clean``, its
    history row naming ``actor`` and ``reason`` (django-simple-history's change reason)."""
    record._history_user = actor
    record._change_reason = reason
    record.full_clean()
    record.save()
    return record
