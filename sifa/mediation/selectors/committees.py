"""Reads of committees (调委会), their members and mediators (人民调解员), through `access`.

A member *serves* on day `d` when `term_start <= d <= term_end` and they have not left by `d`
(`left_on` is the first day they no longer serve). A mediator is *active* on `d` when the
StaffMember row covers `d` (`end_date` empty or not before `d`).

Mediator kind (DOMAIN §2.2): a mediator is 委员 when the same person also serves, on the day
asked about, as a `CommitteeMember` of the same committee, otherwise 聘任 (engaged by the
committee). It is derived in the query (`is_committee_member`), never stored, so electing or
releasing a member changes it at once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.mediation.constants import MAX_MEMBERS, MIN_MEMBERS, MemberRole
from sifa.mediation.models import (
    CommitteeMember,
    CommitteeProfile,
    MediatorMisconduct,
    MediatorTraining,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import MEDIATOR_POST, OfficeKind
from sifa.orgs.models import Office, StaffMember
from sifa.people.models import Gender

# Offices offered in the "所属机构" filter of the lists: the levels a supervisor looks from.
FILTER_OFFICE_KINDS = (
    OfficeKind.JUSTICE_BUREAU,
    OfficeKind.JUDICIAL_OFFICE,
    OfficeKind.DISPUTE_CENTER,
)


class MediatorKind(TextChoices):
    """调解员类别, derived (see the module docstring)."""

    MEMBER = "member", gettext_lazy("委员")
    ENGAGED = "engaged", gettext_lazy("聘任")


def serving_q(on: datetime.date, prefix: str = "") -> Q:
    """Members serving on `on` (see the module docstring)."""
    return Q(**{f"{prefix}term_start__lte": on, f"{prefix}term_end__gte": on}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": on})
    )


def active_mediator_q(on: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def problems_of(members: list[CommitteeMember]) -> list[str]:
    """PM-4 (人民调解法 第8条) violations of a set of serving members, in Chinese."""
    problems = []
    count = len(members)
    if not MIN_MEMBERS <= count <= MAX_MEMBERS:
        problems.append(
            _("委员人数为%(count)d人，应为%(min)d至%(max)d人。")
            % {"count": count, "min": MIN_MEMBERS, "max": MAX_MEMBERS}
        )
    if not any(m.person.gender == Gender.FEMALE for m in members):
        problems.append(_("委员中没有妇女成员。"))
    directors = sum(1 for m in members if m.role == MemberRole.DIRECTOR)
    if directors != 1:
        problems.append(_("主任人数为%(count)d人，应为1人。") % {"count": directors})
    return problems


def serving_members(committees, on: datetime.date) -> dict[int, list[CommitteeMember]]:
    """{committee pk: members serving on `on`} for many committees in one query."""
    by_committee: dict[int, list[CommitteeMember]] = defaultdict(list)
    rows = CommitteeMember.objects.filter(serving_q(on), office__in=committees)
    for member in rows.select_related("person"):
        by_committee[member.office_id].append(member)
    return by_committee


def committee_problems(committee: Office, on: datetime.date) -> list[str]:
    """PM-4 warnings of `committee` on day `on` (empty when it is properly constituted)."""
    return problems_of(serving_members([committee], on).get(committee.pk, []))


def problems_by_committee(committees: list[Office], on: datetime.date) -> dict[int, list[str]]:
    members = serving_members(committees, on)
    return {c.pk: problems_of(members.get(c.pk, [])) for c in committees}


def committee_list(
    *,
    actor,
    on: datetime.date,
    within: Office | None = None,
    subtype: str = "",
    status: str = "",
    query: str = "",
    guided_by: Office | None = None,
) -> QuerySet[Office]:
    """调委会 the actor sees, with `member_count` (serving on `on`), `mediator_count` and the
    profile's `host_unit`, `guiding_office_name`, `seal_registered` (None without a profile).

    `status`: "active" (not closed), "closed" (撤销), or "" for both; `guided_by`: only the
    committees whose profile names that 指导司法所.
    """
    committees = access.scope(actor, Office.objects.filter(kind=OfficeKind.MEDIATION_COMMITTEE))
    if within is not None:
        committees = access.within(committees, within)
    if subtype:
        committees = committees.filter(subtype=subtype)
    closed = Q(is_active=False) | Q(closed_on__isnull=False)
    if status == "active":
        committees = committees.exclude(closed)
    elif status == "closed":
        committees = committees.filter(closed)
    if query:
        committees = committees.filter(Q(name__contains=query) | Q(code__contains=query))
    if guided_by is not None:
        committees = committees.filter(
            Exists(CommitteeProfile.objects.filter(office=OuterRef("pk"), guiding_office=guided_by))
        )
    member_count = CommitteeMember.objects.filter(serving_q(on), office=OuterRef("pk"))
    mediator_count = StaffMember.objects.filter(
        active_mediator_q(on), post=MEDIATOR_POST, office=OuterRef("pk")
    )
    return committees.annotate(
        member_count=_count(member_count),
        mediator_count=_count(mediator_count),
        host_unit=_profile_value("host_unit"),
        guiding_office_name=_profile_value("guiding_office__name"),
        seal_registered=_profile_value("seal_registered"),
    ).order_by("path")


def _profile_value(field: str) -> Subquery:
    """One field of the committee's profile (at most one row: a unique constraint)."""
    return Subquery(CommitteeProfile.objects.filter(office=OuterRef("pk")).values(field)[:1])


