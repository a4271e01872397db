"""三权分立: what the system administrator and the security auditor may and may not do.

Every forbidden act is tried the way an attacker would: real POSTs to the Django admin with the
forged fields, as the cast's 系统管理员 (`sysadmin`) or 安全审计员 (`auditor`), logged in past
two-factor like a real session. Each allowed act is shown to still work.
"""

import io

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import pass_two_factor
from sifa.accounts.models import TwoFactorRemoval
from sifa.orgs import duties
from sifa.orgs.access import Cap
from sifa.orgs.models import Membership, Role
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

User = get_user_model()
BACKEND = "sifa.accounts.backends.RolePermissionBackend"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    pass_two_factor(client, user)
    return client


@pytest.fixture
def sysadmin(cast):
    # As deployed before this change (is_staff for the admin site); it no longer matters.
    User.objects.filter(pk=cast.sysadmin.pk).update(is_staff=True)
    cast.sysadmin.refresh_from_db()
    return cast.sysadmin


@pytest.fixture
def admin_a(sysadmin):
    return logged_in(sysadmin)


@pytest.fixture
def second_admin(cast):
    user = UserFactory(username="sysadmin_b", is_staff=True)
    grant(user, cast.city, "sysadmin")
    return user


@pytest.fixture
def auditor_client(cast):
    User.objects.filter(pk=cast.auditor.pk).update(is_staff=True)
    cast.auditor.refresh_from_db()
    return logged_in(cast.auditor)


def user_form(user, **extra) -> dict:
    """The admin's user change form as the browser sends it, no membership rows."""
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


def with_new_membership(user, office, role) -> dict:
    return user_form(
        user,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-office": str(office.pk),
            "memberships-0-role": str(role.pk),
        },
    )


def role(key) -> Role:
    return Role.objects.get(key=key)


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


# --- the administrator reaches the admin through the role ------------------------------------


def test_the_administrator_manages_accounts_through_the_role(cast, admin_a):
    assert admin_a.get(reverse("admin:index")).status_code == 200
    assert admin_a.get(reverse("admin:accounts_user_changelist")).status_code == 200
    page = admin_a.get(change_url(cast.township_clerk))
    assert page.status_code == 200
    response = admin_a.post(
        change_url(cast.township_clerk), user_form(cast.township_clerk, full_name="新名字")
    )
    assert response.status_code == 302
    cast.township_clerk.refresh_from_db()
    assert cast.township_clerk.full_name == "新名字"


def test_staff_status_and_permissions_without_a_role_grant_nothing(cast):
    clerk = cast.township_clerk
    User.objects.filter(pk=clerk.pk).update(is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    clerk = User.objects.get(pk=clerk.pk)
    client = logged_in(clerk)

    assert not clerk.has_perm("accounts.change_user")
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302  # to login
    assert client.get(reverse("admin:index")).status_code == 302


# --- 超级管理员 / staff / groups / permissions: not offered, forged POST refused --------------


FORGED_FLAGS = ("is_superuser", "is_staff", "groups", "user_permissions")


def test_the_user_form_offers_no_superuser_staff_group_or_permission_field(cast, admin_a):
    html = admin_a.get(change_url(cast.township_clerk)).content.decode()
    add_html = admin_a.get(reverse("admin:accounts_user_add")).content.decode()

    for name in FORGED_FLAGS:
        assert f'name="{name}"' not in html
        assert f'name="{name}"' not in add_html


def test_a_forged_post_cannot_make_anyone_superuser_or_staff(cast, sysadmin, admin_a):
    group = Group.objects.create(name="全部权限")
    group.permissions.set(Permission.objects.all())
    forged = {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(group.pk)],
        "user_permissions": [str(p.pk) for p in Permission.objects.all()[:5]],
    }
    for target in (cast.township_clerk, sysadmin):
        admin_a.post(change_url(target), user_form(target, **forged))
        target = User.objects.get(pk=target.pk)
        assert not target.is_superuser
        assert not target.groups.exists()
        assert not target.user_permissions.exists()
    assert not User.objects.get(pk=cast.township_clerk.pk).is_staff


