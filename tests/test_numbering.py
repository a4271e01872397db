"""One numbering scheme per record type (issue 15, item 9; docs/numbering.md), across the lines:
the pattern of SIFA_NUMBERING numbers the new records of every line, old numbers stay, the
sequence restarts each year and stays unique when offices of one bureau number at once."""

import datetime
from threading import Thread

import pytest
from django.db import connection

from config.sifa_settings import default
from sifa.corrections.tests.factories import make_subject
from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.factories import make_case, make_committee

pytestmark = pytest.mark.django_db

D = datetime.date


def test_every_line_numbers_by_its_default_pattern(cast):
    centre = make_centre(cast.county_a)
    application = make_application(make_reviewer(centre), centre, received_on=D(2026, 3, 2))
    case = make_case(cast.township_clerk, make_committee(cast.township_a1))
    subject = make_subject(cast.county_supervisor, cast.township_a1)

    assert application.number == "330102-FY-2026-0001"
    assert case.number == f"330102-TJ-{case.received_on.year}-0001"
    assert subject.number == f"330102-JZ-{subject.notified_on.year}-0001"


def test_a_new_pattern_numbers_new_records_and_leaves_old_numbers(cast, settings):
    committee = make_committee(cast.township_a1)
    before = make_case(cast.township_clerk, committee, received_on=D(2026, 3, 2))

    settings.SIFA_NUMBERING = {
        **default("SIFA_NUMBERING"),
        "mediation.mediationcase": "{region}调{year}{seq:05d}",
        "legalaid.application": "{office}-{year}-{seq:04d}",
    }
    after = make_case(cast.township_clerk, committee, received_on=D(2026, 3, 3))
    centre = make_centre(cast.county_a)
    application = make_application(make_reviewer(centre), centre, received_on=D(2026, 3, 2))

    before.refresh_from_db()
    assert before.number == "330102-TJ-2026-0001"
    assert after.number == "330102调202600001"
    assert application.number == f"{centre.code}-2026-0001"

    settings.SIFA_NUMBERING = default("SIFA_NUMBERING")  # back: the old series goes on
    assert make_case(cast.township_clerk, committee).number.endswith("-0002")


def test_the_sequence_restarts_each_year(cast):
    committee = make_committee(cast.township_a1)
    numbers = [
        make_case(cast.township_clerk, committee, received_on=on).number
        for on in (D(2025, 12, 30), D(2025, 12, 31), D(2026, 1, 2))
    ]
    assert numbers == ["330102-TJ-2025-0001", "330102-TJ-2025-0002", "330102-TJ-2026-0001"]


# Committed rows, as two processes see them; serialized_rollback brings the seeded rows back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="a race between server processes is a PostgreSQL deployment's concern",
)
def test_offices_of_one_bureau_numbering_at_once_get_distinct_numbers(cast):
    """Six committees of 甲县 register a case at the same moment: one series, no clash."""
    committees = [make_committee(cast.township_a1) for _ in range(6)]
    errors = []

    def register(committee):
        try:
            make_case(cast.township_clerk, committee, received_on=D(2026, 3, 2))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [Thread(target=register, args=(committee,)) for committee in committees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(
        MediationCase.objects.filter(office__in=committees).values_list("number", flat=True)
    )
    assert numbers == [f"330102-TJ-2026-{n:04d}" for n in range(1, 7)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="a race between server processes is a PostgreSQL deployment's concern",
)
def test_portal_applications_submitted_at_once_get_distinct_numbers(cast):
    """Six citizens apply online at the same moment, each through a request of its own (as six
    server processes would): the application numbers come from the database, never a cache."""
    from django.test import Client
    from django.urls import reverse

    from sifa.legalaid.models import Application
    from sifa.legalaid.tests.test_portal import apply_data, resident_id

    centre = make_centre(cast.county_a)
    answers, errors = [], []

    def apply(n):
        try:
            data = apply_data(cast, centre, id_number=resident_id(f"3301021980031520{n}"))
            response = Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(
                reverse("legalaid_portal:apply"), data
            )
            answers.append(response.status_code)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [Thread(target=apply, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = list(Application.objects.filter(office=centre).values_list("number", flat=True))
    assert errors == [] and answers == [200] * 6
    assert len(numbers) == 6 == len(set(numbers))
