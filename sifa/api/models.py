"""Agency clients of the data-sharing API (接口客户端), their request log and idempotency keys.

* `ApiClient`: one external agency (a court, a procuratorate, a prison, the check-in app, a
  higher platform) with its own bearer token (stored only as a SHA-256 hash), bound to an
  office scope (`office`: its subtree) and to purposes. It acts through a service account
  (`user`) holding the `api_client` role on that office, so every action's access rules apply
  to it exactly as to a clerk.
* `ApiRequestLog`: every request: client, purpose, method, path, result, the records touched.
* `IdempotencyKey`: the answer to a write sent with an `Idempotency-Key` header, replayed when
  the same key comes again (a retried notice creates nothing twice).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.api.constants import AgencyKind
from sifa.audit.models import AppendOnlyModel
from sifa.core.clock import second_text
from sifa.core.models import TimeStampedModel
from sifa.orgs import access


class ApiClient(TimeStampedModel):
    """An agency's credentials, scope and purposes (接口客户端).

    Like a `Membership`, it is an account's grant on an office, not a business record of that
    office: it is not an OfficeOwnedModel (the API authenticates by looking it up by token).
    """

    office = models.ForeignKey(
        "orgs.Office", verbose_name=_("范围机构"), on_delete=models.PROTECT, related_name="+"
    )
    office_field = "office"

    name = models.CharField(_("客户端名称"), max_length=100, unique=True)
    agency_kind = models.CharField(_("机关类型"), max_length=20, choices=AgencyKind.choices)
    purposes = models.JSONField(_("用途"), default=list)  # purpose codes (sifa.api.purposes)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务账号"),
        on_delete=models.PROTECT,
        related_name="api_client",
    )
    token_prefix = models.CharField(_("令牌前缀"), max_length=12, db_index=True)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    token_issued_at = models.DateTimeField(_("令牌签发时间"))
    rate_per_minute = models.PositiveIntegerField(_("每分钟请求上限"), default=120)
    active = models.BooleanField(_("启用"), default=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = verbose_name_plural = _("接口客户端")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_purpose(self, purpose: str) -> bool:
        return purpose in (self.purposes or [])

    def purpose_labels(self) -> list[str]:
        from sifa.api.purposes import purpose_label  # the registry is read once apps are ready

        return [purpose_label(p) for p in self.purposes or []]


class ApiRequestLog(AppendOnlyModel):
    """One API request (接口调用日志); rows are never changed or deleted by the application."""

    client = models.ForeignKey(
        ApiClient,
        verbose_name=_("客户端"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(_("用途"), max_length=40, blank=True)
    method = models.CharField(_("方法"), max_length=10)
    path = models.CharField(_("路径"), max_length=300)
    status = models.PositiveSmallIntegerField(_("结果状态码"))
    records = models.JSONField(_("涉及记录"), default=list)  # ["app.model:pk", ...]
    idempotency_key = models.CharField(_("幂等键"), max_length=100, blank=True)
    replayed = models.BooleanField(_("重放"), default=False)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = verbose_name_plural = _("接口调用日志")

    def __str__(self):
        return f"{second_text(self.at)} {self.client} {self.method} {self.path} {self.status}"


class IdempotencyKey(models.Model):
    """The stored answer of a write sent with an `Idempotency-Key` (接口幂等键)."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("客户端"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("幂等键"), max_length=100)
    method = models.CharField(_("方法"), max_length=10)
    path = models.CharField(_("路径"), max_length=300)
    request_hash = models.CharField(_("请求摘要"), max_length=64)
    status = models.PositiveSmallIntegerField(_("结果状态码"))
    response = models.JSONField(_("应答"), default=dict)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("接口幂等键")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="one_answer_per_key")]

    def __str__(self):
        return f"{self.client} {self.key}"


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

access.register_policy(ApiClient, access.AccessPolicy(office="office", line="api"))
