"""Work-summary pages (工作总结): templates, drafts, the drafted document and its export.

Figures are computed in the user's scope (`Scope(user=request.user)`), so a draft shows what
its reader may count. Access rules live in `actions_summary` (Cap.STATS to read and draft,
Cap.EDIT to edit templates and prose).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sifa.core.docx import DOCX_CONTENT_TYPE
from sifa.core.tasks import runs_in_background
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.reports import actions_summary as actions
from sifa.reports import summary
from sifa.reports.forms_summary import DraftForm, NewDraftForm, TemplateForm, half_year_initial
from sifa.reports.models import SummaryTemplate
from sifa.reports.selectors_forms import big_subtree
from sifa.reports.summary_defaults import default_template, default_templates
from sifa.reports.summary_docx import summary_docx
from sifa.stats import registry
from sifa.stats import selectors as stats_selectors

EXPORT_FORMATS = ("docx", "html", "txt")
SYNTAX_HELP = gettext_lazy(
    "写法：{{ 指标编码 }}；分组 {{ 指标编码[分组=值] }}；上年同期 .last_year，同比 .yoy（带符号）、"
    ".yoy_abs（绝对值）；单位 {{ 指标编码|亿 }}亿元（两位小数）、{{ 指标编码|万 }}万元（取整），"
    "|万:1 指定小数位数；条件 {% if 指标编码.yoy >= 0 %}增长{% elif … %}…{% else %}下降"
    "{% endif %}。"
    "“一、”开头的行为一级标题，“（一）”为二级标题，“1.”为三级标题。"
)


def _office(request):
    """The page's office (?office=), else the top of the user's statistics scope."""
    stats_selectors.require_stats(request.user)
    pk = request.GET.get("office") or getattr(
        stats_selectors.default_office(request.user), "pk", None
    )
    return stats_selectors.stats_office_or_404(request.user, pk)


def _index_url(office) -> str:
    return f"{reverse('reports:summary_index')}?{urlencode({'office': office.pk})}"


@login_required
def summary_index(request):
    office = _office(request)
    templates = list(actions.templates_of(office))
    return render(
        request,
        "reports/summary_index.html",
        {
            "office": office,
            "templates": templates,
            "defaults": default_templates(),
            "drafts": [
                (
                    draft,
                    summary.plain_title(draft.title, office, draft.period_start, draft.period_end),
                )
                for draft in actions.drafts_of(office)
            ],
            "new_draft_form": NewDraftForm(
                templates=[t for t in templates if t.active],
                initial=half_year_initial(timezone.localdate()),
            ),
            "can_edit": actions.can_edit(request.user, office),
            "offices": stats_selectors.stats_offices(request.user),
        },
    )


@login_required
@require_POST
def summary_draft_create(request):
    office = _office(request)
    templates = [t for t in actions.templates_of(office) if t.active]
    form = NewDraftForm(request.POST, templates=templates)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_index_url(office))
    draft = actions.create_draft(
        request.user,
        office,
        form.chosen_template(),
        form.cleaned_data["start"],
        form.cleaned_data["end"],
    )
    messages.success(request, _("已生成工作总结稿，请核对数字并修改文字。"))
    return redirect("reports:summary_draft", pk=draft.pk)


@login_required
@require_POST
def summary_template_copy(request, kind):
    office = _office(request)
    if kind not in SummaryTemplate.Kind.values:
        messages.error(request, _("没有这种模板类型。"))
        return redirect(_index_url(office))
    template = actions.copy_default_template(request.user, office, kind)
    messages.success(request, _("已将内置模板复制为本局模板，可以修改。"))
    return redirect("reports:summary_template_edit", pk=template.pk)


@login_required
@require_http_methods(["GET", "POST"])
def summary_template_edit(request, pk=None):
    if pk is None:
        office = _office(request)
        template = None
        access.require(request.user, Cap.EDIT, office, line=access.ANY_LINE)
        kind = request.GET.get("kind")
        initial = {}
        if kind in SummaryTemplate.Kind.values:
            default = default_template(kind)
            initial = {"kind": kind, "title": default.title, "body": default.body}
    else:
        template = actions.template_for(request.user, pk)
        office = template.office
        initial = {}
    can_edit = actions.can_edit(request.user, office)
    form = TemplateForm(request.POST or None, instance=template, initial=initial)
    if request.method == "POST":
        access.require(request.user, Cap.EDIT, office, line=access.ANY_LINE)
        if form.is_valid():
            saved = actions.save_template(
                request.user, office, template=template, **form.cleaned_data
            )
            messages.success(request, _("模板已保存。"))
            return redirect("reports:summary_template_edit", pk=saved.pk)
    return render(
        request,
        "reports/summary_template_edit.html",
        {
            "office": office,
            "template": template,
            "form": form,
            "can_edit": can_edit,
            "catalogue": _catalogue(),
            "syntax_help": SYNTAX_HELP,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary_draft(request, pk):
    draft = actions.draft_for(request.user, pk)
    can_edit = actions.can_edit(request.user, draft.office)
    form = DraftForm(request.POST or None, initial={"title": draft.title, "body": draft.body})
    if request.method == "POST":
        access.require(request.user, Cap.EDIT, draft.office, line=access.ANY_LINE)
        if form.is_valid():
            actions.update_draft(request.user, draft, **form.cleaned_data)
            messages.success(request, _("已保存修改。"))
            return redirect("reports:summary_draft", pk=draft.pk)
    rendered = errors = None
    try:
        rendered = actions.render_draft(draft, request.user)
    except summary.TemplateSyntaxError as exc:  # a draft saved before a rule changed
        errors = exc.messages
    if rendered is not None:
        actions.record_shown(draft, rendered)
    return render(
        request,
        "reports/summary_draft.html",
        {
            "draft": draft,
            "rendered": rendered,
            "rendered_html": rendered.html() if rendered else "",
            "render_errors": errors,
            "form": form,
            "can_edit": can_edit,
            "catalogue": _catalogue(),
            "syntax_help": SYNTAX_HELP,
            "index_url": _index_url(draft.office),
        },
    )


def _large_summary(request, pk) -> int | None:
    """The .docx of a summary of an office with a large subtree is made in a background job."""
    if request.GET.get("format", "docx") != "docx":
        return None
    return 0 if big_subtree(actions.draft_for(request.user, pk).office) else None


@login_required
@runs_in_background(gettext_lazy("导出工作总结（.docx）"), when=_large_summary)
def summary_export(request, pk):
    """Re-check every number, then export; a changed number sends the user back to see it."""
    draft = actions.draft_for(request.user, pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in EXPORT_FORMATS:
        messages.error(request, _("不支持的导出格式：%(format)s。") % {"format": fmt})
        return redirect("reports:summary_draft", pk=draft.pk)
    try:
        rendered, changes = actions.recheck(draft, request.user)
    except summary.TemplateSyntaxError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("reports:summary_draft", pk=draft.pk)
    if changes:
        messages.warning(
            request,
            _("以下数字自上次显示后已变化，请核对后再导出：%(changes)s")
            % {"changes": "；".join(str(c) for c in changes)},
        )
        return redirect("reports:summary_draft", pk=draft.pk)
    return _download(rendered, fmt)


def _download(rendered: summary.Rendered, fmt: str) -> HttpResponse:
    name = rendered.title or _("工作总结")
    if fmt == "docx":
        response = HttpResponse(summary_docx(rendered), content_type=DOCX_CONTENT_TYPE)
    elif fmt == "html":
        response = HttpResponse(
            summary.standalone_html(rendered), content_type="text/html; charset=utf-8"
        )
    else:
        response = HttpResponse(rendered.text(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


def _catalogue() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Placeholders to pick from, by line: (placeholder, label, breakdowns hint)."""
    lines: dict[str, list] = {}
    words = [
        ("office", _("机构名称")),
        ("area", _("全市/全县/全区等")),
        ("year", _("年度")),
        ("period", _("期间（上半年、全年、X月）")),
    ]
    lines[_("通用词语")] = [(key, label, "") for key, label in words]
    for indicator in registry.all_indicators():
        hint = "、".join(f"{b.key}（{b.label}）" for b in indicator.breakdowns)
        lines.setdefault(str(indicator.line), []).append(
            (indicator.key, f"{indicator.label}（{indicator.unit}）", hint)
        )
    for ratio in registry.all_ratios():
        lines.setdefault(str(ratio.line), []).append((ratio.key, f"{ratio.label}（%）", ""))
    return list(lines.items())
