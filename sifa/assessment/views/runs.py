"""Pages of runs (考核): the list, the ranking with its actions, an office's scores, one score
(value, records behind it, evidence, objections, changes since frozen), and the Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sifa.assessment.actions import runs as actions
from sifa.assessment.constants import LINE_KEY, RunStatus
from sifa.assessment.documents import results_notice
from sifa.assessment.forms import AnswerForm, EvidenceForm, ManualScoreForm, ObjectionForm
from sifa.assessment.selectors import runs as selectors
from sifa.assessment.selectors import schemes as scheme_selectors
from sifa.assessment.selectors import what_if as what_if_selectors
from sifa.assessment.views.schemes import require_line
from sifa.core.excel import xlsx_response
from sifa.core.views import docx_download, download, save_valid
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.stats.views import echarts_vendored


def _errors(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))


@login_required
def run_list(request):
    require_line(request.user)
    return render(
        request,
        "assessment/run_list.html",
        {"title": _("考核"), "runs": selectors.runs(request.user)},
    )


@login_required
def run(request, pk):
    require_line(request.user)
    run = selectors.run(request.user, pk)
    categories, rows, before = selectors.ranking(request.user, run)
    if request.GET.get("format") == "xlsx":
        return _export(run, categories, rows)
    if request.GET.get("format") == "docx":
        return docx_download(results_notice(run, categories, rows), f"{run}结果通报.docx")
    return render(
        request,
        "assessment/run.html",
        {
            "title": str(run),
            "run": run,
            "categories": categories,
            "rows": rows,
            "previous": before,
            "can_edit": access.can(request.user, Cap.EDIT, run.office, line=LINE_KEY),
            "objections": selectors.pending_objections(request.user, run),
            "Status": RunStatus,
        },
    )


def _export(run, categories, rows):
    headers = [_("名次"), _("司法所")]
    headers += [f"{c.name}（{c.max_points.normalize():f}分）" for c in categories]
    headers += [_("加分"), _("减分"), _("总分"), _("等次"), _("上期总分"), _("较上期")]
    table = [
        [r.rank, str(r.office), *r.categories, r.bonus, r.penalty, r.total, r.band,
         r.previous if r.previous is not None else "",
         r.change if r.change is not None else ""]
        for r in rows
    ]  # fmt: skip
    return xlsx_response(title=f"{run}考核结果", headers=headers, rows=table)


@login_required
@require_POST
def run_step(request, pk, step):
    """取数 / 公示 / 定稿 of a run (the section)."""
    run = selectors.run(request.user, pk)
    act = {
        "compute": actions.run_compute,
        "publish": actions.run_publish,
        "finalise": actions.run_finalise,
    }.get(step)
    if act is None:
        return redirect(run)
    try:
        act(actor=request.user, run=run)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("已完成。"))
    return redirect(run)


@login_required
def run_office(request, pk, office_pk):
    """One office's scores in a run (what the office sees)."""
    require_line(request.user)
    run = selectors.run(request.user, pk)
    scores = list(selectors.run_scores(request.user, run).filter(office_id=office_pk))
    if not scores:
        raise Http404
    result = selectors.office_results(run, scores)[int(office_pk)]
    return render(
        request,
        "assessment/run_office.html",
        {
            "title": f"{run} · {scores[0].office}",
            "run": run,
            "result": result,
            "scores": scores,
            "echarts": echarts_vendored(),
            "radar": selectors.radar(run, result),
        },
    )


@login_required
def run_check(request, pk):
    """数据一致性核查 of a finalised run: the records changed behind frozen scores."""
    require_line(request.user)
    run = selectors.run(request.user, pk)
    return render(
        request,
        "assessment/run_check.html",
        {
            "title": f"{run} · 一致性核查",
            "run": run,
            "changes": selectors.run_changes(request.user, run),
        },
    )


