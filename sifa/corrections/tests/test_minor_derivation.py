"""Whether a subject is a minor is derived from the person's birth date (from the ID number where
known), at the date of the offence when recorded (刑事诉讼法 第286条: "犯罪的时候不满十八周岁"),
else at the judgment's effect — never chosen by a user: no form field, no action parameter, and
a changed birth date changes the flag."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.core.testing import assert_invalid
from sifa.corrections.actions import subjects as actions
from sifa.corrections.forms.subjects import SubjectRegisterForm
from sifa.corrections.models import Subject
from sifa.corrections.tests.factories import (
    JUDGMENT_EFFECTIVE_ON,
    make_person,
    make_subject,
    make_worker,
    subject_fields,
)
from sifa.people.actions import person_update
from sifa.people.tests.helpers import resident_id

D = datetime.date


def years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)  # cc_worker: holds Cap.MINORS


@pytest.fixture
def office(cast):
    return cast.township_a1


def test_the_action_takes_no_minor_override(worker, office):
    adult = make_person(office)
    with pytest.raises(TypeError):
        actions.subject_register(
            actor=worker, office=office, **subject_fields(office, person=adult), is_minor=True
        )
    minor = make_person(office, birth_date=years_before(JUDGMENT_EFFECTIVE_ON, 16))
    with pytest.raises(TypeError):
        actions.subject_register(
            actor=worker, office=office, **subject_fields(office, person=minor), is_minor=False
        )
    assert not Subject.objects.exists()


def test_the_register_form_has_no_minor_field():
    assert "is_minor" not in SubjectRegisterForm.base_fields


def _register_data(office, **extra) -> dict:
    data = {
        "office": office.pk,
        "name": "周九",
        "phone": "",
        "sentence_type": "probation",
        "crime": "盗窃罪",
        "crime_category": "",
        "original_sentence": "有期徒刑一年，缓刑一年",
        "sentence_months": "12",
        "decision_organ": "court",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": "（2026）浙0102刑初901号",
        "judgment_effective_on": "2026-10-08",
        "notified_on": "2026-10-10",
        "documents_received_on": "",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("typed", ["yes", "no", "1", "0"])
def test_a_posted_minor_flag_is_ignored(login, worker, office, typed):
    """Whatever the post says, the flag follows the ID number's birth date."""
    client = login(worker)
    adult_id = resident_id(born=D(1990, 1, 1), sequence="311")
    minor_id = resident_id(born=D(2010, 1, 1), sequence="313")
    url = reverse("corrections:subject_register")
    response = client.post(url, _register_data(office, id_number=adult_id, is_minor=typed))
    assert response.status_code == 302
    response = client.post(
        url,
        _register_data(
            office, id_number=minor_id, name="吴十", judgment_number="（2026）浙0102刑初902号",
            is_minor=typed,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    flags = dict(Subject.objects.values_list("person__name", "is_minor"))
    assert flags == {"周九": False, "吴十": True}


def test_the_offence_date_decides_when_recorded(worker, office):
    """18 when the judgment took effect, 17 when the crime was committed: a minor's record."""
    person = make_person(office, birth_date=years_before(JUDGMENT_EFFECTIVE_ON, 18))
    offence = JUDGMENT_EFFECTIVE_ON - datetime.timedelta(days=200)
    subject = make_subject(worker, office, person=person, offence_on=offence)
    assert subject.is_minor and subject.offence_on == offence
    other = make_person(office, birth_date=years_before(JUDGMENT_EFFECTIVE_ON, 18))
    assert not make_subject(worker, office, person=other).is_minor


def test_the_offence_date_cannot_follow_the_judgment(worker, office):
    with pytest.raises(ValidationError) as exc:
        make_subject(worker, office, offence_on=JUDGMENT_EFFECTIVE_ON + datetime.timedelta(days=1))
    assert_invalid(exc, "offence_on", "犯罪日期不能晚于判决/裁定/决定生效日期")


def test_a_changed_birth_date_changes_the_flag(worker, office):
    person = make_person(office, birth_date=years_before(JUDGMENT_EFFECTIVE_ON, 30))
    subject = make_subject(worker, office, person=person)
    assert not subject.is_minor
    person_update(actor=worker, person=person, birth_date=years_before(JUDGMENT_EFFECTIVE_ON, 16))
    subject.refresh_from_db()
    assert subject.is_minor
    person_update(actor=worker, person=person, birth_date=years_before(JUDGMENT_EFFECTIVE_ON, 40))
    subject.refresh_from_db()
    assert not subject.is_minor


def test_a_changed_id_number_changes_the_flag(worker, office):
    person = make_person(office, birth_date=None)
    subject = make_subject(worker, office, person=person)
    assert not subject.is_minor  # no birth date known: not restricted by age
    person_update(
        actor=worker,
        person=person,
        doc_type="resident_id",
        id_number=resident_id(born=years_before(JUDGMENT_EFFECTIVE_ON, 15)),
    )
    subject.refresh_from_db()
    assert subject.is_minor
