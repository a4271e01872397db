"""调委会、委员、人民调解员和培训 — the committees' registers, declared on the import kit and
written row by row through the committee actions (`sifa.mediation.actions.committees`), whose
rules (3–9 members, one 主任, a woman among them, adults only, no departure that breaks a
committee) apply as when a clerk enters them. The preview is a dry run of those actions
(`sifa.core.imports.rows`).

The committees themselves are offices (机构导入, first of all); these files say who serves in
them. Each row names its committee by 调解组织编码 and its person by 身份证号码: a person the user
may see registered already is used (the name must match), else registered at the committee.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec, steps
from sifa.core.imports.spec import CREATE, UNCHANGED, UPDATE, Change, ImportContext, ImportSpec
from sifa.core.imports.writing import as_stored, snapshot
from sifa.mediation.actions.committees import (
    EndReason,
    committee_profile_save,
    mediator_appoint,
    mediator_end,
    member_add,
    member_leave,
    training_record,
)
from sifa.mediation.constants import MemberRole
from sifa.mediation.selectors.cases import committees_for_import, offices_for_import
from sifa.mediation.selectors.committees import (
    mediator_posts_for_import,
    members_for_import,
    profiles_for_import,
    trainings_for_import,
)
from sifa.orgs.constants import OfficeKind
from sifa.people import actions as people_actions
from sifa.people import selectors as people_selectors
from sifa.people.models import DocumentType


def _committee_field(note=None):
    return spec.office_code(
        "office_code",
        "调解组织编码",
        note or gettext_lazy("人民调解委员会的机构编码"),
        example="330102001201",
    )


def _committees(plan, ctx: ImportContext) -> dict:
    """{row line: its committee}: an active 人民调解委员会 the user may edit, in the scope."""
    found = committees_for_import(actor=ctx.actor, codes={r["office_code"] for r in plan.rows})
    return steps.offices_coded(
        plan,
        ctx,
        plan.good_rows(),
        found,
        "office_code",
        label=_("调解组织编码"),
        kind=OfficeKind.MEDIATION_COMMITTEE,
        kind_error=_("“%(name)s”不是人民调解委员会。"),
    )


def _persons(plan, ctx: ImportContext, key: str = "id_number") -> dict:
    """{number: the person the user sees registered}; a row whose name differs is an error."""
    numbers = [row[key] for row in plan.good_rows()]
    found = people_selectors.persons_by_id_numbers(actor=ctx.actor, numbers=numbers)
    for row in plan.good_rows():
        person = found.get(row[key])
        if person is not None and "name" in row and person.name != row["name"]:
            message = _("该证件号码已登记为“%(name)s”，与所填姓名不符。") % {"name": person.name}
            plan.error(row, key, message)
    return found


def _person_of(ctx: ImportContext, row, office) -> tuple:
    """(the person, the changes: the registration when made now)."""
    found = ctx.cache["persons"].get(row["id_number"])
    if found is not None:
        return found, []
    person = people_actions.person_register(
        actor=ctx.actor,
        office=office,
        name=row["name"],
        doc_type=DocumentType.RESIDENT_ID,
        id_number=row["id_number"],
        phone=row.get("phone") or "",
    )
    ctx.cache["persons"][row["id_number"]] = person
    return person, [Change(person, created=True)]


PERSON_COLUMNS = {"person": "id_number", "name": "name", "id_number": "id_number"}


# --- 调委会概况 ----------------------------------------------------------------------------------


PROFILE_FIELDS = (
    _committee_field(),
    spec.text("host_unit", "设立单位", required=True, max_length=100, example="甲一村村民委员会"),
    spec.text(
        "guiding_code",
        "指导司法所编码",
        as_text=True,
        note=gettext_lazy("同一县（市、区）的司法所的机构编码"),
    ),
    spec.yes_no("seal_registered", "印章已备案", default=False),
    spec.date("seal_registered_on", "印章备案日期", note=gettext_lazy("印章已备案时必填")),
)


def _resolve_profiles(plan, ctx: ImportContext) -> None:
    committees = _committees(plan, ctx)
    codes = {r["guiding_code"] for r in plan.good_rows() if r["guiding_code"]}
    guiding = offices_for_import(actor=ctx.actor, codes=codes)
    profiles = profiles_for_import(list(committees.values()))
    for row in plan.good_rows():
        committee = committees[row.line]
        row.found["committee"] = committee
        if row["guiding_code"]:
            office = guiding.get(row["guiding_code"])
            if office is None:
                message = _("指导司法所编码“%(code)s”不存在或不在您的查看范围内。")
                plan.error(row, "guiding_code", message % {"code": row["guiding_code"]})
                continue
            row.found["guiding"] = office
        steps.compare(row, profiles.get(committee.pk), _profile_values(row))
    rows.dry_run(plan, ctx, _write_profile, PROFILE_COLUMNS)


def _profile_values(row) -> dict:
    return {
        "host_unit": row["host_unit"],
        "guiding_office": row.found.get("guiding"),
        "seal_registered": bool(row["seal_registered"]),
        "seal_registered_on": row["seal_registered_on"] if row["seal_registered"] else None,
    }


def _write_profile(row, ctx: ImportContext) -> list[Change]:
    before = as_stored(row.target)
    snapshot_before = (
        snapshot(before, ("host_unit", "guiding_office", "seal_registered", "seal_registered_on"))
        if before is not None
        else None
    )
    profile = committee_profile_save(
        actor=ctx.actor, committee=row.found["committee"], **_profile_values(row)
    )
    return [Change(profile, created=before is None, before=snapshot_before)]


PROFILE_COLUMNS = {
    "host_unit": "host_unit",
    "guiding_office": "guiding_code",
    "seal_registered_on": "seal_registered_on",
}

PROFILES = ImportSpec(
    key="mediation.committee_profiles",
    title=gettext_lazy("调委会概况"),
    sheet="调委会",
    fields=PROFILE_FIELDS,
    capability="edit",
    line="mediation",
    resolve=_resolve_profiles,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_profile, PROFILE_COLUMNS),
    natural_key=("office_code",),
    rules=(
        gettext_lazy(
            "每行一个人民调解委员会（须已在机构中导入），填写设立单位、指导司法所和印章备案。"
        ),
        gettext_lazy("已有概况的调委会按本表更新；同一文件重复导入不会产生变化。"),
    ),
    examples=(
        {
            "office_code": "330102001201",
            "host_unit": "甲一村村民委员会",
            "seal_registered": "是",
            "seal_registered_on": "2015-06-01",
        },
    ),
    order=20,
    list_url="mediation:committee_list",
    description=gettext_lazy("调委会的设立单位、指导司法所、印章备案。"),
)


# --- 调委会委员 ----------------------------------------------------------------------------------


MEMBER_FIELDS = (
    _committee_field(),
    spec.text("name", "姓名", required=True, max_length=50, example="王芳"),
    spec.resident_id("id_number", "身份证号码", required=True),
    spec.choice("role", "职务", lambda: MemberRole.choices, required=True, example="主任"),
    spec.date("term_start", "任期开始", required=True, example="2023-01-01"),
    spec.date("left_on", "离任日期", note=gettext_lazy("不再担任委员的第一天；在任留空")),
    spec.yes_no("full_time", "专职调解员", default=False),
    spec.text("phone", "联系电话", as_text=True),
)
MEMBER_COLUMNS = {
    **PERSON_COLUMNS,
    "role": "role",
    "left_on": "left_on",
    "term_start": "term_start",
    "__all__": None,
}


def _check_member_row(row, plan) -> None:
    if row["left_on"] and row["left_on"] < row["term_start"]:
        plan.error(row, "left_on", _("离任日期不能早于任期开始日期。"))


def _resolve_members(plan, ctx: ImportContext) -> None:
    committees = _committees(plan, ctx)
    ctx.cache["persons"] = _persons(plan, ctx)
    existing = {}
    for member in members_for_import(list(committees.values())):
        key = (member.office_id, member.person.id_number, member.term_start)
        existing[key] = member
    for row in plan.good_rows():
        committee = committees[row.line]
        row.found["committee"] = committee
        steps.compare_end(
            plan,
            row,
            existing.get((committee.pk, row["id_number"], row["term_start"])),
            "left_on",
            "left_on",
            _("该委员已于%(date)s离任，离任日期不能通过导入修改。"),
        )
    rows.dry_run(plan, ctx, MEMBER_PHASES, MEMBER_COLUMNS)


def _add_member(row, ctx: ImportContext) -> list[Change]:
    if row.action != CREATE:
        return []
    committee = row.found["committee"]
    person, changes = _person_of(ctx, row, committee)
    posts_before = {p.pk for p in mediator_posts_for_import([committee])}
    member = member_add(
        actor=ctx.actor,
        committee=committee,
        person=person,
        role=row["role"],
        term_start=row["term_start"],
        full_time=bool(row["full_time"]),
    )
    row.found["member"] = member
    changes.append(Change(member, created=True))
    posts = [p for p in mediator_posts_for_import([committee]) if p.pk not in posts_before]
    return changes + [Change(post, created=True) for post in posts]


def _leave_member(row, ctx: ImportContext) -> list[Change]:
    """Departures after every arrival: a committee is never left short in between."""
    if not row["left_on"]:
        return []
    member = row.found.get("member") or as_stored(row.target)
    changes = []
    if row.action == UPDATE:
        changes.append(Change(member, created=False, before=snapshot(member, ("left_on",))))
        for post in mediator_posts_for_import([member.office_id]):
            if post.person_id == member.person_id and post.end_date is None:
                changes.append(Change(post, created=False, before=snapshot(post, ("end_date",))))
    member_leave(actor=ctx.actor, member=member, left_on=row["left_on"])
    return changes


MEMBER_PHASES = (_add_member, _leave_member)

MEMBERS = ImportSpec(
    key="mediation.committee_members",
    title=gettext_lazy("调委会委员"),
    sheet="委员",
    fields=MEMBER_FIELDS,
    capability="edit",
    line="mediation",
    resolve=_resolve_members,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, MEMBER_PHASES, MEMBER_COLUMNS),
    natural_key=("office_code", "id_number", "term_start"),
    check_row=_check_member_row,
    rules=(
        gettext_lazy(
            "每行一名委员的一个任期：调解组织编码、姓名、身份证号码、职务、任期开始；离任的填写离任日期。"
        ),
        gettext_lazy(
            "按人民调解法第八条检查：委员3至9人、主任一人、须有妇女委员；委员须年满十八周岁。"
            "先导入全部任职，再按离任日期办理离任。"
        ),
        gettext_lazy("委员同时是本调委会的人民调解员（自任期开始日起）。"),
        gettext_lazy("同一文件重复导入不会重复登记；补填离任日期的行会办理离任。"),
    ),
    examples=(
        {
            "office_code": "330102001201",
            "name": "王芳",
            "id_number": "330102198001010026",
            "role": "主任",
            "term_start": "2023-01-01",
            "full_time": "否",
        },
    ),
    order=21,
    list_url="mediation:committee_list",
    description=gettext_lazy("调委会委员及其任期、离任；委员同时登记为人民调解员。"),
)


# --- 人民调解员（聘任） -------------------------------------------------------------------------


MEDIATOR_FIELDS = (
    _committee_field(),
    spec.text("name", "姓名", required=True, max_length=50, example="赵敏"),
    spec.resident_id("id_number", "身份证号码", required=True),
    spec.yes_no("full_time", "专职", default=False),
    spec.date("start_date", "任职日期", required=True, example="2022-05-01"),
    spec.date("end_date", "离任日期", note=gettext_lazy("最后一天在任的日期；在任留空")),
    spec.choice(
        "end_reason",
        "离任原因",
        lambda: EndReason.choices,
        note=gettext_lazy("离任、解聘或罢免；有离任日期时必填"),
    ),
    spec.text("phone", "联系电话", as_text=True),
)
MEDIATOR_COLUMNS = {
    **PERSON_COLUMNS,
    "end_date": "end_date",
    "reason": "end_reason",
    "start_date": "start_date",
    "__all__": None,
}


def _check_mediator_row(row, plan) -> None:
    if row["end_date"] and row["end_date"] < row["start_date"]:
        plan.error(row, "end_date", _("离任日期不能早于任职日期。"))
    if row["end_date"] and not row["end_reason"]:
        plan.error(row, "end_reason", _("有离任日期时请填写离任原因。"))


def _resolve_mediators(plan, ctx: ImportContext) -> None:
    committees = _committees(plan, ctx)
    ctx.cache["persons"] = _persons(plan, ctx)
    posts = {}
    for post in mediator_posts_for_import(list(committees.values())):
        posts[(post.office_id, post.person.id_number, post.start_date)] = post
    for row in plan.good_rows():
        committee = committees[row.line]
        row.found["committee"] = committee
        steps.compare_end(
            plan,
            row,
            posts.get((committee.pk, row["id_number"], row["start_date"])),
            "end_date",
            "end_date",
            _("该调解员已于%(date)s离任，离任日期不能通过导入修改。"),
        )
    rows.dry_run(plan, ctx, _write_mediator, MEDIATOR_COLUMNS)


def _write_mediator(row, ctx: ImportContext) -> list[Change]:
    committee = row.found["committee"]
    changes = []
    post = as_stored(row.target)
    if row.action == CREATE:
        person, changes = _person_of(ctx, row, committee)
        post = mediator_appoint(
            actor=ctx.actor,
            committee=committee,
            person=person,
            full_time=bool(row["full_time"]),
            start_date=row["start_date"],
        )
        changes.append(Change(post, created=True))
    elif row["end_date"]:
        changes.append(Change(post, created=False, before=snapshot(post, ("end_date",))))
    if row["end_date"]:
        mediator_end(
            actor=ctx.actor, mediator=post, end_date=row["end_date"], reason=row["end_reason"]
        )
    return changes


MEDIATORS = ImportSpec(
    key="mediation.mediators",
    title=gettext_lazy("人民调解员"),
    sheet="调解员",
    fields=MEDIATOR_FIELDS,
    capability="edit",
    line="mediation",
    resolve=_resolve_mediators,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_mediator, MEDIATOR_COLUMNS),
    natural_key=("office_code", "id_number", "start_date"),
    check_row=_check_mediator_row,
    rules=(
        gettext_lazy(
            "每行一名调委会聘任的人民调解员：调解组织编码、姓名、身份证号码、任职日期；离任的填写离任日期和原因。"
        ),
        gettext_lazy("委员已随委员导入登记为调解员，无需在本表重复；人民调解员须年满十八周岁。"),
        gettext_lazy("同一文件重复导入不会重复登记；补填离任日期的行会办理离任。"),
    ),
    examples=(
        {
            "office_code": "330102001201",
            "name": "赵敏",
            "id_number": "330102198505050048",
            "full_time": "是",
            "start_date": "2022-05-01",
        },
    ),
    order=22,
    list_url="mediation:mediator_list",
    description=gettext_lazy("调委会聘任的人民调解员及其离任、解聘、罢免。"),
)


# --- 调解员培训 ----------------------------------------------------------------------------------


TRAINING_FIELDS = (
    _committee_field(),
    spec.resident_id("id_number", "调解员身份证号码", required=True),
    spec.date("held_on", "培训日期", required=True, example="2025-04-10"),
    spec.text(
        "topic", "培训内容", required=True, max_length=200, width=30, example="民法典婚姻家庭编"
    ),
    spec.decimal("hours", "学时", required=True, places=1, example="4"),
    spec.text("organiser", "组织单位", max_length=100, example="甲县司法局"),
)
TRAINING_COLUMNS = {
    "hours": "hours",
    "held_on": "held_on",
    "topic": "topic",
    "organiser": "organiser",
    "mediator": "id_number",
    "__all__": "id_number",
}


def _resolve_trainings(plan, ctx: ImportContext) -> None:
    committees = _committees(plan, ctx)
    offices = list(committees.values())
    posts = {}
    for post in mediator_posts_for_import(offices):
        posts.setdefault((post.office_id, post.person.id_number), []).append(post)
    existing = {}
    for training in trainings_for_import(offices):
        key = (
            training.office_id,
            training.mediator.person.id_number,
            training.held_on,
            training.topic,
        )
        existing[key] = training
    for row in plan.good_rows():
        committee = committees[row.line]
        candidates = posts.get((committee.pk, row["id_number"]), [])
        if not candidates:
            plan.error(row, "id_number", _("该证件号码不是本调委会的人民调解员。"))
            continue
        row.found["mediator"] = _post_on(candidates, row["held_on"])
        training = existing.get((committee.pk, row["id_number"], row["held_on"], row["topic"]))
        row.target = training
        if training is None:
            row.action = CREATE
        elif (training.hours, training.organiser) == (row["hours"], row["organiser"]):
            row.action = UNCHANGED
        else:
            plan.error(row, "hours", _("该培训记录已登记，学时和组织单位不能通过导入修改。"))
    rows.dry_run(plan, ctx, _write_training, TRAINING_COLUMNS)


def _post_on(posts, day):
    """The post held on `day`, else the nearest one before it, else the first."""
    held = [p for p in posts if p.start_date <= day and (p.end_date is None or p.end_date >= day)]
    if held:
        return held[0]
    earlier = [p for p in posts if p.start_date <= day]
    return earlier[-1] if earlier else posts[0]


def _write_training(row, ctx: ImportContext) -> list[Change]:
    training = training_record(
        actor=ctx.actor,
        mediator=row.found["mediator"],
        held_on=row["held_on"],
        topic=row["topic"],
        hours=row["hours"],
        organiser=row["organiser"],
    )
    return [Change(training, created=True)]


TRAININGS = ImportSpec(
    key="mediation.trainings",
    title=gettext_lazy("调解员培训"),
    sheet="培训",
    fields=TRAINING_FIELDS,
    capability="edit",
    line="mediation",
    resolve=_resolve_trainings,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_training, TRAINING_COLUMNS),
    natural_key=("office_code", "id_number", "held_on", "topic"),
    rules=(
        gettext_lazy("每行一名调解员参加的一次培训（人民调解法第十四条）；调解员须已导入。"),
        gettext_lazy("同一调解员同一日期同一培训内容只登记一次；重复导入不会重复登记。"),
    ),
    examples=(
        {
            "office_code": "330102001201",
            "id_number": "330102198505050048",
            "held_on": "2025-04-10",
            "topic": "民法典婚姻家庭编",
            "hours": "4",
            "organiser": "甲县司法局",
        },
    ),
    order=23,
    list_url="mediation:mediator_list",
    description=gettext_lazy("人民调解员参加的培训及学时。"),
)
