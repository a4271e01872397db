"""Kinds, states and licence-number rules of the supervised practice registers: lawyers and law
firms, grassroots legal services, notaries and notary offices, forensic appraisers and institutions
(律师和基层法律服务, 公证, 司法鉴定; DOMAIN §6.1–§6.4; docs/practice.md).

The registers are one: a notary office or a forensic institution is an `Institution` of its own
category, a notary or an appraiser a `Practitioner`, so that the institutions' own accounts,
complaints, sanctions and integrity files serve every category; the notary and forensic lines
keep their business (notarisations, appraisal cases) in their own apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "practice"  # the line key (Role.lines, access policies)


class Category(models.TextChoices):
    """Which register an institution (and its practitioners) belongs to."""

    LAW_FIRM = "law_firm", _("律师事务所")
    LEGAL_SERVICE_OFFICE = "legal_service_office", _("基层法律服务所")
    NOTARY_OFFICE = "notary_office", _("公证机构")
    FORENSIC_INSTITUTION = "forensic_institution", _("司法鉴定机构")


# The office kind (orgs.constants.OfficeKind) of each category's institution offices.
OFFICE_KIND = {
    Category.LAW_FIRM: "law_firm",
    Category.LEGAL_SERVICE_OFFICE: "legal_service_office",
    Category.NOTARY_OFFICE: "notary_office",
    Category.FORENSIC_INSTITUTION: "forensic_institution",
}

# 统一社会信用代码 (GB 32100-2015) digits 1–2 of a practice institution: 3 = 司法行政 registers it,
# then the category: 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构.
LICENCE_PREFIX = {
    Category.LAW_FIRM: "31",
    Category.NOTARY_OFFICE: "32",
    Category.LEGAL_SERVICE_OFFICE: "33",
    Category.FORENSIC_INSTITUTION: "34",
}

# What a practitioner of each register is called (律师, 公证员 …).
PRACTITIONER_NOUN = {
    Category.LAW_FIRM: _("律师"),
    Category.LEGAL_SERVICE_OFFICE: _("基层法律服务工作者"),
    Category.NOTARY_OFFICE: _("公证员"),
    Category.FORENSIC_INSTITUTION: _("司法鉴定人"),
}


class FirmKind(models.TextChoices):
    """律师法 第14–16, 20条: the organisation form of a law firm."""

    PARTNERSHIP = "partnership", _("合伙律师事务所")
    INDIVIDUAL = "individual", _("个人律师事务所")
    STATE_FUNDED = "state_funded", _("国家出资设立的律师事务所")


class InstitutionStatus(models.TextChoices):
    NORMAL = "normal", _("正常")
    SUSPENDED = "suspended", _("停业整顿")
    DISSOLVED = "dissolved", _("注销")


INSTITUTION_TRANSITIONS: dict[str, set[str]] = {
    InstitutionStatus.NORMAL: {InstitutionStatus.SUSPENDED, InstitutionStatus.DISSOLVED},
    InstitutionStatus.SUSPENDED: {InstitutionStatus.NORMAL, InstitutionStatus.DISSOLVED},
    InstitutionStatus.DISSOLVED: set(),
}


class PractitionerKind(models.TextChoices):
    """律师类别 (律师法 第11–12条; 公职、公司律师 per 司法部 2018 rules) — workers are 专职/兼职."""

    FULL_TIME = "full_time", _("专职")
    PART_TIME = "part_time", _("兼职")
    COMPANY = "company", _("公司律师")
    PUBLIC = "public", _("公职律师")


# Which kinds each register takes.
KINDS_OF = {
    Category.LAW_FIRM: {k.value for k in PractitionerKind},
    Category.LEGAL_SERVICE_OFFICE: {PractitionerKind.FULL_TIME, PractitionerKind.PART_TIME},
    # 公证法 第18–20条: a notary practises full time at one notary office.
    Category.NOTARY_OFFICE: {PractitionerKind.FULL_TIME},
    # 司法鉴定人: full-time or part-time at one institution [M] (司法鉴定人登记管理办法).
    Category.FORENSIC_INSTITUTION: {PractitionerKind.FULL_TIME, PractitionerKind.PART_TIME},
}


class PractitionerStatus(models.TextChoices):
    PRACTISING = "practising", _("执业")
    SUSPENDED = "suspended", _("停止执业")
    CANCELLED = "cancelled", _("注销")


# A licence counts as held (one person, one held licence) while practising or suspended.
HELD = (PractitionerStatus.PRACTISING, PractitionerStatus.SUSPENDED)


class MatterCategory(models.TextChoices):
    """业务登记台账: the kind of matter a row records."""

    LITIGATION = "litigation", _("诉讼")
    NON_LITIGATION = "non_litigation", _("非诉讼")
    ADVISER = "adviser", _("常年法律顾问")


class LitigationType(models.TextChoices):
    CIVIL = "civil", _("民事")
    CRIMINAL = "criminal", _("刑事")
    ADMINISTRATIVE = "administrative", _("行政")


class ClientKind(models.TextChoices):
    """Who the client is; an adviser's client is an enterprise, a village/community or an organ."""

    PERSON = "person", _("自然人")
    ENTERPRISE = "enterprise", _("企业")
    VILLAGE = "village", _("村(社区)")
    ORGAN = "organ", _("机关事业单位")
    OTHER = "other", _("其他组织")


ADVISER_CLIENTS = (ClientKind.ENTERPRISE, ClientKind.VILLAGE, ClientKind.ORGAN, ClientKind.OTHER)
