"""承办机构和承办人员 — the roster of providers (律师事务所, 基层法律服务所, the centre itself)
and their handlers (律师, 基层法律服务工作者 …), declared on the import kit and written row by row
through the roster actions (`sifa.legalaid.actions.providers`), whose rules (the roster kept
by a 法律援助中心 or 司法局, a valid 统一社会信用代码, handler kinds that fit the provider, a
执业证号 for lawyers and grassroots workers, criminal defence by lawyers only, dates not in the
future) apply as when a clerk enters them. The preview is a dry run of those actions
(`sifa.core.imports.rows`).

The roster comes before the case book: an imported case names its provider and handler from it.
A provider is found again by its roster office and name; a handler by roster office, provider
and 身份证号码. A person the importer may see registered already is used (the name must match),
else registered at the roster's office. Nothing is deleted: 在册 “否” takes a provider or
handler off the roster (old assignments keep pointing at them).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc

from sifa.core.imports import rows, spec, steps, writing
from sifa.core.imports.spec import Change, ImportContext, ImportSpec
from sifa.core.imports.writing import snapshot
from sifa.legalaid.actions.providers import (
    handler_create,
    handler_set_active,
    handler_update,
    provider_create,
    provider_set_active,
    provider_update,
)
from sifa.legalaid.constants import HandlerKind, ProviderKind
from sifa.legalaid.imports import common
from sifa.legalaid.selectors.imports import roster_of
from sifa.people.actions import PersonIdentity


def _office_field():
    return spec.office_code(
        "office_code",
        "名册所属机构编码",
        gettext_lazy("管理名册的法律援助中心或司法局的机构编码"),
        example="330102L001",
    )


# --- 承办机构 ------------------------------------------------------------------------------------

PROVIDER_FIELDS = (
    _office_field(),
    spec.text(
        "name", "机构名称", required=True, max_length=100, width=24, example="某某律师事务所"
    ),
    spec.choice(
        "kind", "机构类别", lambda: ProviderKind.choices, required=True, example="律师事务所"
    ),
    spec.text("credit_code", "统一社会信用代码", max_length=18, as_text=True, width=22),
    spec.text("phone", "联系电话", max_length=30, as_text=True),
    spec.yes_no(
        "active", "在册", default=True, note=gettext_lazy("留空为“是”；已移出名册的填“否”")
    ),
)
PROVIDER_VALUES = ("name", "kind", "credit_code", "phone")
PROVIDER_COLUMNS = {
    "office": "office_code",
    "name": "name",
    "kind": "kind",
    "credit_code": "credit_code",
    "phone": "phone",
    "__all__": None,
}


def _resolve_providers(plan, ctx: ImportContext) -> None:
    offices = common.offices(plan, ctx)
    roster = roster_of(offices.values())
    for row in plan.good_rows():
        office = offices.get(row.line)
        if office is None:
            continue
        row.found["office"] = office
        steps.compare(
            row,
            next((p for p in roster.get(office.pk, []) if p.name == row["name"]), None),
            _provider_values(row),
            also=lambda provider, row=row: {_("在册"): (provider.active, row["active"])},
        )
    rows.dry_run(plan, ctx, _write_provider, PROVIDER_COLUMNS)


def _provider_values(row) -> dict:
    return {
        "name": row["name"],
        "kind": row["kind"],
        "credit_code": uscc.compact(row["credit_code"]) if row["credit_code"] else "",
        "phone": row["phone"],
    }


def _write_provider(row, ctx: ImportContext) -> list[Change]:
    provider = writing.as_stored(row.target)
    changes = []
    if provider is None:
        provider = provider_create(
            actor=ctx.actor, office=row.found["office"], **_provider_values(row)
        )
        changes.append(Change(provider, created=True))
    else:
        changes.append(
            Change(provider, created=False, before=snapshot(provider, (*PROVIDER_VALUES, "active")))
        )
        provider = provider_update(actor=ctx.actor, provider=provider, **_provider_values(row))
    if provider.active != row["active"]:
        if not row["active"]:
            # Leaving the roster takes its handlers with it (the action): keep them for a roll-back.
            for handler in provider.handlers.filter(active=True):
                changes.append(
                    Change(handler, created=False, before=snapshot(handler, ("active",)))
                )
        provider_set_active(actor=ctx.actor, provider=provider, active=row["active"])
    return changes


PROVIDERS = ImportSpec(
    key="legalaid.providers",
    title=gettext_lazy("承办机构"),
    sheet="承办机构",
    fields=PROVIDER_FIELDS,
    capability="edit",
    line="legalaid",
    resolve=_resolve_providers,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_provider, PROVIDER_COLUMNS),
    natural_key=("office_code", "name"),
    rules=(
        gettext_lazy(
            "每行一个承办机构（律师事务所、基层法律服务所或法律援助机构本机构），"
            "名册由法律援助中心或司法局管理；先导入承办机构，再导入承办人员和案件。"
        ),
        gettext_lazy("同一名册中机构名称不能重复；统一社会信用代码须有效。"),
        gettext_lazy(
            "已在名册中的机构（名册所属机构和机构名称相同）按本表更新；同一文件重复导入不会产生变化。"
            "在册填“否”的机构移出名册，其在册人员一并移出。"
        ),
    ),
    examples=(
        {
            "office_code": "330102L001",
            "name": "某某律师事务所",
            "kind": "律师事务所",
            "credit_code": "31330000MD0123456R",
            "phone": "0571-88888888",
            "active": "是",
        },
    ),
    order=60,
    list_url="legalaid:provider_list",
    description=gettext_lazy("法律援助承办机构名册：律师事务所、基层法律服务所、法律援助机构。"),
)


# --- 承办人员 ------------------------------------------------------------------------------------

HANDLER_FIELDS = (
    _office_field(),
    spec.text(
        "provider",
        "承办机构",
        required=True,
        max_length=100,
        width=24,
        note=gettext_lazy("该名册中的机构名称或统一社会信用代码"),
        example="某某律师事务所",
    ),
    spec.text("name", "姓名", required=True, max_length=50, example="李律师"),
    spec.resident_id("id_number", "身份证号码", required=True),
    spec.choice("kind", "人员类别", lambda: HandlerKind.choices, required=True, example="律师"),
    spec.text(
        "licence_number",
        "执业证号",
        max_length=30,
        as_text=True,
        width=20,
        note=gettext_lazy("律师和基层法律服务工作者必填"),
        example="13301201010000001",
    ),
    spec.date("practising_since", "执业开始日期", example="2012-07-01"),
    spec.date(
        "criminal_defence_since",
        "从事刑事辩护起始日期",
        note=gettext_lazy("仅律师；可能判处无期徒刑、死刑的案件须三年以上刑事辩护经历"),
    ),
    spec.yes_no("juvenile_experience", "熟悉未成年人身心特点", default=False),
    spec.yes_no(
        "active", "在册", default=True, note=gettext_lazy("留空为“是”；已移出名册的填“否”")
    ),
    spec.text("phone", "联系电话", as_text=True, note=gettext_lazy("新登记人员时记录")),
)
HANDLER_VALUES = (
    "kind",
    "licence_number",
    "practising_since",
    "criminal_defence_since",
    "juvenile_experience",
)
HANDLER_COLUMNS = {
    "provider": "provider",
    "person": "id_number",
    "name": "name",
    "id_number": "id_number",
    "kind": "kind",
    "licence_number": "licence_number",
    "practising_since": "practising_since",
    "criminal_defence_since": "criminal_defence_since",
    "__all__": None,
}


def _check_handler_row(row, plan) -> None:
    since, defence = row["practising_since"], row["criminal_defence_since"]
    if since and defence and defence < since:
        plan.error(row, "criminal_defence_since", _("从事刑事辩护起始日期不能早于执业开始日期。"))


def _resolve_handlers(plan, ctx: ImportContext) -> None:
    offices = common.offices(plan, ctx)
    roster = roster_of(offices.values())
    persons = common.Persons(ctx, [row["id_number"] for row in plan.good_rows()])
    # The persons by number, and those a row registers (a second row of the same person uses it).
    ctx.cache["persons"] = dict(persons.found)
    for row in plan.good_rows():
        office = offices.get(row.line)
        if office is None:
            continue
        provider = _provider_of(plan, row, roster.get(office.pk, []))
        if provider is None:
            continue
        person = persons.found.get(row["id_number"])
        if person is not None and not persons.named(plan, row, "id_number", person, row["name"]):
            continue
        row.found.update(provider=provider, person=person)
        steps.compare(
            row,
            _handler_of(provider, person),
            _handler_values(row),
            also=lambda handler, row=row: {_("在册"): (handler.active, row["active"])},
        )
    rows.dry_run(plan, ctx, _write_handler, HANDLER_COLUMNS)


def _provider_of(plan, row, providers):
    text = row["provider"]
    found = [p for p in providers if text in (p.name, p.credit_code)]
    if len(found) != 1:
        message = _("名册中没有承办机构“%(name)s”，请先导入承办机构。")
        plan.error(row, "provider", message % {"name": text})
        return None
    return found[0]


def _handler_of(provider, person):
    """The person's handler record at the provider: the one on the roster, else the latest."""
    if person is None:
        return None
    mine = [h for h in provider.handlers.all() if h.person_id == person.pk]
    return max(mine, key=lambda h: (h.active, h.pk), default=None)


