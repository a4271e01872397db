"""调查评估 (CC-5): the working-day deadline (10, or 5 in 速裁 cases) across a national holiday,
every validation of the three actions, the adoption flow and the 采信率, the minors rule (age on
the day the commission was received), the list filters and export, own / parent / sibling on
every page, the access log of the detail page, and the to-do."""

from __future__ import annotations

import datetime
import itertools
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from sifa.audit.actions import READ
from sifa.audit.models import AccessLog
from sifa.core.masking import mask_id_number
from sifa.core.models import CalendarDay
from sifa.corrections.actions.investigations import (
    investigation_complete,
    investigation_record_adoption,
    investigation_register,
)
from sifa.corrections.constants import CommissioningBody, InvestigationResult, InvestigationStage
from sifa.corrections.models import Investigation
from sifa.corrections.selectors import investigations as selectors
from sifa.people.models import DocumentType, Person
from tests.factories import UserFactory, grant

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 7, 15)  # a Wednesday, far from any statutory holiday
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_serial = itertools.count(1)


def resident_id(first17: str) -> str:
    """A valid 18-digit 身份证号码 (GB 11643 MOD 11-2 check character)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.fixture
def today(monkeypatch):
    """Fix 'today'; a test may call it again to move the day."""

    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def cc_worker(cast):
    """社区矫正工作人员 of county A's institution: sees and edits minors' records too."""
    user = UserFactory(username="cc_worker")
    grant(user, cast.county_a, "cc_worker")
    return user


ADULT_BIRTH = D(1980, 1, 1)


def make_person(office, *, birth_date=ADULT_BIRTH, name=None) -> Person:
    return Person.objects.create(
        office=office,
        name=name or f"被评估人{next(_serial)}",
        doc_type=DocumentType.OTHER,
        birth_date=birth_date,
    )


def make_investigation(actor, office, **overrides) -> Investigation:
    values = {
        "commission_number": f"WT-2026-{next(_serial):03d}",
        "commissioning_body": CommissioningBody.COURT,
        "commissioning_name": "甲县人民法院",
        "stage": InvestigationStage.PRE_TRIAL,
        "crime": "危险驾驶罪",
        "received_on": TODAY - 2 * DAY,
    }
    values.update(overrides)
    if "person" not in values:
        values["person"] = make_person(office)
    return investigation_register(actor=actor, office=office, **values)


def complete(actor, investigation, **overrides):
    values = {
        "completed_on": investigation.received_on + DAY,
        "result": InvestigationResult.SUITABLE,
        "reasons": "居所固定，家庭监管条件良好，社区无反对意见。",
        "items": "居所情况：固定\n一贯表现：良好",
        "investigators": "张三、李四",
    }
    values.update(overrides)
    return investigation_complete(actor=actor, investigation=investigation, **values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# ---------------------------------------------------------------------------------------------
# The deadline (CC-5): working days from the CalendarDay table and the official calendar


def _national_day_2024():
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(
            date=D(2024, 10, day), defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "国庆节"}
        )
    for day in (D(2024, 9, 29), D(2024, 10, 12)):
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": CalendarDay.Kind.WORKDAY, "name": "国庆调休"}
        )


def test_ten_working_days_across_the_national_day_holiday(today, cast):
    """Received Fri 2024-09-27: 09-29 (调休) 09-30, holiday 10-01…07, 10-08…11, 10-12 (调休),
    10-14, 10-15, 10-16 → the tenth working day is 2024-10-16."""
    _national_day_2024()
    investigation = make_investigation(
        cast.township_clerk, cast.township_a1, received_on=D(2024, 9, 27)
    )
    assert investigation.due_on == D(2024, 10, 16)


def test_five_working_days_in_a_summary_case(today, cast):
    """速裁: 09-29, 09-30, 10-08, 10-09, 10-10 → 2024-10-10."""
    _national_day_2024()
    investigation = make_investigation(
        cast.township_clerk, cast.township_a1, received_on=D(2024, 9, 27), summary_procedure=True
    )
    assert investigation.due_on == D(2024, 10, 10)
    assert investigation.summary_procedure


def test_deadline_follows_the_holiday_table(today, cast):
    """A day the bureau marks as a holiday in the table is not a working day."""
    office = cast.township_a1
    plain = make_investigation(cast.township_clerk, office, received_on=D(2026, 7, 1))
    assert plain.due_on == D(2026, 7, 15)  # 10 working days, Mon–Fri
    for day in (D(2026, 7, 2), D(2026, 7, 3)):
        CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    shifted = make_investigation(cast.township_clerk, office, received_on=D(2026, 7, 1))
    assert shifted.due_on == D(2026, 7, 17)
    summary = make_investigation(
        cast.township_clerk, office, received_on=D(2026, 7, 1), summary_procedure=True
    )
    assert summary.due_on == D(2026, 7, 10)  # 07-06 … 07-10


def test_domain_example_with_a_make_up_working_day(today, cast):
    """DOMAIN §1.7: received Mon 2024-05-06; Sat 05-11 is a 调休上班日 → due 2024-05-17."""
    investigation = make_investigation(
        cast.township_clerk, cast.township_a1, received_on=D(2024, 5, 6)
    )
    assert investigation.due_on == D(2024, 5, 17)


# ---------------------------------------------------------------------------------------------
# Registration


def test_register_stores_the_commission(today, cast):
    person = make_person(cast.township_a1)
    investigation = make_investigation(
        cast.township_clerk,
        cast.township_a1,
        commission_number="  (2026)浙0102刑初88号 ",
        person=person,
        proposed_sentence="拘役三个月，缓刑六个月",
        investigators="张三",
    )
    investigation.refresh_from_db()
    assert investigation.commission_number == "(2026)浙0102刑初88号"
    assert investigation.person == person
    assert investigation.created_by == cast.township_clerk
    assert investigation.completed_on is None
    assert investigation.adopted is None


def test_register_validations(today, cast):
    with pytest.raises(ValidationError) as excinfo:
        investigation_register(
            actor=cast.township_clerk,
            office=cast.township_a1,
            commission_number=" ",
            commissioning_body="army",
            commissioning_name="",
            stage="later",
            person=None,
            crime="",
            received_on=TODAY + DAY,
        )
    errors = errors_of(excinfo)
    assert errors["commission_number"] == ["请填写委托编号。"]
    assert errors["commissioning_body"] == ["请选择委托机关类别。"]
    assert errors["commissioning_name"] == ["请填写委托机关名称。"]
    assert errors["stage"] == ["请选择委托阶段。"]
    assert errors["person"] == ["请选择或登记被调查评估对象。"]
    assert errors["crime"] == ["请填写涉嫌罪名。"]
    assert errors["received_on"] == ["日期不能晚于今天。"]
    assert not Investigation.objects.exists()


def test_register_refuses_a_missing_date(today, cast):
    with pytest.raises(ValidationError) as excinfo:
        make_investigation(cast.township_clerk, cast.township_a1, received_on=None)
    assert errors_of(excinfo)["received_on"] == ["请填写日期。"]


def test_body_must_fit_the_stage(today, cast):
    with pytest.raises(ValidationError) as excinfo:
        make_investigation(
            cast.township_clerk,
            cast.township_a1,
            commissioning_body=CommissioningBody.POLICE,
            stage=InvestigationStage.PRE_TRIAL,
        )
    assert (
        "公安机关不在“审前（审判阶段）”阶段委托调查评估"
        in errors_of(excinfo)["commissioning_body"][0]
    )
    for body, stage in [
        (CommissioningBody.PROCURATORATE, InvestigationStage.PRE_PROSECUTION),
        (CommissioningBody.POLICE, InvestigationStage.INVESTIGATION),
        (CommissioningBody.PRISON, InvestigationStage.PRE_PAROLE),
        (CommissioningBody.COURT, InvestigationStage.PRE_PAROLE),
        (CommissioningBody.POLICE, InvestigationStage.PRE_OUTSIDE),
    ]:
        make_investigation(
            cast.township_clerk, cast.township_a1, commissioning_body=body, stage=stage
        )


def test_summary_procedure_only_before_prosecution_or_trial(today, cast):
    with pytest.raises(ValidationError) as excinfo:
        make_investigation(
            cast.township_clerk,
            cast.township_a1,
            commissioning_body=CommissioningBody.PRISON,
            stage=InvestigationStage.PRE_PAROLE,
            summary_procedure=True,
        )
    assert errors_of(excinfo)["summary_procedure"] == ["速裁程序只适用于审查起诉和审判阶段的委托。"]
    make_investigation(
        cast.township_clerk,
        cast.township_a1,
        commissioning_body=CommissioningBody.PROCURATORATE,
        stage=InvestigationStage.PRE_PROSECUTION,
        summary_procedure=True,
    )


def test_commission_number_unique_per_office(today, cast):
    make_investigation(cast.township_clerk, cast.township_a1, commission_number="WT-1")
    with pytest.raises(ValidationError) as excinfo:
        make_investigation(cast.township_clerk, cast.township_a1, commission_number=" WT-1 ")
    assert errors_of(excinfo)["commission_number"] == ["本机构已登记委托编号为 WT-1 的调查评估。"]
    # Another office may hold the same number (numbers are the commissioning body's).
    make_investigation(cast.sibling_clerk, cast.township_a2, commission_number="WT-1")
    assert Investigation.objects.filter(commission_number="WT-1").count() == 2


def test_register_only_at_a_corrections_office(today, cast):
    with pytest.raises(ValidationError) as excinfo:
        make_investigation(cast.township_clerk, cast.village_a1)
    assert errors_of(excinfo)["office"] == [
        "只有司法局、社区矫正机构或司法所可以登记调查评估委托。"
    ]
    make_investigation(cast.county_supervisor, cast.county_a)  # the county bureau itself


def test_register_needs_edit_on_the_office(today, cast):
    with pytest.raises(Http404):
        make_investigation(cast.township_clerk, cast.township_a2)  # sibling: out of sight
    with pytest.raises(PermissionDenied):
        make_investigation(cast.city_leader, cast.township_a1)  # sees, may not edit
    assert not Investigation.objects.exists()


# ---------------------------------------------------------------------------------------------
# Completion


@pytest.fixture
def investigation(today, cast):
    return make_investigation(cast.township_clerk, cast.township_a1, received_on=TODAY - 5 * DAY)


def test_complete_stores_the_opinion(cast, investigation):
    complete(
        cast.township_clerk,
        investigation,
        completed_on=TODAY,
        result=InvestigationResult.UNSUITABLE,
        reasons=" 无固定居所，社区矫正无法落实监管。 ",
    )
    investigation.refresh_from_db()
    assert investigation.completed_on == TODAY
    assert investigation.result == InvestigationResult.UNSUITABLE
    assert investigation.reasons == "无固定居所，社区矫正无法落实监管。"
    assert investigation.investigators == "张三、李四"
    assert selectors.deadline_of(investigation) == selectors.MET


def test_unsuitable_needs_reasons(cast, investigation):
    with pytest.raises(ValidationError) as excinfo:
        complete(
            cast.township_clerk, investigation, result=InvestigationResult.UNSUITABLE, reasons=" "
        )
    assert errors_of(excinfo)["reasons"] == ["评估意见为不适宜社区矫正的，必须写明理由。"]
    with pytest.raises(ValidationError) as excinfo:
        complete(cast.township_clerk, investigation, reasons="")
    assert errors_of(excinfo)["reasons"] == ["请填写评估理由。"]


def test_complete_validations(cast, investigation):
    with pytest.raises(ValidationError) as excinfo:
        complete(
            cast.township_clerk,
            investigation,
            result="maybe",
            items="",
            investigators=" ",
            completed_on=investigation.received_on - DAY,
        )
    errors = errors_of(excinfo)
    assert errors["result"] == ["请选择评估意见（适宜或不适宜）。"]
    assert errors["items"] == ["请填写调查事项及情况。"]
    assert errors["investigators"] == ["请填写调查人员。"]
    assert errors["completed_on"] == [
        f"完成日期不能早于收到委托日期（{investigation.received_on.isoformat()}）。"
    ]
    with pytest.raises(ValidationError) as excinfo:
        complete(cast.township_clerk, investigation, completed_on=TODAY + DAY)
    assert errors_of(excinfo)["completed_on"] == ["日期不能晚于今天。"]
    investigation.refresh_from_db()
    assert investigation.completed_on is None


def test_complete_on_the_day_received_and_late(cast, today):
    office = cast.township_a1
    same_day = make_investigation(cast.township_clerk, office, received_on=TODAY)
    complete(cast.township_clerk, same_day, completed_on=TODAY)
    old = make_investigation(cast.township_clerk, office, received_on=TODAY - 30 * DAY)
    complete(cast.township_clerk, old, completed_on=TODAY)
    old.refresh_from_db()
    assert selectors.deadline_of(old) == selectors.LATE


def test_complete_only_once(cast, investigation):
    complete(cast.township_clerk, investigation)
    with pytest.raises(ValidationError) as excinfo:
        complete(cast.township_clerk, investigation, result=InvestigationResult.UNSUITABLE)
    assert "不能重复出具意见" in excinfo.value.messages[0]
    investigation.refresh_from_db()
    assert investigation.result == InvestigationResult.SUITABLE


def test_complete_needs_edit(cast, investigation):
    with pytest.raises(Http404):
        complete(cast.sibling_clerk, investigation)
    with pytest.raises(PermissionDenied):
        complete(cast.city_leader, investigation)
    complete(cast.county_supervisor, investigation)  # the parent may


# ---------------------------------------------------------------------------------------------
# Adoption (采信) and the rate


def test_adoption_only_after_completion(cast, investigation):
    with pytest.raises(ValidationError) as excinfo:
        investigation_record_adoption(
            actor=cast.township_clerk, investigation=investigation, adopted=True, recorded_on=TODAY
        )
    assert excinfo.value.messages == ["调查评估尚未完成，不能登记委托机关的采信情况。"]


def test_adoption_flow(cast, investigation):
    complete(cast.township_clerk, investigation, completed_on=TODAY - DAY)
    with pytest.raises(ValidationError) as excinfo:
        investigation_record_adoption(
            actor=cast.township_clerk,
            investigation=investigation,
            adopted=True,
            recorded_on=TODAY - 2 * DAY,
        )
    assert errors_of(excinfo)["recorded_on"] == [
        f"登记日期不能早于调查评估完成日期（{(TODAY - DAY).isoformat()}）。"
    ]
    with pytest.raises(ValidationError) as excinfo:
        investigation_record_adoption(
            actor=cast.township_clerk,
            investigation=investigation,
            adopted=None,
            recorded_on=TODAY + DAY,
        )
    errors = errors_of(excinfo)
    assert errors["adopted"] == ["请选择委托机关是否采信评估意见。"]
    assert errors["recorded_on"] == ["日期不能晚于今天。"]
    with pytest.raises(PermissionDenied):
        investigation_record_adoption(
            actor=cast.city_leader, investigation=investigation, adopted=True, recorded_on=TODAY
        )
    investigation_record_adoption(
        actor=cast.township_clerk, investigation=investigation, adopted=False, recorded_on=TODAY
    )
    investigation.refresh_from_db()
    assert (investigation.adopted, investigation.adoption_recorded_on) == (False, TODAY)
    # A later entry corrects the earlier one; the history keeps both.
    investigation_record_adoption(
        actor=cast.township_clerk, investigation=investigation, adopted=True, recorded_on=TODAY
    )
    investigation.refresh_from_db()
    assert investigation.adopted is True
    assert investigation.history.count() >= 3


def test_adoption_rate(cast, today):
    office = cast.township_a1
    clerk = cast.township_clerk
    rows = [make_investigation(clerk, office) for _ in range(5)]
    for row in rows[:4]:
        complete(clerk, row)
    for row, adopted in zip(rows[:3], (True, True, False), strict=True):
        investigation_record_adoption(
            actor=clerk, investigation=row, adopted=adopted, recorded_on=TODAY
        )
    summary = selectors.adoption_summary(selectors.investigation_list(actor=clerk))
    assert (summary.completed, summary.recorded, summary.adopted) == (4, 3, 2)
    assert summary.rate == 66.7
    assert (
        selectors.adoption_summary(selectors.investigation_list(actor=cast.sibling_clerk)).rate
        is None
    )


# ---------------------------------------------------------------------------------------------
# Minors (社区矫正法 第54条): under 18 on the day the commission was received


def test_was_minor_on_counts_whole_years():
    leap = Person(birth_date=D(2008, 2, 29))
    assert selectors.was_minor_on(leap, D(2026, 2, 28))
    assert not selectors.was_minor_on(leap, D(2026, 3, 1))
    person = Person(birth_date=D(2008, 7, 15))
    assert selectors.was_minor_on(person, D(2026, 7, 14))
    assert not selectors.was_minor_on(person, D(2026, 7, 15))  # the 18th birthday
    assert not selectors.was_minor_on(Person(birth_date=None), D(2026, 7, 15))


def test_minor_flag_in_the_query_matches_python(today, cast, cc_worker):
    office = cast.township_a1
    cases = {
        "birthday": (D(2008, 7, 13), False),  # 18 on 07-13, received 07-13
        "day_before": (D(2008, 7, 14), True),
        "leap": (D(2008, 2, 29), True),  # received 2026-02-28 below
        "adult": (D(1990, 1, 1), False),
        "unknown": (None, False),
    }
    rows = {}
    for key, (birth, _minor) in cases.items():
        received = D(2026, 2, 28) if key == "leap" else TODAY - 2 * DAY
        rows[key] = make_investigation(
            cc_worker, office, received_on=received, person=make_person(office, birth_date=birth)
        )
    flagged = dict(
        selectors.with_minor_flag(Investigation.objects.all()).values_list(
            "pk", selectors.MINOR_FLAG
        )
    )
    for key, (_birth, minor) in cases.items():
        assert flagged[rows[key].pk] is minor, key
        assert selectors.was_minor_on(rows[key].person, rows[key].received_on) is minor, key


def test_minor_records_hidden_without_the_minors_capability(today, cast, cc_worker, login):
    office = cast.township_a1
    minor = make_person(office, birth_date=D(2010, 1, 1))
    record = make_investigation(cc_worker, office, person=minor, received_on=TODAY - 20 * DAY)
    adult = make_investigation(cast.township_clerk, office)
    for user in (cast.township_clerk, cast.county_supervisor):
        assert list(selectors.investigation_list(actor=user)) == [adult]
        with pytest.raises(Http404):
            selectors.investigation_get(actor=user, pk=record.pk)
        with pytest.raises(Http404):
            complete(user, record)
        assert [t.url for t in selectors.investigations_due(actor=user)] == []
        client = login(user)
        assert (
            client.get(reverse("corrections:investigation_detail", args=[record.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("corrections:investigation_complete", args=[record.pk])).status_code
            == 404
        )
        html = client.get(reverse("corrections:investigation_list")).content.decode()
        assert record.commission_number not in html
        assert "含未成年人记录 1 件（不予显示）" in html  # listed 1 + stated 1 = the office's 2
    assert set(selectors.investigation_list(actor=cc_worker)) == {record, adult}
    assert selectors.investigation_get(actor=cc_worker, pk=record.pk) == record
    [todo] = selectors.investigations_due(actor=cc_worker)
    assert todo.url == record.get_absolute_url()
    response = login(cc_worker).get(reverse("corrections:investigation_detail", args=[record.pk]))
    assert response.status_code == 200
    assert "未成年人" in response.content.decode()
    assert (
        "不予显示"
        not in login(cc_worker).get(reverse("corrections:investigation_list")).content.decode()
    )
    complete(cc_worker, record)


def test_a_minor_is_registered_only_by_the_minors_capability(today, cast):
    person = make_person(cast.township_a1, birth_date=D(2008, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        make_investigation(
            cast.township_clerk, cast.township_a1, person=person, received_on=D(2026, 2, 27)
        )
    assert "未满十八周岁" in errors_of(excinfo)["person"][0]
    assert not Investigation.objects.exists()
    # 18 since 2026-03-01: a commission received now is an adult's.
    make_investigation(cast.township_clerk, cast.township_a1, person=person)


# ---------------------------------------------------------------------------------------------
# The list: filters


def test_list_filters(today, cast):
    clerk, office = cast.township_clerk, cast.township_a1
    court = make_investigation(clerk, office, received_on=D(2026, 3, 2))
    procuratorate = make_investigation(
        clerk,
        office,
        commissioning_body=CommissioningBody.PROCURATORATE,
        commissioning_name="甲县人民检察院",
        stage=InvestigationStage.PRE_PROSECUTION,
        received_on=D(2026, 5, 6),
        crime="盗窃罪",
    )
    prison = make_investigation(
        clerk,
        office,
        commissioning_body=CommissioningBody.PRISON,
        commissioning_name="某监狱",
        stage=InvestigationStage.PRE_PAROLE,
        received_on=TODAY - DAY,
    )
    complete(clerk, procuratorate, result=InvestigationResult.UNSUITABLE, completed_on=TODAY)
    complete(clerk, prison, completed_on=TODAY)
    investigation_record_adoption(
        actor=clerk, investigation=prison, adopted=True, recorded_on=TODAY
    )

    def listed(**filters):
        return set(selectors.investigation_list(actor=clerk, **filters))

    assert listed() == {court, procuratorate, prison}
    assert listed(stage=InvestigationStage.PRE_PAROLE) == {prison}
    assert listed(commissioning_body=CommissioningBody.PROCURATORATE) == {procuratorate}
    assert listed(result=InvestigationResult.UNSUITABLE) == {procuratorate}
    assert listed(progress=selectors.OPEN) == {court}
    assert listed(progress=selectors.OVERDUE_OPEN) == {court}
    assert listed(progress=selectors.DONE) == {procuratorate, prison}
    assert listed(progress=selectors.DONE_LATE) == {procuratorate}
    assert listed(progress=selectors.AWAITING_ADOPTION) == {procuratorate}
    assert listed(received_from=D(2026, 4, 1), received_to=D(2026, 6, 30)) == {procuratorate}
    # The crime is encrypted at rest (docs/security.md 敏感信息加密): the search cannot read it.
    assert listed(q="盗窃") == set()
    assert listed(q=procuratorate.commission_number) == {procuratorate}
    assert listed(q="监狱") == {prison}
    assert listed(office=cast.township_a2) == set()


# ---------------------------------------------------------------------------------------------
# Pages: own / parent / sibling, and the flows through the views


def _pages(investigation):
    return [
        reverse("corrections:investigation_detail", args=[investigation.pk]),
        reverse("corrections:investigation_complete", args=[investigation.pk]),
        reverse("corrections:investigation_adoption", args=[investigation.pk]),
    ]


def test_pages_seen_by_own_office_and_parent(cast, investigation, login):
    for user in (cast.township_clerk, cast.county_supervisor):
        client = login(user)
        for url in _pages(investigation):
            response = client.get(url)
            # The adoption page sends an open assessment back to its page.
            expected = 302 if url == _pages(investigation)[2] else 200
            assert response.status_code == expected, (user, url)
        assert client.get(_pages(investigation)[0]).status_code == 200


def test_pages_not_found_from_a_sibling_office(cast, investigation, login):
    for user in (cast.sibling_clerk,):
        client = login(user)
        for url in _pages(investigation):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url


def test_action_pages_forbidden_to_viewers(cast, investigation, login):
    client = login(cast.city_leader)
    assert client.get(_pages(investigation)[0]).status_code == 200
    for url in _pages(investigation)[1:]:
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_list_trio(cast, investigation, login):
    url = reverse("corrections:investigation_list")
    for user in (cast.township_clerk, cast.county_supervisor):
        response = login(user).get(url)
        assert response.status_code == 200
        assert investigation.commission_number in response.content.decode()
    response = login(cast.sibling_clerk).get(url)
    assert response.status_code == 200
    assert investigation.commission_number not in response.content.decode()
    assert login(cast.public_user).get(url).status_code == 403


def test_register_page_needs_edit(cast, login):
    url = reverse("corrections:investigation_register")
    for user in (cast.township_clerk, cast.county_supervisor, cast.sibling_clerk):
        assert login(user).get(url).status_code == 200
    assert login(cast.city_leader).get(url).status_code == 403
    assert login(cast.public_user).get(url).status_code == 403


def test_register_a_sibling_office_is_refused(today, cast, login):
    """The office drop-down offers only the user's subtree; a forged choice is refused."""
    response = login(cast.sibling_clerk).post(
        reverse("corrections:investigation_register"),
        _register_post(cast.township_a1, resident_id("33010219800101001"), "王五"),
    )
    assert response.status_code == 200
    assert not Investigation.objects.exists()


