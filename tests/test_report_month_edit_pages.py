"""Issue 15 item 4, walked over the URLconf: every page that changes a record counted by the
monthly report (or adds to it) warns when a submitted month holds the record.

A record of each model the report set counts (`sifa.reports.snapshots.report_indicators`) is
made in March 2026 under county A, whose March report is then submitted. Every URL of the
record's app (its namespace) that takes one record ``pk`` is asked with each record's key; a
page that shows that very record with a form posting back to the page is an edit page of it,
and must carry the warning (`sifa.core.report_months`, shown by base.html when the view renders
through `sifa.core.views.edit_page`).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.test.utils import ContextList
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sifa.corrections.tests.factories import make_received_subject, make_worker
from sifa.corrections.tests.test_investigations import make_investigation
from sifa.forensic import actions as forensic_actions
from sifa.hotline.tests.factories import assigned as make_hotline_order
from sifa.hotline.tests.factories import at as local_moment
from sifa.legalaid.models import Consultation
from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
from sifa.legalaid.tests.test_consultations import record as record_consultation
from sifa.mediation.actions.screening import screening_record
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.orgs.models import Office
from sifa.practice.actions.matters import matter_save
from sifa.practice.constants import Category, ClientKind, LitigationType, MatterCategory
from sifa.practice.tests.conftest import make_institution, register_lawyer
from sifa.reports import actions as report_actions
from sifa.reports.snapshots import report_indicators
from sifa.resettlement.tests.factories import make_released
from tests.factories import UserFactory, grant

# About 200 pages asked (45 s here): a long test, started first (docs/testing.md).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

YEAR, MONTH = 2026, 3
NOTICE = "该记录所属的 2026年3月 月报已上报，修改后将列入数据一致性核查"
SKIPPED_NAMESPACES = {"admin", "api"}
DOWNLOADS = (".docx", ".xlsx")

# Counted models that have no page of their own: they are added and changed on their parent's
# pages (the case's 调解协议 action, the screening's page, the released person's actions, the
# office's staff table), whose record the walk checks.
WITHOUT_OWN_PAGES = {
    "frontdesk.Conversion",  # shown on the visit's page and the converted record's
    "frontdesk.OutreachEvent",  # listed and registered, never changed
    "mediation.Agreement",
    "mediation.ScreeningFinding",
    "orgs.StaffMember",
    "publicity.EventMaterial",  # the materials handed out, recorded with their event
    "resettlement.Placement",
    "resettlement.Reoffence",
    "resettlement.Visit",
}


def march(day: int) -> datetime.date:
    return datetime.date(YEAR, MONTH, day)


def _record_routes(resolver=None, prefix="", namespace=""):
    """(namespace, namespace:name) of every URL whose only argument is a record's ``pk``."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or namespace
            if space not in SKIPPED_NAMESPACES:
                yield from _record_routes(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            # Downloads (文书, Excel) are no pages.
            if re.findall(r"<[^>]+>", route) == ["<int:pk>"] and not route.endswith(DOWNLOADS):
                yield namespace, f"{namespace}:{entry.name}" if namespace else entry.name


@pytest.fixture
def march_records(cast):
    """One record of every counted model with a page of its own, dated in March 2026 under
    county A, and the editor who may change it; then county A submits March."""
    supervisor = cast.county_supervisor
    committee = make_committee(cast.township_a1)
    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    consultation = record_consultation(reviewer, centre)
    Consultation.objects.filter(pk=consultation.pk).update(
        consulted_at=datetime.datetime(YEAR, MONTH, 9, 2, 0, tzinfo=datetime.UTC)
    )
    worker = make_worker(cast.township_a1)
    Office.objects.filter(pk=cast.village_a1.pk).update(established_on=march(2))
    # The practice line: a law firm of county A founded in March, its lawyer licensed and a
    # matter accepted in March; the city's 业务科室 licenses and edits them.
    section = UserFactory(username="practice_section")
    grant(section, cast.city, "section")
    firm = make_institution(section, cast.county_a, 1, founded_on=march(2))
    lawyer = register_lawyer(section, firm, licensed_on=march(6))
    matter = matter_save(
        actor=section,
        institution=firm,
        number="2026诉0001",
        category=MatterCategory.LITIGATION,
        litigation_type=LitigationType.CIVIL,
        client="某公司",
        client_kind=ClientKind.ENTERPRISE,
        accepted_on=march(20),
        handler=lawyer,
    )
    # The forensic line: an institution of county A registered in 法医类, a commission
    # received in March.
    forensic_institution = make_institution(
        section, cast.county_a, 2, Category.FORENSIC_INSTITUTION, founded_on=march(2)
    )
    forensic_actions.category_register(
        actor=section,
        institution=forensic_institution,
        category="forensic_medicine",
        registered_on=march(2),
    )
    appraisal = forensic_actions.commission_receive(
        actor=section,
        institution=forensic_institution,
        client="某县公安局",
        category="forensic_medicine",
        matter="损伤程度鉴定",
        received_on=march(11),
    )
    records = [
        (make_case(supervisor, committee, received_on=march(16)), supervisor),
        (make_application(reviewer, centre, received_on=march(10)), supervisor),
        (Consultation.objects.get(pk=consultation.pk), supervisor),
        (make_received_subject(worker, cast.township_a1, reported_on=march(5)), supervisor),
        (make_investigation(worker, cast.township_a1, received_on=march(4)), supervisor),
        (make_released(worker, cast.township_a1, released_on=march(3)), supervisor),
        (
            screening_record(
                actor=supervisor,
                office=cast.township_a1,
                screened_on=march(12),
                kind="routine",
                scope="甲一村",
                findings=[],
            ),
            supervisor,
        ),
        (Office.objects.get(pk=cast.village_a1.pk), cast.sysadmin),
        (firm, section),
        (lawyer, section),
        (matter, section),
        *_front_desk_records(supervisor, cast, centre),
        *_publicity_records(supervisor, cast),
        (make_hotline_order(cast, received_at=local_moment("2026-03-11 09:00")), supervisor),
        (appraisal, section),
        *_notary_records(section, cast),
    ]
    report_actions.submit_month(supervisor, cast.county_a, YEAR, MONTH)
    return records


def _front_desk_records(supervisor, cast, legal_aid_centre):
    """A visit at county A's public legal service centre and a front-desk shift, in March."""
    from sifa.frontdesk.actions.roster import shift_add
    from sifa.frontdesk.actions.visits import visit_register
    from sifa.legalaid.constants import DutyKind, DutyPeriod
    from sifa.legalaid.tests.factories import make_handler
    from sifa.orgs.constants import OfficeKind
    from tests.factories import add_office

    desk = add_office(
        cast.county_a,
        name="甲县公共法律服务中心",
        code="330102-PLS-T",
        kind=OfficeKind.PLS_CENTER,
        region_code="330102",
    )
    visit = visit_register(
        actor=supervisor,
        office=desk,
        visited_at=datetime.datetime(YEAR, MONTH, 11, 2, 0, tzinfo=datetime.UTC),
        category="labour",
        matter="咨询讨薪",
        service="answered",
        visitor_name="来访人",
    )
    _provider, lawyer = make_handler(legal_aid_centre)
    shift = shift_add(
        actor=supervisor,
        office=desk,
        on_date=march(13),
        period=DutyPeriod.FULL_DAY,
        kind=DutyKind.LAWYER,
        handler=lawyer,
    )
    return [(visit, supervisor), (shift, supervisor)]


def _notary_records(section, cast):
    """A notary office of county A, a notarisation accepted and a consultation held in March."""
    from sifa.notary.actions import notarisation_accept, notarisation_apply
    from sifa.notary.actions.reviews import consultation_record
    from sifa.notary.constants import ConsultationWay, MatterCode
    from sifa.people.actions import PersonIdentity, person_obtain
    from tests import imports

    office = make_institution(
        section, cast.county_a, 3, Category.NOTARY_OFFICE, founded_on=march(2)
    )
    applicant = person_obtain(
        actor=section,
        office=office.office,
        identity=PersonIdentity(name="申请人", id_number=imports.resident_id("19750101")),
    )
    notarisation = notarisation_apply(
        actor=section, institution=office, applicant=applicant,
        matter_code=MatterCode.INHERITANCE, summary="继承房产", applied_on=march(9),
    )  # fmt: skip
    notarisation_accept(actor=section, notarisation=notarisation, accepted_on=march(10))
    consultation = consultation_record(
        actor=section, institution=office, held_on=march(12), way=ConsultationWay.VISIT,
        persons=3, topic="继承公证",
    )  # fmt: skip
    return [(notarisation, section), (consultation, section)]


def _publicity_records(supervisor, cast):
    """County A's publicity event, media article, a unit's year with its exam result, in
    March (a unit's year counts from its first day: the year's record is dated 1 January)."""
    from decimal import Decimal

    from sifa.people.actions import PersonIdentity, person_obtain
    from sifa.publicity.actions.events import event_record
    from sifa.publicity.actions.exams import ResultRecord, exam_register, results_record_many
    from sifa.publicity.actions.inspections import article_record
    from sifa.publicity.actions.plans import unit_save, unit_year_save
    from sifa.publicity.constants import Audience, ExamKind, MediaLevel, UnitKind
    from tests import imports

    event = event_record(
        actor=supervisor, office=cast.county_a, title="宪法进万家", theme="constitution",
        started_on=march(4), place="文化礼堂", audience=Audience.VILLAGERS, participants=30,
    )  # fmt: skip
    article = article_record(
        actor=supervisor, office=cast.county_a, title="普法进村", outlet="县报",
        level=MediaLevel.COUNTY, published_on=march(5),
    )  # fmt: skip
    unit = unit_save(actor=supervisor, office=cast.county_a, name="税务局", kind=UnitKind.OTHER)
    unit_year = unit_year_save(actor=supervisor, unit=unit, year=YEAR, staff=10)
    exam = exam_register(
        actor=supervisor, office=cast.county_a, title="2026年度学法考试",
        kind=ExamKind.ANNUAL, held_on=march(10),
    )  # fmt: skip
    taker = person_obtain(
        actor=supervisor,
        office=cast.county_a,
        identity=PersonIdentity(name="考生", id_number=imports.resident_id("19800101")),
    )
    (result,) = results_record_many(
        actor=supervisor,
        records=[ResultRecord(exam, unit, taker, Decimal(80), march(10))],
    )
    return [(event, supervisor), (article, supervisor), (unit_year, supervisor),
            (result, supervisor)]  # fmt: skip


def test_the_walk_covers_every_counted_model(march_records):
    counted = {indicator.model._meta.label for indicator in report_indicators()}
    walked = {record._meta.label for record, _editor in march_records}
    assert counted - WITHOUT_OWN_PAGES <= walked
    assert counted >= WITHOUT_OWN_PAGES  # no stale exemption


def _shows(context, record) -> bool:
    """Is ``record`` itself among the page's context values?"""
    contexts = context if isinstance(context, ContextList) else [context]
    return any(
        type(value) is type(record) and value.pk == record.pk
        for one in contexts
        for value in one.flatten().values()
    )


def _posts_to_itself(html: str, url: str) -> bool:
    forms = re.findall(r"<form\b[^>]*>", html)
    return any(
        "post" in form.lower() and ('action="' not in form or f'action="{url}"' in form)
        for form in forms
    )


def test_every_edit_page_of_a_record_in_a_submitted_month_warns(march_records, login):
    clients = {}
    edit_pages, silent = [], []
    routes = sorted(set(_record_routes()))
    for record, editor in march_records:
        client = clients.get(editor.pk) or clients.setdefault(editor.pk, login(editor))
        # A record's pages are its app's: a line's URLs are named in its app's namespace.
        for name in [name for space, name in routes if space == record._meta.app_label]:
            url = reverse(name, kwargs={"pk": record.pk})
            response = client.get(url)
            if response.status_code != 200 or response.context is None:
                continue
            html = response.content.decode()
            if not (_shows(response.context, record) and _posts_to_itself(html, url)):
                continue
            edit_pages.append(name)
            if NOTICE not in html or 'data-testid="report-month-notice"' not in html:
                silent.append(f"{name} ({record._meta.label})")
    assert silent == []
    # The walk finds the pages: a record-action page of each line and the plain edit pages.
    assert {
        "mediation:case_risk",
        "legalaid:application_decide",
        "legalaid:complaint_add",
        "legalaid:consultation_edit",
        "corrections:subject_period",
        "corrections:leave_add",
        "corrections:investigation_complete",
        "resettlement:person_classify",
        "orgs:office_edit",
        "practice:institution_status",
        "practice:matter_add",
        "practice:practitioner_register",
        "practice:practitioner_transfer",
        "practice:practitioner_cancel",
        "practice:sanction_propose",
        "practice:matter_edit",
    } <= set(edit_pages)
