"""矛盾纠纷排查导入: the screening register, one row per dispute found (a screening that found
nothing is one row without the dispute's columns). Rows with the same office, date, kind and
scope are one screening; it is written with its findings through `screening_record`, whose
rules (专项排查 names its occasion, dates not in the future, code-list dispute types, risk and
handling from their lists) apply as when a clerk enters it. The preview is a dry run.

A screening already registered (same office, date, kind, scope) with the same findings is
unchanged; with other findings it is an error: a screening is corrected on its page.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, Change, ImportContext, ImportSpec
from sifa.mediation.actions.screening import screening_record
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    FindingHandling,
    RiskLevel,
    ScreeningKind,
)
from sifa.mediation.selectors.cases import committees_for_import
from sifa.mediation.selectors.screening import screenings_for_import

FINDING_KEYS = ("dispute_type", "description", "risk_level", "handling")
FINDING_PREFIX = re.compile(r"^第(\d+)条纠纷：")

FIELDS = (
    spec.office_code(
        "office_code",
        "机构编码",
        gettext_lazy("排查的机构（司法所、调委会、调处中心等）的机构编码"),
        example="330102001",
    ),
    spec.date("screened_on", "排查日期", required=True, example="2025-01-20"),
    spec.choice(
        "kind", "排查类型", lambda: ScreeningKind.choices, required=True, example="专项排查"
    ),
    spec.text(
        "occasion",
        "专项名称",
        max_length=100,
        note=gettext_lazy("专项排查必填，如春节、两会"),
        example="春节",
    ),
    spec.text("scope", "排查范围", required=True, max_length=200, width=24, example="甲一镇全镇"),
    spec.text("notes", "情况说明", width=30),
    spec.code(
        "dispute_type",
        "纠纷类型",
        DISPUTE_TYPE_CODE_LIST,
        note=gettext_lazy("发现纠纷时填写；未发现纠纷的排查留空本列及以下各列"),
        example="邻里纠纷",
    ),
    spec.text("description", "纠纷情况", width=30, example="两户因宅基地界址争执。"),
    spec.choice("risk_level", "风险等级", lambda: RiskLevel.choices, example="一般"),
    spec.choice("handling", "处置方式", lambda: FindingHandling.choices, example="就地化解"),
    spec.date("found_on", "发现日期", note=gettext_lazy("留空为排查日期")),
)
COLUMNS = {
    "occasion": "occasion",
    "screened_on": "screened_on",
    "scope": "scope",
    "kind": "kind",
    "notes": "notes",
    "__all__": None,
}


def _check_row(row, plan) -> None:
    finding = [row[key] for key in FINDING_KEYS]
    if any(finding) and not all(finding):
        missing = next(key for key in FINDING_KEYS if not row[key])
        plan.error(row, missing, _("发现纠纷时请填写纠纷类型、纠纷情况、风险等级和处置方式。"))
    if row["found_on"] and not row["description"]:
        plan.error(row, "found_on", _("未发现纠纷的排查不填发现日期。"))


def _group_key(row, office) -> tuple:
    return (office.pk, row["screened_on"], row["kind"], row["scope"])


def _resolve(plan, ctx: ImportContext) -> None:
    found = committees_for_import(actor=ctx.actor, codes={r["office_code"] for r in plan.rows})
    groups: dict[tuple, list] = {}
    for row in plan.good_rows():
        office = found.get(row["office_code"])
        if office is None or not ctx.within(office):
            message = _("机构编码“%(code)s”不存在或不在您的管理范围内。")
            plan.error(row, "office_code", message % {"code": row["office_code"]})
            continue
        row.found["office"] = office
        groups.setdefault(_group_key(row, office), []).append(row)
    existing = screenings_for_import(list({k[0] for k in groups}))
    for key, members in groups.items():
        screening = existing.get(key)
        for index, row in enumerate(members):
            row.found["group"] = members
            row.found["first"] = index == 0
            row.target = screening
        if screening is None:
            for row in members:
                row.action = CREATE
            continue
        stored = sorted(f.description for f in screening.findings.all())
        wanted = sorted(r["description"] for r in members if r["description"])
        if stored == wanted:
            for row in members:
                row.action = UNCHANGED
        else:
            for row in members:
                plan.error(row, "description", _("该次排查已登记，发现的纠纷不能通过导入增改。"))
    rows.dry_run(plan, ctx, _write, COLUMNS)


def _write(row, ctx: ImportContext) -> list[Change]:
    """The group's first row writes the screening with every finding of the group."""
    if not row.found["first"]:
        return []
    members = row.found["group"]
    findings = [
        {
            "dispute_type": r["dispute_type"],
            "description": r["description"],
            "risk_level": r["risk_level"],
            "handling": r["handling"],
            "found_on": r["found_on"],
        }
        for r in members
        if r["description"]
    ]
    try:
        screening = screening_record(
            actor=ctx.actor,
            office=row.found["office"],
            screened_on=row["screened_on"],
            kind=row["kind"],
            scope=row["scope"],
            occasion=row["occasion"],
            notes=row["notes"],
            findings=findings,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        _file_finding_errors(ctx.cache["plan"], members, error)
        raise rows.Filed from None
    return [Change(screening, created=True)]


def _file_finding_errors(plan, members, error) -> None:
    """“第n条纠纷：…” is the n-th row of the group that names a dispute."""
    with_findings = [r for r in members if r["description"]]
    for message in error.messages:
        match = FINDING_PREFIX.match(message)
        if match and int(match.group(1)) <= len(with_findings):
            target = with_findings[int(match.group(1)) - 1]
            plan.error(target, "description", message[match.end() :])
        else:
            plan.error(members[0], None, message)


def _resolve_with_plan(plan, ctx: ImportContext) -> None:
    ctx.cache["plan"] = plan
    _resolve(plan, ctx)


def _apply(plan, ctx: ImportContext):
    ctx.cache["plan"] = plan
    return rows.write_all(plan, ctx, _write, COLUMNS)


SCREENINGS = ImportSpec(
    key="mediation.screenings",
    title=gettext_lazy("矛盾纠纷排查"),
    sheet="排查",
    fields=FIELDS,
    capability="edit",
    line="mediation",
    resolve=_resolve_with_plan,
    apply=_apply,
    natural_key=(),
    unique_together=(("office_code", "screened_on", "kind", "scope", "description"),),
    check_row=_check_row,
    rules=(
        gettext_lazy(
            "每行一件排查发现的纠纷；同一机构、同一排查日期、同一排查类型和排查范围的各行是同一次排查。"
        ),
        gettext_lazy("未发现纠纷的排查填一行，纠纷类型及以下各列留空。专项排查须填写专项名称。"),
        gettext_lazy("已登记的排查（机构、日期、类型、范围相同）再次导入不会重复登记。"),
    ),
    examples=(
        {
            "office_code": "330102001",
            "screened_on": "2025-01-20",
            "kind": "专项排查",
            "occasion": "春节",
            "scope": "甲一镇全镇",
            "dispute_type": "邻里纠纷",
            "description": "两户因宅基地界址争执。",
            "risk_level": "一般",
            "handling": "就地化解",
        },
    ),
    order=30,
    list_url="mediation:screening_list",
    description=gettext_lazy("矛盾纠纷排查及排查发现的纠纷。"),
)
