"""`manage.py remind_todos [--line KEY]`: the morning reminder of to-dos (待办) near or past
their legal deadline, for every active user with a role, from the same providers as the
workbench (sifa.core.todos). `--line corrections` is the reminder of correction periods about
to end (解矫) and the corrections line's other deadlines; `--line core` the holiday-table
warning for administrators. The scheduler runs them each morning (SIFA_SCHEDULE); the output,
kept on the run (计划任务执行记录), lists each user's counts — Sifa has no mail or SMS
channel on an intranet, the user sees the items on the workbench."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from sifa.core import todos


class Command(BaseCommand):
    help = "汇总每个用户临近期限和已超期的待办事项（可按业务条线）。"

    def add_arguments(self, parser):
        parser.add_argument("--line", default="", help="只汇总该条线的待办（如 corrections、core）")

    def handle(self, *args, line="", **options):
        users = (
            get_user_model()
            .objects.filter(is_active=True, memberships__isnull=False)
            .distinct()
            .order_by("username")
        )
        reminded = overdue_total = near_total = 0
        for user in users:
            items = todos.for_user(user, line=line)
            if not items:
                continue
            overdue = sum(1 for t in items if t.overdue)
            near = len(items) - overdue
            reminded += 1
            overdue_total += overdue
            near_total += near
            self.stdout.write(f"{user.username}：已超期{overdue}项，临近期限{near}项")
        self.stdout.write(
            f"共{reminded}名用户有待办：已超期{overdue_total}项，临近期限{near_total}项。"
        )
