"""Writes to the roster of providers and handlers (承办机构和承办人员, 法律援助法 第12–16条).

A provider (律师事务所, 基层法律服务所, or the centre itself) is on the roster of a legal-aid
centre or a justice bureau (`office`); its handlers belong to the same office. Nothing is
deleted: a provider or handler leaving the roster is deactivated (在册 → 不在册), and old
assignments keep pointing at them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from sifa.legalaid.constants import HandlerKind, ProviderKind
from sifa.legalaid.models import Handler, Provider
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.people.models import Person

# Offices that keep a roster of providers.
ROSTER_OFFICE_KINDS = frozenset({OfficeKind.LEGAL_AID_CENTER, OfficeKind.JUSTICE_BUREAU})

# Who may handle cases for which kind of provider (第12–16条): lawyers in law firms,
# 基层法律服务工作者 in 基层法律服务所; the centre's own staff, lawyers and volunteers.
HANDLER_KINDS_BY_PROVIDER = {
    ProviderKind.LAW_FIRM: {HandlerKind.LAWYER},
    ProviderKind.LEGAL_SERVICE_OFFICE: {HandlerKind.GRASSROOTS_WORKER},
    ProviderKind.CENTRE: {HandlerKind.CENTRE_STAFF, HandlerKind.LAWYER, HandlerKind.VOLUNTEER},
    # Front-desk duty only (docs/frontdesk.md).
    ProviderKind.NOTARY_OFFICE: {HandlerKind.NOTARY},
    ProviderKind.MEDIATION_ORG: {HandlerKind.MEDIATOR},
}

PROVIDER_FIELDS = frozenset({"name", "kind", "credit_code", "phone"})
HANDLER_FIELDS = frozenset(
    {
        "person",
        "kind",
        "licence_number",
        "practising_since",
        "criminal_defence_since",
        "juvenile_experience",
    }
)


# ---------------------------------------------------------------------------------------------
# Providers


@transaction.atomic
def provider_create(
    *, actor, office: Office, name: str, kind: str, credit_code: str = "", phone: str = ""
) -> Provider:
    """加入名册: a provider on the roster of `office` (a legal-aid centre or a bureau)."""
    access.require(actor, Cap.EDIT, office, line="legalaid")
    provider = Provider(office=office, created_by=actor)
    _fill_provider(provider, name=name, kind=kind, credit_code=credit_code, phone=phone)
    provider.save()
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, **changes) -> Provider:
    """修改承办机构: a subset of PROVIDER_FIELDS, validated again."""
    unknown = set(changes) - PROVIDER_FIELDS
    if unknown:
        raise TypeError(f"provider_update() got unexpected fields: {sorted(unknown)}")
    access.require_for(actor, Cap.EDIT, provider)
    values = {field: getattr(provider, field) for field in PROVIDER_FIELDS}
    values.update(changes)
    try:
        _fill_provider(provider, **values)
        if provider.kind != Provider.objects.get(pk=provider.pk).kind:
            _check_handlers_fit(provider)
    except ValidationError:
        provider.refresh_from_db()
        raise
    provider.save()
    return provider


@transaction.atomic
def provider_set_active(*, actor, provider: Provider, active: bool) -> Provider:
    """移出/恢复名册. Leaving the roster takes the provider's handlers with it."""
    access.require_for(actor, Cap.EDIT, provider)
    provider.active = active
    provider.save()
    if not active:
        for handler in provider.handlers.filter(active=True):
            handler.active = False
            handler.save()
    return provider


