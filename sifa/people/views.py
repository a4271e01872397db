"""Pages of the person registry (人员信息). Reads go through selectors, writes through actions.

ID and phone numbers are shown masked everywhere; the detail page offers "显示" per field to
users who may reveal (`people.reveal`), and every reveal is logged by `person_reveal`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sifa.accounts.events import client_ip
from sifa.core.codes import code_labels, code_name
from sifa.core.masking import mask_address, mask_id_number, mask_phone
from sifa.core.views import OFFICE_COLUMN, PHONE_COLUMN, Column, encrypted_column, paginate
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import STAFF_POST_CODE_LIST
from sifa.orgs.selectors import hidden_minors_count
from sifa.people import actions, selectors
from sifa.people.forms import PersonFilterForm, PersonForm


def _mask(person) -> None:
    """Attach the masked numbers templates display (the plaintext is never rendered)."""
    person.masked_id_number = mask_id_number(person.id_number)
    person.masked_phone = mask_phone(person.phone)
    person.masked_address = mask_address(person.address)


PERSON_COLUMNS = (
    Column(gettext_lazy("姓名"), "name"),
    Column(gettext_lazy("性别"), "gender"),
    Column(gettext_lazy("出生日期"), "birth_date"),
    Column(gettext_lazy("证件类型"), "doc_type"),
    encrypted_column(gettext_lazy("证件号码")),
    PHONE_COLUMN,
    OFFICE_COLUMN,
    Column(gettext_lazy("登记时间"), "created_at"),
)


@login_required
def person_list(request):
    access.require_anywhere(
        request.user, Cap.VIEW, _("您没有权限查看人员信息。"), line=access.ANY_LINE
    )
    form = PersonFilterForm(request.GET or None, actor=request.user)
    office = name = None
    if form.is_bound and form.is_valid():
        office, name = form.cleaned_data["office"], form.cleaned_data["name"]
    persons = selectors.person_list(actor=request.user, office=office, name=name)
    if form.is_bound and not form.is_valid():
        persons = persons.none()  # a filter we cannot apply must not silently show everything
    page_obj = paginate(request, persons, columns=PERSON_COLUMNS)
    for person in page_obj:
        _mask(person)
    hidden = 0
    if not name and not (form.is_bound and not form.is_valid()):
        # Not for a search by name: the count would confirm a minor of that name is on file.
        hidden = hidden_minors_count(
            request.user, selectors.person_list, listed=page_obj.paginator.count, office=office
        )
    return render(
        request,
        "people/person_list.html",
        {
            "title": _("人员列表"),
            "caption": _("人员列表，证件号码和联系电话已脱敏显示"),
            "table_class": "sifa-person-table",
            "filters": form,
            "page_obj": page_obj,
            "can_register": access.has_capability_anywhere(
                request.user, Cap.EDIT, line=access.ANY_LINE
            ),
            "hidden_minors": hidden,
        },
    )


def _detail_context(request, person, revealed=None) -> dict:
    _mask(person)
    user = request.user
    may = selectors.person_abilities(actor=user, person=person, capabilities=(Cap.EDIT, Cap.REVEAL))
    return {
        "person": person,
        "ethnicity_name": code_name(actions.ETHNICITY_CODE_LIST, person.ethnicity),
        "posts": _posts_with_names(user, person),
        "can_edit": Cap.EDIT in may,
        "can_reveal": Cap.REVEAL in may,
        "line_records": selectors.person_line_records(actor=user, person=person),
        "revealed": revealed or {},
    }


def _posts_with_names(user, person) -> list:
    post_names = code_labels(STAFF_POST_CODE_LIST)
    posts = list(selectors.person_posts(actor=user, person=person))
    for post in posts:
        post.post_name = post_names.get(post.post, post.post)
    return posts


@never_cache
@login_required
def person_detail(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    return render(request, "people/person_detail.html", _detail_context(request, person))


@login_required
def person_create(request):
    access.require_anywhere(
        request.user, Cap.EDIT, _("您没有登记人员的权限。"), line=access.ANY_LINE
    )
    form = PersonForm(request.POST or None, actor=request.user, initial=_default_office(request))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.person_register(actor=request.user, **form.registration_values())
        except ValidationError as exc:
            duplicate = _add_action_errors(form, exc)
        else:
            messages.success(request, _("已登记人员：%(name)s。") % {"name": person.name})
            return redirect("people:person_detail", pk=person.pk)
    back = reverse("people:person_list")
    return _form_page(request, form, duplicate=duplicate, person=None, back_url=back)


def _form_page(request, form, **context):
    """登记 or 修改 a person: the form, and a link to the person already registered when the
    action refused a duplicate."""
    return render(
        request,
        "people/person_form.html",
        {"form": form, "check_class": "mt-md-4", **context},
    )


def _add_action_errors(form, exc: ValidationError):
    """Show the action's errors on the form; return the visible duplicate person, if any."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
    return getattr(exc, "existing", None)


def _default_office(request) -> dict:
    """Preselect the office where the user works (the top of their `edit` scope)."""
    offices = access.granted_offices(request.user, Cap.EDIT, line=access.ANY_LINE)
    return {"office": offices[0]} if len(offices) == 1 else {}


@login_required
def person_edit(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    access.require_for_person(request.user, Cap.EDIT, person)
    form = PersonForm(
        request.POST or None, actor=request.user, person=person, initial=_initial(person)
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.person_update(actor=request.user, person=person, **form.changes())
        except ValidationError as exc:
            duplicate = _add_action_errors(form, exc)
        else:
            messages.success(request, _("已保存人员信息：%(name)s。") % {"name": person.name})
            return redirect("people:person_detail", pk=person.pk)
    _mask(person)
    back = reverse("people:person_detail", args=[person.pk])
    return _form_page(request, form, duplicate=duplicate, person=person, back_url=back)


def _initial(person) -> dict:
    """Edit form values; the ID and phone numbers are not among them (they stay hidden)."""
    return {
        "office": person.office,
        "name": person.name,
        "doc_type": person.doc_type,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "ethnicity": person.ethnicity,
        "address": person.address,
        "region_code": person.region_code,
    }


@never_cache
@require_POST
@login_required
def person_reveal(request, pk, field):
    """显示明文 of one field. htmx swaps the masked value in place; without JS, the page reloads."""
    if field not in actions.REVEALABLE_FIELDS:
        raise Http404
    person = selectors.person_get(actor=request.user, pk=pk)
    plaintext = actions.person_reveal(
        actor=request.user, person=person, field=field, ip_address=client_ip(request)
    )
    if request.headers.get("HX-Request"):
        fragment = render_to_string(
            "people/_revealed_value.html", {"value": plaintext, "field": field}, request
        )
        return HttpResponse(fragment)
    context = _detail_context(request, person, revealed={field: plaintext})
    return render(request, "people/person_detail.html", context)
