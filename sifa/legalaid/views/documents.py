"""法律援助文书 downloads (.docx): 决定书, 指派通知书, 补充材料通知书 of one application.

Reading needs VIEW on the application's office (outside the scope: 404, through the selector
in sifa.legalaid.documents). A document that does not apply to the record in its state (no
decision yet, not assigned, no supplement requested) answers 404 with a page saying why.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sifa.accounts.events import client_ip
from sifa.core.views import docx_download
from sifa.legalaid import documents


@login_required
@require_GET
def application_document(request, pk, kind):
    """One document of an application, by `kind` (decision / assignment / supplement)."""
    if kind not in documents.KINDS:
        raise Http404(_("未知的文书类型。"))
    application = documents.application_document(actor=request.user, pk=pk)
    try:
        content, filename = documents.build(
            application, kind, actor=request.user, ip_address=client_ip(request)
        )
    except documents.NotApplicable as exc:
        return _unavailable(request, application, str(exc))
    return docx_download(content, filename)


def _unavailable(request, application, message: str) -> HttpResponse:
    context = {"application": application, "message": message}
    try:
        return render(request, "legalaid/documents/unavailable.html", context, status=404)
    except NoReverseMatch:  # the case pages are not wired yet: the message alone
        return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")