def _register_post(office, id_number, name, **extra):
    data = {
        "office": office.pk,
        "commission_number": "(2026)浙0102刑初1号",
        "commissioning_body": CommissioningBody.COURT,
        "commissioning_name": "甲县人民法院",
        "stage": InvestigationStage.PRE_TRIAL,
        "received_on": (TODAY - 2 * DAY).isoformat(),
        "id_number": id_number,
        "name": name,
        "crime": "危险驾驶罪",
    }
    data.update(extra)
    return data


def test_register_through_the_page_with_a_new_person(today, cast, login):
    number = resident_id("33010219800101001")
    client = login(cast.township_clerk)
    response = client.post(
        reverse("corrections:investigation_register"),
        _register_post(cast.township_a1, number, "王五", summary_procedure="on"),
    )
    investigation = Investigation.objects.get()
    assert response.status_code == 302
    assert response.url == investigation.get_absolute_url()
    assert investigation.person.name == "王五"
    assert investigation.person.birth_date == D(1980, 1, 1)
    assert investigation.summary_procedure
    assert investigation.due_on == D(2026, 7, 20)  # 5 working days from Mon 07-13
    # The same number again at the same office: kept on the form with the message.
    response = client.post(
        reverse("corrections:investigation_register"),
        _register_post(cast.township_a1, number, ""),
    )
    assert response.status_code == 200
    assert "本机构已登记委托编号为" in response.content.decode()
    assert Person.objects.count() == 1


