"""Writes of plans and responsibility lists (普法规划, 谁执法谁普法 责任单位, 年度责任清单,
自查报告, 履职评议). Every write checks the edit right on the record's office in this line."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.records import save_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE, Grade, PlanKind, UnitKind
from sifa.publicity.models import Plan, Unit, UnitYear

FIRST_YEAR = 1986  # 一五普法 began in 1986


def _require_bureau(actor, office: Office) -> None:
    """Plans and the unit register are a justice bureau's (decision, docs/publicity.md)."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    if office.kind != OfficeKind.JUSTICE_BUREAU:
        raise ValidationError({"office": [_("普法规划和责任单位名册由司法局登记。")]})


def plan_errors(*, kind, start_year, end_year, parent: Plan | None) -> dict:
    errors: dict[str, list[str]] = {}
    if start_year and start_year < FIRST_YEAR:
        errors["start_year"] = [_("起始年度不能早于%(year)s年。") % {"year": FIRST_YEAR}]
    if start_year and end_year and end_year < start_year:
        errors["end_year"] = [_("截止年度不能早于起始年度。")]
    if kind == PlanKind.YEARLY:
        if start_year != end_year:
            errors["end_year"] = [_("年度普法工作要点的起始年度和截止年度应为同一年。")]
        if parent is not None and not (parent.start_year <= start_year <= parent.end_year):
            errors["parent"] = [_("年度不在所属五年规划的期间内。")]
        if parent is not None and parent.kind != PlanKind.FIVE_YEAR:
            errors["parent"] = [_("所属规划应为五年普法规划。")]
    elif parent is not None:
        errors["parent"] = [_("五年普法规划没有所属规划。")]
    return errors


@transaction.atomic
def plan_save(
    *,
    actor,
    office: Office,
    kind: str,
    title: str,
    start_year: int,
    end_year: int,
    parent: Plan | None = None,
    issued_on: datetime.date | None = None,
    content: str = "",
    plan: Plan | None = None,
) -> Plan:
    """登记 (or, given `plan`, 修改) a five-year or yearly plan of a bureau."""
    office = plan.office if plan is not None else office
    _require_bureau(actor, office)
    errors = plan_errors(kind=kind, start_year=start_year, end_year=end_year, parent=parent)
    if parent is not None and parent.office_id != office.pk:
        errors.setdefault("parent", []).append(_("所属五年规划应为本局的规划。"))
    if errors:
        raise ValidationError(errors)
    record = plan or Plan(office=office, created_by=actor)
    record.kind, record.title = kind, (title or "").strip()
    record.start_year, record.end_year, record.parent = start_year, end_year, parent
    record.issued_on, record.content = issued_on, (content or "").strip()
    return save_checked(record, actor, _("修改普法规划") if plan else _("登记普法规划"))


@transaction.atomic
def unit_save(
    *,
    actor,
    office: Office,
    name: str,
    kind: str,
    enforces_law: bool = False,
    credit_code: str = "",
    contact: str = "",
    active: bool = True,
    township: Office | None = None,
    unit: Unit | None = None,
) -> Unit:
    """登记 (or 修改) a unit of the bureau's register of units responsible for publicity. A
    school (kind 学校) names its 镇(街道) by the 司法所 of the bureau's area."""
    office = unit.office if unit is not None else office
    _require_bureau(actor, office)
    code = (credit_code or "").strip().upper()
    if code and len(code) != 18:
        raise ValidationError({"credit_code": [_("统一社会信用代码应为18位。")]})
    if kind == UnitKind.SCHOOL and township is None:
        raise ValidationError({"township": [_("请选择学校所在的镇(街道)。")]})
    if township is not None and (
        township.kind != OfficeKind.JUDICIAL_OFFICE or not township.path.startswith(office.path)
    ):
        raise ValidationError({"township": [_("所在镇(街道)应为本局辖区的司法所。")]})
    record = unit or Unit(office=office, created_by=actor)
    record.name, record.kind = (name or "").strip(), kind
    record.enforces_law, record.credit_code = bool(enforces_law), code
    record.contact, record.active = (contact or "").strip(), bool(active)
    record.township = township
    return save_checked(record, actor, _("修改责任单位") if unit else _("登记责任单位"))


