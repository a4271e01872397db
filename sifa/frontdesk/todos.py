"""To-dos of the front desk: today's front-desk shifts not yet signed in (签到)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.todos import Todo
from sifa.frontdesk.selectors import roster

LINE_NAME = _("公共法律服务中心")


def frontdesk_todos(user):
    today = timezone.localdate()
    url = reverse("frontdesk:roster")
    rows = roster.roster_week(actor=user, week_of=today).filter(
        on_date=today, signed_in_at__isnull=True
    )
    for shift in rows:
        yield Todo.about(
            shift,
            url=url,
            line=str(LINE_NAME),
            title=_("%(kind)s %(name)s 今日尚未签到")
            % {"kind": shift.get_kind_display(), "name": shift.handler.person.name},
            due=today,
            overdue=False,
        )
