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

from sifa.core.search import SearchHit, issued_document_keys, key_pks, number_q
from sifa.legalaid.models import Application, Handler
from sifa.orgs import access

SEARCH_LIMIT = 20


def legalaid_search_hits(user, query: str) -> list[SearchHit]:
    return [*_application_hits(user, query), *_handler_hits(user, query)]


def _application_hits(user, query: str) -> list[SearchHit]:
    condition = number_q(query, "number", "notice_number", "archive_number")
    if condition is None:
        return []
    documents = key_pks(issued_document_keys(query, "legalaid.document"))
    if documents:
        condition |= Q(pk__in=documents)
    rows = access.scope(user, Application.objects.select_related("office", "applicant"))
    rows = rows.filter(condition).order_by("-received_on", "-id")[:SEARCH_LIMIT]
    return [
        SearchHit(
            kind=_("法律援助案件"),
            title=f"{application.number} {application.applicant.name}",
            url=application.get_absolute_url(),
            detail=" · ".join(
                [
                    application.office.name,
                    application.received_on.isoformat(),
                    application.get_status_display(),
                ]
            ),
        )
        for application in rows
    ]


def _handler_hits(user, query: str) -> list[SearchHit]:
    condition = number_q(query, "licence_number")
    if condition is None:
        return []
    rows = access.scope(user, Handler.objects.select_related("office", "provider", "person"))
    rows = rows.filter(condition).order_by("-active", "id")[:SEARCH_LIMIT]
    return [
        SearchHit(
            kind=_("承办人员"),
            title=f"{handler.person.name} {handler.licence_number}",
            url=_provider_url(handler),
            detail=" · ".join([handler.provider.name, handler.office.name]),
        )
        for handler in rows
    ]


def _provider_url(handler: Handler) -> str:
    from django.urls import reverse

    return reverse("legalaid:provider_detail", args=[handler.provider_id])
