"""The integrity file (诚信档案) of institutions and practitioners and its public subset
(issue 18 item 5; docs/practice.md "Integrity file and public page")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RewardLevel(models.TextChoices):
    """表彰奖励: the level of the body that gave it."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    ASSOCIATION = "association", _("律师协会/行业协会")
    OTHER = "other", _("其他")


class PublicServiceKind(models.TextChoices):
    """公益法律服务 recorded on the file (the village advisers' logs are counted apart)."""

    CONSULTATION = "consultation", _("公益法律咨询")
    EDUCATION = "education", _("法治宣传")
    REPRESENTATION = "representation", _("公益诉讼和公益代理")
    MEDIATION = "mediation", _("参与人民调解")
    PETITION = "petition", _("参与信访接待")
    VOLUNTEER = "volunteer", _("法律服务志愿活动")
    OTHER = "other", _("其他")


class PublicField(models.TextChoices):
    """What the public page may show besides the name (SIFA_PRACTICE_PUBLIC_FIELDS)."""

    LICENCE_NUMBER = "licence_number", _("执业（许可）证号")
    CATEGORY = "category", _("类别")
    INSTITUTION = "institution", _("执业机构")
    STATUS = "status", _("执业状态")
    LICENSED_ON = "licensed_on", _("执业（设立）日期")
    HEAD_NAME = "head_name", _("负责人")
    ADDRESS = "address", _("机构住所")
    INSPECTION = "inspection", _("年度检查考核结果")
    ASSESSMENT = "assessment", _("律师执业年度考核结果")
    SANCTIONS = "sanctions", _("行政处罚和行业处分")
    COMPLAINTS = "complaints", _("经查实并决定公开的投诉")
    REWARDS = "rewards", _("表彰奖励")
    PUBLIC_SERVICE = "public_service", _("公益法律服务")
    LEGAL_AID = "legal_aid", _("承办法律援助案件数")
