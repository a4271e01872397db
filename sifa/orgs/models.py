"""The organisation tree (机构树), roles, memberships and the staff roster."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from sifa.core.models import OfficeOwnedModel, TimeStampedModel, kept_link
from sifa.orgs.constants import (
    DEFAULT_REGION_CODE_LENGTHS,
    REGION_CODE_LENGTHS,
    STAFF_POST_CODE_LIST,
    SUBTYPES_BY_KIND,
    OfficeKind,
)


class Office(MP_Node):
    """One office of the tree: a bureau, a judicial office, a station, a committee, a centre …

    Materialized path (`path`): an office's subtree is every row whose path starts with its
    path, which is how `sifa.orgs.access` scopes records.
    """

    code = models.CharField(_("机构编码"), max_length=32, unique=True)
    name = models.CharField(_("机构名称"), max_length=100)
    # 机关代字 of its document numbers (〔2026〕丰司援决字第0001号); empty: the nearest office
    # above it with one, else derived from the bureau's name (sifa.core.numbering.office_abbr).
    short_name = models.CharField(_("简称（机关代字）"), max_length=20, blank=True)
    kind = models.CharField(_("机构类型"), max_length=32, choices=OfficeKind.choices, db_index=True)
    subtype = models.CharField(_("类型细分"), max_length=32, blank=True, db_index=True)
    region_code = models.CharField(_("行政区划代码"), max_length=12, db_index=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    node_order_by = ["code"]

    class Meta:
        verbose_name = verbose_name_plural = _("机构")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        code = self.region_code or ""
        allowed = REGION_CODE_LENGTHS.get(self.kind, DEFAULT_REGION_CODE_LENGTHS)
        if not code.isdigit() or len(code) not in allowed:
            lengths = "、".join(str(n) for n in sorted(allowed))
            errors["region_code"] = _("%(kind)s的行政区划代码应为%(lengths)s位数字。") % {
                "kind": self.get_kind_display(),
                "lengths": lengths,
            }
        subtypes = SUBTYPES_BY_KIND.get(self.kind)
        if subtypes is None and self.subtype:
            errors["subtype"] = _("该机构类型没有类型细分。")
        elif subtypes is not None and self.subtype not in subtypes.values:
            errors["subtype"] = _("请选择%(kind)s的类型。") % {"kind": self.get_kind_display()}
        if errors:
            raise ValidationError(errors)

    def parent_errors(self, parent: "Office") -> dict[str, str]:
        """Consistency of this office's region code with its parent's (上级机构).

        Codes nest by prefix (GB/T 2260 county, GB/T 10114 township, 统计用区划代码 village):
        a township or village office sits inside its parent's area; two county-level codes
        must at least share the province (first two digits).
        """
        code, parent_code = self.region_code or "", parent.region_code or ""
        if not code.isdigit() or not parent_code.isdigit():
            return {}
        if len(code) in (9, 12) and len(parent_code) < len(code):
            if not code.startswith(parent_code):
                message = _("行政区划代码应以上级机构“%(parent)s”的行政区划代码%(code)s开头。")
                return {"region_code": message % {"parent": parent.name, "code": parent_code}}
        elif len(code) == 6 and len(parent_code) == 6 and code[:2] != parent_code[:2]:
            message = _("行政区划代码应与上级机构“%(parent)s”同属一个省份（前两位为%(prefix)s）。")
            return {"region_code": message % {"parent": parent.name, "prefix": parent_code[:2]}}
        return {}

    def get_absolute_url(self) -> str:
        return reverse("orgs:office_detail", args=[self.pk])

    def get_subtype_display(self) -> str:
        subtypes = SUBTYPES_BY_KIND.get(self.kind)
        if subtypes is None or not self.subtype:
            return ""
        return dict(subtypes.choices).get(self.subtype, self.subtype)


class Role(models.Model):
    """A role (角色) and the capabilities it grants on the offices where it is held.

    `lines` are the business lines (keys of the installed line apps) in which its record
    capabilities apply; an empty list grants no business record at all (administrative roles).
    """

    key = models.SlugField(_("键"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    capabilities = models.JSONField(_("权限"), default=list, blank=True)
    lines = models.JSONField(_("业务条线"), default=list, blank=True)
    requires_two_factor = models.BooleanField(_("强制双因素认证"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Membership(TimeStampedModel):
    """A user holds a role on an office; the grant covers the office and everything under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("角色"), on_delete=models.PROTECT, related_name="memberships"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("任职授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"], name="orgs_membership_unique_grant"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.office}：{self.role}"


class StaffMember(OfficeOwnedModel):
    """A person serving in an office (工作人员, 调解员 …) for a period: the staff roster.

    `post` is a code of the `staff_post` code list (e.g. 调解员, 司法所长). A person who
    serves in two offices has two rows. Stock figures count rows valid at the period end.
    """

    person = kept_link("people.Person", _("人员"), related_name="posts")
    post = models.CharField(_("岗位"), max_length=32, db_index=True)
    code_lists = {"post": STAFF_POST_CODE_LIST}
    full_time = models.BooleanField(_("专职"), default=False)
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("工作人员")
        indexes = [models.Index(fields=["post", "start_date"])]

    def __str__(self):
        # The post's name lives in a code table; lists show it in its own column.
        return str(self.person)

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("离任日期不能早于任职日期。")})
