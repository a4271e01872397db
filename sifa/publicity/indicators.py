"""Figures of legal publicity and rule-of-law building (普法与依法治理), DOMAIN §7; one
definition each (docs/publicity.md gives the 口径 and the decisions).

* Events count by their start date (`started_on`); participants and materials are the sums of
  the events' numbers, by the same date. 宣传单、海报 are the materials of those two kinds.
* 参加年度学法考试人数 counts the results (one per person and exam) of the exams of kind 年度
  学法考试, by the date the person sat it; 任前法律知识考试 the same for that kind. A result
  passed when its score reached its exam's pass mark (SIFA_PUBLICITY_EXAM_PASS_MARK when the
  exam was registered).
* 在编在岗人数 is the sum of the units' rosters of the years starting in the period (a unit's
  year counts on 1 January), the base of 参考率 (takers ÷ roster) — by unit in the breakdown.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.sifa_settings import sifa_setting
from sifa.core.codes import code_labels
from sifa.orgs.constants import OfficeKind
from sifa.publicity.constants import (
    POSTERS_AND_LEAFLETS,
    THEME_CODE_LIST,
    Audience,
    DispatchOrgan,
    ExamKind,
    Grade,
    MaterialKind,
    MediaLevel,
    ReviewOutcome,
    TitleLevel,
    UnitKind,
    VpAudience,
)
from sifa.publicity.models import (
    Appointment,
    AppointmentYear,
    Article,
    Event,
    EventMaterial,
    ExamResult,
    Inspection,
    LawSavvy,
    SchoolCover,
    TitleReview,
    Unit,
    UnitYear,
    VillageFile,
    VillageTitle,
    VpActivity,
)
from sifa.stats.registry import STOCK, Breakdown, IndicatorFamily

LINE = _("普法与依法治理")
TIMES, PERSONS, COPIES, UNITS = _("场次"), _("人"), _("份"), _("个")


def _themes():
    return code_labels(THEME_CODE_LIST)


BY_THEME = Breakdown("theme", _("按活动主题"), "theme", _themes)
BY_AUDIENCE = Breakdown("audience", _("按受众类别"), "audience", dict(Audience.choices))
BY_OFFICE = Breakdown("office", _("按登记机构"), "office")
BY_OFFICE_KIND = Breakdown("office_kind", _("按机构类型"), "office__kind", dict(OfficeKind.choices))
EVENT_BREAKDOWNS = (BY_THEME, BY_AUDIENCE, BY_OFFICE, BY_OFFICE_KIND)

BY_MATERIAL = Breakdown("kind", _("按资料类别"), "kind", dict(MaterialKind.choices))
BY_EVENT_THEME = Breakdown("theme", _("按活动主题"), "event__theme", _themes)
MATERIAL_BREAKDOWNS = (BY_MATERIAL, BY_EVENT_THEME, BY_OFFICE)

BY_UNIT = Breakdown("unit", _("按单位"), "unit")
BY_UNIT_KIND = Breakdown("unit_kind", _("按单位类别"), "unit__kind", dict(UnitKind.choices))
BY_EXAM = Breakdown("exam", _("按考试"), "exam")
BY_PASSED = Breakdown("passed", _("按是否合格"), "passed")
RESULT_BREAKDOWNS = (BY_EXAM, BY_UNIT, BY_UNIT_KIND, BY_PASSED, BY_OFFICE)
BY_GRADE = Breakdown("grade", _("按评议等次"), "grade", dict(Grade.choices))

FAMILY = IndicatorFamily("publicity", LINE)


def events():
    return Event.objects.select_related("office", "unit")


def materials():
    return EventMaterial.objects.select_related("event", "office")


def results():
    return ExamResult.objects.select_related("exam", "unit", "person", "office")


def unit_years():
    return UnitYear.objects.select_related("unit", "office")


# --- events -----------------------------------------------------------------------------------

FAMILY.flow(
    "events", _("普法活动场次"), TIMES,
    _("开始日期（started_on）在期内的普法活动，含各级司法局、司法所和村(社区)登记的。"),
    events, "started_on", 10, EVENT_BREAKDOWNS,
)  # fmt: skip
FAMILY.flow(
    "participants", _("普法活动参加人数"), PERSONS,
    _("开始日期在期内的普法活动登记的参加人数之和（人次，同一人参加多场计多次）。"),
    events, "started_on", 11, EVENT_BREAKDOWNS, sum_field="participants",
)  # fmt: skip
FAMILY.flow(
    "materials", _("发放普法资料份数"), COPIES,
    _("开始日期在期内的普法活动登记的各类资料发放数量之和（海报、宣传单、宣传册、法律书籍等）。"),
    materials, "event__started_on", 12, MATERIAL_BREAKDOWNS, sum_field="quantity",
)  # fmt: skip
FAMILY.flow(
    "posters_leaflets", _("发放宣传单、海报份数"), COPIES,
    _("发放普法资料份数中资料类别为“海报”或“宣传单”的；口径同发放普法资料份数。"),
    materials, "event__started_on", 13, MATERIAL_BREAKDOWNS, sum_field="quantity",
    where=Q(kind__in=POSTERS_AND_LEAFLETS),
)  # fmt: skip

# --- law exams --------------------------------------------------------------------------------

_ANNUAL = Q(exam__kind=ExamKind.ANNUAL)
FAMILY.flow(
    "exam_takers", _("参加年度学法考试人数"), PERSONS,
    _("考试类别为“年度学法考试”、考试日期（sat_on）在期内的考试成绩，一人一场考试一条。"),
    results, "sat_on", 20, RESULT_BREAKDOWNS, where=_ANNUAL,
)  # fmt: skip
FAMILY.flow(
    "exam_passed", _("年度学法考试合格人数"), PERSONS,
    _("参加年度学法考试人数中成绩达到该场考试合格分数线的。"),
    results, "sat_on", 21, RESULT_BREAKDOWNS, where=_ANNUAL & Q(passed=True),
)  # fmt: skip
FAMILY.ratio(
    "exam_pass_rate", _("年度学法考试合格率"), "exam_passed", "exam_takers",
    _("年度学法考试合格人数 ÷ 参加年度学法考试人数。"),
)  # fmt: skip
FAMILY.flow(
    "leaders_examined", _("新提任领导干部任前法律知识考试人数"), PERSONS,
    _("考试类别为“任前法律知识考试”、考试日期在期内的考试成绩。"),
    results, "sat_on", 23, RESULT_BREAKDOWNS, where=Q(exam__kind=ExamKind.PRE_APPOINTMENT),
)  # fmt: skip
FAMILY.flow(
    "roster_staff", _("责任单位在编在岗人数"), PERSONS,
    _("年度起始日（1月1日）在期内的单位年度普法责任登记的在编在岗人数之和：参考率的分母。"),
    unit_years, "year_start", 24, (BY_UNIT, BY_UNIT_KIND, BY_OFFICE), sum_field="staff",
)  # fmt: skip
FAMILY.ratio(
    "exam_participation_rate", _("年度学法考试参考率"), "exam_takers", "roster_staff",
    _("参加年度学法考试人数 ÷ 责任单位在编在岗人数（按单位分组时为各单位的参考率）。"),
)  # fmt: skip

# --- responsibility (谁执法谁普法) --------------------------------------------------------------

FAMILY.declare(
    "units", _("普法责任单位数"), UNITS,
    _("司法局普法责任单位名册中在册的单位（不分期间，按当前名册）。"),
    lambda: Unit.objects.select_related("office").filter(active=True), 30,
    (Breakdown("kind", _("按单位类别"), "kind", dict(UnitKind.choices)), BY_OFFICE),
    kind=STOCK, reported=False,
)  # fmt: skip
FAMILY.flow(
    "responsibility_lists", _("年度普法责任清单数"), UNITS,
    _("年度起始日在期内的单位年度普法责任登记（每单位每年一份责任清单）。"),
    unit_years, "year_start", 31, (BY_UNIT_KIND, BY_OFFICE),
)  # fmt: skip
FAMILY.flow(
    "self_reports", _("报送履职自查报告单位数"), UNITS,
    _("自查报告日期（reported_on）在期内的单位年度普法责任登记。"),
    unit_years, "reported_on", 32, (BY_UNIT_KIND, BY_OFFICE),
)  # fmt: skip
FAMILY.flow(
    "evaluations", _("履职评议单位数"), UNITS,
    _("评议日期（evaluated_on）在期内的单位年度普法责任登记，按评议等次分组。"),
    unit_years, "evaluated_on", 33, (BY_GRADE, BY_UNIT_KIND, BY_OFFICE),
)  # fmt: skip

# --- inspection and media ---------------------------------------------------------------------


def inspections():
    return Inspection.objects.select_related("office", "township", "unit")


FAMILY.flow(
    "inspected_townships", _("普法考核镇(街道)数"), UNITS,
    _("考核日期（inspected_on）在期内、被考核对象为镇(街道)（以其司法所登记）的普法考核。"),
    inspections, "inspected_on", 40, (Breakdown("township", _("按镇(街道)"), "township"),),
    where=Q(township__isnull=False),
)  # fmt: skip
FAMILY.flow(
    "inspected_units", _("普法考核单位数"), UNITS,
    _("考核日期在期内、被考核对象为普法责任单位的普法考核。"),
    inspections, "inspected_on", 41, (BY_UNIT, BY_UNIT_KIND, BY_OFFICE),
    where=Q(unit__isnull=False),
)  # fmt: skip
FAMILY.flow(
    "media_articles", _("媒体用稿篇数"), _("篇"),
    _("刊发日期（published_on）在期内的信息宣传用稿，各级媒体。"),
    lambda: Article.objects.select_related("office"), "published_on", 50,
    (Breakdown("level", _("按媒体级别"), "level", dict(MediaLevel.choices)), BY_OFFICE),
)  # fmt: skip


# --- 法治副校长 (教育部令第52号) -----------------------------------------------------------------
# Schools are the units of kind 学校 of the bureaus' registers (docs/publicity.md); "by
# township" is the school's 镇(街道), named by its 司法所.

BY_TOWNSHIP = Breakdown("township", _("按镇(街道)"), "school__township")
BY_SCHOOL = Breakdown("school", _("按学校"), "school")
BY_ORGAN = Breakdown("organ", _("按派出机关"), "organ", dict(DispatchOrgan.choices))


def schools():
    return Unit.objects.select_related("office", "township").filter(
        kind=UnitKind.SCHOOL, active=True
    )


def covers():
    return SchoolCover.objects.select_related("school", "office").filter(school__active=True)


def appointments():
    return Appointment.objects.select_related("school", "person", "office")


def vp_activities():
    return VpActivity.objects.select_related("appointment__school", "appointment__person", "office")


def appointment_years():
    return AppointmentYear.objects.select_related(
        "appointment__school", "appointment__person", "office"
    )


FAMILY.declare(
    "schools", _("学校数"), _("所"),
    _("司法局普法责任单位名册中类别为“学校”的在册单位（按当前名册）：法治副校长配备率的分母。"),
    schools, 60,
    (Breakdown("township", _("按镇(街道)"), "township"), BY_OFFICE),
    kind=STOCK, reported=False,
)  # fmt: skip
FAMILY.declare(
    "schools_covered", _("已配备法治副校长的学校数"), _("所"),
    _("期末有至少一名在聘法治副校长的在册学校（聘期起始日至届满或离任日，同一学校只计一次）。"),
    covers, 61, (BY_TOWNSHIP, BY_OFFICE),
    kind=STOCK, start_field="covered_from", end_field="covered_until",
)  # fmt: skip
FAMILY.ratio(
    "vp_coverage_rate", _("法治副校长配备率"), "schools_covered", "schools",
    _("已配备法治副校长的学校数 ÷ 学校数；按镇(街道)分组时为各镇(街道)的配备率。"),
)  # fmt: skip
FAMILY.declare(
    "vice_principals", _("在聘法治副校长人次"), _("人次"),
    _("期末在聘期内的法治副校长聘任（一人兼任两校计两人次）。"),
    appointments, 63, (BY_ORGAN, BY_TOWNSHIP, BY_SCHOOL, BY_OFFICE),
    kind=STOCK, start_field="started_on", end_field="ended_on",
)  # fmt: skip
FAMILY.flow(
    "vp_activities", _("法治副校长授课(活动)次数"), TIMES,
    _("日期（held_on）在期内的法治副校长授课或活动。"),
    vp_activities, "held_on", 64,
    (Breakdown("audience", _("按对象"), "audience", dict(VpAudience.choices)),
     Breakdown("school", _("按学校"), "appointment__school"), BY_OFFICE),
)  # fmt: skip
FAMILY.flow(
    "vp_hours", _("法治副校长授课课时"), _("课时"),
    _("日期在期内的法治副校长授课(活动)课时之和。"),
    vp_activities, "held_on", 65,
    (Breakdown("school", _("按学校"), "appointment__school"), BY_OFFICE),
    sum_field="hours",
)  # fmt: skip
FAMILY.flow(
    "vp_students", _("法治副校长授课参加人数"), PERSONS,
    _("日期在期内的法治副校长授课(活动)登记的参加人数之和。"),
    vp_activities, "held_on", 66, (BY_OFFICE,), sum_field="participants",
)  # fmt: skip
FAMILY.declare(
    "vp_hours_short", _("年度授课未达4课时的法治副校长人次"), _("人次"),
    _("期末所在年度（1月1日起）在聘期内、该年度在该校授课课时之和少于4课时（教育部令第52号，"
      "[M] SIFA_PUBLICITY_VP_MIN_HOURS）的聘任；年中为截至期末仍不足的。"),
    appointment_years, 67,
    (Breakdown("school", _("按学校"), "appointment__school"),
     Breakdown("township", _("按镇(街道)"), "appointment__school__township"), BY_OFFICE),
    kind=STOCK, start_field="year_start", end_field="year_next",
    where=Q(hours__lt=sifa_setting("SIFA_PUBLICITY_VP_MIN_HOURS")),
)  # fmt: skip

# --- 民主法治示范村(社区) and 法律明白人 ---------------------------------------------------------

BY_LEVEL = Breakdown("level", _("按命名级别"), "level", dict(TitleLevel.choices))
BY_VILLAGE = Breakdown("village", _("按村(社区)"), "office")


def village_titles():
    return VillageTitle.objects.select_related("office")


FAMILY.declare(
    "model_villages", _("民主法治示范村(社区)命名数"), UNITS,
    _("期末有效的民主法治示范村(社区)命名（命名日期起，复核撤销或注销的自复核日期起不再计），"
      "同一村(社区)不同级别的命名各计一个。"),
    village_titles, 70, (BY_LEVEL, BY_VILLAGE),
    kind=STOCK, start_field="named_on", end_field="ended_on",
)  # fmt: skip
FAMILY.flow(
    "title_reviews", _("示范村(社区)复核数"), UNITS,
    _("复核日期（reviewed_on）在期内的示范村(社区)复核，按复核结论分组。"),
    lambda: TitleReview.objects.select_related("office", "title__office"), "reviewed_on", 71,
    (Breakdown("outcome", _("按复核结论"), "outcome", dict(ReviewOutcome.choices)),
     Breakdown("level", _("按命名级别"), "title__level", dict(TitleLevel.choices)),
     BY_VILLAGE),
)  # fmt: skip
FAMILY.declare(
    "law_savvy", _("法律明白人数"), PERSONS,
    _("期末在册的法律明白人（确定日期起，至退出日期止）。"),
    lambda: LawSavvy.objects.select_related("office", "person"), 72,
    (BY_VILLAGE,),
    kind=STOCK, start_field="since", end_field="left_on",
)  # fmt: skip
FAMILY.declare(
    "village_households", _("示范村(社区)档案户数"), _("户"),
    _("已建档村(社区)登记的户数之和（按当前档案）：法律明白人户均数的分母。"),
    lambda: VillageFile.objects.select_related("office"), 73,
    (BY_VILLAGE,),
    kind=STOCK, sum_field="households", reported=False,
)  # fmt: skip
FAMILY.ratio(
    "law_savvy_per_household", _("法律明白人户均数"), "law_savvy", "village_households",
    _("法律明白人数 ÷ 已建档村(社区)户数；目标为每 SIFA_PUBLICITY_HOUSEHOLDS_PER_LAW_SAVVY 户"
      "一名（[M] 默认一户一名）。"),
)  # fmt: skip
