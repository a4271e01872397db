"""Reads of publicity events (普法活动), always through `access.scope()`."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.core.codes import code_labels
from sifa.core.queries import narrowed
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.practice.selectors.advisers import advisers_to_choose
from sifa.publicity.constants import LINE, THEME_CODE_LIST
from sifa.publicity.models import Event, EventPhoto


def events(user, *, theme: str = "", audience: str = "", office=None) -> QuerySet[Event]:
    rows = access.scope(user, Event.objects.select_related("office", "unit"))
    rows = narrowed(rows, theme=theme or None, audience=audience or None)
    if office is not None:
        rows = access.within(rows, office)
    return rows.order_by("-started_on", "-pk")


def event_get(*, actor, pk) -> Event:
    return access.get_object_or_404(
        actor, Event.objects.select_related("office", "unit", "plan"), pk=pk
    )


def event_photos(*, actor, event: Event) -> QuerySet[EventPhoto]:
    return access.scope(actor, EventPhoto.objects.filter(event=event)).defer("content")


def photo_get(*, actor, event_pk, pk) -> EventPhoto:
    return access.get_object_or_404(
        actor, EventPhoto.objects.select_related("event"), pk=pk, event_id=event_pk
    )


def offices_to_record_in(user) -> QuerySet[Office]:
    """The offices where the user may record events: every office of the line in their
    subtrees (a bureau, a 司法所, a village service station)."""
    return access.visible_offices(user, Cap.EDIT, line=LINE).filter(is_active=True)


def lecturers_to_choose(user):
    """Practitioners (lawyers, legal service workers, village advisers among them) the user may
    name as lecturers: the practice line's choice (`advisers_to_choose`)."""
    return advisers_to_choose(user)


def theme_labels() -> dict[str, str]:
    """{theme code: its name} of the code list 普法活动主题."""
    return code_labels(THEME_CODE_LIST)


def with_theme_labels(rows) -> list[Event]:
    """The events with `theme_label` set (a list page's rows)."""
    labels = theme_labels()
    rows = list(rows)
    for event in rows:
        event.theme_label = labels.get(event.theme, event.theme)
    return rows