def test_the_add_form_cannot_make_a_superuser(admin_a):
    response = admin_a.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_root",
            "full_name": "新用户",
            "usable_password": "true",
            "password1": "Qingshan-2026",
            "password2": "Qingshan-2026",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_root")
    assert not user.is_superuser and not user.is_staff


def test_a_superuser_exists_only_from_the_shell(admin_a):
    call_command("createsuperuser", username="root", email="", interactive=False, verbosity=0)
    root = User.objects.get(username="root")
    assert root.is_superuser
    # Nothing in the admin can change that account: not its flags, not its password.
    assert admin_a.post(change_url(root), user_form(root, is_active="")).status_code == 403
    root.refresh_from_db()
    assert root.is_active
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    response = admin_a.post(
        password_url, {"password1": "Taken-Over-2026", "password2": "Taken-Over-2026"}
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert not root.check_password("Taken-Over-2026")
    # Groups grant nothing and are not administered.
    assert Group not in admin.site._registry


# --- memberships: one duty per user, never one's own ---------------------------------------


def refused(response, message_part: str) -> bool:
    return response.status_code == 200 and message_part in response.content.decode()


def test_the_administrator_cannot_give_himself_a_business_role(cast, sysadmin, admin_a):
    html = admin_a.get(change_url(sysadmin)).content.decode()
    assert 'name="memberships-0-role"' not in html  # not offered on his own page

    admin_a.post(
        change_url(sysadmin), with_new_membership(sysadmin, cast.township_a1, role("leader"))
    )
    response = admin_a.post(
        reverse("admin:orgs_membership_add"),
        {"user": sysadmin.pk, "office": cast.township_a1.pk, "role": role("leader").pk},
    )

    assert refused(response, "不能授予、修改或撤销自己的任职授权")
    assert list(Membership.objects.filter(user=sysadmin).values_list("role__key", flat=True)) == [
        "sysadmin"
    ]
    assert not duties.user_duties(sysadmin) & {duties.Duty.BUSINESS, duties.Duty.AUDIT}


def test_the_administrator_cannot_widen_his_own_grants(cast, sysadmin, admin_a):
    own = Membership.objects.get(user=sysadmin)
    response = admin_a.post(
        reverse("admin:orgs_membership_change", args=[own.pk]),
        {"user": sysadmin.pk, "office": cast.city.pk, "role": role("auditor").pk},
    )
    assert response.status_code == 403
    assert Membership.objects.get(pk=own.pk).role.key == "sysadmin"


@pytest.mark.parametrize(
    ("holder", "role_key"),
    [
        ("second_admin", "jo_staff"),  # another administrator: no business role
        ("second_admin", "auditor"),  # nor the auditor's
        ("auditor", "leader"),  # the auditor: no business role
        ("auditor", "sysadmin"),  # nor administration
        ("township_clerk", "sysadmin"),  # a business user: no administrative role
        ("township_clerk", "auditor"),  # nor the auditor's
    ],
)
def test_no_user_holds_two_duties(cast, second_admin, admin_a, holder, role_key):
    user = second_admin if holder == "second_admin" else getattr(cast, holder)
    before = set(Membership.objects.filter(user=user).values_list("pk", flat=True))

    inline = admin_a.post(
        change_url(user), with_new_membership(user, cast.township_a1, role(role_key))
    )
    direct = admin_a.post(
        reverse("admin:orgs_membership_add"),
        {"user": user.pk, "office": cast.township_a1.pk, "role": role(role_key).pk},
    )

    assert refused(inline, "同一用户只能承担系统管理、安全审计、业务办理中的一种职责")
    assert refused(direct, "同一用户只能承担系统管理、安全审计、业务办理中的一种职责")
    assert set(Membership.objects.filter(user=user).values_list("pk", flat=True)) == before
    assert len(duties.user_duties(user)) == 1


def test_the_administrator_still_grants_and_revokes_roles(cast, admin_a):
    clerk = UserFactory(username="new_clerk")
    new_admin = UserFactory(username="new_admin")

    assert (
        admin_a.post(
            change_url(clerk), with_new_membership(clerk, cast.township_a1, role("jo_staff"))
        ).status_code
        == 302
    )
    response = admin_a.post(
        reverse("admin:orgs_membership_add"),
        {"user": new_admin.pk, "office": cast.city.pk, "role": role("sysadmin").pk},
    )
    assert response.status_code == 302
    assert duties.user_duties(clerk) == {duties.Duty.BUSINESS}
    assert duties.user_duties(new_admin) == {duties.Duty.ADMINISTRATION}

    # Revoking a role.
    membership = Membership.objects.get(user=clerk)
    data = user_form(
        clerk,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(clerk.pk),
            "memberships-0-office": str(cast.township_a1.pk),
            "memberships-0-role": str(role("jo_staff").pk),
            "memberships-0-DELETE": "on",
        },
    )
    assert admin_a.post(change_url(clerk), data).status_code == 302
    assert not Membership.objects.filter(user=clerk).exists()


