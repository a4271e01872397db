"""Opening a file the citizen uploaded with an online application (网上申请材料).

The files are personal documents (ID copies, wage notes, medical records): opening one needs
the 明文查看 capability on the case's office and is logged like every reveal (AccessLog).
"""

from __future__ import annotations

import base64

from django.db import transaction

from sifa.audit.models import AccessLog
from sifa.legalaid.models import Upload
from sifa.orgs import access
from sifa.orgs.access import Cap

CONTENT_FIELD = "content"


@transaction.atomic
def upload_open(*, actor, upload: Upload, ip_address: str | None) -> bytes:
    """The file's bytes, after checking REVEAL and logging the access."""
    access.require_for(actor, Cap.REVEAL, upload)
    AccessLog.objects.create(
        user=actor,
        model="legalaid.Upload",
        object_id=str(upload.pk),
        object_repr=f"{upload.application.number} {upload.filename}"[:200],
        field=CONTENT_FIELD,
        ip_address=ip_address or None,
    )
    return base64.b64decode(upload.content)
