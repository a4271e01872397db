"""Separation of duties (三权分立): who may hold which roles, and what administration may do.

The one rule module for it; the admin (accounts/admin.py, orgs/admin.py), the actions
(accounts/actions.py, api/actions.py) and the permission backend (accounts/backends.py) all ask
here.

**A user is EITHER an administrator, OR an auditor, OR a business user** (or none of these):

* a role's *duty* follows from its capabilities — `orgs.manage`, `accounts.manage`,
  `codes.manage` are 系统管理; `audit.read` is 安全审计; `view`, `edit`, `people.reveal`,
  `stats.view`, `corrections.minors` are 业务. A role without capabilities (公众) has no duty;
* all the roles a user holds, on every office, together have at most one duty. Granting a
  business role to an administrator or an auditor, an administrative role to an auditor or a
  business user, the auditor role to an administrator … is refused, whoever grants it;
* nobody grants, changes or revokes their own memberships (not even an administrator: a
  second administrator must);
* role capabilities are not edited through the web (admin shows them read-only); a new
  capability set comes with a release or from the server's shell.

Django admin permissions follow from the same capabilities (`ADMIN_PERMISSIONS`): groups and
per-user permissions are not offered anywhere, and `is_staff` / `is_superuser` are never set
through the web — a superuser exists only from `manage.py createsuperuser` on the server.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.orgs.access import Cap
from sifa.orgs.models import Membership, Role


class Duty(models.TextChoices):
    ADMINISTRATION = "administration", gettext_lazy("系统管理")
    AUDIT = "audit", gettext_lazy("安全审计")
    BUSINESS = "business", gettext_lazy("业务办理")


CAPABILITY_LABELS = {
    Cap.VIEW: gettext_lazy("查看业务记录"),
    Cap.EDIT: gettext_lazy("登记和修改业务记录"),
    Cap.REVEAL: gettext_lazy("查看完整证件号码和电话"),
    Cap.STATS: gettext_lazy("统计分析"),
    Cap.ORGS_MANAGE: gettext_lazy("管理机构树"),
    Cap.ACCOUNTS_MANAGE: gettext_lazy("管理用户和授权"),
    Cap.CODES_MANAGE: gettext_lazy("管理字典和节假日"),
    Cap.AUDIT_READ: gettext_lazy("查看审计日志"),
    Cap.MINORS: gettext_lazy("查看未成年社区矫正对象"),
}


def capability_text(capabilities: Iterable[str]) -> str:
    """Capabilities in Chinese ("查看业务记录、统计分析"), as the admin and the audit show them."""
    return "、".join(str(CAPABILITY_LABELS.get(c, c)) for c in capabilities or ())


DUTY_OF_CAPABILITY = {
    Cap.ORGS_MANAGE: Duty.ADMINISTRATION,
    Cap.ACCOUNTS_MANAGE: Duty.ADMINISTRATION,
    Cap.CODES_MANAGE: Duty.ADMINISTRATION,
    Cap.AUDIT_READ: Duty.AUDIT,
    Cap.VIEW: Duty.BUSINESS,
    Cap.EDIT: Duty.BUSINESS,
    Cap.REVEAL: Duty.BUSINESS,
    Cap.STATS: Duty.BUSINESS,
    Cap.MINORS: Duty.BUSINESS,
}

# The Django admin permissions each capability brings ("app_label.codename"). Nothing else
# grants admin permissions: groups and per-user permissions are neither offered nor read
# (accounts.backends.RolePermissionBackend). The auditor's capability brings only views.
_WRITE = ("add", "change", "view")
ADMIN_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Cap.ACCOUNTS_MANAGE: (
        *(f"accounts.{a}_user" for a in _WRITE),
        *(f"orgs.{a}_membership" for a in (*_WRITE, "delete")),
        "orgs.view_role",
        "orgs.change_role",  # name and 强制双因素认证; capabilities stay read-only
        # Unlock an account before its lockout ends.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        # A lost phone: see the devices, ask for (and confirm another's request for) a removal.
        "otp_totp.view_totpdevice",
        *(f"accounts.{a}_twofactorremoval" for a in ("add", "view")),
    ),
    Cap.ORGS_MANAGE: (
        *(f"orgs.{a}_office" for a in _WRITE),
        *(f"orgs.{a}_staffmember" for a in _WRITE),
    ),
    Cap.CODES_MANAGE: (
        *(f"core.{a}_codelist" for a in _WRITE),
        *(f"core.{a}_codeitem" for a in _WRITE),
        *(f"core.{a}_calendarday" for a in (*_WRITE, "delete")),
        # 以案定补 rates are configuration, kept by the administrator.
        *(f"mediation.{a}_subsidyrate" for a in _WRITE),
        # 计划任务执行记录 (docs/jobs.md): read only, to see that the nightly work ran.
        "core.view_scheduledrun",
    ),
    Cap.AUDIT_READ: (
        "audit.view_accesslog",
        "audit.view_authevent",
        "audit.view_auditpurge",
    ),
}


def capability_duties(capabilities: Iterable[str]) -> set[str]:
    return {DUTY_OF_CAPABILITY[c] for c in capabilities or () if c in DUTY_OF_CAPABILITY}


def role_duties(role) -> set[str]:
    return capability_duties(role.capabilities)


def user_capabilities(user) -> set[str]:
    """Every capability of every membership the user holds (closed offices included: a grant
    on a closed office still says which side the person stands on)."""
    if user is None or user.pk is None:
        return set()
    caps: set[str] = set()
    for capabilities in user.memberships.values_list("role__capabilities", flat=True):
        caps.update(capabilities or ())
    return caps


def user_duties(user) -> set[str]:
    return capability_duties(user_capabilities(user))


def is_administrator(user) -> bool:
    return Duty.ADMINISTRATION in user_duties(user)


def may_enter_admin(user) -> bool:
    """The Django admin (系统管理后台) is for administrators and auditors (and a superuser made
    on the server's shell); `is_staff` is not consulted."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user_duties(user) & {Duty.ADMINISTRATION, Duty.AUDIT})


def admin_permissions(user) -> set[str]:
    """The Django admin permissions the user's roles bring."""
    perms: set[str] = set()
    for capability in user_capabilities(user):
        perms.update(ADMIN_PERMISSIONS.get(capability, ()))
    return perms


def duty_names(duties: Iterable[str]) -> str:
    labels = dict(Duty.choices)
    return "、".join(str(labels[d]) for d in Duty.values if d in set(duties))


def mixed_duties_message(duties: set[str]) -> str:
    return _(
        "三权分立：同一用户只能承担系统管理、安全审计、业务办理中的一种职责，"
        "授权后该用户将同时承担%(duties)s。"
    ) % {"duties": duty_names(duties)}


def own_memberships_message() -> str:
    return _("三权分立：不能授予、修改或撤销自己的任职授权，须由另一名系统管理员办理。")


def past_duties(user) -> set[str]:
    """The duties of every role the user has ever held (the membership history)."""
    if user is None or user.pk is None:
        return set()
    role_ids = set(Membership.history.filter(user_id=user.pk).values_list("role_id", flat=True))
    role_ids |= set(user.memberships.values_list("role_id", flat=True))
    duties: set[str] = set()
    for capabilities in Role.objects.filter(pk__in=role_ids).values_list("capabilities", flat=True):
        duties |= capability_duties(capabilities)
    return duties


def check_roles(user, roles: Iterable, *, actor) -> None:
    """Refuse a set of roles for `user` (all they will hold after the change) that breaks the
    rule, or a change `actor` makes to their own memberships. Raises ValidationError on "role".

    An account keeps its duty for life: one that has ever held a role of another duty (per the
    membership history) is refused too — a person who changes duty gets a new account, so that
    no account carries an administrator's past into business records, or the reverse.
    """
    if actor is not None and user is not None and user.pk is not None and actor.pk == user.pk:
        raise ValidationError({"role": own_memberships_message()}, code="own_memberships")
    duties: set[str] = set()
    for role in roles:
        duties |= role_duties(role)
    if len(duties) > 1:
        raise ValidationError({"role": mixed_duties_message(duties)}, code="mixed_duties")
    past = past_duties(user) - duties
    if duties and past:
        message = _(
            "三权分立：该用户曾承担%(past)s职责，不能再授予%(new)s职责的角色；"
            "如需变更职责，请另建账户。"
        ) % {"past": duty_names(past), "new": duty_names(duties)}
        raise ValidationError({"role": message}, code="past_duty")


def check_grant(*, actor, user, role, replacing=None) -> None:
    """One more membership (or one changed: `replacing` is the membership being changed)."""
    others = user.memberships.select_related("role") if user.pk else []
    roles = [m.role for m in others if replacing is None or m.pk != replacing.pk]
    check_roles(user, [*roles, role], actor=actor)


def may_change_account(actor, user) -> bool:
    """An administrator manages accounts, but never a superuser's (whose password he could
    otherwise set and use): that account is kept from the server's shell."""
    if user is None:
        return True
    return not user.is_superuser or bool(actor and actor.is_superuser)


def granted_by(user, granter, capability: str) -> bool:
    """Did `granter` grant `user` a role with `capability` (created or changed one of their
    memberships, per the membership history)? A second administrator whom the first one made
    is not a second person for the two-person rule."""
    if user is None or granter is None:
        return False
    role_ids = Membership.history.filter(
        user_id=user.pk, history_user_id=granter.pk, history_type__in=["+", "~"]
    ).values_list("role_id", flat=True)
    return any(
        capability in (caps or ())
        for caps in Role.objects.filter(pk__in=list(role_ids)).values_list(
            "capabilities", flat=True
        )
    )
