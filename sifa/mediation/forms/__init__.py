"""Forms of the mediation pages, one module per subject; shared pieces live here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sifa.people import selectors as people_selectors


def person_from_reference(actor, reference: str):
    """A person the actor sees, by 人员编号 (the number shown in the registry) or 证件号码."""
    reference = (reference or "").strip()
    if reference.isdigit() and len(reference) < 10:
        try:
            return people_selectors.person_get(actor=actor, pk=int(reference))
        except Http404:
            pass
    elif reference:
        person = people_selectors.person_find_by_id_number(actor=actor, id_number=reference)
        if person is not None:
            return person
    raise ValidationError(_("在人员信息库中未找到该人员，请先登记人员信息。"))


class PersonReferenceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("人员（人员编号或证件号码）"))
        kwargs.setdefault(
            "help_text", _("填写人员信息库中的人员编号或证件号码；新人员请先在人员信息中登记。")
        )
        super().__init__(max_length=40, **kwargs)


__all__ = ["PersonReferenceField", "person_from_reference"]
