"""A person who is or was a minor in community corrections is seen, in the person registry, only
by users holding Cap.MINORS over the person's office (刑事诉讼法 第286条; 社区矫正法 第54条):
the person page, the list, the global search, the lookup by ID number and the duplicate message
all behave as if the person were outside the user's scope; lists say how many they hide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sifa.corrections.tests.factories import (
    ADULT_BIRTH_DATE,
    MINOR_BIRTH_DATE,
    make_active_subject,
    make_worker,
)
from sifa.orgs import access
from sifa.people import selectors
from sifa.people.actions import DuplicatePersonError, person_register, person_update
from sifa.people.models import DocumentType, Person
from sifa.people.tests.helpers import resident_id

MINOR_ID = resident_id(born=MINOR_BIRTH_DATE, sequence="515")


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)  # cc_worker: holds Cap.MINORS


@pytest.fixture
def minor(worker, cast):
    person = person_register(
        actor=worker,
        office=cast.township_a1,
        name="少年甲",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=MINOR_ID,
    )
    make_active_subject(worker, cast.township_a1, person=person)
    return person


def test_the_minor_is_hidden_from_a_user_without_the_capability(cast, worker, minor):
    clerk = cast.township_clerk  # 司法所工作人员 of A1: VIEW there, no Cap.MINORS
    assert minor.corrections_subjects.get().is_minor
    assert not access.scope(clerk, Person).filter(pk=minor.pk).exists()
    assert access.scope(worker, Person).filter(pk=minor.pk).exists()
    assert list(access.hidden_minors(clerk, Person).values_list("pk", flat=True)) == [minor.pk]
    assert selectors.person_find_by_id_number(actor=clerk, id_number=MINOR_ID) is None
    assert selectors.person_search(actor=clerk, query="少年甲") == []
    assert selectors.person_search(actor=clerk, query=MINOR_ID) == []
    assert selectors.person_search(actor=worker, query="少年甲") == [minor]


def test_an_adult_of_the_same_office_stays_visible(cast, worker, minor):
    adult = make_active_subject(worker, cast.township_a1).person
    assert access.scope(cast.township_clerk, Person).filter(pk=adult.pk).exists()


def test_the_pages_do_not_show_the_minor(cast, login, worker, minor):
    client = login(cast.township_clerk)
    assert client.get(reverse("people:person_detail", args=[minor.pk])).status_code == 404
    html = client.get(reverse("people:person_list")).content.decode()
    assert "少年甲" not in html
    assert "含未成年人 1 人（不予显示）" in html
    detail_url = reverse("people:person_detail", args=[minor.pk])
    html = client.get(reverse("shell:search"), {"q": "少年甲"}).content.decode()
    assert detail_url not in html and "未成年" not in html  # a search never confirms a name
    html = client.get(reverse("shell:search"), {"q": MINOR_ID}).content.decode()
    assert detail_url not in html and "未成年" not in html
    assert (
        detail_url in login(worker).get(reverse("shell:search"), {"q": "少年甲"}).content.decode()
    )
    html = login(worker).get(detail_url).content.decode()
    assert "少年甲" in html


def test_the_duplicate_message_does_not_disclose_the_minor(cast, minor):
    with pytest.raises(DuplicatePersonError) as exc:
        person_register(
            actor=cast.township_clerk,
            office=cast.township_a1,
            name="别人",
            doc_type=DocumentType.RESIDENT_ID,
            id_number=MINOR_ID,
        )
    assert exc.value.existing is None
    assert "少年甲" not in str(exc.value.messages)


def test_other_users_can_neither_change_nor_reveal_the_minor(cast, worker, minor):
    """Even calling the actions directly: a clerk cannot make the minor an adult by a new birth
    date (which would clear the flag), nor read the ID number."""
    from django.http import Http404

    from sifa.people.actions import person_reveal

    adult_id = resident_id(born=ADULT_BIRTH_DATE, sequence="517")
    with pytest.raises(Http404):
        person_update(actor=cast.township_clerk, person=minor, id_number=adult_id)
    with pytest.raises(Http404):  # 业务科室: may reveal ID numbers, has no Cap.MINORS
        person_reveal(
            actor=cast.county_supervisor, person=minor, field="id_number", ip_address=None
        )
    minor.refresh_from_db()
    assert minor.corrections_subjects.get().is_minor


def test_the_person_stays_hidden_after_turning_18(cast, worker, minor):
    """社区矫正法 第58条 and the sealing of 刑事诉讼法 第286条 do not end at 18: the flag is the
    age at the offence / judgment, not today's."""
    person_update(actor=worker, person=minor, address="某县某镇")
    assert not access.scope(cast.township_clerk, Person).filter(pk=minor.pk).exists()