def _handler_values(row) -> dict:
    return {
        "kind": row["kind"],
        "licence_number": row["licence_number"],
        "practising_since": row["practising_since"],
        "criminal_defence_since": row["criminal_defence_since"],
        "juvenile_experience": bool(row["juvenile_experience"]),
    }


def _write_handler(row, ctx: ImportContext) -> list[Change]:
    handler = writing.as_stored(row.target)
    changes = []
    if handler is None:
        known = ctx.cache["persons"]
        person = known.get(row["id_number"])
        identity = None
        if person is None:
            identity = PersonIdentity(
                name=row["name"], id_number=row["id_number"], phone=row["phone"]
            )
        handler = handler_create(
            actor=ctx.actor,
            provider=row.found["provider"],
            person=person,
            identity=identity,
            **_handler_values(row),
        )
        if person is None:
            known[row["id_number"]] = handler.person
            changes.append(Change(handler.person, created=True))
        changes.append(Change(handler, created=True))
    else:
        changes.append(
            Change(handler, created=False, before=snapshot(handler, (*HANDLER_VALUES, "active")))
        )
        handler = handler_update(actor=ctx.actor, handler=handler, **_handler_values(row))
    if handler.active != row["active"]:
        handler_set_active(actor=ctx.actor, handler=handler, active=row["active"])
    return changes


