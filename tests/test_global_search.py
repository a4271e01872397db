"""Global search across the lines and the person page's records (issue 15 item 10).

The search finds a record by its case number, a document number Sifa prints for it and a
licence number; a person by name, masked ID or phone; hits are grouped by line and each hit
shows only when the viewer may see it (office subtree, line grant, minors rule). A person's
page lists their records in every line the viewer reads.
"""

from datetime import date

import pytest
from django.urls import reverse

from sifa.core import search
from sifa.core.masking import mask_id_number
from sifa.corrections.tests.factories import make_subject, make_worker
from sifa.legalaid.tests.factories import make_application, make_centre, make_handler, make_reviewer
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.people.actions import person_register
from sifa.people.models import DocumentType
from sifa.people.tests.helpers import resident_id
from sifa.resettlement.tests.factories import make_released
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

LI_ID = resident_id("330102", date(1979, 4, 2), "318")
LI_PHONE = "13905710318"


@pytest.fixture
def li(cast):
    return person_register(
        actor=cast.township_clerk,
        office=cast.township_a1,
        name="李秀英",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=LI_ID,
        phone=LI_PHONE,
    )


def groups_for(user, query) -> dict[str, list[str]]:
    return {
        group: [hit.title for hit in hits]
        for group, hits in search.grouped(search.search(user, query)).items()
    }


def page_groups(login, user, query) -> dict:
    response = login(user).get(reverse("shell:search"), {"q": query})
    assert response.status_code == 200
    return response.context["groups"]


# --- records by number -------------------------------------------------------------------------


def test_a_mediation_case_is_found_by_its_number_under_its_line(cast, login):
    committee = make_committee(cast.township_a1)
    case = make_case(cast.township_clerk, committee)

    groups = page_groups(login, cast.township_clerk, case.number)

    assert [hit.title for hit in groups["人民调解"]] == [case.number]
    assert groups["人民调解"][0].url == case.get_absolute_url()
    assert page_groups(login, cast.sibling_clerk, case.number) == {}  # another township's case


def test_a_legal_aid_case_is_found_by_a_document_number_printed_for_it(cast):
    from sifa.legalaid.documents import document_number

    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    application = make_application(reviewer, centre)
    printed = document_number(application, "给予法律援助决定书", "援决", date(2026, 3, 9))
    assert printed.endswith("援决字第0001号")  # 〔2026〕<机关代字>援决字第0001号

    hits = search.grouped(search.search(cast.county_supervisor, printed))["法律援助"]

    assert [hit.url for hit in hits] == [application.get_absolute_url()]
    assert hits[0].kind == "法律援助案件"


def test_a_corrections_subject_is_found_by_judgment_and_document_number(cast):
    from sifa.corrections.documents import document_number

    worker = make_worker(cast.county_a)
    subject = make_subject(worker, cast.township_a1, judgment_number="（2026）浙0102刑初318号")

    by_judgment = groups_for(cast.county_supervisor, "浙0102刑初318")
    printed = document_number(subject, "报到通知书", "矫报", date.today())
    by_document = groups_for(cast.county_supervisor, printed)

    assert by_judgment["社区矫正"] == [f"{subject.number} {subject.person.name}"]
    assert by_document["社区矫正"] == [f"{subject.number} {subject.person.name}"]


def test_a_minors_corrections_record_is_found_only_with_the_minors_capability(cast):
    worker = make_worker(cast.county_a)  # cc_worker: holds corrections.minors
    subject = make_subject(
        worker, cast.township_a1, minor=True, judgment_number="（2026）浙0102刑初777号"
    )
    assert subject.is_minor

    assert groups_for(worker, "浙0102刑初777")["社区矫正"] == [
        f"{subject.number} {subject.person.name}"
    ]
    # 社区矫正法 第54条: the township clerk (jo_staff, no corrections.minors) finds nothing.
    assert "社区矫正" not in groups_for(cast.township_clerk, "浙0102刑初777")


def test_a_released_person_is_found_by_certificate_number(cast):
    released = make_released(cast.township_clerk, cast.township_a1, certificate_number="释字9318号")

    groups = groups_for(cast.township_clerk, "释字9318")

    assert groups["安置帮教"] == [f"释字9318号 {released.person.name}"]
    assert "安置帮教" not in groups_for(cast.sibling_clerk, "释字9318")


