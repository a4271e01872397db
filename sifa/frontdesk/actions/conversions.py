"""转办: a visit becomes another line's record — a mediation case, a legal-aid consultation or
application, a notarisation or an appraisal commission — through that
line's `actions`, without re-typing the person or the matter; the record is linked to the visit
(`Conversion`) and both pages show the link (`sifa.core.record_links`).

The conversions are a table of targets (`TARGETS`): each says what it creates, whether it needs
the visitor as a registered person, and the function that calls the other line's action with the
visit's person and matter plus the values its form adds. Adding a target is one row here and one
in `sifa.frontdesk.views.conversions.FORMS` (docs/frontdesk.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core import clock
from sifa.forensic.actions.cases import commission_receive
from sifa.frontdesk.constants import Service, Target
from sifa.frontdesk.models import Conversion, Visit
from sifa.frontdesk.selectors import conversions as destinations
from sifa.legalaid.actions.applications import application_register
from sifa.legalaid.actions.consultations import consultation_record
from sifa.legalaid.constants import Channel, Referral
from sifa.mediation.actions.cases import PartyInput, case_register, party_obtain
from sifa.mediation.constants import PartyKind, PartyRole
from sifa.notary.actions.notarisations import notarisation_apply
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.people.actions import PersonIdentity, person_obtain


@dataclass(frozen=True)
class ConversionTarget:
    """One row of the table: `create(actor=, visit=, person=, **values)` returns the record."""

    key: str  # constants.Target
    label: str
    service: str  # the visit's 服务方式 once converted
    needs_person: bool
    create: Callable
    title: Callable[[object], str] = str


def _to_mediation_case(
    *,
    actor,
    visit: Visit,
    person,
    committee,
    dispute_type: str,
    source: str,
    respondent: dict,
    received_on: datetime.date | None = None,
    claims: str = "",
    amount=0,
):
    """人民调解: the visitor is the 申请人, the visit's matter the 纠纷简要情况; `respondent` is
    what `mediation.actions.cases.party_obtain` takes (a natural party by `identity`)."""
    applicant = PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=person)
    other = party_obtain(actor=actor, office=committee, **respondent)
    return case_register(
        actor=actor,
        office=committee,
        source=source,
        dispute_type=dispute_type,
        facts=visit.matter,
        received_on=received_on or timezone.localdate(visit.visited_at),
        parties=[applicant, other],
        claims=claims,
        amount=amount,
        referred_by=visit.office.name,
    )


def _to_legalaid_consultation(
    *, actor, visit: Visit, person, office, category: str, answer: str = "", answered_by: str = ""
):
    """法律援助咨询: the visit's moment, matter and visitor (or the name alone)."""
    return consultation_record(
        actor=actor,
        office=office,
        channel=Channel.VISIT,
        consulted_at=visit.visited_at,
        category=category,
        question=visit.matter,
        answer=answer or visit.answer,
        referral=Referral.ANSWERED,
        person=person,
        caller_name="" if person is not None else visit.visitor_name,
        caller_phone="" if person is not None else visit.phone,
        answered_by=answered_by or visit.received_by,
    )


def _to_legalaid_application(
    *,
    actor,
    visit: Visit,
    person,
    office,
    matter_type: str,
    matter: str,
    received_on: datetime.date | None = None,
    adverse_party: str = "",
):
    """法律援助申请: the visitor is the applicant, the visit's matter the 案情及申请理由."""
    return application_register(
        actor=actor,
        office=office,
        applicant=person,
        matter_type=matter_type,
        matter=matter,
        facts=visit.matter,
        received_on=received_on or timezone.localdate(visit.visited_at),
        channel=Channel.VISIT,
        adverse_party=adverse_party,
    )


