"""报表演示数据: the demo 司法所's monthly reports, every month from January up to today.

城东街道司法所 (the demo 司法所 login `jo_staff`) works as a 司法所 of a working bureau does: it
submits each complete month of the demo year early in the following month (from January 2026
up to the month before the demo's "today"), and the bureau's 业务科室 (`section`) accepts each
one two days later — all but the latest, which awaits review, so the reviewer has one to do.
The other 司法所 have not submitted, so the roll-up on 月报上报 shows both states.

Every submission goes through the real actions, so its snapshot freezes the demo records as
they are (a consistency check right after loading finds no difference). The demo then dates
the submission's 上报时间 and 审核时间 on the days a bureau would have done the work (the 3rd of
the next month, accepted on the 5th; never after now). The snapshot's 冻结时间 and the history
rows keep the time of loading, like every demo record's history: the records were frozen then,
and the consistency check's "changed since" listing must not count the demo's own creation.

A month is submitted only when it has ended both before the demo's today and before the real
today (`actions.submit_month` refuses a month that has not ended yet), so `--today` in the
future stops at the last month that really ended.

Cost (measured on the demo city, SQLite, 2 shared cores): one submission freezes 41 indicators
and the records behind them in 0.35–0.6 s of CPU (more on a busy machine), so eleven months
cost 4–7 s. Having all fifteen 司法所 submit every month would cost 55–90 s more and is not
done.
"""

from __future__ import annotations

import datetime
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from sifa.core import bulk
from sifa.core.demo import DemoContext
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.reports import actions
from sifa.reports.models import ReportSubmission, SummaryDraft, SummaryTemplate
from sifa.reports.periods import month_period

ORDER = 200  # after every business line: the reports freeze their records
CITY_CODE = "339081"
SUBMIT_DAY = 3  # a month is submitted on the 3rd of the next month …
REVIEW_DAYS = 2  # … and accepted two days later
SUBMIT_TIME = datetime.time(16, 30)
REVIEW_TIME = datetime.time(10, 0)


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(ReportSubmission.objects.all(), root).exists()


def report_months(ctx: DemoContext, real_today: date | None = None) -> list[tuple[int, int]]:
    """(year, month) of every month from January of the demo year that has ended before the
    demo's today and before the real today, oldest first."""
    last_day = min(ctx.today, real_today or timezone.localdate())
    months = []
    year, month = ctx.year, 1
    while month_period(year, month)[1] < last_day:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def load(ctx: DemoContext) -> None:
    users = get_user_model().objects.in_bulk(["jo_staff", "section"], field_name="username")
    clerk, reviewer = users.get("jo_staff"), users.get("section")
    if clerk is None or reviewer is None:  # `--only` without the orgs module's users
        return
    office = ctx.office("judicial_offices")[0]
    months = report_months(ctx)
    now = timezone.now()
    for index, (year, month) in enumerate(months):
        submission = actions.submit_month(clerk, office, year, month, note=_note(year, month))
        submitted_at = min(_at(_next_month(year, month, SUBMIT_DAY), SUBMIT_TIME), now)
        reviewed_at = None
        if index < len(months) - 1:  # the latest month awaits review
            actions.accept_submission(reviewer, submission, comment="数据完整，同意。")
            reviewed_on = _next_month(year, month, SUBMIT_DAY + REVIEW_DAYS)
            reviewed_at = min(_at(reviewed_on, REVIEW_TIME), now)
        _date_the_work(submission, submitted_at, reviewed_at)
    if months:
        (first_year, first), (last_year, last) = months[0], months[-1]
        ctx.log(
            f"  {office.name} 已上报 {first_year}年{first}月至{last_year}年{last}月月报"
            f"（{last_year}年{last}月待审核，其余已审核）"
        )


def _note(year: int, month: int) -> str:
    return "上半年最后一个月。" if month == 6 else "本月数据已核对。"


def _next_month(year: int, month: int, day: int) -> date:
    return month_period(year, month)[1] + datetime.timedelta(days=day)


def _at(day: date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _date_the_work(submission, submitted_at, reviewed_at) -> None:
    """上报时间 and 审核时间 on the days a bureau would have done the work."""
    ReportSubmission.objects.filter(pk=submission.pk).update(
        submitted_at=submitted_at, reviewed_at=reviewed_at
    )


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (ReportSubmission, SummaryDraft, SummaryTemplate):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除报表演示数据")
