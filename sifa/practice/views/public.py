"""执业诚信信息查询: the public page of the integrity file, no login (namespace
"practice_public", mounted at /public/practice/).

A citizen finds a lawyer, a grassroots legal service worker or an institution by name or by
the full licence number and reads the published subset of its file (SIFA_PRACTICE_PUBLIC_FIELDS,
`selectors.integrity.public_*`): never an ID number, a phone, a person's address, a complaint
the bureau did not publish. GET only, no form posted, nothing personal logged; requests are
rate-limited per client address (SIFA_PRACTICE_PUBLIC_RATE, shared by every server process
through sifa.core.ratelimit) so that the register cannot be harvested page by page quickly.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from config.sifa_settings import sifa_setting
from sifa.accounts.events import client_ip
from sifa.core import ratelimit
from sifa.practice.constants_integrity import PublicField
from sifa.practice.forms_integrity import PublicSearchForm
from sifa.practice.selectors import integrity as selectors

logger = logging.getLogger(__name__)

INSTITUTIONS = "institutions"
PRACTITIONERS = "practitioners"
PER_PAGE = 20


def _too_many(request) -> bool:
    limit, window = sifa_setting("SIFA_PRACTICE_PUBLIC_RATE")
    address = client_ip(request) or "unknown"
    who = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    counted = ratelimit.hit("practice-public", who, limit=int(limit), window=int(window))
    if not counted.allowed and counted.count == int(limit) + 1:
        logger.warning("practice public page: rate limit reached")
    return not counted.allowed


def _refused(request):
    response = render(
        request,
        "practice/public/refused.html",
        {"title": _("查询过于频繁"), "message": _("您查询得太频繁了，请稍后再试。")},
        status=429,
    )
    response["Retry-After"] = str(int(sifa_setting("SIFA_PRACTICE_PUBLIC_RATE")[1]))
    return response


def _summary(file) -> list[tuple[str, str, str]]:
    """(key, label, value) of the file's published summary values."""
    labels = {field.value: str(field.label) for field in PublicField}
    return [(key, labels[key], value) for key, value in file["row"].values.items()]


@require_GET
def search(request):
    """The list: practitioners (default) or institutions, by name or licence number, paged."""
    if _too_many(request):
        return _refused(request)
    kind = INSTITUTIONS if request.GET.get("kind") == INSTITUTIONS else PRACTITIONERS
    form = PublicSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    fields = selectors.public_fields()
    if kind == INSTITUTIONS:
        rows = selectors.public_institutions(query)
        columns = (PublicField.LICENCE_NUMBER, PublicField.CATEGORY, PublicField.STATUS,
                   PublicField.INSPECTION)  # fmt: skip
        to_rows = selectors.institution_rows
    else:
        rows = selectors.public_practitioners(query)
        columns = (PublicField.LICENCE_NUMBER, PublicField.CATEGORY, PublicField.INSTITUTION,
                   PublicField.STATUS, PublicField.ASSESSMENT)  # fmt: skip
        to_rows = selectors.practitioner_rows
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    shown = [(column.value, str(column.label)) for column in columns if column in fields]
    context = {
        "form": form,
        "kind": kind,
        "query": query,
        "page_obj": page,
        "rows": [
            (row, [row.values.get(key) for key, _label in shown])
            for row in to_rows(page.object_list, fields)
        ],
        "columns": shown,
    }
    return render(request, "practice/public/search.html", context)


@require_GET
def institution(request, pk):
    if _too_many(request):
        return _refused(request)
    record = selectors.public_institution(pk)
    file = selectors.public_institution_file(record)
    context = {"file": file, "summary": _summary(file), "title": record.office.name}
    return render(request, "practice/public/institution.html", context)


@require_GET
def practitioner(request, pk):
    if _too_many(request):
        return _refused(request)
    record = selectors.public_practitioner(pk)
    file = selectors.public_practitioner_file(record)
    context = {"file": file, "summary": _summary(file), "title": record.person.name}
    return render(request, "practice/public/practitioner.html", context)