HANDLERS = ImportSpec(
    key="legalaid.handlers",
    title=gettext_lazy("承办人员"),
    sheet="承办人员",
    fields=HANDLER_FIELDS,
    capability="edit",
    line="legalaid",
    resolve=_resolve_handlers,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_handler, HANDLER_COLUMNS),
    natural_key=("office_code", "provider", "id_number"),
    check_row=_check_handler_row,
    rules=(
        gettext_lazy(
            "每行一名承办人员：名册所属机构编码、承办机构（须已导入）、姓名、身份证号码、人员类别。"
        ),
        gettext_lazy(
            "律师事务所的承办人员应为律师，基层法律服务所的应为基层法律服务工作者；"
            "律师和基层法律服务工作者须填写执业证号；只有律师填写从事刑事辩护起始日期。"
        ),
        gettext_lazy(
            "人员信息库中已有该身份证号码的人员时直接使用（姓名须一致），否则按姓名和证件号码登记。"
        ),
        gettext_lazy(
            "已在名册中的人员（同一机构、同一身份证号码）按本表更新；同一文件重复导入不会产生变化。"
            "在册填“否”的人员移出名册。"
        ),
    ),
    examples=(
        {
            "office_code": "330102L001",
            "provider": "某某律师事务所",
            "name": "李律师",
            "id_number": "330102198001010018",
            "kind": "律师",
            "licence_number": "13301201010000001",
            "practising_since": "2012-07-01",
            "criminal_defence_since": "2013-01-01",
            "juvenile_experience": "是",
        },
    ),
    order=61,
    list_url="legalaid:provider_list",
    description=gettext_lazy(
        "承办人员名册：律师、基层法律服务工作者、法律援助机构工作人员、志愿者。"
    ),
)
