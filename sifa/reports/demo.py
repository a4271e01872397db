"""报表演示数据: one 司法所's monthly reports, so 月报上报 and its roll-up have something to show.

城东街道司法所 (the demo 司法所 login `jo_staff`) submitted May 2026, which the bureau's 业务科室
(`section`) accepted, and June 2026, which awaits review; the other 司法所 have not submitted.
Both go through the real actions, so their snapshots freeze the demo records as they are.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sifa.core.demo import DemoContext
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.reports import actions
from sifa.reports.models import ReportSubmission, SummaryDraft, SummaryTemplate

ORDER = 200  # after every business line: the reports freeze their records
CITY_CODE = "339081"
ACCEPTED_MONTH = (2026, 5)
SUBMITTED_MONTH = (2026, 6)


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(ReportSubmission.objects.all(), root).exists()


def load(ctx: DemoContext) -> None:
    users = get_user_model().objects.in_bulk(["jo_staff", "section"], field_name="username")
    clerk, reviewer = users.get("jo_staff"), users.get("section")
    if clerk is None or reviewer is None:  # `--only` without the orgs module's users
        return
    office = ctx.office("judicial_offices")[0]
    accepted = actions.submit_month(clerk, office, *ACCEPTED_MONTH, note="本月数据已核对。")
    actions.accept_submission(reviewer, accepted, comment="数据完整，同意。")
    actions.submit_month(clerk, office, *SUBMITTED_MONTH, note="上半年最后一个月。")
    ctx.log(f"  {office.name} 已上报 2026年5月（已审核）、6月（待审核）月报")


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (ReportSubmission, SummaryDraft, SummaryTemplate):
        access.within(model.objects.all(), root).delete()
    ctx.log("  已删除报表演示数据")
