"""Pages of the publicity line: plans, the register of units and their years, events with
photos, law exams with the participation of each unit.

Reads go through `sifa.publicity.selectors`, writes through `sifa.publicity.actions`; a record
out of the user's sight is not found (404), one seen but not editable is forbidden (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import (
    Column,
    download,
    form_page,
    offices_to_act_in,
    paginate,
    save_valid,
    table_page,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.publicity.actions import events as event_actions
from sifa.publicity.actions import exams as exam_actions
from sifa.publicity.actions import inspections as inspection_actions
from sifa.publicity.actions import plans as plan_actions
from sifa.publicity.actions import schools as school_actions
from sifa.publicity.actions import villages as village_actions
from sifa.publicity.constants import LINE, UnitKind
from sifa.publicity.forms import (
    AppointmentEndForm,
    AppointmentForm,
    ArticleForm,
    EvaluationForm,
    EventFilterForm,
    EventForm,
    ExamForm,
    HouseholdsForm,
    InspectionForm,
    LawSavvyForm,
    LawSavvyLeaveForm,
    PhotosForm,
    PlanForm,
    ReviewForm,
    SelfReportForm,
    TitleForm,
    UnitForm,
    UnitYearForm,
    VpActivityForm,
)
from sifa.publicity.selectors import events as event_selectors
from sifa.publicity.selectors import exams as exam_selectors
from sifa.publicity.selectors import inspections as inspection_selectors
from sifa.publicity.selectors import registers as selectors
from sifa.publicity.selectors import schools as school_selectors

PLAN_COLUMNS = (
    Column(gettext_lazy("名称"), "title"),
    Column(gettext_lazy("类别"), "kind"),
    Column(gettext_lazy("起始年度"), "start_year", numeric=True),
    Column(gettext_lazy("截止年度"), "end_year", numeric=True),
    Column(gettext_lazy("司法局"), "office__name"),
)
UNIT_COLUMNS = (
    Column(gettext_lazy("单位名称"), "name"),
    Column(gettext_lazy("单位类别"), "kind"),
    Column(gettext_lazy("行政执法单位"), "enforces_law"),
    Column(gettext_lazy("普法联络员"), "contact"),
    Column(gettext_lazy("司法局"), "office__name"),
)
EVENT_COLUMNS = (
    Column(gettext_lazy("开始日期"), "started_on"),
    Column(gettext_lazy("活动名称"), "title"),
    Column(gettext_lazy("活动主题"), "theme"),
    Column(gettext_lazy("受众类别"), "audience"),
    Column(gettext_lazy("参加人数"), "participants", numeric=True),
    Column(gettext_lazy("登记机构"), "office__name"),
)
EXAM_COLUMNS = (
    Column(gettext_lazy("考试日期"), "held_on"),
    Column(gettext_lazy("考试名称"), "title"),
    Column(gettext_lazy("考试类别"), "kind"),
    Column(gettext_lazy("合格分数线"), "pass_mark", numeric=True),
    Column(gettext_lazy("参考人数"), "takers", numeric=True),
    Column(gettext_lazy("合格人数"), "passed_count", numeric=True),
)
INSPECTION_COLUMNS = (
    Column(gettext_lazy("考核日期"), "inspected_on"),
    Column(gettext_lazy("考核年度"), "year", numeric=True),
    Column(
        gettext_lazy("被考核的镇(街道)或单位"),
        Coalesce("township__name", "unit__name"),
        key="target",
    ),
    Column(gettext_lazy("得分"), "score", numeric=True),
    Column(gettext_lazy("组织考核的司法局"), "office__name"),
)
ARTICLE_COLUMNS = (
    Column(gettext_lazy("刊发日期"), "published_on"),
    Column(gettext_lazy("标题"), "title"),
    Column(gettext_lazy("刊发媒体"), "outlet"),
    Column(gettext_lazy("媒体级别"), "level"),
    Column(gettext_lazy("登记机构"), "office__name"),
)
RESULT_COLUMNS = (
    Column(gettext_lazy("单位"), "unit__name"),
    Column(gettext_lazy("姓名"), "person__name"),
    Column(gettext_lazy("成绩"), "score", numeric=True),
    Column(gettext_lazy("考试日期"), "sat_on"),
    Column(gettext_lazy("合格"), "passed"),
)


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看普法与依法治理。"))


def _record_page(record):
    return record.get_absolute_url()


def _list(request, template, rows, columns, *, title, empty, can_add=None):
    """One of the line's plain lists (``template`` over core/table_page): its ``rows`` sorted by
    ``columns``, a page at a time, to anyone who may view the line."""
    _require_view(request.user)
    extra = {} if can_add is None else {"can_add": can_add(request.user).exists()}
    return table_page(request, template, rows, columns=columns, empty=empty, title=title, **extra)


def _bureaus(user):
    return offices_to_act_in(
        selectors.bureaus_to_keep(user), _("您无权在任何司法局登记普法规划、责任单位或考试。")
    )


# --- plans ----------------------------------------------------------------------------------


@login_required
def plan_list(request):
    return _list(
        request, "publicity/plan_list.html", selectors.plans(request.user), PLAN_COLUMNS,
        title=_("普法规划"), empty=_("还没有普法规划。"), can_add=selectors.bureaus_to_keep,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request):
    form = PlanForm(
        request.POST or None,
        offices=_bureaus(request.user),
        parents=selectors.five_year_plans(request.user),
    )
    return form_page(
        request, form, lambda: plan_actions.plan_save(actor=request.user, **form.cleaned_data),
        done=_("已登记普法规划。"), title=_("登记普法规划"),
        back_url=reverse("publicity:plan_list"), to=_record_page,
    )  # fmt: skip


@login_required
def plan_detail(request, pk):
    plan = selectors.plan_get(actor=request.user, pk=pk)
    yearly = selectors.yearly_plans(request.user).filter(parent=plan)
    return render(
        request,
        "publicity/plan_detail.html",
        {"title": str(plan), "plan": plan, "yearly": yearly},
    )


# --- units ----------------------------------------------------------------------------------


@login_required
def unit_list(request):
    return _list(
        request, "publicity/unit_list.html", selectors.units(request.user), UNIT_COLUMNS,
        title=_("普法责任单位"), empty=_("名册中还没有单位。"), can_add=selectors.bureaus_to_keep,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request):
    form = UnitForm(
        request.POST or None,
        offices=_bureaus(request.user),
        townships=inspection_selectors.townships_to_inspect(request.user).order_by("path"),
    )
    return form_page(
        request, form, lambda: plan_actions.unit_save(actor=request.user, **form.cleaned_data),
        done=_("已登记责任单位。"), title=_("登记普法责任单位"),
        back_url=reverse("publicity:unit_list"), to=_record_page,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def unit_detail(request, pk):
    """The unit, its years; a bureau clerk adds a year's responsibility list here."""
    unit = selectors.unit_get(actor=request.user, pk=pk)
    can_edit = access.can(request.user, Cap.EDIT, unit.office, line=LINE)
    form = None
    if can_edit:
        form = UnitYearForm(request.POST or None, plans=selectors.yearly_plans(request.user))
        saved = save_valid(
            request,
            form,
            lambda: plan_actions.unit_year_save(actor=request.user, unit=unit, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("已保存年度普法责任清单。"))
            return redirect(unit.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied(_("您无权修改该单位。"))
    context = {
        "title": unit.name,
        "unit": unit,
        "years": selectors.unit_years(actor=request.user, unit=unit),
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "publicity/unit_detail.html", context)


def _unit_year_view(form_class, action, *, title, done):
    """The form page of one step on a unit's year (自查报告, 履职评议): ``action(actor=,
    unit_year=, **values)``, then back to the unit."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        unit_year = selectors.unit_year_get(actor=request.user, pk=pk)
        access.require(request.user, Cap.EDIT, unit_year.office, line=LINE)
        form = form_class(request.POST or None)
        return form_page(
            request, form,
            lambda: action(actor=request.user, unit_year=unit_year, **form.cleaned_data),
            done=done, title=f"{unit_year}：{title}",
            back_url=reverse("publicity:unit_detail", args=[unit_year.unit_id]),
        )  # fmt: skip

    return view


unit_year_report = _unit_year_view(
    SelfReportForm, plan_actions.self_report_submit,
    title=gettext_lazy("报送履职自查报告"), done=gettext_lazy("已登记履职自查报告。"),
)  # fmt: skip
unit_year_evaluate = _unit_year_view(
    EvaluationForm, plan_actions.unit_evaluate,
    title=gettext_lazy("履职评议"), done=gettext_lazy("已登记履职评议。"),
)  # fmt: skip


# --- events ---------------------------------------------------------------------------------


@login_required
def event_list(request):
    _require_view(request.user)
    filters = EventFilterForm(request.GET or None)
    rows = event_selectors.events(request.user, **filters.chosen("theme", "audience"))
    if filters.is_bound and not filters.is_valid():
        rows = rows.none()
    page = paginate(request, rows, columns=EVENT_COLUMNS)
    page.object_list = event_selectors.with_theme_labels(page.object_list)
    context = {
        "title": _("普法活动"),
        "empty": _("没有符合条件的普法活动。"),
        "filters": filters,
        "page_obj": page,
        "can_add": event_selectors.offices_to_record_in(request.user).exists(),
    }
    return render(request, "publicity/event_list.html", context)


def _photos(files) -> list[event_actions.Photo]:
    return [event_actions.Photo(file.name, file.read()) for file in files]


@login_required
@require_http_methods(["GET", "POST"])
def event_add(request):
    """登记普法活动 (any office of the line: a bureau, a 司法所, a village service station)."""
    offices = offices_to_act_in(
        event_selectors.offices_to_record_in(request.user).order_by("path"),
        _("您无权登记普法活动。"),
    )
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        offices=offices,
        units=selectors.units(request.user).filter(active=True),
        lecturers=event_selectors.lecturers_to_choose(request.user),
    )

    def save():
        data = form.cleaned_data
        lecturers = [event_actions.Lecturer(practitioner=p) for p in data["lecturers"]]
        lecturers += [event_actions.Lecturer(name=n) for n in form.other_lecturer_names()]
        return event_actions.event_record(
            actor=request.user,
            office=data["office"],
            title=data["title"],
            theme=data["theme"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            place=data["place"],
            audience=data["audience"],
            participants=data["participants"],
            unit=data["unit"],
            summary=data["summary"],
            materials=form.materials(),
            lecturers=lecturers,
            photos=_photos(data["photos"]),
        )

    return form_page(
        request, form, save, done=_("已登记普法活动。"), title=_("登记普法活动"),
        back_url=reverse("publicity:event_list"), to=_record_page, multipart=True,
    )  # fmt: skip


@login_required
def event_detail(request, pk):
    event = event_selectors.event_get(actor=request.user, pk=pk)
    context = {
        "title": event.title,
        "event": event,
        "theme_label": event_selectors.theme_labels().get(event.theme, event.theme),
        "materials": event.materials.order_by("kind"),
        "lecturers": event.lecturers.order_by("pk"),
        "photos": event_selectors.event_photos(actor=request.user, event=event),
        "can_edit": access.can(request.user, Cap.EDIT, event.office, line=LINE),
    }
    return render(request, "publicity/event_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_photos_add(request, pk):
    event = event_selectors.event_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, event.office, line=LINE)
    form = PhotosForm(request.POST or None, request.FILES or None)
    return form_page(
        request, form,
        lambda: event_actions.photos_add(
            actor=request.user, event=event, photos=_photos(form.cleaned_data["photos"])
        ),
        done=_("已上传活动照片。"), title=_("上传活动照片"),
        back_url=event.get_absolute_url(), multipart=True,
    )  # fmt: skip


@login_required
def event_photo(request, pk, photo_pk):
    photo = event_selectors.photo_get(actor=request.user, event_pk=pk, pk=photo_pk)
    content = event_actions.photo_open(
        actor=request.user, photo=photo, ip_address=request.META.get("REMOTE_ADDR")
    )
    response = download(content, photo.filename, content_type=photo.content_type, private=True)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response


# --- exams ----------------------------------------------------------------------------------


@login_required
def exam_list(request):
    return _list(
        request, "publicity/exam_list.html", exam_selectors.exams(request.user), EXAM_COLUMNS,
        title=_("学法考试"), empty=_("还没有登记学法考试。"), can_add=selectors.bureaus_to_keep,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def exam_add(request):
    form = ExamForm(request.POST or None, offices=_bureaus(request.user))
    return form_page(
        request, form,
        lambda: exam_actions.exam_register(actor=request.user, **form.cleaned_data),
        done=_("已登记学法考试，请导入考试成绩。"), title=_("登记学法考试"),
        back_url=reverse("publicity:exam_list"), to=_record_page,
    )  # fmt: skip


@login_required
def exam_detail(request, pk):
    exam = exam_selectors.exam_get(actor=request.user, pk=pk)
    rows = exam_selectors.participation(actor=request.user, exam=exam)
    context = {
        "title": exam.title,
        "exam": exam,
        "participation": [row for row in rows if row.staff or row.takers],
        "page_obj": paginate(
            request, exam_selectors.results(actor=request.user, exam=exam), columns=RESULT_COLUMNS
        ),
        "empty": _("还没有考试成绩，请通过“数据导入”导入考试平台的成绩表。"),
    }
    return render(request, "publicity/exam_detail.html", context)


# --- inspections and media ------------------------------------------------------------------


@login_required
def inspection_list(request):
    return _list(
        request, "publicity/inspection_list.html",
        inspection_selectors.inspections(request.user), INSPECTION_COLUMNS,
        title=_("普法考核"), empty=_("还没有普法考核记录。"), can_add=selectors.bureaus_to_keep,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def inspection_add(request):
    form = InspectionForm(
        request.POST or None,
        offices=_bureaus(request.user),
        townships=inspection_selectors.townships_to_inspect(request.user).order_by("path"),
        units=selectors.units(request.user).filter(active=True),
    )
    return form_page(
        request, form,
        lambda: inspection_actions.inspection_record(actor=request.user, **form.cleaned_data),
        done=_("已登记普法考核。"), title=_("登记普法考核"),
        back_url=reverse("publicity:inspection_list"),
    )  # fmt: skip


@login_required
def article_list(request):
    return _list(
        request, "publicity/article_list.html",
        inspection_selectors.articles(request.user), ARTICLE_COLUMNS,
        title=_("信息宣传"), empty=_("还没有登记媒体用稿。"),
        can_add=event_selectors.offices_to_record_in,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def article_add(request):
    offices = offices_to_act_in(
        event_selectors.offices_to_record_in(request.user).order_by("path"),
        _("您无权登记信息宣传。"),
    )
    form = ArticleForm(request.POST or None, offices=offices)
    return form_page(
        request, form,
        lambda: inspection_actions.article_record(actor=request.user, **form.cleaned_data),
        done=_("已登记信息宣传用稿。"), title=_("登记信息宣传用稿"),
        back_url=reverse("publicity:article_list"),
    )  # fmt: skip


# --- 法治副校长 -------------------------------------------------------------------------------

SCHOOL_COLUMNS = (
    Column(gettext_lazy("学校"), "name"),
    Column(gettext_lazy("所在镇(街道)"), "township__name"),
    Column(gettext_lazy("在聘法治副校长"), "vice_principals", numeric=True),
    Column(gettext_lazy("司法局"), "office__name"),
)


@login_required
def school_list(request):
    """The schools (units of kind 学校) with their active 法治副校长; none is a warning."""
    return _list(
        request, "publicity/school_list.html", school_selectors.schools(request.user),
        SCHOOL_COLUMNS, title=_("法治副校长"),
        empty=_("名册中还没有学校（在普法责任单位中登记类别为“学校”的单位）。"),
        can_add=selectors.bureaus_to_keep,
    )  # fmt: skip


def _school(request, pk):
    school = selectors.unit_get(actor=request.user, pk=pk)
    if school.kind != UnitKind.SCHOOL:
        raise Http404(_("该单位不是学校。"))
    return school


@login_required
def school_detail(request, pk):
    school = _school(request, pk)
    today = timezone.localdate()
    rows = school_selectors.appointments(actor=request.user, school=school)
    context = {
        "title": school.name,
        "school": school,
        "appointments": rows,
        "active": [a for a in rows if a.started_on <= today < a.ended_on],
        "activities": school_selectors.activities(actor=request.user, school=school)[:50],
        "can_edit": access.can(request.user, Cap.EDIT, school.office, line=LINE),
        "today": today,
    }
    return render(request, "publicity/school_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def school_appoint(request, pk):
    school = _school(request, pk)
    access.require(request.user, Cap.EDIT, school.office, line=LINE)
    form = AppointmentForm(request.POST or None, actor=request.user)

    def save():
        data = form.cleaned_data
        return school_actions.appointment_record(
            actor=request.user, school=school, identity=form.identity(), organ=data["organ"],
            organ_name=data["organ_name"], started_on=data["started_on"],
            ended_on=data["ended_on"],
        )  # fmt: skip

    return form_page(
        request, form, save, done=_("已聘任法治副校长。"),
        title=f"{school.name}：{_('聘任法治副校长')}",
        back_url=reverse("publicity:school_detail", args=[school.pk]),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def appointment_end(request, pk):
    appointment = school_selectors.appointment_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, appointment.office, line=LINE)
    form = AppointmentEndForm(request.POST or None)
    return form_page(
        request, form,
        lambda: school_actions.appointment_end(
            actor=request.user, appointment=appointment, ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        ),
        done=_("已登记法治副校长离任。"), title=f"{appointment}：{_('离任')}",
        back_url=reverse("publicity:school_detail", args=[appointment.school_id]),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def school_activity(request, pk):
    school = _school(request, pk)
    access.require(request.user, Cap.EDIT, school.office, line=LINE)
    form = VpActivityForm(
        request.POST or None,
        appointments=school_selectors.appointments(actor=request.user, school=school),
    )
    return form_page(
        request, form,
        lambda: school_actions.activity_record(actor=request.user, **form.cleaned_data),
        done=_("已登记法治副校长授课。"), title=f"{school.name}：{_('登记法治副校长授课')}",
        back_url=reverse("publicity:school_detail", args=[school.pk]),
    )  # fmt: skip


# --- 民主法治示范村(社区) ---------------------------------------------------------------------

VILLAGE_COLUMNS = (
    Column(gettext_lazy("村(社区)"), "name"),
    Column(gettext_lazy("有效命名"), "titles", numeric=True),
    Column(gettext_lazy("在册法律明白人"), "law_savvy", numeric=True),
)


@login_required
def village_list(request):
    return _list(
        request, "publicity/village_list.html",
        school_selectors.villages_with_counts(request.user), VILLAGE_COLUMNS,
        title=_("民主法治示范村(社区)"), empty=_("没有可见的村(社区)司法行政服务站。"),
    )  # fmt: skip


@login_required
def village_detail(request, pk):
    """One file per village: households, titles with their reviews, 法律明白人."""
    village = school_selectors.village_get(actor=request.user, pk=pk)
    file = school_selectors.village_file(actor=request.user, village=village)
    savvy = school_selectors.law_savvy(actor=request.user, village=village)
    households = file.households if file else 0
    context = {
        "title": village.name,
        "village": village,
        "file": file,
        "titles": school_selectors.village_titles(actor=request.user, village=village),
        "law_savvy": savvy,
        "law_savvy_active": sum(1 for row in savvy if row.left_on is None),
        "target": village_actions.law_savvy_target(households),
        "can_edit": access.can(request.user, Cap.EDIT, village, line=LINE),
    }
    return render(request, "publicity/village_detail.html", context)


def _village_form(request, pk, form, save, *, title, done):
    village = school_selectors.village_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, village, line=LINE)
    return form_page(
        request, form, lambda: save(village), done=done, title=f"{village.name}：{title}",
        back_url=reverse("publicity:village_detail", args=[village.pk]),
    )  # fmt: skip


def _village_view(form_class, action, *, title, done):
    """The form page of a record on a village's file (户数, 命名): ``action(actor=, village=,
    **values)``, then back to the village."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        form = form_class(request.POST or None)
        return _village_form(
            request, pk, form,
            lambda village: action(actor=request.user, village=village, **form.cleaned_data),
            title=title, done=done,
        )  # fmt: skip

    return view


village_households = _village_view(
    HouseholdsForm, village_actions.village_file_save,
    title=gettext_lazy("登记户数"), done=gettext_lazy("已保存户数。"),
)  # fmt: skip
village_title_add = _village_view(
    TitleForm, village_actions.title_record,
    title=gettext_lazy("登记示范村(社区)命名"), done=gettext_lazy("已登记命名。"),
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def village_law_savvy_add(request, pk):
    form = LawSavvyForm(request.POST or None, actor=request.user)
    return _village_form(
        request, pk, form,
        lambda village: village_actions.law_savvy_record(
            actor=request.user, village=village, identity=form.identity(),
            since=form.cleaned_data["since"],
        ),
        title=_("登记法律明白人"), done=_("已登记法律明白人。"),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def title_review(request, pk):
    title = school_selectors.title_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, title.office, line=LINE)
    form = ReviewForm(request.POST or None)
    return form_page(
        request, form,
        lambda: village_actions.title_review(actor=request.user, title=title, **form.cleaned_data),
        done=_("已登记复核。"), title=f"{title}：{_('复核')}",
        back_url=reverse("publicity:village_detail", args=[title.office_id]),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def law_savvy_leave(request, pk):
    record = school_selectors.law_savvy_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, record.office, line=LINE)
    form = LawSavvyLeaveForm(request.POST or None)
    return form_page(
        request, form,
        lambda: village_actions.law_savvy_leave(
            actor=request.user, record=record, left_on=form.cleaned_data["left_on"]
        ),
        done=_("已登记法律明白人退出。"), title=f"{record}：{_('退出')}",
        back_url=reverse("publicity:village_detail", args=[record.office_id]),
    )  # fmt: skip
