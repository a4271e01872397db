"""In Chromium: a corrections worker takes a probationer from the court's notice to release.

A 社区矫正工作人员 of county A registers a probationer (缓刑) for the 甲一镇司法所 from the
court's execution notice (the person is registered on the form from a valid 18-digit resident ID),
records the report (报到), builds the 矫正小组 until it satisfies CC-8 (a woman for a woman),
makes the plan and announces (入矫宣告, 管理类别) — the subject is 在矫. A 5-day leave is
approved at the 司法所 level (CC-13: ≤ 7 days) and closed by 销假. Two location check-ins are
posted to the device endpoint from outside the county's geofence: the one during the leave raises
no alert, the one after it raises 未经批准离开执行地, seen on the alert list. A 警告 is recorded,
and at the end of the probation the subject is released (期满解除).

The whole episode lies in the past (the judgment took effect 13 months ago, 12 months of
probation), so every date is allowed and the period has ended. The 司法所's 在矫 stock moves up
by one with the announcement and back down with the release; 期满解除 moves up by one.
"""

import datetime
import json
import re
import urllib.error
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from stdnum.cn import ric

from sifa.core.deadlines import add_months
from sifa.corrections.models import Geofence
from sifa.corrections.tests.factories import make_worker
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOKEN = "test-checkin-token-5c1f"
NAME = "林晓燕"
STOCK = "corrections.under_correction"
RELEASED_EXPIRY = "corrections.released_expiry"
# The county's fence (centre 29.3 N 120.1 E, 40 km) and a point far outside it (上海, ~250 km).
FENCE = {"latitude": "29.300000", "longitude": "120.100000", "radius_km": "40.00"}
FAR_AWAY = {"latitude": 31.2304, "longitude": 121.4737}
DAY = datetime.timedelta(days=1)


def resident_id(body17: str) -> str:
    """An 18-digit resident ID number with a correct check digit (GB 11643)."""
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum ignores the last character


@pytest.fixture
def corrections_desk(cast, settings):
    """A corrections worker on county A (cc_worker: the county and its 司法所, minors too), the
    county's geofence, and the check-in endpoint switched on."""
    settings.SIFA_CHECKIN_TOKEN = TOKEN  # read at request time (views/api.py)
    worker = make_worker(cast.county_a, username="cc_worker_zhao")
    Geofence.objects.create(office=cast.county_a, **FENCE)
    return worker


def indicator_value(page, key, office_pk, start, end=None):
    """The figure on the indicator page: a stock at `end`, a flow over [start, end]."""
    end = end or start
    page.goto(f"/stats/indicators/{key}/?office={office_pk}&from={start}&to={end}")
    return int(page.get_by_test_id("indicator-value").inner_text())


