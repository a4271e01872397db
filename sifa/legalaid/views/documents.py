"""法律援助文书 downloads (.docx): 决定书, 指派通知书, 补充材料通知书 of one application.

Reading needs VIEW on the application's office (outside the scope: 404, through the selector
in sifa.legalaid.documents). A document that does not apply to the record in its state (no
decision yet, not assigned, no supplement requested) answers 404 with a page saying why.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from sifa.core.views import document_view
from sifa.legalaid import documents

# One document of an application, by `kind` (decision / assignment / supplement).
application_document = document_view(
    "application_document",
    kinds=documents.KINDS,
    record_of=documents.application_document,
    build=documents.build,
    back_label=gettext_lazy("返回案件"),
)
