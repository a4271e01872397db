"""Writes on committees (调委会) and mediators (人民调解员).

Decisions (PM-4, 人民调解法 第8条: 3–9 members, at least one woman, one 主任):

* `member_add` refuses a tenth serving member, a second serving 主任 and a person who already
  serves on the committee;
* `member_leave` refuses a departure that would take a properly constituted committee below
  three members or leave it without a woman — elect the successor first. A 主任 may leave
  (otherwise a full committee could never change its director): the post is then vacant and the
  committee page warns until the new 主任 is added. A committee that was already irregular is
  not blocked from further changes; its page shows the warnings.

The roster (人民调解法 第13条: 人民调解员由人民调解委员会委员和人民调解委员会聘任的人员担任):

* every serving 委员 is a 人民调解员 of his committee: `member_add` also gives him the
  committee's mediator post (a `StaffMember` of post `mediator` from the term's first day,
  专职 when `full_time`) unless he already holds one that is active then or starts later (an
  engaged mediator elected a member keeps his post; the roster then calls him 委员);
* `member_leave` ends that post on the last day served (the day before `left_on`, reason 离任),
  unless the committee keeps him on as an engaged mediator (`keep_as_mediator`);
* `mediator_end` refuses to end the post of a serving member: the member leaves first
  (`member_leave`), so the committee never has a 委员 who is not a mediator;
* a mediator the committee engages (`mediator_appoint`, 聘任) is not a member: members are
  elected (第9条) and only they count in 委员人数 (PM-4).

So the committee's 人民调解员 roster lists every member (类别 委员, derived in the selector) and
every engaged mediator (聘任), its 调解员人数 counts both, and its 委员人数 counts the members
only — never more than the mediators. (Before issue 15 a member got no mediator post: he could
not be assigned cases and was missing from the roster and from 调解员人数.)

Committee profile (调委会概况, DOMAIN §2.2): the guiding 司法所 must be a judicial office the
actor can see that lies in the committee's own county — under the committee's nearest 司法局
ancestor (for a village committee that includes its own township office, an ancestor; for a
county-level professional committee hung under the bureau, any 司法所 of that county). A 司法所
of another county never guides the committee. When the seal is registered (印章备案) its date is
required; when it is not, any date given is dropped.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.records import create_checked
from sifa.mediation.constants import MAX_MEMBERS, MEMBER_TERM_YEARS, MIN_MEMBERS, MemberRole
from sifa.mediation.models import (
    CommitteeMember,
    CommitteeProfile,
    MediatorMisconduct,
    MediatorTraining,
)
from sifa.mediation.selectors.committees import (
    active_mediator_q,
    problems_of,
    serving_members,
    serving_q,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import MEDIATOR_POST, OfficeKind
from sifa.orgs.models import Office, StaffMember
from sifa.people.models import Gender, Person

ADULT_AGE = 18  # 人民调解法 第14条: 成年公民 (PM-7)


class EndReason(models.TextChoices):
    """Why a mediator stops serving (DOMAIN §2.2 status {罢免, 解聘, 离任})."""

    LEFT = "left", gettext_lazy("离任")
    DISMISSED = "dismissed", gettext_lazy("解聘")
    REMOVED = "removed", gettext_lazy("罢免")


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _require_committee(committee: Office) -> None:
    if committee.kind != OfficeKind.MEDIATION_COMMITTEE:
        raise ValidationError(_("“%(name)s”不是人民调解委员会。") % {"name": committee.name})


def _require_mediator(mediator: StaffMember) -> None:
    if mediator.post != MEDIATOR_POST:
        raise ValidationError(_("该人员不是人民调解员。"))


def _require_adult(person: Person, on: datetime.date) -> None:
    """Refuse a person under eighteen on `on` (the birth date comes from the ID number).

    人民调解法 第13条: committee members are mediators; 第14条: 人民调解员 are 成年公民 (PM-7).
    """
    if person.birth_date is None:
        raise ValidationError({"person": _("该人员没有登记出生日期，无法核实是否年满十八周岁。")})
    if years_later(person.birth_date, ADULT_AGE) > on:
        raise ValidationError(
            {"person": _("人民调解员应为成年公民：该人员在任职日期未满十八周岁。")}
        )


@transaction.atomic
def member_add(
    *,
    actor,
    committee: Office,
    person: Person,
    role: str,
    term_start: datetime.date,
    full_time: bool = False,
) -> CommitteeMember:
    """选任委员: a three-year term from `term_start` (PM-5, 人民调解法 第9条); the member is a
    mediator of the committee from that day (第13条; see the module docstring)."""
    access.require(actor, Cap.EDIT, committee, line="mediation")
    _require_committee(committee)
    if role not in MemberRole.values:
        raise ValidationError({"role": _("请选择职务。")})
    _require_adult(person, term_start)  # 人民调解法 第13、14条: members are adult mediators
    serving = serving_members([committee], term_start).get(committee.pk, [])
    if any(m.person_id == person.pk for m in serving):
        raise ValidationError({"person": _("该人员已是本调委会的在任委员。")})
    if len(serving) >= MAX_MEMBERS:
        raise ValidationError(
            _("本调委会已有%(count)d名在任委员，委员不得超过%(max)d人。")
            % {"count": len(serving), "max": MAX_MEMBERS}
        )
    if role == MemberRole.DIRECTOR and any(m.role == MemberRole.DIRECTOR for m in serving):
        raise ValidationError({"role": _("本调委会已有在任主任，主任只能有一人。")})
    member = create_checked(
        CommitteeMember,
        office=committee,
        person=person,
        role=role,
        term_start=term_start,
        term_end=years_later(term_start, MEMBER_TERM_YEARS),
        created_by=actor,
    )
    if not _mediator_posts(committee, person, term_start).exists():
        create_checked(
            StaffMember,
            office=committee,
            person=person,
            post=MEDIATOR_POST,
            full_time=full_time,
            start_date=term_start,
            created_by=actor,
        )
    return member


def _mediator_posts(committee: Office, person: Person, on: datetime.date):
    """The person's mediator posts in the committee active on `on` or starting after it."""
    return StaffMember.objects.filter(office=committee, person=person, post=MEDIATOR_POST).filter(
        active_mediator_q(on) | models.Q(start_date__gt=on)
    )


