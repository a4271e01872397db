"""Reads of the 普法考核 and of media articles, through `access.scope()`."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE
from sifa.publicity.models import Article, Inspection


def inspections(user) -> QuerySet[Inspection]:
    rows = Inspection.objects.select_related("office", "township", "unit")
    return access.scope(user, rows).order_by("-inspected_on", "-pk")


def articles(user) -> QuerySet[Article]:
    return access.scope(user, Article.objects.select_related("office")).order_by(
        "-published_on", "-pk"
    )


def townships_to_inspect(user) -> QuerySet[Office]:
    """The 司法所 (standing for their 镇(街道)) in the user's subtrees."""
    return access.visible_offices(user, Cap.EDIT, line=LINE).filter(
        kind=OfficeKind.JUDICIAL_OFFICE, is_active=True
    )