def _count(rows: QuerySet):
    """A correlated COUNT(*) subquery (portable: no GROUP BY over the outer query)."""
    counted = rows.order_by().values("office").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def committee_get(*, actor, pk) -> Office:
    """One committee, or 404 when out of the actor's sight (or not a committee)."""
    committees = Office.objects.filter(kind=OfficeKind.MEDIATION_COMMITTEE)
    return access.get_object_or_404(actor, committees, pk=pk)


def committee_profile(*, actor, committee: Office) -> CommitteeProfile | None:
    """The committee's 概况 (设立单位、指导司法所、印章备案), None until someone records it."""
    profiles = access.scope(actor, CommitteeProfile.objects.filter(office=committee))
    return profiles.select_related("guiding_office").first()


def judicial_offices(*, actor) -> QuerySet[Office]:
    """司法所 the actor sees: the choices of 指导司法所 (form and list filter)."""
    return (
        access.visible_offices(actor, line="mediation")
        .filter(kind=OfficeKind.JUDICIAL_OFFICE)
        .order_by("path")
    )


def committee_members(*, actor, committee: Office) -> QuerySet[CommitteeMember]:
    """Every member the committee has had, current terms first."""
    members = access.scope(actor, CommitteeMember.objects.filter(office=committee))
    return members.select_related("person").order_by("left_on", "-term_start", "role", "id")


def member_get(*, actor, pk) -> CommitteeMember:
    return access.get_object_or_404(
        actor, CommitteeMember.objects.select_related("person", "office"), pk=pk
    )


def mediator_list(
    *,
    actor,
    on: datetime.date,
    within: Office | None = None,
    committee: Office | None = None,
    full_time: bool | None = None,
    gender: str = "",
    status: str = "",
    kind: str = "",
) -> QuerySet[StaffMember]:
    """人民调解员 the actor sees; `status` "active" (in office on `on`) or "ended";
    `is_committee_member` is annotated as of `on` and `kind` (MediatorKind) filters on it."""
    mediators = access.scope(actor, StaffMember.objects.filter(post=MEDIATOR_POST))
    also_member = CommitteeMember.objects.filter(
        serving_q(on), office=OuterRef("office"), person=OuterRef("person")
    )
    mediators = mediators.annotate(is_committee_member=Exists(also_member))
    if kind == MediatorKind.MEMBER:
        mediators = mediators.filter(is_committee_member=True)
    elif kind == MediatorKind.ENGAGED:
        mediators = mediators.filter(is_committee_member=False)
    if within is not None:
        mediators = access.within(mediators, within)
    if committee is not None:
        mediators = mediators.filter(office=committee)
    if full_time is not None:
        mediators = mediators.filter(full_time=full_time)
    if gender:
        mediators = mediators.filter(person__gender=gender)
    if status == "active":
        mediators = mediators.filter(active_mediator_q(on))
    elif status == "ended":
        mediators = mediators.filter(end_date__lt=on)
    return mediators.select_related("person", "office").order_by("office__path", "start_date", "id")


def mediator_get(*, actor, pk) -> StaffMember:
    mediators = StaffMember.objects.filter(post=MEDIATOR_POST).select_related("person", "office")
    return access.get_object_or_404(actor, mediators, pk=pk)


def mediator_trainings(*, actor, mediator: StaffMember) -> QuerySet[MediatorTraining]:
    return access.scope(actor, MediatorTraining.objects.filter(mediator=mediator)).order_by(
        "-held_on", "-id"
    )


def mediator_misconducts(*, actor, mediator: StaffMember) -> QuerySet[MediatorMisconduct]:
    return access.scope(actor, MediatorMisconduct.objects.filter(mediator=mediator)).order_by(
        "-occurred_on", "-id"
    )


def mediator_status_history(mediator: StaffMember) -> list:
    """The mediator's change history (任职、离任 with the reason given), oldest first."""
    return list(mediator.history.order_by("history_date", "history_id"))


def offices_for_filter(*, actor) -> QuerySet[Office]:
    """Offices offered in the “所属机构” filter: visible bureaus, judicial offices, centres."""
    return (
        access.visible_offices(actor, line="mediation")
        .filter(kind__in=FILTER_OFFICE_KINDS)
        .order_by("path")
    )


def filter_office_get(*, actor, pk) -> Office:
    return access.get_office_or_404(actor, pk=pk)


def can_edit(actor, office: Office) -> bool:
    return access.can(actor, Cap.EDIT, office, line="mediation")


# --- imports (sifa.mediation.imports.committees) ------------------------------------------------


def members_for_import(committees) -> list[CommitteeMember]:
    """The members of these committees (already checked to be in the importer's scope)."""
    return list(CommitteeMember.objects.filter(office__in=committees).select_related("person"))


def mediator_posts_for_import(committees) -> list[StaffMember]:
    """The 人民调解员 posts of these committees, with their persons."""
    return list(
        StaffMember.objects.filter(office__in=committees, post=MEDIATOR_POST)
        .select_related("person")
        .order_by("start_date", "pk")
    )


def trainings_for_import(committees) -> list[MediatorTraining]:
    return list(
        MediatorTraining.objects.filter(office__in=committees).select_related("mediator__person")
    )


def profiles_for_import(committees) -> dict[int, CommitteeProfile]:
    profiles = CommitteeProfile.objects.filter(office__in=committees).select_related(
        "guiding_office"
    )
    return {profile.office_id: profile for profile in profiles}
