"""Checks of the 12345 work orders of the demo city (issue 21 §5), called by
tests/test_demo_lines.py with the demo city loaded: the half-year gives the reference summary's
figures (50 orders, 签收率、反馈率、诉求人满意率均达到100%) through the indicator registry, the
built-in half-year summary states them in the reference's words, and the orders after the
half-year make the rates and the to-dos move."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from sifa.core import demo
from sifa.hotline import indicators
from sifa.hotline.constants import Status
from sifa.hotline.models import WorkOrder
from sifa.hotline.selectors.orders import hotline_due
from sifa.orgs import access
from sifa.reports import summary
from sifa.reports.summary_defaults import default_template
from sifa.stats import registry

RECEIVED_H1 = 50  # the reference: 今年共收到“12345公共服务呼叫中心”任务单50件
SENTENCE = "今年共收到“12345公共服务呼叫中心”任务单50件，签收率、反馈率、诉求人满意率均达到100%。"
HALF_YEAR_RATES = (
    indicators.SIGN_RATE,
    indicators.SIGN_IN_TIME_RATE,
    indicators.REPLY_RATE,
    indicators.REPLY_IN_TIME_RATE,
    indicators.SATISFACTION_RATE,
)


def _scope(root, start, end):
    return registry.Scope(office=root, start=start, end=end)


def check_seed_figures(root):
    half = _scope(root, demo.PERIOD_START, demo.PERIOD_END)
    assert registry.value(registry.get("hotline.received"), half) == RECEIVED_H1
    for rate in HALF_YEAR_RATES:
        parts = registry.ratio_value(rate, half)
        assert (parts.numerator, parts.denominator, parts.value) == (50, 50, 100), rate.key
    for rate in (indicators.REOPEN_RATE, indicators.RETURN_RATE):
        assert registry.ratio_value(rate, half).value == 0, rate.key


def check_summary(root):
    template = default_template("half_year")
    rendered = summary.render(
        template.title, template.body, root, demo.PERIOD_START, demo.PERIOD_END
    )
    assert SENTENCE in rendered.text()
    assert rendered.warnings == []


def check_after_the_half_year(root, today):
    """Later orders move the rates (one late, one reopened, two overdue) and give to-dos."""
    year = _scope(root, demo.PERIOD_START, today)
    received = registry.value(registry.get("hotline.received"), year)
    assert received > RECEIVED_H1
    assert registry.ratio_value(indicators.SIGN_IN_TIME_RATE, year).value < 100
    assert registry.ratio_value(indicators.REPLY_IN_TIME_RATE, year).value < 100
    assert registry.ratio_value(indicators.REOPEN_RATE, year).value > 0
    orders = access.within(WorkOrder.objects.all(), root)
    assert orders.filter(status=Status.REOPENED, reopen_count=1).count() == 1
    now = timezone.now()
    overdue = orders.filter(status=Status.SIGNED, reply_due__lt=now)
    assert overdue.count() >= 2
    # The desk (业务科室 on the bureau) sees the overdue ones escalated, and the order to assign.
    desk = get_user_model().objects.get(username="section")
    due = hotline_due(actor=desk, now=now)
    assert {item.order.pk for item in due if item.overdue and item.escalated} >= set(
        overdue.values_list("pk", flat=True)
    )
    assert any(item.kind == "assign" for item in due)