def open_subject_link(page, subject_url, path):
    """Open the subject's page and follow its link to `path` (an action's form page)."""
    page.goto(subject_url)
    page.locator(f"a[href='{path}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(path) + r"$"))


def save(page, success):
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text(success)


def post_check_in(base_url, number, at):
    """POST one check-in far outside the fence to the device endpoint; the JSON answer."""
    body = json.dumps(
        {"subject": number, "at": at.isoformat(), "accuracy_m": 15, **FAR_AWAY}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (http to the live server)
        f"{base_url}/corrections/api/check-ins/",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Sifa-Token": TOKEN},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (live server)
            assert response.status == 201
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        pytest.fail(f"check-in refused: {error.code} {error.read().decode()}")


def test_worker_takes_a_probationer_from_the_court_notice_to_release(
    cast, corrections_desk, browser_page, live_server
):
    worker = corrections_desk
    page = browser_page
    page.set_default_timeout(30_000)  # the machine may be busy
    township = cast.township_a1
    today = timezone.localdate()

    # The episode, all in the past: 12 months of probation from a judgment 13 months ago.
    effective = add_months(today, -13)
    correction_end = add_months(effective, 12) - DAY
    notified = effective + 2 * DAY
    reported = effective + 5 * DAY
    announced = effective + 6 * DAY
    leave_applied = effective + 30 * DAY
    leave_start = leave_applied + 3 * DAY
    leave_end = leave_start + 4 * DAY  # 5 days, both ends counted
    warned = leave_end + 8 * DAY
    released = correction_end  # 期满: on the last day of the period
    assert released < today

    log_in(page, worker.username)
    stock_at_announcement = indicator_value(page, STOCK, township.pk, announced)
    stock_at_release = indicator_value(page, STOCK, township.pk, released)
    expiry_before = indicator_value(page, RELEASED_EXPIRY, township.pk, released, today)

    # 1. 收到执行通知: the person is registered on the form from the resident ID.
    page.goto("/corrections/subjects/register/")
    page.select_option("select[name=office]", str(township.pk))
    page.fill("input[name=id_number]", resident_id("33010219880315022"))  # a woman, born 1988
    page.fill("input[name=name]", NAME)
    page.fill("input[name=phone]", "13957500123")
    page.select_option("select[name=sentence_type]", "probation")
    page.fill("input[name=crime]", "盗窃罪")
    page.fill("input[name=original_sentence]", "有期徒刑一年，缓刑一年")
    page.fill("input[name=sentence_months]", "12")
    page.select_option("select[name=decision_organ]", "court")
    page.fill("input[name=decision_organ_name]", "甲县人民法院")
    page.fill("input[name=judgment_number]", f"（{effective.year}）浙0102刑初321号")
    page.fill("input[name=judgment_effective_on]", effective.isoformat())
    page.fill("input[name=notified_on]", notified.isoformat())
    page.fill("input[name=documents_received_on]", notified.isoformat())
    page.get_by_role("button", name="接收登记").click()
    message = page.locator("body")
    expect(message).to_contain_text("已接收社区矫正对象")
    number = re.search(r"已接收社区矫正对象：(\S+?)，", message.inner_text()).group(1)
    expect(page).to_have_url(re.compile(r"/corrections/subjects/\d+/$"))
    subject_url = page.url
    pk = re.search(r"/corrections/subjects/(\d+)/$", subject_url).group(1)
    subject_path = f"/corrections/subjects/{pk}/"
    expect(page.get_by_test_id("period")).to_contain_text(
        f"{effective.isoformat()} ~ {correction_end.isoformat()}"
    )
    expect(page.locator("body")).to_contain_text("待报到")
    expect(page.locator("body")).not_to_contain_text("33010219880315022")  # masked on screen

    # 2. 报到 (on time), then the 矫正小组: a woman is needed for a woman (CC-8).
    open_subject_link(page, subject_url, f"{subject_path}report/")
    page.fill("input[name=reported_on]", reported.isoformat())
    save(page, "已登记报到并接收。")

    open_subject_link(page, subject_url, f"{subject_path}team_add/")
    page.fill("input[name=name]", "王村委")
    page.select_option("select[name=role]", "village_committee")
    save(page, "已增加矫正小组成员。")
    page.goto(f"{subject_path}announce/")
    expect(page.locator("body")).to_contain_text("矫正小组尚不符合要求，不能入矫宣告")
    expect(page.locator("body")).to_contain_text("矫正小组中应有女性成员")

    open_subject_link(page, subject_url, f"{subject_path}team_add/")
    page.fill("input[name=name]", "陈所员")
    page.select_option("select[name=role]", "judicial_office")
    page.locator("input[name=is_female]").check()
    save(page, "已增加矫正小组成员。")

    # 矫正方案 (first version), then 入矫宣告 with the 管理类别.
    open_subject_link(page, subject_url, f"{subject_path}plan/")
    page.fill("input[name=made_on]", reported.isoformat())
    plan = "每月电话报告一次，每季度当面报告；每月参加教育学习不少于八小时。"
    page.fill("textarea[name=content]", plan)
    save(page, "已保存新版矫正方案。")
    expect(page.locator("#plans")).to_contain_text("第1版")

    open_subject_link(page, subject_url, f"{subject_path}announce/")
    expect(page.locator("body")).not_to_contain_text("矫正小组尚不符合要求")
    page.fill("input[name=announced_on]", announced.isoformat())
    page.select_option("select[name=category]", "ordinary")
    save(page, "已入矫宣告，对象在矫。")
    expect(page.locator("body")).to_contain_text("在矫")
    assert indicator_value(page, STOCK, township.pk, announced) == stock_at_announcement + 1

    # 3. A 5-day leave: decided by the 司法所 (≤ 7 days); the worker's county grant covers it.
    open_subject_link(page, subject_url, f"{subject_path}leaves/new/")
    page.fill("input[name=applied_on]", leave_applied.isoformat())
    page.fill("input[name=start_on]", leave_start.isoformat())
    page.fill("input[name=end_on]", leave_end.isoformat())
    page.fill("input[name=destination]", "上海市浦东新区")
    page.fill("input[name=reason]", "探望住院的母亲")
    save(page, "外出申请已登记。")
    row = page.locator("tbody tr", has_text=number)
    expect(row).to_contain_text("司法所")
    expect(row).to_contain_text("待审批")
    row.get_by_role("link", name="审批").click()
    expect(page.locator("body")).to_contain_text("共5日")
    page.get_by_label("批准", exact=True).check()
    page.fill("input[name=decided_on]", leave_applied.isoformat())
    page.fill("input[name=decided_by]", "陈所员")
    save(page, "已审批。")
    row = page.locator("tbody tr", has_text=number)
    expect(row).to_contain_text("逾期未归")  # approved, ended, not yet back: 销假
    row.get_by_role("link", name="销假").click()
    page.fill("input[name=returned_on]", leave_end.isoformat())
    save(page, "已销假。")
    expect(page.locator("tbody tr", has_text=number)).to_contain_text("已销假")

    # 4. Check-ins from outside the county: during the leave no alert, after it an alert.
    zone = timezone.get_current_timezone()
    during = datetime.datetime.combine(leave_start + 2 * DAY, datetime.time(12, 0), tzinfo=zone)
    after = datetime.datetime.combine(leave_end + 3 * DAY, datetime.time(10, 30), tzinfo=zone)
    answer = post_check_in(live_server.url, number, during)
    assert answer["outside"] is True and answer["alert"] is False
    answer = post_check_in(live_server.url, number, after)
    assert answer["outside"] is True and answer["alert"] is True

    page.goto("/corrections/alerts/")
    alerts = page.locator("tbody tr", has_text=number)
    expect(alerts).to_have_count(1)
    expect(alerts).to_contain_text("未经批准离开执行地")
    expect(alerts).to_contain_text(after.strftime("%Y-%m-%d %H:%M"))
    expect(alerts).to_contain_text("待处置")

    # 5. 警告 (decided by the county: the worker holds edit on county A).
    open_subject_link(page, subject_url, f"{subject_path}measures/")
    page.select_option("select[name=kind]", "warning")
    page.fill("input[name=decided_on]", warned.isoformat())
    page.fill("input[name=decided_by]", "甲县司法局 赵科长")
    facts = f"{after.date().isoformat()}未经批准离开执行地，经教育仍未改正。"
    page.fill("textarea[name=facts]", facts)
    save(page, "已登记警告。")
    expect(page.locator("#measure-counters")).to_contain_text("警告")
    assert indicator_value(page, STOCK, township.pk, released) == stock_at_release + 1

    # 6. 期满解除 on the last day of the period.
    open_subject_link(page, subject_url, f"{subject_path}release/")
    page.select_option("select[name=release_type]", "expiry")
    page.fill("input[name=released_on]", released.isoformat())
    save(page, "已解除社区矫正，并移交安置帮教。")
    expect(page.locator("body")).to_contain_text("期满解除")

    assert indicator_value(page, STOCK, township.pk, released) == stock_at_release
    assert indicator_value(page, STOCK, township.pk, announced) == stock_at_announcement + 1
    assert indicator_value(page, RELEASED_EXPIRY, township.pk, released, today) == expiry_before + 1