def test_register_page_refused_by_the_action_leaves_no_new_person(today, cast, login):
    """A new person is only described by the form; the action refusing the commission (a
    court does not commission before prosecution) registers nobody."""
    response = login(cast.township_clerk).post(
        reverse("corrections:investigation_register"),
        _register_post(
            cast.township_a1,
            resident_id("33010219800101001"),
            "王五",
            stage=InvestigationStage.PRE_PROSECUTION,
        ),
    )
    assert response.status_code == 200
    assert not Investigation.objects.exists()
    assert not Person.objects.exists()


def test_register_page_refuses_a_name_that_contradicts_the_registry(today, cast, login):
    number = resident_id("33010219800101001")
    person = Person(office=cast.township_a1, name="王五", doc_type=DocumentType.RESIDENT_ID)
    person.set_id_number(number)
    person.save()
    response = login(cast.township_clerk).post(
        reverse("corrections:investigation_register"),
        _register_post(cast.township_a1, number, "赵六"),
    )
    assert response.status_code == 200
    assert "与填写的姓名不符" in response.content.decode()
    assert f"身份证号码 {mask_id_number(number)} 登记的姓名为“王五”" in response.content.decode()
    assert not Investigation.objects.exists()


def test_detail_is_logged_and_masks_the_number(today, cast, login):
    number = resident_id("33010219800101001")
    person = Person(office=cast.township_a1, name="王五", doc_type=DocumentType.RESIDENT_ID)
    person.set_id_number(number)
    person.birth_date = D(1980, 1, 1)
    person.save()
    investigation = make_investigation(cast.township_clerk, cast.township_a1, person=person)
    response = login(cast.county_supervisor).get(investigation.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert number not in body
    assert "王五" in body
    log = AccessLog.objects.get()
    assert (log.user, log.model, log.object_id, log.field) == (
        cast.county_supervisor,
        "corrections.Investigation",
        str(investigation.pk),
        READ,
    )


def test_complete_and_adoption_through_the_pages(cast, investigation, login):
    client = login(cast.township_clerk)
    complete_url, adoption_url = _pages(investigation)[1:]
    # Adoption before completion: sent back to the record.
    assert client.get(adoption_url).status_code == 302
    response = client.get(complete_url)
    assert response.status_code == 200
    assert "居所情况：" in response.content.decode()  # the outline of the items
    response = client.post(
        complete_url,
        {
            "result": InvestigationResult.UNSUITABLE,
            "completed_on": TODAY.isoformat(),
            "reasons": "",
            "items": "居所情况：无",
            "investigators": "张三",
        },
    )
    assert response.status_code == 200
    assert "评估意见为不适宜社区矫正的，必须写明理由。" in response.content.decode()
    response = client.post(
        complete_url,
        {
            "result": InvestigationResult.UNSUITABLE,
            "completed_on": TODAY.isoformat(),
            "reasons": "无固定居所。",
            "items": "居所情况：无",
            "investigators": "张三",
        },
    )
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.result == InvestigationResult.UNSUITABLE
    assert client.get(complete_url).status_code == 302  # only once
    response = client.post(adoption_url, {"adopted": "yes", "recorded_on": TODAY.isoformat()})
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.adopted is True
    body = client.get(investigation.get_absolute_url()).content.decode()
    assert "无固定居所。" in body
    assert "采信" in body


def test_list_page_filters_and_export(today, cast, login):
    clerk, office = cast.township_clerk, cast.township_a1
    court = make_investigation(clerk, office, commission_number="WT-COURT")
    make_investigation(
        clerk,
        office,
        commission_number="WT-PROC",
        commissioning_body=CommissioningBody.PROCURATORATE,
        stage=InvestigationStage.PRE_PROSECUTION,
    )
    complete(clerk, court)
    investigation_record_adoption(actor=clerk, investigation=court, adopted=True, recorded_on=TODAY)
    client = login(cast.county_supervisor)
    response = client.get(
        reverse("corrections:investigation_list"), {"commissioning_body": "court"}
    )
    body = response.content.decode()
    assert "WT-COURT" in body and "WT-PROC" not in body
    assert "采信率 100.0%" in body
    bad = client.get(reverse("corrections:investigation_list"), {"date_from": "not-a-date"})
    assert "WT-COURT" not in bad.content.decode()
    response = client.get(reverse("corrections:investigation_export"), {"stage": "pre_prosecution"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "委托编号"
    assert [r[0] for r in rows[1:]] == ["WT-PROC"]
    assert (
        login(cast.public_user).get(reverse("corrections:investigation_export")).status_code == 403
    )
    sibling = login(cast.sibling_clerk).get(reverse("corrections:investigation_export"))
    assert len(list(load_workbook(BytesIO(sibling.content)).worksheets[0].iter_rows())) == 1


# ---------------------------------------------------------------------------------------------
# To-dos


def test_todo_near_and_overdue(today, cast):
    clerk, office = cast.township_clerk, cast.township_a1
    # Received Wed 07-01 → due Wed 07-15 (today): near.
    near = make_investigation(
        clerk, office, received_on=D(2026, 7, 1), commissioning_name="甲县人民法院"
    )
    # Received 06-01 → due 06-15: overdue.
    overdue = make_investigation(
        clerk,
        office,
        received_on=D(2026, 6, 1),
        commissioning_name="某监狱",
        commissioning_body=CommissioningBody.PRISON,
        stage=InvestigationStage.PRE_PAROLE,
    )
    make_investigation(clerk, office, received_on=TODAY)  # due 07-29: not yet
    done = make_investigation(clerk, office, received_on=D(2026, 6, 2))
    complete(clerk, done)
    items = selectors.investigations_due(actor=clerk)
    assert [t.url for t in items] == [overdue.get_absolute_url(), near.get_absolute_url()]
    first, second = items
    assert first.overdue and not second.overdue
    assert first.due == D(2026, 6, 15)
    assert first.title == f"调查评估 {overdue.commission_number}（某监狱委托）已超期未完成"
    assert second.title == f"调查评估 {near.commission_number}（甲县人民法院委托）完成期限将至"
    assert first.line == "社区矫正"
    assert first.office == office.name
    assert len(selectors.investigations_due(actor=cast.county_supervisor)) == 2
    assert selectors.investigations_due(actor=cast.sibling_clerk) == []
    assert selectors.investigations_due(actor=cast.public_user) == []
    today(D(2026, 7, 16))
    assert all(t.overdue for t in selectors.investigations_due(actor=clerk))