def _fill_provider(provider: Provider, *, name, kind, credit_code, phone) -> None:
    errors: dict[str, list[str]] = {}
    if provider.office.kind not in ROSTER_OFFICE_KINDS:
        errors["office"] = [_("承办机构名册由法律援助中心或司法局管理。")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写机构名称。")]
    elif _name_taken(provider, name):
        errors["name"] = [_("名册中已有名为“%(name)s”的机构。") % {"name": name}]
    if kind not in ProviderKind.values:
        errors["kind"] = [_("请选择机构类别。")]
    credit_code = uscc.compact(credit_code) if credit_code else ""
    if credit_code and not uscc.is_valid(credit_code):
        errors["credit_code"] = [_("统一社会信用代码无效。")]
    if errors:
        raise ValidationError(errors)
    provider.name = name
    provider.kind = kind
    provider.credit_code = credit_code
    provider.phone = (phone or "").strip()


def _name_taken(provider: Provider, name: str) -> bool:
    others = Provider.objects.filter(office_id=provider.office_id, name=name)
    if provider.pk:
        others = others.exclude(pk=provider.pk)
    return others.exists()


def _check_handlers_fit(provider: Provider) -> None:
    allowed = HANDLER_KINDS_BY_PROVIDER.get(provider.kind, set())
    if provider.handlers.filter(active=True).exclude(kind__in=allowed).exists():
        raise ValidationError(
            {"kind": [_("该机构有在册人员的类别与新的机构类别不符，请先调整人员。")]}
        )


# ---------------------------------------------------------------------------------------------
# Handlers


@transaction.atomic
def handler_create(
    *,
    actor,
    provider: Provider,
    person: Person | None = None,
    identity: PersonIdentity | None = None,
    kind: str,
    licence_number: str = "",
    practising_since: datetime.date | None = None,
    criminal_defence_since: datetime.date | None = None,
    juvenile_experience: bool = False,
) -> Handler:
    """加入承办人员: a person of the registry handling cases for `provider`.

    The provider must be one the actor sees and still on the roster. The person is `person`,
    or the one a form's `identity` names (registered at the roster's office when new).
    """
    _check_provider(actor, provider)
    access.require_for(actor, Cap.EDIT, provider)
    if identity is not None:
        person = person_obtain(actor=actor, office=provider.office, identity=identity)
    handler = Handler(office=provider.office, provider=provider, created_by=actor)
    _fill_handler(
        actor,
        handler,
        person=person,
        kind=kind,
        licence_number=licence_number,
        practising_since=practising_since,
        criminal_defence_since=criminal_defence_since,
        juvenile_experience=juvenile_experience,
    )
    handler.save()
    return handler


@transaction.atomic
def handler_update(*, actor, handler: Handler, **changes) -> Handler:
    """修改承办人员: a subset of HANDLER_FIELDS, validated again."""
    unknown = set(changes) - HANDLER_FIELDS
    if unknown:
        raise TypeError(f"handler_update() got unexpected fields: {sorted(unknown)}")
    access.require_for(actor, Cap.EDIT, handler)
    values = {field: getattr(handler, field) for field in HANDLER_FIELDS}
    values.update(changes)
    try:
        _fill_handler(actor, handler, **values)
    except ValidationError:
        handler.refresh_from_db()
        raise
    handler.save()
    return handler


@transaction.atomic
def handler_set_active(*, actor, handler: Handler, active: bool) -> Handler:
    """移出/恢复名册. A handler returns only while the provider is on the roster."""
    access.require_for(actor, Cap.EDIT, handler)
    handler.refresh_from_db()  # the provider's state as stored, not as cached
    if active and not handler.provider.active:
        raise ValidationError(_("承办机构“%(name)s”已不在册。") % {"name": handler.provider})
    if active and _person_taken(handler, handler.person):
        raise ValidationError(_("该人员已是本机构的在册承办人员。"))
    handler.active = active
    handler.save()
    return handler


def _check_provider(actor, provider: Provider) -> None:
    stored = None
    if provider is not None:
        stored = access.scope(actor, Provider.objects.filter(pk=provider.pk)).first()
    if stored is None:
        raise ValidationError({"provider": [_("未找到该承办机构。")]})
    if not stored.active:
        raise ValidationError(
            {"provider": [_("承办机构“%(name)s”已不在册。") % {"name": provider.name}]}
        )


def _fill_handler(
    actor,
    handler: Handler,
    *,
    person,
    kind,
    licence_number,
    practising_since,
    criminal_defence_since,
    juvenile_experience,
) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    today = timezone.localdate()
    if person is None or not access.scope(actor, Person.objects.filter(pk=person.pk)).exists():
        add("person", _("未找到该人员。"))
    elif _person_taken(handler, person):
        add("person", _("该人员已是本机构的在册承办人员。"))
    allowed = HANDLER_KINDS_BY_PROVIDER.get(handler.provider.kind, set())
    if kind not in HandlerKind.values:
        add("kind", _("请选择人员类别。"))
    elif kind not in allowed:
        add(
            "kind",
            _("%(provider)s的承办人员不能是%(kind)s。")
            % {
                "provider": ProviderKind(handler.provider.kind).label,
                "kind": HandlerKind(kind).label,
            },
        )
    licence_number = (licence_number or "").strip()
    if kind in (HandlerKind.LAWYER, HandlerKind.GRASSROOTS_WORKER) and not licence_number:
        add("licence_number", _("律师和基层法律服务工作者须填写执业证号。"))
    for field, value in (
        ("practising_since", practising_since),
        ("criminal_defence_since", criminal_defence_since),
    ):
        if value and value > today:
            add(field, _("日期不能晚于今天。"))
    if criminal_defence_since:
        # 法律援助法 第25、26条: only lawyers defend in criminal cases.
        if kind != HandlerKind.LAWYER:
            add("criminal_defence_since", _("只有律师可以从事刑事辩护。"))
        elif practising_since and criminal_defence_since < practising_since:
            add("criminal_defence_since", _("从事刑事辩护起始日期不能早于执业开始日期。"))
    if errors:
        raise ValidationError(errors)
    handler.person = person
    handler.kind = kind
    handler.licence_number = licence_number
    handler.practising_since = practising_since
    handler.criminal_defence_since = criminal_defence_since
    handler.juvenile_experience = bool(juvenile_experience)


def _person_taken(handler: Handler, person: Person) -> bool:
    others = Handler.objects.filter(provider_id=handler.provider_id, person=person, active=True)
    if handler.pk:
        others = others.exclude(pk=handler.pk)
    return others.exists()