def _to_notarisation(
    *,
    actor,
    visit: Visit,
    person,
    office,
    matter_code: str,
    applied_on: datetime.date | None = None,
):
    """公证申请: the visitor is the applicant, the visit's matter the 申请事项摘要, at the notary
    office kept at `office` (the form chooses offices, the notary line keeps Institutions)."""
    institution = destinations.notary_office_institution(actor=actor, office=office)
    if institution is None:
        raise ValidationError({"office": [_("请选择您可以登记申请的公证机构。")]})
    return notarisation_apply(
        actor=actor,
        institution=institution,
        applicant=person,
        matter_code=matter_code,
        summary=visit.matter,
        applied_on=applied_on or timezone.localdate(visit.visited_at),
    )


def _to_appraisal(
    *,
    actor,
    visit: Visit,
    person,
    office,
    category: str,
    received_on: datetime.date | None = None,
):
    """司法鉴定委托: the visitor commissions for himself (委托人 个人, the registry's person), the
    visit's matter the 鉴定事项, at the forensic institution kept at `office`."""
    institution = destinations.forensic_office_institution(actor=actor, office=office)
    if institution is None:
        raise ValidationError({"office": [_("请选择您可以登记委托的司法鉴定机构。")]})
    return commission_receive(
        actor=actor,
        institution=institution,
        client=person,
        category=category,
        matter=visit.matter,
        received_on=received_on or timezone.localdate(visit.visited_at),
    )


TARGETS: dict[str, ConversionTarget] = {
    target.key: target
    for target in (
        ConversionTarget(
            Target.MEDIATION_CASE,
            gettext_lazy("人民调解案件"),
            Service.ACCEPTED,
            True,
            _to_mediation_case,
            lambda case: case.number,
        ),
        ConversionTarget(
            Target.LEGALAID_CONSULTATION,
            gettext_lazy("法律援助咨询"),
            Service.REFERRED,
            False,
            _to_legalaid_consultation,
            lambda consultation: f"{clock.local_day(consultation.consulted_at):%Y-%m-%d}",
        ),
        ConversionTarget(
            Target.LEGALAID_APPLICATION,
            gettext_lazy("法律援助申请"),
            Service.ACCEPTED,
            True,
            _to_legalaid_application,
            lambda application: application.number,
        ),
        ConversionTarget(
            Target.NOTARISATION,
            gettext_lazy("公证申请"),
            Service.ACCEPTED,
            True,
            _to_notarisation,
            lambda notarisation: notarisation.number,
        ),
        ConversionTarget(
            Target.APPRAISAL,
            gettext_lazy("司法鉴定委托"),
            Service.ACCEPTED,
            True,
            _to_appraisal,
            lambda case: case.number,
        ),
    )
}


def target_of(key: str) -> ConversionTarget:
    try:
        return TARGETS[key]
    except KeyError:
        raise ValidationError({"target": [_("未知的转办去向。")]}) from None


@transaction.atomic
def visit_convert(
    *, actor, visit: Visit, target: str, identity: PersonIdentity | None = None, **values
):
    """转办: create the target's record from the visit and link it. A visitor named without ID
    is registered first by `identity` when the target needs a person (and kept on the visit)."""
    access.require_for(actor, Cap.EDIT, visit)
    spec = target_of(target)
    visit = Visit.objects.select_for_update().select_related("office").get(pk=visit.pk)
    if visit.conversions.filter(target=spec.key).exists():
        raise ValidationError({"__all__": [_("该来访已转为%(label)s。") % {"label": spec.label}]})
    person = visit.person
    if person is None and identity is not None and (identity.person or identity.id_number):
        person = person_obtain(actor=actor, office=visit.office, identity=identity)
        visit.person = person
        visit.visitor_name = person.name
        visit.phone = ""
    if spec.needs_person and person is None:
        raise ValidationError(
            {"id_number": [_("转为%(label)s须登记来访人身份证号码。") % {"label": spec.label}]}
        )
    record = spec.create(actor=actor, visit=visit, person=person, **values)
    Conversion.objects.create(
        office=visit.office,
        created_by=actor,
        visit=visit,
        target=spec.key,
        record_label=record._meta.label_lower,
        record_pk=record.pk,
        record_title=str(spec.title(record))[:100],
    )
    visit.service = spec.service
    visit.referred_to = f"{spec.label}（{record.office.name}）"[:100]
    visit.save()
    return record
