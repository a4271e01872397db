"""Request and response bodies of the resettlement exchange (刑满释放通知).

The request is checked field by field with Chinese messages; the rules of the notice (a valid
司法所, the ID number's check digit, the same release received once …) are the action's
(`sifa.resettlement.actions.persons.release_notice_receive`). The answer names the record and
its status only.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

EARLIEST_RELEASE = datetime.date(1950, 1, 1)


class ReleaseNoticeIn(serializers.Serializer):
    """刑满释放人员通知书."""

    office_code = serializers.CharField(
        max_length=20,
        help_text=_("接收的司法所（释放人员居住地）的机构编码，须在本客户端范围内。"),
    )
    name = serializers.CharField(max_length=50, help_text=_("释放人员姓名"))
    id_number = serializers.CharField(
        max_length=40, help_text=_("释放人员的居民身份证号码，用于查找或登记人员。")
    )
    released_on = serializers.DateField(help_text=_("释放日期（YYYY-MM-DD）"))
    prison = serializers.CharField(max_length=100, help_text=_("释放单位（监狱）名称"))
    crime = serializers.CharField(max_length=100, help_text=_("罪名"))
    original_sentence = serializers.CharField(
        max_length=100, required=False, default="", help_text=_("原判刑罚，如“有期徒刑三年”")
    )
    certificate_number = serializers.CharField(
        max_length=60, required=False, default="", help_text=_("释放证明书编号")
    )
    key_person = serializers.BooleanField(default=False, help_text=_("是否建议列为重点帮教对象"))
    key_reason = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        help_text=_("列为重点帮教对象的理由；不填时记为“监狱通知列为重点帮教对象”。"),
    )

    def validate_released_on(self, value: datetime.date) -> datetime.date:
        # A prison may notify before the release day, but not years ahead; a date out of any
        # plausible range is a typing error (and the five years of assistance must fit a date).
        latest = timezone.localdate() + datetime.timedelta(days=366)
        if not EARLIEST_RELEASE <= value <= latest:
            raise serializers.ValidationError(
                _("释放日期应在 %(earliest)s 至 %(latest)s 之间。")
                % {"earliest": EARLIEST_RELEASE.isoformat(), "latest": latest.isoformat()}
            )
        return value


class ReleaseNoticeOut(serializers.Serializer):
    """The record a notice opened, and its status (已收到通知 / 已衔接 / 未衔接 / 帮教结束)."""

    id = serializers.IntegerField(help_text=_("安置帮教记录编号（查询时使用）"))
    status = serializers.CharField(
        help_text=_(
            "状态：notified 已收到释放通知，connected 已衔接，not_connected 未衔接（下落不明），"
            "ended 帮教结束"
        ),
    )
    status_label = serializers.CharField(source="get_status_display", help_text=_("状态名称"))


class ReleaseNoticeReceivedOut(ReleaseNoticeOut):
    created = serializers.BooleanField(
        help_text=_("true：本次新登记；false：该人员的本次释放已登记过（返回已有记录）")
    )
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("提醒（如通知中的姓名与人员信息库登记的不一致），无则为空列表"),
    )
