"""Office kinds (机构类型), their sub-types, and the region-code length each kind carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    JUSTICE_BUREAU = "justice_bureau", _("司法局")
    JUDICIAL_OFFICE = "judicial_office", _("司法所")
    SERVICE_STATION = "service_station", _("村(社区)司法行政服务站")
    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
    DISPUTE_CENTER = "dispute_center", _("矛盾纠纷调处中心")
    LEGAL_AID_CENTER = "legal_aid_center", _("法律援助中心")
    LEGAL_AID_WORKSTATION = "legal_aid_workstation", _("法律援助工作站")
    LEGAL_AID_LIAISON = "legal_aid_liaison", _("法律援助联络点")
    CORRECTIONS_INSTITUTION = "corrections_institution", _("社区矫正机构")
    PLS_CENTER = "pls_center", _("公共法律服务中心")
    PLS_STATION = "pls_station", _("公共法律服务工作站")
    # Supervised practice institutions (DOMAIN §1.1, §6.1, §6.2): offices of the tree under the
    # bureau that supervises them, so that their own accounts see only their own records.
    LAW_FIRM = "law_firm", _("律师事务所")
    LEGAL_SERVICE_OFFICE = "legal_service_office", _("基层法律服务所")
    NOTARY_OFFICE = "notary_office", _("公证机构")  # DOMAIN §6.3
    FORENSIC_INSTITUTION = "forensic_institution", _("司法鉴定机构")  # DOMAIN §6.4


class MediationCommitteeType(models.TextChoices):
    """调委会类型 as used in statistics (DOMAIN §2.2, S-PML Arts 8, 34)."""

    VILLAGE = "village", _("村调委会")
    COMMUNITY = "community", _("居(社区)调委会")
    TOWNSHIP = "township", _("乡镇调委会")
    STREET = "street", _("街道调委会")
    ENTERPRISE = "enterprise", _("企事业单位调委会")
    PROFESSIONAL = "professional", _("行业性专业性调委会")
    SOCIAL = "social", _("社会团体和其他组织调委会")


class LegalAidStationHost(models.TextChoices):
    """Where a legal-aid workstation sits (法律援助法 第13条)."""

    TOWNSHIP = "township", _("乡镇(街道)")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    DETENTION_CENTER = "detention_center", _("看守所")
    TRADE_UNION = "trade_union", _("工会")
    WOMENS_FEDERATION = "womens_federation", _("妇联")
    YOUTH_LEAGUE = "youth_league", _("共青团")
    DISABLED_FEDERATION = "disabled_federation", _("残联")
    OTHER = "other", _("其他")


# Which sub-type choices a kind takes; kinds not listed take none.
SUBTYPES_BY_KIND = {
    OfficeKind.MEDIATION_COMMITTEE: MediationCommitteeType,
    OfficeKind.LEGAL_AID_WORKSTATION: LegalAidStationHost,
}

# GB/T 2260 (6 digits: province/prefecture/county), GB/T 10114 (9: township),
# 统计用区划代码 (12: village). Offices that sit at a level carry that level's code.
REGION_CODE_LENGTHS = {
    OfficeKind.JUSTICE_BUREAU: {6},
    OfficeKind.JUDICIAL_OFFICE: {9},
    OfficeKind.SERVICE_STATION: {12},
    OfficeKind.CORRECTIONS_INSTITUTION: {6},
    OfficeKind.DISPUTE_CENTER: {6, 9},
    OfficeKind.LEGAL_AID_CENTER: {6},
    OfficeKind.PLS_CENTER: {6},
}
DEFAULT_REGION_CODE_LENGTHS = {6, 9, 12}

# The code list (字典) of staff posts (岗位) and the post code of a people's mediator.
STAFF_POST_CODE_LIST = "staff_post"
MEDIATOR_POST = "mediator"
