"""The API's own purpose and the kinds of agencies.

A purpose (用途) names one exchange; every endpoint declares the purpose it serves, and a client
without it gets 403. The statistics exchange is the API's own; a line declares the purposes of its
exchanges in its line.py (`Line.api_purposes`), and `sifa.api.purposes` collects them all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

READ_STATISTICS = "read_statistics"
OWN_PURPOSES = ((READ_STATISTICS, _("读取统计数据")),)


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