def test_an_account_keeps_its_duty_for_life(cast, second_admin, admin_a):
    """Turning another administrator into a business user (changing the role of his membership,
    or revoking it and granting a business role later) is refused: a new account is needed."""
    own = Membership.objects.get(user=second_admin)
    changed = admin_a.post(
        reverse("admin:orgs_membership_change", args=[own.pk]),
        {"user": second_admin.pk, "office": cast.township_a1.pk, "role": role("leader").pk},
    )
    assert refused(changed, "该用户曾承担系统管理职责")
    assert Membership.objects.get(pk=own.pk).role.key == "sysadmin"

    admin_a.post(reverse("admin:orgs_membership_delete", args=[own.pk]), {"post": "yes"})
    assert not Membership.objects.filter(user=second_admin).exists()
    later = admin_a.post(
        change_url(second_admin), with_new_membership(second_admin, cast.city, role("leader"))
    )
    assert refused(later, "该用户曾承担系统管理职责")
    assert not Membership.objects.filter(user=second_admin).exists()


# --- role capabilities are read-only ---------------------------------------------------------


def test_role_capabilities_cannot_be_changed_in_the_admin(cast, admin_a):
    sysadmin_role = role("sysadmin")
    url = reverse("admin:orgs_role_change", args=[sysadmin_role.pk])
    html = admin_a.get(url).content.decode()
    assert 'name="capabilities"' not in html
    assert "管理用户和授权" in html  # shown, read-only, in Chinese

    response = admin_a.post(
        url,
        {
            "name": sysadmin_role.name,
            "capabilities": [Cap.VIEW, Cap.REVEAL, Cap.AUDIT_READ, *sysadmin_role.capabilities],
            "requires_two_factor": "on",
        },
    )
    assert response.status_code == 302
    assert role("sysadmin").capabilities == sysadmin_role.capabilities
    assert role("sysadmin").requires_two_factor  # what may be changed still is


def test_roles_are_not_made_in_the_admin_and_never_with_capabilities(cast, admin_a):
    forged = {"key": "spy", "name": "万能角色", "capabilities": list(Cap.ALL)}
    assert admin_a.post(reverse("admin:orgs_role_add"), forged).status_code == 403
    assert not Role.objects.filter(key="spy").exists()

    # Not even a superuser's browser gives a role capabilities: that is done on the shell.
    root = User.objects.create_superuser("root", password="Root-Pass-2026")
    response = logged_in(root).post(reverse("admin:orgs_role_add"), forged)
    assert response.status_code == 302
    assert role("spy").capabilities == []


def test_no_old_version_of_a_role_is_restored_over_the_rules(cast, admin_a):
    """simple-history's revert only hides its button when switched off; its page still saved an
    old version when POSTed — capabilities included."""
    leader = role("leader")
    before = list(leader.capabilities)
    leader.capabilities = [*before, Cap.ACCOUNTS_MANAGE]  # on the shell, later undone
    leader.save()
    old_version = leader.history.latest("history_date")
    leader.capabilities = before
    leader.save()

    url = reverse("admin:orgs_role_simple_history", args=[leader.pk, old_version.history_id])
    response = admin_a.post(url, {"name": leader.name, "requires_two_factor": "on"})

    assert response.status_code == 403
    assert role("leader").capabilities == before