def test_a_handler_is_found_by_licence_number_and_leads_to_the_provider(cast):
    centre = make_centre(cast.county_a)
    provider, _handler = make_handler(centre, name="王律师", licence_number="13301201810318462")

    hits = search.grouped(search.search(cast.county_supervisor, "13301201810318462"))["法律援助"]

    assert [(hit.kind, hit.title) for hit in hits] == [("承办人员", "王律师 13301201810318462")]
    assert hits[0].url == reverse("legalaid:provider_detail", args=[provider.pk])


def test_a_line_the_user_is_not_granted_shows_no_group(cast):
    centre = make_centre(cast.county_a)
    _provider, _handler = make_handler(centre, licence_number="13301201810318999")
    mediator = UserFactory(username="mediator_county")
    grant(mediator, cast.county_a, "mediator")  # the mediation line only

    assert "法律援助" in groups_for(cast.county_supervisor, "13301201810318999")
    assert groups_for(mediator, "13301201810318999") == {}


# --- persons -----------------------------------------------------------------------------------


def test_a_person_is_found_by_the_masked_id_a_page_shows(cast, li):
    masked = mask_id_number(LI_ID)  # 330102********318X-like: what a list shows

    groups = groups_for(cast.township_clerk, masked)

    assert groups == {"人员": [f"李秀英 {masked}"]}
    assert groups_for(cast.township_clerk, masked.replace("********", "***")) == groups
    assert groups_for(cast.sibling_clerk, masked) == {}


def test_a_person_is_found_by_phone_and_name(cast, li):
    assert groups_for(cast.township_clerk, LI_PHONE)["人员"] == [f"李秀英 {mask_id_number(LI_ID)}"]
    assert groups_for(cast.township_clerk, "李秀英")["人员"] == [f"李秀英 {mask_id_number(LI_ID)}"]


def test_persons_come_first_then_the_lines_in_their_order(cast, login, li):
    committee = make_committee(cast.township_a1)
    make_case(cast.township_clerk, committee)
    make_released(cast.township_clerk, cast.township_a1, certificate_number="释字2026号")

    groups = page_groups(login, cast.township_clerk, "2026")

    assert list(groups)[-2:] == ["人民调解", "安置帮教"]
    page = login(cast.township_clerk).get(reverse("shell:search"), {"q": "2026"})
    assert "人民调解" in page.content.decode() and "安置帮教" in page.content.decode()


# --- the person page ---------------------------------------------------------------------------


def test_person_page_lists_the_persons_records_in_every_line_the_viewer_reads(cast, login, li):
    from sifa.mediation.actions.cases import PartyInput
    from sifa.mediation.constants import PartyKind, PartyRole
    from sifa.mediation.tests.factories import natural_party

    committee = make_committee(cast.township_a1)
    case = make_case(
        cast.township_clerk,
        committee,
        parties=[
            PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=li),
            natural_party(committee, PartyRole.RESPONDENT),
        ],
    )
    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(cast.county_a)  # sees the township's person and the centre
    application = make_application(reviewer, centre, applicant=li)
    subject = make_subject(make_worker(cast.county_a), cast.township_a1, person=li)
    released = make_released(cast.township_clerk, cast.township_a1, person=li)
    url = reverse("people:person_detail", args=[li.pk])

    rows = login(cast.county_supervisor).get(url).context["line_records"]
    by_line = {row["line"]: row["url"] for row in rows}

    assert by_line["人民调解"] == case.get_absolute_url()
    assert by_line["法律援助"] == application.get_absolute_url()
    assert by_line["社区矫正"] == subject.get_absolute_url()
    assert by_line["安置帮教"] == released.get_absolute_url()

    # A legal-aid reviewer reads the legal-aid line only.
    lines = {row["line"] for row in login(reviewer).get(url).context["line_records"]}
    assert lines == {"法律援助"}


def test_the_masked_id_is_found_after_a_key_rotation_with_the_new_key_only(cast, li, settings):
    """`rotate_data_key` rewrites the masked index with the new key, as it does the full one."""
    import base64
    import io
    import secrets

    from django.core.management import call_command

    from sifa.people.models import Person

    settings.SIFA_DATA_KEY_PREVIOUS = settings.SIFA_DATA_KEY
    settings.SIFA_DATA_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
    before = Person.objects.get(pk=li.pk).id_mask_hash
    call_command("rotate_data_key", stdout=io.StringIO())
    settings.SIFA_DATA_KEY_PREVIOUS = ""

    assert Person.objects.get(pk=li.pk).id_mask_hash not in ("", before)
    assert groups_for(cast.township_clerk, mask_id_number(LI_ID)) == {
        "人员": [f"李秀英 {mask_id_number(LI_ID)}"]
    }
