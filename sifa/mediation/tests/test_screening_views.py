"""Screening pages: list with counts, filters, export, the formset form, detail."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.mediation.actions.screening import screening_record
from sifa.mediation.models import Screening
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def make_screening(cast, office=None, findings=2, kind="routine", on=datetime.date(2026, 1, 20)):
    city_section = UserFactory(username="city_section")
    if not city_section.memberships.exists():
        grant(city_section, cast.city, "section")
    return screening_record(
        actor=city_section,
        office=office or cast.township_a1,
        screened_on=on,
        kind=kind,
        occasion="春节" if kind == "special" else "",
        scope="全镇",
        findings=[
            {
                "dispute_type": "labour",
                "description": f"拖欠工资{i}",
                "risk_level": "high" if i == 0 else "low",
                "handling": "referred",
            }
            for i in range(findings)
        ],
    )


def formset_data(rows, total=None, **screening):
    data = {
        "office": "",
        "screened_on": "2026-01-20",
        "kind": "routine",
        "occasion": "",
        "scope": "甲一村",
        "notes": "",
        "findings-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000",
    }
    data.update(screening)
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"findings-{i}-{key}"] = value
    return data


def test_list_own_parent_sibling(cast, login):
    screening = make_screening(cast)
    url = reverse("mediation:screening_list")
    for user in (cast.township_clerk, cast.county_supervisor):
        rows = list(login(user).get(url).context["screenings"])
        assert [s.pk for s in rows] == [screening.pk]
        assert (rows[0].finding_count, rows[0].high_risk_count) == (2, 1)
    assert not list(login(cast.sibling_clerk).get(url).context["screenings"])


def test_list_filters(cast, login):
    routine = make_screening(cast)
    special = make_screening(
        cast, office=cast.township_b1, kind="special", on=datetime.date(2026, 2, 1)
    )
    client = login(cast.city_leader)
    url = reverse("mediation:screening_list")
    pks = lambda params: [s.pk for s in client.get(url, params).context["screenings"]]  # noqa: E731
    assert pks({"kind": "special"}) == [special.pk]
    assert pks({"within": cast.county_a.pk}) == [routine.pk]
    assert pks({"date_from": "2026-01-25"}) == [special.pk]
    assert pks({"date_to": "2026-01-25"}) == [routine.pk]
    response = client.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_export_parses_back(cast, login):
    make_screening(cast, findings=3)
    response = login(cast.township_clerk).get(reverse("mediation:screening_export"))
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:6] == ("排查日期", "排查单位", "排查类型", "专项名称", "排查范围", "发现纠纷数")
    assert rows[1][1] == cast.township_a1.name
    assert rows[1][2] == "常规排查"
    assert rows[1][5] == 3


def test_detail_own_parent_sibling(cast, login):
    screening = make_screening(cast)
    url = reverse("mediation:screening_detail", args=[screening.pk])
    for user in (cast.township_clerk, cast.county_supervisor):
        response = login(user).get(url)
        assert response.status_code == 200
        assert "劳动争议纠纷" in response.content.decode()
    assert login(cast.sibling_clerk).get(url).status_code == 404


def test_create_403_without_edit(cast, login):
    url = reverse("mediation:screening_create")
    assert login(cast.city_leader).get(url).status_code == 403
    data = formset_data([], office=str(cast.township_a1.pk))
    assert login(cast.city_leader).post(url, data).status_code == 403
    assert not Screening.objects.exists()


def test_create_cannot_pick_an_office_out_of_scope(cast, login):
    data = formset_data([], office=str(cast.township_a2.pk))
    response = login(cast.township_clerk).post(reverse("mediation:screening_create"), data)
    assert response.status_code == 200
    assert not Screening.objects.exists()


def test_create_with_findings_skips_blank_rows(cast, login):
    rows = [
        {"dispute_type": "neighbourhood", "description": "宅基地界址", "risk_level": "medium",
         "handling": "resolved"},
        {},
        {"dispute_type": "labour", "description": "欠薪", "risk_level": "high",
         "handling": "reported"},
    ]  # fmt: skip
    data = formset_data(rows, office=str(cast.township_a1.pk))
    client = login(cast.township_clerk)
    response = client.post(reverse("mediation:screening_create"), data)
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:screening_detail", args=[screening.pk])
    assert sorted(screening.findings.values_list("dispute_type", flat=True)) == [
        "labour",
        "neighbourhood",
    ]


def test_create_errors_keep_input(cast, login):
    rows = [{"dispute_type": "labour", "description": "", "risk_level": "high",
             "handling": "reported"}]  # fmt: skip
    data = formset_data(rows, office=str(cast.township_a1.pk), scope="甲一村三组")
    response = login(cast.township_clerk).post(reverse("mediation:screening_create"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "该字段是必填项" in content
    assert "甲一村三组" in content
    assert not Screening.objects.exists()


def test_special_without_occasion_shows_the_action_message(cast, login):
    data = formset_data([], office=str(cast.township_a1.pk), kind="special")
    response = login(cast.township_clerk).post(reverse("mediation:screening_create"), data)
    assert "专项排查请填写专项名称" in response.content.decode()
    assert not Screening.objects.exists()


def test_case_number_only_for_registered_findings(cast, login):
    rows = [{"dispute_type": "labour", "description": "欠薪", "risk_level": "high",
             "handling": "reported", "case_number": "X-1"}]  # fmt: skip
    data = formset_data(rows, office=str(cast.township_a1.pk))
    client = login(cast.township_clerk)
    response = client.post(reverse("mediation:screening_create"), data)
    assert "只有“登记为调解案件”的纠纷才能关联案件" in response.content.decode()
    rows[0]["handling"] = "registered"
    response = client.post(
        reverse("mediation:screening_create"), formset_data(rows, office=str(cast.township_a1.pk))
    )
    assert "未找到该案件编号" in response.content.decode()
    assert not Screening.objects.exists()
