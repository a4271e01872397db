"""The import round trip as a clerk makes it (sifa.core.views_imports): upload → preview →
confirm; and files to upload (.xlsx, .csv in UTF-8 or GBK) built from rows by header."""

from __future__ import annotations

import csv
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from stdnum.cn import ric

from sifa.core.models import ImportBatch

_serial = itertools.count(1)


def resident_id(birth: str = "19800101", area: str = "330102", sequence: int | None = None) -> str:
    """A valid 居民身份证号码 (MOD 11-2 check character), different at each call."""
    number = sequence if sequence is not None else next(_serial) % 1000
    body = f"{area}{birth}{number:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17 characters


def xlsx(spec, rows: list[dict], *, headers=None, name: str = "register.xlsx", sheet=None):
    """An .xlsx upload of `rows` ({header: value}) under the headers of `spec`'s fields."""
    headers = headers or [f.header for f in spec.fields]
    workbook = Workbook()
    table = workbook.active
    table.title = sheet or spec.sheet
    table.append(headers)
    for values in rows:
        table.append([values.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(spec, rows: list[dict], *, encoding: str = "utf-8", name: str = "register.csv"):
    """A .csv upload of `rows` in `encoding` ("utf-8-sig" writes a byte-order mark)."""
    headers = [f.header for f in spec.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for values in rows:
        writer.writerow([values.get(h, "") for h in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def upload(client, url: str, file, **data):
    """POST the file to an import's page; returns (the page answered, the batch made)."""
    before = set(ImportBatch.objects.values_list("pk", flat=True))
    response = client.post(url, {"file": file, **data}, follow=True)
    made = ImportBatch.objects.exclude(pk__in=before).order_by("-pk").first()
    return response, made


def confirm(client, batch: ImportBatch):
    """Press 确认导入 on the batch's preview; the page answered (followed)."""
    return client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)


def import_file(client, url: str, file, **data):
    """Upload and confirm; (the page after confirming, the batch)."""
    response, batch = upload(client, url, file, **data)
    assert batch is not None, response.content.decode()[:2000]
    response = confirm(client, batch)
    batch.refresh_from_db()
    return response, batch
