"""Reads of village (community) legal advisers: contracts, service logs, coverage and the
service standard (DOMAIN §6.5; docs/practice.md, "Village legal advisers").

A contract and its logs belong to the village's office, so `access.scope` gives them to the
township's 司法所 and the bureaus above; the adviser's institution sees them too: every read
here is `access.scope(...)` plus the rows whose institution lies in the user's subtrees
(`access.visible_offices`). Anything else is not found (404).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.todos import Todo
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.practice.constants import LINE, PractitionerStatus
from sifa.practice.constants_advisers import TOWNSHIP_KIND, VILLAGE_KIND, ServiceKind
from sifa.practice.models import AdviserContract, Practitioner, ServiceLog
from sifa.stats.registry import rate


def _visible(user, queryset: QuerySet, institution_office: str, capability=Cap.VIEW) -> QuerySet:
    """Rows of the user's subtrees (the village's office) or of an institution in them."""
    own = access.visible_offices(user, capability, line=LINE)
    return access.scope(user, queryset, capability) | queryset.filter(
        **{f"{institution_office}__in": own}
    )


def contracts(user, capability=Cap.VIEW) -> QuerySet[AdviserContract]:
    rows = AdviserContract.objects.select_related(
        "office", "township", "adviser__person", "institution__office"
    )
    return _visible(user, rows, "institution__office", capability)


def contract_get(*, actor, pk: int) -> AdviserContract:
    return _get(contracts(actor), pk)


def _get(rows: QuerySet, pk):
    try:
        return rows.get(pk=pk)
    except rows.model.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def logs(user) -> QuerySet[ServiceLog]:
    rows = ServiceLog.objects.select_related(
        "office", "contract__adviser__person", "contract__institution__office"
    )
    return _visible(user, rows, "contract__institution__office")


def log_get(*, actor, pk: int) -> ServiceLog:
    return _get(logs(actor), pk)


def in_force(rows: QuerySet, day: datetime.date) -> QuerySet:
    """Contracts in force on `day`: started, and not lapsed (期满 or 解除)."""
    return rows.filter(starts_on__lte=day, lapses_on__gt=day)


def villages(user) -> QuerySet[Office]:
    """The village and community offices (服务站) the user sees."""
    return access.scope(user, Office.objects.filter(kind=VILLAGE_KIND, is_active=True))


def villages_to_sign(user) -> QuerySet[Office]:
    """Villages where the user may sign a contract (`edit` in the line)."""
    return access.visible_offices(user, Cap.EDIT, line=LINE).filter(
        kind=VILLAGE_KIND, is_active=True
    )


def advisers_to_choose(user) -> QuerySet[Practitioner]:
    """Practising practitioners under the justice bureaus above (or at) the user's offices:
    a township clerk signs with the county's (or city's) lawyers and workers."""
    rows = Practitioner.objects.filter(status=PractitionerStatus.PRACTISING).select_related(
        "person", "institution__office"
    )
    chosen = rows.none()
    for office in access.granted_offices(user, Cap.EDIT, line=LINE):
        bureaus = [
            o for o in [*Office.objects.get_ancestors(office), office] if o.kind == "justice_bureau"
        ]
        if bureaus:
            chosen = chosen | access.within(rows, bureaus[-1])
    return chosen.order_by("institution__office__name", "person__name")


# --- coverage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    township: Office
    villages: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.villages - self.covered

    @property
    def rate(self):
        return rate(self.covered, self.villages)


def coverage_by_township(user, day: datetime.date) -> list[Coverage]:
    """Villages and villages with an adviser in force on `day`, by township (司法所)."""
    seen = villages(user)
    covered_ids = set(in_force(contracts(user), day).values_list("office_id", flat=True).distinct())
    townships = access.scope(user, Office.objects.filter(kind=TOWNSHIP_KIND)).order_by("path")
    rows = []
    for township in townships:
        ids = set(access.within(seen, township).values_list("pk", flat=True))
        if ids:
            rows.append(Coverage(township, len(ids), len(ids & covered_ids)))
    return rows


def villages_without_adviser(user, day: datetime.date, township: Office | None = None):
    """The villages (of `township`, if given) with no adviser contract in force on `day`."""
    rows = villages(user)
    if township is not None:
        rows = access.within(rows, township)
    covered = in_force(AdviserContract.objects.all(), day).values("office_id")
    return rows.exclude(pk__in=covered).order_by("path")


# --- the service standard ([M] settings) -----------------------------------------------------


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    return start, _month_end(datetime.date(day.year, first_month + 2, 1))


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return day.replace(day=1), _month_end(day)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Shortfall:
    contract: AdviserContract
    lectures: int  # in the quarter
    duty_days: int  # in the month
    lectures_needed: int
    duty_days_needed: int
    quarter_end: datetime.date
    month_end: datetime.date


def shortfalls(user, day: datetime.date | None = None) -> list[Shortfall]:
    """Contracts in force on `day` whose adviser is below the service standard in the current
    quarter (lectures) or month (days with an on-site duty)."""
    day = day or timezone.localdate()
    q_start, q_end = quarter_of(day)
    m_start, m_end = month_of(day)
    lectures_needed = sifa_setting("SIFA_PRACTICE_ADVISER_LECTURES_PER_QUARTER")
    duty_needed = sifa_setting("SIFA_PRACTICE_ADVISER_DUTY_DAYS_PER_MONTH")
    rows = in_force(contracts(user), day).annotate(
        n_lectures=Count(
            "logs",
            filter=Q(logs__kind=ServiceKind.LECTURE, logs__served_on__range=(q_start, q_end)),
        ),
        n_duty_days=Count(
            "logs__served_on",
            distinct=True,
            filter=Q(logs__kind=ServiceKind.DUTY, logs__served_on__range=(m_start, m_end)),
        ),
    )
    found = []
    for contract in rows.order_by("office__path"):
        if contract.n_lectures < lectures_needed or contract.n_duty_days < duty_needed:
            found.append(
                Shortfall(contract, contract.n_lectures, contract.n_duty_days,
                          lectures_needed, duty_needed, q_end, m_end)
            )  # fmt: skip
    return found


def adviser_todos(user):
    """待办: the villages whose adviser falls short of the service standard this period."""
    line = _("律师和基层法律服务")
    for item in shortfalls(user):
        contract = item.contract
        name = contract.adviser.person.name
        common = {
            "line": line,
            "url": contract.get_absolute_url(),
            "overdue": False,
            "office": contract.office.name,
            "office_path": contract.office.path,
        }
        if item.lectures < item.lectures_needed:
            yield Todo(
                title=_("%(village)s法律顾问%(name)s本季度法治讲座%(n)s/%(need)s场")
                % {"village": contract.office.name, "name": name, "n": item.lectures,
                   "need": item.lectures_needed},
                due=item.quarter_end,
                basis=_("村(社区)法律顾问服务标准（每季度讲座，[M]）"),
                **common,
            )  # fmt: skip
        if item.duty_days < item.duty_days_needed:
            yield Todo(
                title=_("%(village)s法律顾问%(name)s本月到村值班%(n)s/%(need)s天")
                % {"village": contract.office.name, "name": name, "n": item.duty_days,
                   "need": item.duty_days_needed},
                due=item.month_end,
                basis=_("村(社区)法律顾问服务标准（每月值班天数，[M]）"),
                **common,
            )  # fmt: skip
