"""`manage.py run_scheduler [--once]`: enqueue the daily jobs of SIFA_SCHEDULE when due
(sifa.core.scheduling); `make scheduler` and deploy/sifa-scheduler.service run it. On start it
enqueues, once, every run missed while it was down."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sifa.core import scheduling


class Command(BaseCommand):
    help = (
        "计划任务调度：按 SIFA_SCHEDULE 的时间把每日任务放入后台任务队列（停机错过的补执行一次）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只检查一次，然后退出")
        parser.add_argument("--interval", type=float, default=30, help="检查间隔（秒）")

    def handle(self, *args, once=False, interval=30, **options):
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            for run in scheduling.enqueue_due():
                late = "（补执行）" if run.late else ""
                self.stdout.write(f"{run.key} {run.command}{late}")
            if once:
                return
            slept = 0.0
            while running and slept < interval:
                time.sleep(1)
                slept += 1
            close_old_connections()  # a database restart while asleep: reconnect