# --- 2FA devices: two administrators --------------------------------------------------------


@pytest.fixture
def device(cast):
    return TOTPDevice.objects.create(user=cast.township_clerk, name="手机", confirmed=True)


def test_one_administrator_cannot_delete_a_device(device, admin_a):
    delete_page = admin_a.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    bulk = admin_a.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"},
    )
    assert delete_page.status_code == 403
    assert bulk.status_code == 200  # the action is not offered: the list comes back
    assert "delete_selected" not in bulk.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def confirm(client, removal):
    """Run the action "确认删除所选设备" and return the page it leads to (with its messages)."""
    return client.post(
        reverse("admin:accounts_twofactorremoval_changelist"),
        {"action": "confirm_removal", "_selected_action": [removal.pk]},
        follow=True,
    )


def test_a_device_is_removed_by_two_administrators(cast, sysadmin, second_admin, device, admin_a):
    response = admin_a.post(
        reverse("admin:accounts_twofactorremoval_add"), {"device": device.pk, "reason": "手机丢失"}
    )
    assert response.status_code == 302
    removal = TwoFactorRemoval.objects.get()
    assert (removal.requested_by, removal.device_user, removal.status) == (
        sysadmin,
        cast.township_clerk,
        TwoFactorRemoval.Status.PENDING,
    )
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    response = confirm(admin_a, removal)  # the one who asked cannot confirm
    assert "申请人不能确认自己的申请" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert TwoFactorRemoval.objects.get().status == TwoFactorRemoval.Status.PENDING

    confirm(logged_in(second_admin), removal)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    removal.refresh_from_db()
    assert (removal.status, removal.requested_by, removal.confirmed_by) == (
        TwoFactorRemoval.Status.DONE,
        sysadmin,
        second_admin,
    )
    deleted = TOTPDevice.history.get(id=device.pk, history_type="-")
    assert deleted.history_user == second_admin


def test_nobody_asks_for_or_confirms_the_removal_of_his_own_device(
    cast, sysadmin, second_admin, admin_a
):
    own = TOTPDevice.objects.get(user=sysadmin)  # made when logging in past two-factor
    response = admin_a.post(
        reverse("admin:accounts_twofactorremoval_add"), {"device": own.pk, "reason": "换手机"}
    )
    assert refused(response, "不能申请删除自己的双因素认证设备")

    b_device = TOTPDevice.objects.create(user=second_admin, name="手机", confirmed=True)
    admin_a.post(
        reverse("admin:accounts_twofactorremoval_add"),
        {"device": b_device.pk, "reason": "手机丢失"},
    )
    confirm(logged_in(second_admin), TwoFactorRemoval.objects.get())
    assert TOTPDevice.objects.filter(pk=b_device.pk).exists()


def test_an_administrator_made_by_the_requester_cannot_confirm(cast, sysadmin, device, admin_a):
    puppet = UserFactory(username="puppet")
    admin_a.post(
        reverse("admin:orgs_membership_add"),
        {"user": puppet.pk, "office": cast.city.pk, "role": role("sysadmin").pk},
    )
    assert duties.is_administrator(puppet)
    admin_a.post(
        reverse("admin:accounts_twofactorremoval_add"), {"device": device.pk, "reason": "手机丢失"}
    )

    response = confirm(logged_in(puppet), TwoFactorRemoval.objects.get())

    assert "您的系统管理员授权是申请人授予的" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert TwoFactorRemoval.objects.get().status == TwoFactorRemoval.Status.PENDING


def test_a_business_user_cannot_ask_for_a_removal(cast, device):
    client = logged_in(cast.county_supervisor)
    response = client.post(
        reverse("admin:accounts_twofactorremoval_add"), {"device": device.pk, "reason": "x"}
    )
    assert response.status_code == 302 and "/login/" in response.url
    assert not TwoFactorRemoval.objects.exists()


# --- the auditor changes nothing --------------------------------------------------------------


