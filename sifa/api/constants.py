"""Purposes (用途) an agency client may be granted, and the kinds of agencies.

A purpose names one exchange; every endpoint declares the purpose it serves, and a client
without it gets 403. Adding an exchange adds a purpose here (and a line in docs/api.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    COMMISSION_ASSESSMENT = "commission_assessment", _("委托调查评估")
    NOTIFY_JUDGMENT = "notify_judgment", _("送达判决、裁定、决定（社区矫正交付）")
    NOTIFY_DEFENCE = "notify_defence", _("通知法律援助（通知辩护/代理）")
    NOTIFY_RELEASE = "notify_release", _("刑满释放通知")
    SUBMIT_CHECKIN = "submit_checkin", _("提交定位签到")
    READ_STATISTICS = "read_statistics", _("读取统计数据")


class AgencyKind(models.TextChoices):
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    POLICE = "police", _("公安机关")
    PRISON = "prison", _("监狱")
    DETENTION = "detention", _("看守所")
    CHECKIN_APP = "checkin_app", _("定位签到客户端")
    PLATFORM = "platform", _("上级平台")
    OTHER = "other", _("其他")


# The role every client's service account holds on its scope office (orgs 0005): it may read
# and write business records there, like a clerk; the purposes then narrow what the API lets it
# do and see. A minor's records are in reach because courts send minors' judgments too.
CLIENT_ROLE = "api_client"
