"""The 法律援助 line's global-search provider (sifa.core.search; declared in line.py).

* a case by its 申请编号, its 通知书文号 (a notified defence) or its 档案号, or by the 文号 of a
  document Sifa printed for it: 〔2026〕青司援决字第0001号 (issued once by
  `documents.document_number`, kept in core.IssuedNumber with the case's id in its key);
* a handler (承办人员) by 执业证号: the hit opens the handler's provider (承办机构), whose page
  lists the handler.

Only records the user sees (sifa.orgs.access: office subtree, legal-aid line).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from sifa.core.search import SearchHit, issued_document_keys, key_pks, number_hits
from sifa.legalaid.models import Application, Handler
from sifa.orgs import access


def legalaid_search_hits(user, query: str) -> list[SearchHit]:
    return [*_application_hits(user, query), *_handler_hits(user, query)]


def _application_hits(user, query: str) -> list[SearchHit]:
    def printed():
        documents = key_pks(issued_document_keys(query, "legalaid.document"))
        return Q(pk__in=documents) if documents else Q()

    return number_hits(
        query,
        ("number", "notice_number", "archive_number"),
        access.scope(user, Application.objects.select_related("office", "applicant")),
        kind=_("法律援助案件"),
        title=lambda application: f"{application.number} {application.applicant.name}",
        detail=lambda application: [
            application.office.name,
            application.received_on.isoformat(),
            application.get_status_display(),
        ],
        also=printed,
        order=("-received_on", "-id"),
    )


def _handler_hits(user, query: str) -> list[SearchHit]:
    return number_hits(
        query,
        ("licence_number",),
        access.scope(user, Handler.objects.select_related("office", "provider", "person")),
        kind=_("承办人员"),
        title=lambda handler: f"{handler.person.name} {handler.licence_number}",
        url=_provider_url,
        detail=lambda handler: [handler.provider.name, handler.office.name],
        order=("-active", "id"),
    )


def _provider_url(handler: Handler) -> str:
    from django.urls import reverse

    return reverse("legalaid:provider_detail", args=[handler.provider_id])