@transaction.atomic
def unit_year_save(
    *,
    actor,
    unit: Unit,
    year: int,
    staff: int,
    duties: str = "",
    plan: Plan | None = None,
) -> UnitYear:
    """The unit's year: 普法责任清单 and the staff on its roster (the base of exam
    participation); created, or updated when the year is there already."""
    access.require(actor, Cap.EDIT, unit.office, line=LINE)
    errors: dict[str, list[str]] = {}
    if not year or year < FIRST_YEAR or year > timezone.localdate().year + 1:
        errors["year"] = [_("年度不正确。")]
    if staff is None or staff < 0:
        errors["staff"] = [_("在编在岗人数不能为负数。")]
    if plan is not None and (
        plan.kind != PlanKind.YEARLY or plan.start_year != year or plan.office_id != unit.office_id
    ):
        errors["plan"] = [_("请选择本局本年度的年度普法工作要点。")]
    if errors:
        raise ValidationError(errors)
    record = UnitYear.objects.select_for_update().filter(unit=unit, year=year).first()
    created = record is None
    if created:
        record = UnitYear(unit=unit, office=unit.office, year=year, created_by=actor)
    record.year_start = datetime.date(year, 1, 1)
    record.staff, record.duties, record.plan = staff, (duties or "").strip(), plan
    return save_checked(
        record, actor, _("登记年度普法责任清单") if created else _("修改年度普法责任")
    )


@transaction.atomic
def self_report_submit(
    *, actor, unit_year: UnitYear, report: str, reported_on: datetime.date
) -> UnitYear:
    """报送履职自查报告 (the bureau records it for the unit)."""
    access.require(actor, Cap.EDIT, unit_year.office, line=LINE)
    record = UnitYear.objects.select_for_update().get(pk=unit_year.pk)
    errors: dict[str, list[str]] = {}
    if not (report or "").strip():
        errors["report"] = [_("请填写自查报告内容。")]
    if reported_on is None or reported_on > timezone.localdate():
        errors["reported_on"] = [_("报告日期不能晚于今天。")]
    elif reported_on.year < record.year:
        errors["reported_on"] = [_("报告日期不能早于该年度。")]
    if record.evaluated_on:
        errors.setdefault("report", []).append(_("该年度已评议，不能再修改自查报告。"))
    if errors:
        raise ValidationError(errors)
    record.self_report, record.reported_on = report.strip(), reported_on
    return save_checked(record, actor, _("报送履职自查报告"))


@transaction.atomic
def unit_evaluate(
    *, actor, unit_year: UnitYear, grade: str, evaluation: str, evaluated_on: datetime.date
) -> UnitYear:
    """履职评议: the bureau grades the unit's year, after its self-report."""
    access.require(actor, Cap.EDIT, unit_year.office, line=LINE)
    record = UnitYear.objects.select_for_update().get(pk=unit_year.pk)
    errors: dict[str, list[str]] = {}
    if not record.reported_on:
        errors["grade"] = [_("该单位尚未报送本年度的履职自查报告。")]
    if grade not in Grade.values:
        errors["grade"] = [_("请选择评议等次。")]
    if evaluated_on is None or evaluated_on > timezone.localdate():
        errors["evaluated_on"] = [_("评议日期不能晚于今天。")]
    elif record.reported_on and evaluated_on < record.reported_on:
        errors["evaluated_on"] = [_("评议日期不能早于自查报告日期。")]
    if errors:
        raise ValidationError(errors)
    record.grade, record.evaluated_on = grade, evaluated_on
    record.evaluation = (evaluation or "").strip()
    return save_checked(record, actor, _("履职评议"))