@transaction.atomic
def member_leave(
    *,
    actor,
    member: CommitteeMember,
    left_on: datetime.date,
    keep_as_mediator: bool = False,
) -> CommitteeMember:
    """委员离任 from `left_on` (the first day they no longer serve); his mediator post ends the
    day before unless `keep_as_mediator` (engaged from then on); see the module docstring."""
    access.require(actor, Cap.EDIT, member.office, line="mediation")
    if member.left_on is not None:
        raise ValidationError(_("该委员已于%(date)s离任。") % {"date": member.left_on})
    if left_on < member.term_start:
        raise ValidationError({"left_on": _("离任日期不能早于任期开始日期。")})
    _refuse_breaking_committee(member, left_on)
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on", "updated_at"])
    if not keep_as_mediator:
        last_day = left_on - datetime.timedelta(days=1)
        posts = StaffMember.objects.filter(
            active_mediator_q(left_on),
            office=member.office,
            person=member.person,
            post=MEDIATOR_POST,
        )
        for post in posts:
            post.end_date = max(last_day, post.start_date)
            post.full_clean()
            post._change_reason = EndReason.LEFT.label  # read by simple-history
            post.save()
    return member


def _refuse_breaking_committee(member: CommitteeMember, left_on: datetime.date) -> None:
    before = serving_members([member.office_id], left_on).get(member.office_id, [])
    if member.pk not in {m.pk for m in before} or problems_of(before):
        return  # not serving then, or already irregular: the page warns, nothing is blocked
    after = [m for m in before if m.pk != member.pk]
    if len(after) < MIN_MEMBERS:
        raise ValidationError(
            _("离任后委员将少于3人，不符合人民调解法第八条。请先选任新委员，再办理离任。")
        )
    if not any(m.person.gender == Gender.FEMALE for m in after):
        raise ValidationError(
            _("离任后调委会将没有妇女委员，不符合人民调解法第八条。请先选任新委员，再办理离任。")
        )


@transaction.atomic
def mediator_appoint(
    *,
    actor,
    committee: Office,
    person: Person,
    full_time: bool,
    start_date: datetime.date,
) -> StaffMember:
    """聘任/确认人民调解员 in `committee`: an adult on `start_date` (PM-7), not already active."""
    access.require(actor, Cap.EDIT, committee, line="mediation")
    _require_committee(committee)
    _require_adult(person, start_date)
    existing = StaffMember.objects.filter(
        office=committee, person=person, post=MEDIATOR_POST
    ).filter(active_mediator_q(start_date) | models.Q(start_date__gt=start_date))
    if existing.exists():
        raise ValidationError({"person": _("该人员已是本调委会的人民调解员。")})
    mediator = create_checked(
        StaffMember,
        office=committee,
        person=person,
        post=MEDIATOR_POST,
        full_time=full_time,
        start_date=start_date,
        created_by=actor,
    )
    return mediator


