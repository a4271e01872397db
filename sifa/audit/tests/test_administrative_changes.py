"""The auditor reads every administrative change (三权分立) on 数据修改记录, in Chinese.

The system administrator works through the real admin pages (users, memberships, roles, the
two-person removal of a two-factor device), a clerk enrols a device on the real setup page, and
a superuser changes a role's capabilities on the shell. The auditor's page then says who did
what, when, and the fields before → after with their Chinese names, role and office names and
是/否 — never capability codes, True/False or bare ids.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import pass_two_factor
from sifa.accounts import two_factor
from sifa.accounts.models import TwoFactorRemoval
from sifa.accounts.tests.helpers import totp_code
from sifa.orgs.access import Cap
from sifa.orgs.models import Role
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

User = get_user_model()
BACKEND = "sifa.accounts.backends.RolePermissionBackend"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    pass_two_factor(client, user)
    return client


def user_form(user, **extra) -> dict:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, no attribute values (URLs carry ids and labels)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def administrative_changes(cast):
    admin_a = logged_in(cast.sysadmin)
    second = UserFactory(username="sysadmin_b", full_name="第二管理员")
    grant(second, cast.city, "sysadmin")
    newcomer = UserFactory(username="newcomer", full_name="新来的书记员")

    # An account deactivated, a role granted.
    clerk = cast.sibling_clerk
    assert (
        admin_a.post(
            reverse("admin:accounts_user_change", args=[clerk.pk]), user_form(clerk, is_active="")
        ).status_code
        == 302
    )
    jo_staff = Role.objects.get(key="jo_staff")
    response = admin_a.post(
        reverse("admin:accounts_user_change", args=[newcomer.pk]),
        user_form(
            newcomer,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-0-office": str(cast.township_a1.pk),
                "memberships-0-role": str(jo_staff.pk),
            },
        ),
    )
    assert response.status_code == 302
    # A device enrolled by its user on the setup page, then removed by two administrators.
    clerk_client = logged_in(cast.township_clerk)
    clerk_client.get(reverse("accounts:two_factor_setup"))
    secret = clerk_client.session[two_factor.SETUP_SECRET_SESSION_KEY]
    clerk_client.post(reverse("accounts:two_factor_setup"), {"code": totp_code(secret)})
    device = TOTPDevice.objects.get(user=cast.township_clerk)
    admin_a.post(
        reverse("admin:accounts_twofactorremoval_add"), {"device": device.pk, "reason": "手机丢失"}
    )
    logged_in(second).post(
        reverse("admin:accounts_twofactorremoval_changelist"),
        {"action": "confirm_removal", "_selected_action": [TwoFactorRemoval.objects.get().pk]},
    )
    assert not TOTPDevice.objects.filter(user=cast.township_clerk).exists()

    # After the enrolment: the clerk's role now demands two-factor.
    admin_a.post(
        reverse("admin:orgs_role_change", args=[jo_staff.pk]),
        {"name": jo_staff.name, "requires_two_factor": "on"},
    )

    # On the server's shell: a role's capabilities (no web form offers them).
    leader = Role.objects.get(key="leader")
    leader.capabilities = [Cap.VIEW, Cap.STATS]
    leader.save()
    return {"second": second, "newcomer": newcomer}


def changes_page(cast, **filters) -> str:
    response = logged_in(cast.auditor).get(reverse("audit:changes"), filters)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_every_administrative_change_is_on_the_auditors_page(cast, administrative_changes):
    text = changes_page(cast)

    for model_name in ("用户", "任职授权", "角色", "双因素认证设备", "双因素认证设备删除申请"):
        assert model_name in text, model_name
    # Who did it.
    assert str(cast.sysadmin) in text
    assert "第二管理员" in text
    assert str(cast.township_clerk) in text  # enrolled their own device


def test_user_changes_read_in_chinese(cast, administrative_changes):
    text = changes_page(cast, model="accounts.user")
    assert str(cast.sibling_clerk) in text
    assert re.search(r"有效\s*：\s*是\s*改为\s*否", text)
    assert "True" not in text and "False" not in text


def test_membership_changes_name_the_role_and_the_office(cast, administrative_changes):
    text = changes_page(cast, model="orgs.membership")
    assert "司法所工作人员" in text
    assert cast.township_a1.name in text
    assert "新来的书记员" in text


def test_role_capabilities_read_in_chinese_never_as_codes(cast, administrative_changes):
    text = changes_page(cast, model="orgs.role")
    assert "局领导" in text
    assert "查看业务记录、统计分析" in text
    assert "强制双因素认证" in text
    for code in Cap.ALL:  # as a word: "view" is also in the role key "la_reviewer"
        assert not re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text), code


def test_two_factor_enrolment_and_two_person_removal_are_recorded(cast, administrative_changes):
    devices = changes_page(cast, model="otp_totp.totpdevice")
    assert "新增" in devices and "删除" in devices
    assert "设备名称" in devices
    assert "第二管理员" in devices  # who deleted it: the confirming administrator

    removals = changes_page(cast, model="accounts.twofactorremoval")
    for label in ("申请人", "确认人", "待确认", "已删除", "手机丢失"):
        assert label in removals, label
    assert str(cast.sysadmin) in removals and "第二管理员" in removals


def test_every_making_of_recovery_codes_is_recorded_without_the_codes(cast, administrative_changes):
    # The enrolment in the fixture made the first codes; the clerk makes new ones (a new device
    # replaces the old): the auditor sees one device added, one removed, one added.
    from django_otp.plugins.otp_static.models import StaticToken

    from sifa.accounts.actions import recovery_codes_generate

    TOTPDevice.objects.create(user=cast.township_clerk, name="新手机", confirmed=True)
    codes = recovery_codes_generate(actor=cast.township_clerk)
    response = logged_in(cast.auditor).get(
        reverse("audit:changes"), {"model": "otp_static.staticdevice"}
    )
    entries = response.context["entries"]
    assert [(str(e.model_name), e.kind) for e in entries] == [
        ("双因素认证恢复码", "新增"),
        ("双因素认证恢复码", "删除"),
        ("双因素认证恢复码", "新增"),
    ]
    page = visible_text(response.content.decode())
    assert str(cast.township_clerk) in page
    hashes = StaticToken.objects.values_list("token", flat=True)
    assert not any(secret in page for secret in [*codes, *hashes])


def test_the_administrator_cannot_read_these_changes(cast, administrative_changes):
    response = logged_in(cast.sysadmin).get(reverse("audit:changes"))
    assert response.status_code == 403
