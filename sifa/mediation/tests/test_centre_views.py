"""Centre-work pages: lists with totals and filters, exports, record forms."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.mediation.actions import centre as actions
from sifa.mediation.models import EscalationPrevented, PetitionDissuaded, Reception
from sifa.orgs.constants import OfficeKind
from tests.factories import add_office

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 2)


@pytest.fixture
def centre(cast):
    """A centre under township A1, so the cast's own / parent / sibling trio applies."""
    return add_office(
        cast.township_a1,
        name="甲一镇矛盾纠纷调处中心",
        code="330102001C1",
        kind=OfficeKind.DISPUTE_CENTER,
        region_code=cast.township_a1.region_code,
    )


def sheet_rows(response):
    workbook = load_workbook(BytesIO(response.content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def reception(cast, centre, **extra):
    fields = dict(received_on=ON, persons=3, matter="征地补偿", leader="")
    fields.update(extra)
    return actions.reception_record(actor=cast.township_clerk, office=centre, **fields)


@pytest.mark.parametrize("key", ["reception", "petition", "escalation"])
def test_lists_and_forms_own_parent_sibling(cast, login, centre, key):
    list_url = reverse(f"mediation:{key}_list")
    create_url = reverse(f"mediation:{key}_create")
    for user in (cast.township_clerk, cast.county_supervisor):
        assert login(user).get(list_url).status_code == 200
        assert login(user).get(create_url).status_code == 200
    assert login(cast.city_leader).get(list_url).status_code == 200
    assert login(cast.city_leader).get(create_url).status_code == 403
    assert login(cast.city_leader).post(create_url, {}).status_code == 403


def test_reception_list_own_parent_sibling_and_totals(cast, login, centre):
    reception(cast, centre, persons=3)
    reception(cast, centre, persons=4, leader="王局长")
    url = reverse("mediation:reception_list")
    for user in (cast.township_clerk, cast.county_supervisor):
        response = login(user).get(url)
        assert (response.context["batches"], response.context["persons"]) == (2, 7)
    response = login(cast.sibling_clerk).get(url)
    assert (response.context["batches"], response.context["persons"]) == (0, 0)
    leader_only = login(cast.township_clerk).get(url, {"leader_only": "on"})
    assert (leader_only.context["batches"], leader_only.context["persons"]) == (1, 4)


def test_reception_create_only_offers_centres(cast, login, centre):
    url = reverse("mediation:reception_create")
    form = login(cast.township_clerk).get(url).context["form"]
    assert list(form.fields["office"].queryset) == [centre]
    # The sibling has edit rights, but no centre in scope.
    assert login(cast.sibling_clerk).get(url).status_code == 403


def test_reception_create_saves_and_keeps_input_on_error(cast, login, centre):
    url = reverse("mediation:reception_create")
    client = login(cast.township_clerk)
    data = {"office": centre.pk, "received_on": "2026-03-02", "persons": "0", "matter": "房屋拆迁"}
    response = client.post(url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "确保该值大于或等于1" in content
    assert "房屋拆迁" in content
    data.update(persons="6", leader="李副局长", pre_visit_guidance="on")
    assert client.post(url, data).status_code == 302
    saved = Reception.objects.get()
    assert (saved.persons, saved.leader, saved.pre_visit_guidance) == (6, "李副局长", True)


def test_reception_unknown_case_number_is_refused(cast, login, centre):
    url = reverse("mediation:reception_create")
    data = {"office": centre.pk, "received_on": "2026-03-02", "persons": "1", "matter": "x",
            "case": "无此编号"}  # fmt: skip
    response = login(cast.township_clerk).post(url, data)
    assert "未找到该案件编号" in response.content.decode()
    assert not Reception.objects.exists()


def test_reception_export(cast, login, centre):
    reception(cast, centre, persons=5, leader="王局长", pre_visit_guidance=True)
    rows = sheet_rows(login(cast.county_supervisor).get(reverse("mediation:reception_export")))
    assert rows[0][:4] == ("接待日期", "登记单位", "人数", "来访事项")
    assert rows[1][0].date() == ON
    assert rows[1][1:] == (centre.name, 5, "征地补偿", "王局长", "是", None)


def test_petition_create_list_and_export(cast, login):
    client = login(cast.township_clerk)
    url = reverse("mediation:petition_create")
    data = {"office": cast.village_a1.pk, "dissuaded_on": "2026-03-03", "persons": "25",
            "matter": "拖欠工程款"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    record = PetitionDissuaded.objects.get()
    assert (record.office, record.persons) == (cast.village_a1, 25)
    listing = client.get(reverse("mediation:petition_list"))
    assert (listing.context["batches"], listing.context["persons"]) == (1, 25)
    sibling = login(cast.sibling_clerk).get(reverse("mediation:petition_list"))
    assert sibling.context["batches"] == 0
    rows = sheet_rows(login(cast.county_supervisor).get(reverse("mediation:petition_export")))
    assert rows[0] == ("劝阻日期", "登记单位", "人数", "事由")
    assert rows[1][1:] == (cast.village_a1.name, 25, "拖欠工程款")


def test_petition_create_refuses_an_office_out_of_scope(cast, login):
    data = {"office": cast.township_a2.pk, "dissuaded_on": "2026-03-03", "persons": "2",
            "matter": "x"}  # fmt: skip
    response = login(cast.township_clerk).post(reverse("mediation:petition_create"), data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not PetitionDissuaded.objects.exists()


def test_escalation_create_filter_and_export(cast, login):
    client = login(cast.county_supervisor)
    url = reverse("mediation:escalation_create")
    for office, day in ((cast.township_a1, "2026-03-01"), (cast.township_a2, "2026-04-01")):
        data = {"office": office.pk, "prevented_on": day, "persons": "2",
                "description": "双方冲突，及时劝解"}  # fmt: skip
        assert client.post(url, data).status_code == 302
    assert EscalationPrevented.objects.count() == 2
    listing = reverse("mediation:escalation_list")
    assert client.get(listing, {"date_from": "2026-03-15"}).context["batches"] == 1
    assert client.get(listing, {"within": cast.county_a.pk}).context["persons"] == 4
    assert login(cast.township_clerk).get(listing).context["batches"] == 1
    rows = sheet_rows(client.get(reverse("mediation:escalation_export"), {"date_to": "2026-03-15"}))
    assert len(rows) == 2
    assert rows[1][1] == cast.township_a1.name


def test_record_form_starts_with_the_users_own_office(cast, login):
    form = login(cast.township_clerk).get(reverse("mediation:petition_create")).context["form"]
    assert form["office"].value() == cast.township_a1.pk
