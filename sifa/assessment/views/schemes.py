"""Pages of schemes (考核方案): list and create, the scheme with its parts, and their forms.

Every write goes through `actions.schemes`; an edit of a frozen scheme lands in its next
version, and the page then shows that version with a message saying so.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sifa.assessment.actions import runs as run_actions
from sifa.assessment.actions import schemes as actions
from sifa.assessment.constants import LINE_KEY, Nature
from sifa.assessment.forms import (
    CategoryForm,
    ItemForm,
    OpenRunForm,
    PeriodForm,
    SchemeForm,
    SchemeRulesForm,
)
from sifa.assessment.selectors import schemes as selectors
from sifa.core.views import save_valid
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind


def require_line(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有查看司法所考核的权限。"), line=LINE_KEY)


def _bureaus(user):
    return [
        o for o in access.granted_offices(user, Cap.EDIT, line=LINE_KEY)
        if o.kind == OfficeKind.JUSTICE_BUREAU
    ]  # fmt: skip


@login_required
def scheme_list(request):
    require_line(request.user)
    bureaus = _bureaus(request.user)
    form = SchemeForm(request.POST or None)
    if bureaus:
        saved = save_valid(
            request,
            form,
            lambda: actions.scheme_create(
                actor=request.user, office=bureaus[0], **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("已新建考核方案，请设置类别和项目。"))
            return redirect(saved.result)
    return render(
        request,
        "assessment/scheme_list.html",
        {
            "title": _("考核方案"),
            "schemes": selectors.schemes(request.user),
            "form": form if bureaus else None,
        },
    )


def _moved(request, scheme, saved_scheme) -> None:
    if saved_scheme.pk != scheme.pk:
        messages.warning(
            request,
            _("原方案已有考核开始，已锁定；修改保存在新版本（第%(v)s版）中。")
            % {"v": saved_scheme.version},
        )


@login_required
def scheme(request, pk):
    require_line(request.user)
    scheme = selectors.scheme(request.user, pk)
    parts = selectors.scheme_parts(request.user, scheme)
    can_edit = access.can(request.user, Cap.EDIT, scheme.office, line=LINE_KEY)
    open_form = OpenRunForm(periods=selectors.periods(request.user, scheme))
    return render(
        request,
        "assessment/scheme.html",
        {
            "title": str(scheme),
            "scheme": scheme,
            "can_edit": can_edit,
            "open_form": open_form,
            **parts,
        },
    )


@login_required
def scheme_rules(request, pk):
    scheme = selectors.scheme(request.user, pk)
    initial = {
        "bonus_cap": scheme.bonus_cap,
        "bands": "\n".join(f"{label} {minimum}" for label, minimum in scheme.bands),
    }
    form = SchemeRulesForm(request.POST or None, initial=initial)
    return _scheme_form(
        request, scheme, form,
        lambda: actions.scheme_update(actor=request.user, scheme=scheme, **form.cleaned_data),
        _("加分上限与等次"), scheme_of=lambda saved: saved,
    )  # fmt: skip


def _scheme_form(request, scheme, form, save, title, *, scheme_of=lambda saved: saved.scheme):
    """A form that changes ``scheme`` or a part of it (period, category, item): ``save`` runs
    the action, whose scheme (``scheme_of`` its result) is a new version when the old one was
    locked (`_moved` says so); then the scheme's page, else the form again."""
    saved = save_valid(request, form, save)
    if saved:
        changed = scheme_of(saved.result)
        _moved(request, scheme, changed)
        return redirect(changed)
    return _form_page(request, title, form, scheme)


def _form_page(request, title, form, scheme, **extra):
    return render(
        request,
        "core/form_page.html",
        {
            "title": f"{scheme} · {title}",
            "form": form,
            "back_url": scheme.get_absolute_url(),
            **extra,
        },
    )


@login_required
def period_edit(request, pk, period_pk=None):
    scheme = selectors.scheme(request.user, pk)
    period = selectors.period(request.user, scheme, period_pk) if period_pk else None
    initial = {f: getattr(period, f) for f in ("name", "start", "end", "weight")} if period else {}
    form = PeriodForm(request.POST or None, initial=initial)
    return _scheme_form(
        request,
        scheme,
        form,
        lambda: actions.period_save(
            actor=request.user, scheme=scheme, period=period, **form.cleaned_data
        ),
        _("考核期间"),
    )


@login_required
def category_edit(request, pk, category_pk=None):
    scheme = selectors.scheme(request.user, pk)
    category = selectors.category(request.user, scheme, category_pk) if category_pk else None
    initial = {f: getattr(category, f) for f in ("name", "max_points", "order")} if category else {}
    form = CategoryForm(request.POST or None, initial=initial)
    return _scheme_form(
        request,
        scheme,
        form,
        lambda: actions.category_save(
            actor=request.user, scheme=scheme, category=category, **form.cleaned_data
        ),
        _("考核类别"),
    )


ITEM_FIELDS = (
    "nature", "category", "code", "text", "max_points", "rule", "source", "threshold", "step",
    "target", "evidence_required", "order",
)  # fmt: skip


@login_required
def item_edit(request, pk, item_pk=None):
    scheme = selectors.scheme(request.user, pk)
    item = selectors.item(request.user, scheme, item_pk) if item_pk else None
    initial = {f: getattr(item, f) for f in ITEM_FIELDS} if item else {"nature": Nature.SCORED}
    form = ItemForm(
        request.POST or None, initial=initial, categories=selectors.categories(request.user, scheme)
    )
    return _scheme_form(
        request,
        scheme,
        form,
        lambda: actions.item_save(
            actor=request.user, scheme=scheme, item=item, **form.cleaned_data
        ),
        _("考核项目"),
    )


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    scheme = selectors.scheme(request.user, pk)
    item = selectors.item(request.user, scheme, item_pk)
    try:
        saved = actions.item_delete(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(scheme)
    _moved(request, scheme, saved)
    messages.success(request, _("已删除项目%(code)s。") % {"code": item.code})
    return redirect(saved)


@login_required
@require_POST
def run_open(request, pk):
    scheme = selectors.scheme(request.user, pk)
    form = OpenRunForm(request.POST, periods=selectors.periods(request.user, scheme))
    saved = save_valid(
        request,
        form,
        lambda: run_actions.run_open(
            actor=request.user, scheme=scheme, period=form.cleaned_data["period"]
        ),
    )
    if saved:
        messages.success(request, _("考核已开始，自动取数项目已按业务记录计算。"))
        return redirect(saved.result)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(scheme)
