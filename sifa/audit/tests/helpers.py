"""Test helpers for the audit trail: records with history, and rows dated in the past."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock

from django.utils import timezone

from sifa.people.models import Gender, Person

ID_FIRST = "11010519491231002X"
ID_SECOND = "440524188001010014"
PHONE_FIRST = "13800138000"
PHONE_SECOND = "13900139000"


@contextmanager
def clock_at(moment: datetime):
    """Run with `timezone.now()` frozen at `moment`.

    The append-only models refuse update(), so a test cannot move a log row's `at` back.
    Instead rows are *created* in the past: `auto_now_add` and simple-history's
    `history_date` both read `django.utils.timezone.now()`, which this patches.
    """
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def local(year, month, day, hour=12) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def save_as(obj, user):
    """Save and record `user` as the author in the history (as the middleware does)."""
    obj._history_user = user
    obj.save()
    return obj


def make_person(office, user, *, name="张三") -> Person:
    person = Person(office=office, name=name, gender=Gender.MALE, created_by=user)
    person.set_id_number(ID_FIRST)
    person.set_phone(PHONE_FIRST)
    return save_as(person, user)


def change_person(person, user, *, name="张三丰") -> Person:
    person.name = name
    person.gender = Gender.FEMALE
    person.set_id_number(ID_SECOND)
    person.set_phone(PHONE_SECOND)
    return save_as(person, user)
