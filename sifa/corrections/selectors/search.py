"""The 社区矫正 line's global-search provider (sifa.core.search; declared in line.py).

* a subject (矫正对象) by 矫正编号, 判决书/裁定书/决定书文号, 解除社区矫正证明书编号, or the
  文号 of a document Sifa printed for the subject or one of its measures: 〔2026〕青司矫报字第0001号
  (issued once by `documents.document_number` / `measure_documents.document_number`, kept in
  core.IssuedNumber with the subject's or the measure's id in its key);
* an assessment (调查评估) by 委托编号.

Only records the user sees: the office subtree in the corrections line and a minor's records
only with Cap.MINORS (社区矫正法 第54条), through the same selectors as the lists.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from sifa.core.search import SearchHit, issued_document_keys, key_pks, number_hits
from sifa.corrections.models import Measure, Subject
from sifa.corrections.selectors.investigations import investigation_list
from sifa.corrections.selectors.subjects import subjects_visible


def corrections_search_hits(user, query: str) -> list[SearchHit]:
    return [*_subject_hits(user, query), *_investigation_hits(user, query)]


def _subject_hits(user, query: str) -> list[SearchHit]:
    return number_hits(
        query,
        ("number", "judgment_number", "certificate_number"),
        subjects_visible(user, Subject.objects.select_related("office", "person")),
        kind=_("矫正对象"),
        title=lambda subject: f"{subject.number} {subject.person.name}",
        detail=lambda subject: [subject.office.name, subject.get_status_display()],
        also=lambda: _printed_for(query),
    )


def _printed_for(query: str) -> Q:
    """The subjects a printed 文号 belongs to: a measure's document (警告决定书) names the
    measure, every other document the subject."""
    from sifa.corrections.measure_documents import WARNING_TITLE

    keys = issued_document_keys(query, "corrections.document")
    measures = key_pks(keys, prefix=f"{WARNING_TITLE}:")
    subjects = key_pks([key for key in keys if not key.startswith(f"{WARNING_TITLE}:")])
    if measures:
        subjects += Measure.objects.filter(pk__in=measures).values_list("subject_id", flat=True)
    return Q(pk__in=subjects) if subjects else Q()


def _investigation_hits(user, query: str) -> list[SearchHit]:
    return number_hits(
        query,
        ("commission_number",),
        investigation_list(actor=user),
        kind=_("调查评估"),
        title=lambda investigation: (
            f"{investigation.commission_number} {investigation.person.name}"
        ),
        detail=lambda investigation: [
            investigation.office.name,
            investigation.received_on.isoformat(),
        ],
        order=(),  # the list's own order
    )
