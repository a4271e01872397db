"""The import round trip as a clerk makes it (sifa.core.views_imports): upload → preview →
confirm, for the tests of every line's import pages."""

from __future__ import annotations

from django.urls import reverse

from sifa.core.models import ImportBatch


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
