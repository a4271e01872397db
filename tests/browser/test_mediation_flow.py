"""In Chromium: a mediator takes a dispute from registration to a written agreement.

The township's 受理 and 调解成功 indicators, read on the indicator page, each move by one.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sifa.mediation.tests.factories import make_committee, make_mediator
from tests.browser.pages import log_in
from tests.factories import UserFactory, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def committee_desk(cast):
    """A committee under township A1, one serving mediator, and a login for the mediator."""
    committee = make_committee(cast.township_a1, name="甲一镇人民调解委员会")
    staff = make_mediator(committee, name="孙调解")
    user = UserFactory(username="mediator_sun")
    grant(user, committee, "mediator")
    leader = UserFactory(username="township_head")
    grant(leader, cast.township_a1, "jo_head")
    return committee, staff, user, leader


def indicator_value(page, key, office_pk, day):
    page.goto(f"/stats/indicators/{key}/?office={office_pk}&from={day}&to={day}")
    return int(page.get_by_test_id("indicator-value").inner_text())


def test_mediator_registers_mediates_and_records_a_written_agreement(
    cast, committee_desk, browser_page, tmp_path
):
    committee, _staff, mediator_user, township_head = committee_desk
    page = browser_page
    today = timezone.localdate().isoformat()  # Beijing time, as the pages use

    log_in(page, township_head.username)
    accepted_before = indicator_value(page, "mediation.cases_accepted", cast.township_a1.pk, today)
    succeeded_before = indicator_value(
        page, "mediation.cases_succeeded", cast.township_a1.pk, today
    )
    page.context.clear_cookies()

    log_in(page, mediator_user.username)
    page.goto("/mediation/cases/register/")
    page.select_option("select[name=office]", str(committee.pk))
    page.fill("input[name=received_on]", today)
    page.select_option("select[name=source]", index=1)
    page.select_option("select[name=dispute_type]", index=1)
    page.fill("textarea[name=facts]", "两户因宅基地边界发生争议。")
    for index, (id_number, name) in enumerate(
        [("11010519491231002X", "赵六"), ("440524188001010014", "钱七")]
    ):
        page.fill(f"input[name=parties-{index}-id_number]", id_number)
        page.fill(f"input[name=parties-{index}-name]", name)
    page.get_by_role("button", name="受理登记").click()
    expect(page.locator("body")).to_contain_text("赵六")
    expect(page.locator("body")).to_contain_text("钱七")
    case_url = page.url

    page.get_by_role("link", name="开始调解").click()
    page.get_by_label("孙调解").check()
    page.locator("form button[type=submit]").last.click()

    page.goto(case_url)
    page.get_by_role("link", name="记录调解").click()
    page.fill("input[name=held_at]", f"{today}T00:01")  # early: never in the future
    page.fill("input[name=place]", "甲一镇调解室")
    page.fill("textarea[name=participants]", "赵六、钱七、孙调解")
    page.fill("textarea[name=summary]", "双方陈述意见，同意以现有围墙为界。")
    page.locator("form button[type=submit]").last.click()

    page.goto(case_url)
    page.get_by_role("link", name="达成协议").click()
    page.select_option("select[name=form]", "written")
    page.fill("input[name=reached_on]", today)
    page.fill("textarea[name=terms]", "一、以现有围墙为界。")
    for field in ("parties_signed_on", "mediator_signed_on", "sealed_on"):
        page.fill(f"input[name={field}]", today)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("body")).to_contain_text("调解成功")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("协议书")).first.click()
    path = tmp_path / "agreement.docx"
    download_info.value.save_as(path)
    from docx import Document

    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "一、以现有围墙为界。" in text and "赵六" in text

    page.context.clear_cookies()
    log_in(page, township_head.username)
    assert (
        indicator_value(page, "mediation.cases_accepted", cast.township_a1.pk, today)
        == accepted_before + 1
    )
    assert (
        indicator_value(page, "mediation.cases_succeeded", cast.township_a1.pk, today)
        == succeeded_before + 1
    )