@transaction.atomic
def mediator_end(
    *, actor, mediator: StaffMember, end_date: datetime.date, reason: str
) -> StaffMember:
    """离任/解聘/罢免: the last day served is `end_date`; the reason goes into the history."""
    access.require(actor, Cap.EDIT, mediator.office, line="mediation")
    _require_mediator(mediator)
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("请选择离任原因。")})
    if mediator.end_date is not None:
        raise ValidationError(_("该调解员已于%(date)s离任。") % {"date": mediator.end_date})
    if end_date < mediator.start_date:
        raise ValidationError({"end_date": _("离任日期不能早于任职日期。")})
    still_member = CommitteeMember.objects.filter(
        serving_q(end_date + datetime.timedelta(days=1)),
        office=mediator.office,
        person=mediator.person,
    )
    if still_member.exists():  # 人民调解法 第13条: a serving member is a mediator
        raise ValidationError(
            _("该调解员是本调委会的在任委员，委员都是人民调解员。请先办理委员离任。")
        )
    mediator.end_date = end_date
    mediator.full_clean()
    mediator._change_reason = EndReason(reason).label  # read by simple-history
    mediator.save()
    return mediator


@transaction.atomic
def training_record(
    *,
    actor,
    mediator: StaffMember,
    held_on: datetime.date,
    topic: str,
    hours: Decimal,
    organiser: str = "",
) -> MediatorTraining:
    """培训记录 (人民调解法 第14条)."""
    access.require(actor, Cap.EDIT, mediator.office, line="mediation")
    _require_mediator(mediator)
    if hours is None or Decimal(hours) <= 0:
        raise ValidationError({"hours": _("学时应大于0。")})
    training = create_checked(
        MediatorTraining,
        office=mediator.office,
        mediator=mediator,
        held_on=held_on,
        topic=topic,
        hours=hours,
        organiser=organiser,
        created_by=actor,
    )
    return training


@transaction.atomic
def misconduct_record(
    *,
    actor,
    mediator: StaffMember,
    occurred_on: datetime.date,
    description: str,
    measure: str,
) -> MediatorMisconduct:
    """违纪记录 (人民调解法 第15条: 批评教育、责令改正，情节严重的罢免或者解聘)."""
    access.require(actor, Cap.EDIT, mediator.office, line="mediation")
    _require_mediator(mediator)
    if occurred_on < mediator.start_date:
        raise ValidationError({"occurred_on": _("发生日期不能早于任职日期。")})
    record = create_checked(
        MediatorMisconduct,
        office=mediator.office,
        mediator=mediator,
        occurred_on=occurred_on,
        description=description,
        measure=measure,
        created_by=actor,
    )
    return record


def _home_bureau(committee: Office) -> Office | None:
    """The committee's nearest 司法局 ancestor: the county (or city) it belongs to."""
    ancestors = Office.objects.get_ancestors(committee)
    return ancestors.filter(kind=OfficeKind.JUSTICE_BUREAU).order_by("-depth").first()


def _check_guiding_office(actor, committee: Office, guiding_office: Office | None) -> None:
    if guiding_office is None:
        return
    if guiding_office.kind != OfficeKind.JUDICIAL_OFFICE:
        raise ValidationError({"guiding_office": _("指导单位应为司法所。")})
    if not access.can(actor, Cap.VIEW, guiding_office, line="mediation"):
        raise ValidationError({"guiding_office": _("您无权查看所选司法所。")})
    bureau = _home_bureau(committee)
    if bureau is None or not guiding_office.path.startswith(bureau.path):
        raise ValidationError(
            {"guiding_office": _("指导司法所应与本调委会属于同一县（市、区）司法局。")}
        )


@transaction.atomic
def committee_profile_save(
    *,
    actor,
    committee: Office,
    host_unit: str,
    guiding_office: Office | None,
    seal_registered: bool,
    seal_registered_on: datetime.date | None = None,
) -> CommitteeProfile:
    """登记或修改调委会概况 (设立单位、指导司法所、印章备案); see the module docstring."""
    access.require(actor, Cap.EDIT, committee, line="mediation")
    _require_committee(committee)
    _check_guiding_office(actor, committee, guiding_office)
    if seal_registered and seal_registered_on is None:
        raise ValidationError({"seal_registered_on": _("印章已备案时请填写备案日期。")})
    profile = CommitteeProfile.objects.filter(office=committee).first()
    if profile is None:
        profile = CommitteeProfile(office=committee, created_by=actor)
    profile.host_unit = (host_unit or "").strip()
    profile.guiding_office = guiding_office
    profile.seal_registered = seal_registered
    profile.seal_registered_on = seal_registered_on if seal_registered else None
    profile.full_clean()
    profile.save()
    return profile