def test_the_auditor_may_enter_the_admin_and_change_nothing(cast, auditor_client):
    assert auditor_client.get(reverse("admin:index")).status_code == 200
    request = RequestFactory().get("/admin/")
    request.user = cast.auditor
    for model, model_admin in admin.site._registry.items():
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_the_auditors_forged_posts_are_refused(cast, auditor_client):
    clerk = cast.township_clerk
    auditor_role_before = Role.objects.filter(key="auditor").values().get()
    attempts = [
        (reverse("admin:accounts_user_change", args=[clerk.pk]), user_form(clerk, is_active="")),
        (
            reverse("admin:orgs_membership_add"),
            {"user": cast.auditor.pk, "office": cast.city.pk, "role": role("sysadmin").pk},
        ),
        (
            reverse("admin:orgs_role_change", args=[role("auditor").pk]),
            {"name": "安全审计员", "requires_two_factor": ""},
        ),
        (reverse("admin:accounts_user_add"), {"username": "x", "usable_password": "false"}),
    ]
    for url, data in attempts:
        assert auditor_client.post(url, data).status_code == 403, url
    clerk.refresh_from_db()
    assert clerk.is_active
    assert Role.objects.filter(key="auditor").values().get() == auditor_role_before
    assert not User.objects.filter(username="x").exists()
    assert list(
        Membership.objects.filter(user=cast.auditor).values_list("role__key", flat=True)
    ) == ["auditor"]


# --- the administrator reads no business record ------------------------------------------


@pytest.fixture
def business_records(cast):
    """One record of each built line in township A1 (inside the administrator's city grant),
    each with a person named 机密当事人…, registered by the line's own actions."""
    from sifa.corrections.tests.factories import make_person as corrections_person
    from sifa.corrections.tests.factories import make_subject, make_worker
    from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
    from sifa.legalaid.tests.factories import make_person as legalaid_person
    from sifa.mediation.tests.factories import make_case, make_committee, natural_party

    committee = make_committee(cast.township_a1)
    applicant = natural_party(committee, "applicant")
    applicant.person.name = "机密当事人甲"
    applicant.person.save()
    case = make_case(
        cast.township_clerk,
        committee,
        parties=[applicant, natural_party(committee, "respondent")],
    )
    centre = make_centre(cast.county_a)
    application = make_application(
        make_reviewer(centre), centre, applicant=legalaid_person(centre, name="机密当事人乙")
    )
    worker = make_worker(cast.county_a)
    subject = make_subject(
        worker, cast.township_a1, person=corrections_person(cast.township_a1, name="机密当事人丙")
    )
    return {
        "mediation:case": case,
        "legalaid:application": application,
        "corrections:subject": subject,
        "people:person": subject.person,
    }


LISTS = [
    "people:person_list",
    "mediation:case_list",
    "mediation:case_export",
    "legalaid:application_list",
    "legalaid:application_export",
    "corrections:subject_list",
    "corrections:subject_export",
]


def test_the_administrator_reads_no_business_record(cast, business_records, admin_a):
    for prefix, record in business_records.items():
        url = reverse(f"{prefix}_detail", args=[record.pk])
        assert admin_a.get(url).status_code == 404, url  # not found, as outside one's offices
    leader = logged_in(cast.city_leader)
    for name in LISTS:
        response = admin_a.get(reverse(name))
        assert response.status_code == 403, name  # no business capability anywhere
        # The city's leader sees them on the same page, so the check above can fail.
        assert "机密当事人" in text_of(leader.get(reverse(name))), name
    names = ["机密当事人甲", "机密当事人乙", "机密当事人丙"]
    page = admin_a.get(reverse("shell:search"), {"q": "机密当事人"})
    assert page.status_code == 200  # the search page answers, with nothing from the lines
    assert not [n for n in names if n in page.content.decode()]
    # The same search finds them for the city's leader, so the check above can fail.
    leader_page = logged_in(cast.city_leader).get(reverse("shell:search"), {"q": "机密当事人"})
    assert [n for n in names if n in leader_page.content.decode()]


def text_of(response) -> str:
    """A page's text, or every cell of an exported workbook (whose bytes are compressed)."""
    body = b"".join(response) if response.streaming else response.content
    if not body.startswith(b"PK"):
        return body.decode()
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