@login_required
def score(request, pk):
    require_line(request.user)
    score = selectors.score(request.user, pk)
    run = score.run
    user = request.user
    section = access.can(user, Cap.EDIT, run.office, line=LINE_KEY)
    office_side = access.can(user, Cap.EDIT, score.office, line=LINE_KEY)
    forms = {}
    open_ = run.status != RunStatus.FINALISED
    if open_ and not score.item.automatic:
        if office_side:
            forms["evidence_form"] = EvidenceForm(prefix="e")
        if section:
            forms["manual"] = ManualScoreForm(
                prefix="m", initial={"points": score.points, "reason": score.reason}
            )
    if run.status == RunStatus.PUBLISHED and office_side:
        forms["objection"] = ObjectionForm(prefix="o")
    pending = score.objections.filter(outcome="").first()
    if pending and section:
        forms["answer"] = AnswerForm(prefix="a")
    if request.method == "POST":
        response = _score_post(request, score, forms, pending)
        if response is not None:
            return response
    return render(
        request,
        "assessment/score.html",
        {
            "title": f"{score.office} · {score.item}",
            "score": score,
            "run": run,
            "links": selectors.score_links(score),
            "evidence": score.evidence.all(),
            "objections": score.objections.select_related("raised_by", "answered_by"),
            "changes": selectors.score_changes(score),
            "lost": score.points is not None and score.points < score.item.max_points,
            **forms,
        },
    )


def _score_post(request, score, forms, pending):
    kind = request.POST.get("form")
    user = request.user
    if kind == "evidence" and "evidence_form" in forms:
        form = forms["evidence_form"] = EvidenceForm(request.POST, request.FILES, prefix="e")
        save = lambda: actions.evidence_upload(  # noqa: E731
            actor=user,
            score=score,
            files=form.cleaned_data["files"],
            note=form.cleaned_data["note"],
        )
    elif kind == "manual" and "manual" in forms:
        form = forms["manual"] = ManualScoreForm(request.POST, prefix="m")
        save = lambda: actions.score_manual(actor=user, score=score, **form.cleaned_data)  # noqa: E731
    elif kind == "objection" and "objection" in forms:
        form = forms["objection"] = ObjectionForm(request.POST, prefix="o")
        save = lambda: actions.objection_raise(actor=user, score=score, **form.cleaned_data)  # noqa: E731
    elif kind == "answer" and "answer" in forms:
        form = forms["answer"] = AnswerForm(request.POST, prefix="a")
        save = lambda: actions.objection_answer(actor=user, objection=pending, **form.cleaned_data)  # noqa: E731
    else:
        return redirect(score)
    if save_valid(request, form, save):
        messages.success(request, _("已保存。"))
        return redirect(score)
    return None


@login_required
def evidence_download(request, pk):
    item = selectors.evidence(request.user, pk)
    content = actions.evidence_content(actor=request.user, evidence=item)
    return download(content, item.filename, content_type=item.content_type, private=True)


@login_required
def year(request, pk):
    """年度综合 of a scheme's year: each period's total and the weighted year total."""
    require_line(request.user)
    scheme = scheme_selectors.scheme(request.user, pk)
    year_runs, rows = selectors.year_ranking(request.user, scheme)
    return render(
        request,
        "assessment/year.html",
        {
            "title": f"{scheme.year}年{scheme.name} · 年度综合",
            "scheme": scheme,
            "runs": year_runs,
            "rows": rows,
        },
    )


@login_required
def what_if(request, pk, run_pk):
    """试算: the scheme against the records of a run's period, ranked beside the run."""
    require_line(request.user)
    scheme = scheme_selectors.scheme(request.user, pk)
    run = selectors.run(request.user, run_pk)
    if run.office_id != scheme.office_id:
        raise Http404
    return render(
        request,
        "assessment/what_if.html",
        {
            "title": f"{scheme} · 试算",
            "scheme": scheme,
            "run": run,
            "rows": what_if_selectors.what_if(request.user, scheme, run),
        },
    )
