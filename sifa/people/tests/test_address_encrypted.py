"""The home address (住址) is sensitive like the ID number: stored encrypted, shown masked on the
person's page, revealed only with `people.reveal`, and each reveal is logged."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sifa.audit.models import AccessLog
from sifa.people.actions import person_register, person_reveal
from sifa.people.models import DocumentType

ADDRESS = "青川市东城街道幸福路17号3幢402室"


@pytest.fixture
def person(cast):
    return person_register(
        actor=cast.township_clerk,
        office=cast.township_a1,
        name="李四",
        doc_type=DocumentType.OTHER,
        address=ADDRESS,
    )


def test_the_person_page_shows_the_address_masked(cast, login, person):
    page = login(cast.city_leader).get(reverse("people:person_detail", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert ADDRESS not in html
    assert ADDRESS[:6] + "***" in html
    assert reverse("people:person_reveal", args=[person.pk, "address"]) in html
    assert not AccessLog.objects.exists()


def test_revealing_the_address_needs_the_capability_and_is_logged(cast, login, person):
    with pytest.raises(PermissionDenied):  # 司法所工作人员: sees the person, may not reveal
        person_reveal(actor=cast.township_clerk, person=person, field="address", ip_address=None)
    client = login(cast.city_leader)
    shown = client.post(reverse("people:person_reveal", args=[person.pk, "address"]))
    assert shown.status_code == 200 and ADDRESS in shown.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.field, log.object_id) == (cast.city_leader, "address", str(person.pk))
