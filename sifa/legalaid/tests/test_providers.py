"""The roster of providers and handlers (承办机构和承办人员): rules, deactivation, pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions import providers as actions
from sifa.legalaid.constants import HandlerKind, ProviderKind
from sifa.legalaid.models import Handler, Provider
from sifa.legalaid.selectors import providers as selectors
from sifa.mediation.tests.factories import make_person
from sifa.orgs.constants import OfficeKind
from tests.factories import UserFactory, add_office, grant

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.fixture
def centre(cast):
    return add_office(
        cast.county_a,
        name="甲县法律援助中心",
        code="330102LA1",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )


@pytest.fixture
def other_centre(cast):
    return add_office(
        cast.county_b,
        name="乙县法律援助中心",
        code="330103LA1",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330103",
    )


@pytest.fixture
def reviewer(centre):
    user = UserFactory(username="la_reviewer_a")
    grant(user, centre, "la_reviewer")
    return user


@pytest.fixture
def firm(reviewer, centre):
    return actions.provider_create(
        actor=reviewer, office=centre, name="某某律师事务所", kind=ProviderKind.LAW_FIRM
    )


def add_lawyer(actor, provider, **overrides):
    fields = dict(
        person=make_person(provider.office, name="王律师"),
        kind=HandlerKind.LAWYER,
        licence_number="13301201810000001",
        practising_since=datetime.date(2015, 3, 1),
        criminal_defence_since=datetime.date(2016, 1, 1),
    )
    fields.update(overrides)
    return actions.handler_create(actor=actor, provider=provider, **fields)


# ---------------------------------------------------------------------------------------------
# Actions


def test_a_provider_is_kept_by_a_centre_or_a_bureau(cast, reviewer, centre):
    assert (
        actions.provider_create(
            actor=cast.county_supervisor,
            office=cast.county_a,
            name="县法律服务所",
            kind=ProviderKind.LEGAL_SERVICE_OFFICE,
        ).office
        == cast.county_a
    )
    with pytest.raises(ValidationError) as error:
        actions.provider_create(
            actor=cast.township_clerk,
            office=cast.township_a1,
            name="某所",
            kind=ProviderKind.LEGAL_SERVICE_OFFICE,
        )
    assert "office" in error.value.error_dict


def test_provider_names_are_unique_in_a_roster_and_credit_codes_valid(reviewer, centre, firm):
    with pytest.raises(ValidationError) as error:
        actions.provider_create(
            actor=reviewer,
            office=centre,
            name=firm.name,
            kind=ProviderKind.LAW_FIRM,
            credit_code="12345",
        )
    assert {"name", "credit_code"} <= set(error.value.error_dict)


def test_the_provider_roster_needs_edit(cast, centre):
    with pytest.raises(Http404):
        actions.provider_create(
            actor=cast.township_clerk, office=centre, name="某所", kind=ProviderKind.LAW_FIRM
        )
    with pytest.raises(PermissionDenied):
        actions.provider_create(
            actor=cast.city_leader, office=centre, name="某所", kind=ProviderKind.LAW_FIRM
        )


def test_a_handler_joins_the_provider_s_office(reviewer, firm):
    handler = add_lawyer(reviewer, firm)
    assert handler.office == firm.office and handler.active


def test_a_handler_s_provider_must_be_visible_and_active(cast, reviewer, firm, other_centre):
    stranger_firm = Provider.objects.create(
        office=other_centre, name="乙县律所", kind=ProviderKind.LAW_FIRM
    )
    with pytest.raises(ValidationError) as error:
        add_lawyer(reviewer, stranger_firm)
    assert "provider" in error.value.error_dict
    actions.provider_set_active(actor=reviewer, provider=firm, active=False)
    with pytest.raises(ValidationError) as error:
        add_lawyer(reviewer, firm)
    assert "provider" in error.value.error_dict


def test_handler_kind_must_fit_the_provider_and_lawyers_need_a_licence(reviewer, centre, firm):
    with pytest.raises(ValidationError) as error:
        add_lawyer(reviewer, firm, kind=HandlerKind.GRASSROOTS_WORKER, criminal_defence_since=None)
    assert "kind" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        add_lawyer(reviewer, firm, licence_number="")
    assert "licence_number" in error.value.error_dict
    centre_itself = actions.provider_create(
        actor=reviewer, office=centre, name="中心", kind=ProviderKind.CENTRE
    )
    with pytest.raises(ValidationError) as error:  # 第25条: only lawyers defend
        add_lawyer(reviewer, centre_itself, kind=HandlerKind.CENTRE_STAFF, licence_number="")
    assert "criminal_defence_since" in error.value.error_dict
    staff = add_lawyer(
        reviewer,
        centre_itself,
        kind=HandlerKind.CENTRE_STAFF,
        licence_number="",
        criminal_defence_since=None,
    )
    assert staff.kind == HandlerKind.CENTRE_STAFF


def test_handler_dates_are_checked(reviewer, firm):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        add_lawyer(reviewer, firm, practising_since=tomorrow, criminal_defence_since=None)
    assert "practising_since" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        add_lawyer(
            reviewer,
            firm,
            practising_since=datetime.date(2020, 1, 1),
            criminal_defence_since=datetime.date(2019, 1, 1),
        )
    assert "criminal_defence_since" in error.value.error_dict


def test_a_person_is_on_a_provider_s_roster_once(reviewer, firm):
    handler = add_lawyer(reviewer, firm)
    with pytest.raises(ValidationError) as error:
        add_lawyer(reviewer, firm, person=handler.person)
    assert "person" in error.value.error_dict


def test_deactivating_a_provider_takes_its_handlers_off_the_roster(reviewer, firm):
    handler = add_lawyer(reviewer, firm)
    actions.provider_set_active(actor=reviewer, provider=firm, active=False)
    handler.refresh_from_db()
    assert not handler.active
    with pytest.raises(ValidationError) as exc:  # cannot come back while the firm is off the roster
        actions.handler_set_active(actor=reviewer, handler=handler, active=True)
    assert_invalid(exc, "__all__", "承办机构“某某律师事务所”已不在册。")
    actions.provider_set_active(actor=reviewer, provider=firm, active=True)
    actions.handler_set_active(actor=reviewer, handler=handler, active=True)
    handler.refresh_from_db()
    assert handler.active
    assert list(selectors.handler_list(actor=reviewer)) == [handler]


def test_changing_the_provider_kind_must_fit_its_handlers(reviewer, firm):
    add_lawyer(reviewer, firm)
    with pytest.raises(ValidationError) as error:
        actions.provider_update(
            actor=reviewer, provider=firm, kind=ProviderKind.LEGAL_SERVICE_OFFICE
        )
    assert "kind" in error.value.error_dict
    firm.refresh_from_db()
    assert firm.kind == ProviderKind.LAW_FIRM
    actions.provider_update(actor=reviewer, provider=firm, phone="0571-87654321")
    assert Provider.objects.get(pk=firm.pk).phone == "0571-87654321"


# ---------------------------------------------------------------------------------------------
# Views


def test_list_shows_each_provider_with_its_handlers_to_own_and_parent(cast, reviewer, firm, login):
    handler = add_lawyer(reviewer, firm)
    url = reverse("legalaid:provider_list")
    for user in (reviewer, cast.county_supervisor):
        content = login(user).get(url).content.decode()
        assert firm.name in content and handler.person.name in content
    sibling = login(cast.township_clerk).get(url)
    assert sibling.status_code == 200 and firm.name not in sibling.content.decode()
    assert login(cast.public_user).get(url).status_code == 403


def test_provider_pages_trio(cast, reviewer, firm, login):
    handler = add_lawyer(reviewer, firm)
    pages = [
        reverse("legalaid:provider_detail", args=[firm.pk]),
        reverse("legalaid:provider_edit", args=[firm.pk]),
        reverse("legalaid:handler_create", args=[firm.pk]),
        reverse("legalaid:handler_edit", args=[handler.pk]),
    ]
    for user in (reviewer, cast.county_supervisor):
        client = login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
    client = login(cast.township_clerk)
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("legalaid:provider_toggle", args=[firm.pk])).status_code == 404
    assert client.post(reverse("legalaid:handler_toggle", args=[handler.pk])).status_code == 404
    leader = login(cast.city_leader)
    assert leader.get(pages[0]).status_code == 200
    for url in pages[1:]:
        assert leader.get(url).status_code == 403, url
    assert leader.post(reverse("legalaid:provider_toggle", args=[firm.pk])).status_code == 403
    assert Provider.objects.get(pk=firm.pk).active


def test_add_a_provider_and_a_new_handler_through_the_forms(reviewer, centre, login):
    client = login(reviewer)
    response = client.post(
        reverse("legalaid:provider_create"),
        {"office": centre.pk, "name": "新律所", "kind": "law_firm"},
    )
    provider = Provider.objects.get(name="新律所")
    assert response.status_code == 302
    url = reverse("legalaid:handler_create", args=[provider.pk])
    id_number = resident_id("33010219800101003")
    refused = client.post(url, {"id_number": id_number, "name": "赵律师", "kind": "lawyer"})
    assert refused.status_code == 200 and "执业证号" in refused.content.decode()
    assert not Handler.objects.exists()
    response = client.post(
        url,
        {
            "id_number": id_number,
            "name": "赵律师",
            "kind": "lawyer",
            "licence_number": "13301201810000009",
            "juvenile_experience": "on",
        },
    )
    assert response.status_code == 302
    handler = Handler.objects.get()
    assert handler.person.name == "赵律师" and handler.juvenile_experience
    client.post(reverse("legalaid:handler_toggle", args=[handler.pk]))
    handler.refresh_from_db()
    assert not handler.active
