"""Choices and code tables of legal publicity and rule-of-law building (普法与依法治理,
DOMAIN §7; docs/publicity.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.sifa_settings import default
from sifa.core.seed_codes import SeedList

LINE = "publicity"

# The pass mark of a law exam (学法考试), [M] commonly 60 (DOMAIN §7): the default of the setting
# SIFA_PUBLICITY_EXAM_PASS_MARK, copied onto each exam when it is registered.
PASS_MARK = default("SIFA_PUBLICITY_EXAM_PASS_MARK")

# 法治副校长 (教育部令第52号, DOMAIN §7): the term ([M] 3 years) and the class hours a year (4)
# are the settings SIFA_PUBLICITY_VP_TERM_YEARS and SIFA_PUBLICITY_VP_MIN_HOURS.
# 教育部令第52号: one person serves at most two schools; a school has 1 and at most 5.
VP_SCHOOLS_PER_PERSON = 2
VP_PER_SCHOOL_MAX = 5

THEME_CODE_LIST = "publicity_theme"
# 普法活动主题 [M]: the campaigns of the national calendar (DOMAIN §7: 宪法宣传周 around 12月4日,
# 民法典宣传月 in May) and the usual "法律进…" themes; an administrator adds local ones.
THEMES = SeedList(
    key=THEME_CODE_LIST,
    name="普法活动主题",
    source="[M] DOMAIN §7（宪法宣传周、民法典宣传月）及各地普法工作通行主题；待当地核对",
    description="普法活动的主题；统计按主题汇总活动场次、受众人数和发放资料。",
    items=(
        ("constitution", "宪法宣传（宪法宣传周、宪法进万家）"),
        ("civil_code", "民法典宣传月"),
        ("law_campus", "法律进校园"),
        ("law_village", "法律进乡村"),
        ("law_community", "法律进社区"),
        ("law_enterprise", "法律进企业"),
        ("law_organ", "法律进机关"),
        ("hotline_12348", "12348法润千万家"),
        ("safety", "安全生产月"),
        ("anti_fraud", "反诈宣传"),
        ("other", "其他"),
    ),
)


class PlanKind(models.TextChoices):
    FIVE_YEAR = "five_year", _("五年普法规划")
    YEARLY = "yearly", _("年度普法工作要点")


class UnitKind(models.TextChoices):
    PARTY_GOVERNMENT = "party_government", _("党政机关")
    LAW_ENFORCEMENT = "law_enforcement", _("行政执法部门")
    JUDICIAL = "judicial", _("司法机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    SCHOOL = "school", _("学校")
    OTHER = "other", _("其他")


class Grade(models.TextChoices):
    """履职评议 grades [M]: the four grades of the usual 普法责任制 evaluation."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class Audience(models.TextChoices):
    VILLAGERS = "villagers", _("村(居)民")
    STUDENTS = "students", _("学生")
    WORKERS = "workers", _("企业职工")
    LEADERS = "leaders", _("领导干部")
    PUBLIC_SERVANTS = "public_servants", _("国家工作人员")
    SPECIAL_GROUPS = "special_groups", _("特殊群体")
    MIGRANT_WORKERS = "migrant_workers", _("农民工")
    GENERAL = "general", _("社会公众")


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("海报")
    LEAFLET = "leaflet", _("宣传单")
    BOOKLET = "booklet", _("宣传册")
    BOOK = "book", _("法律书籍")
    OTHER = "other", _("其他资料")


POSTERS_AND_LEAFLETS = (MaterialKind.POSTER, MaterialKind.LEAFLET)


class ExamKind(models.TextChoices):
    ANNUAL = "annual", _("年度学法考试")
    PRE_APPOINTMENT = "pre_appointment", _("任前法律知识考试")
    OTHER = "other", _("其他学法考试")


class MediaLevel(models.TextChoices):
    """信息宣传: the level of the outlet that published an article."""

    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class DispatchOrgan(models.TextChoices):
    """法治副校长的派出机关 (教育部令第52号)."""

    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    POLICE = "police", _("公安机关")
    JUSTICE = "justice", _("司法行政部门")


class VpAudience(models.TextChoices):
    STUDENTS = "students", _("学生")
    TEACHERS = "teachers", _("教职工")
    PARENTS = "parents", _("家长")
    MIXED = "mixed", _("师生及家长")


class TitleLevel(models.TextChoices):
    """民主法治示范村(社区) 的命名级别."""

    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class TitleStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("撤销")
    CANCELLED = "cancelled", _("注销")


class ReviewOutcome(models.TextChoices):
    """复核结论: 保留 keeps the title, 撤销 and 注销 end it on the review date."""

    KEPT = "kept", _("保留")
    REVOKED = "revoked", _("撤销")
    CANCELLED = "cancelled", _("注销")


# 示范村(社区) are named and reviewed every two years (DOMAIN §7).
REVIEW_EVERY_YEARS = 2
