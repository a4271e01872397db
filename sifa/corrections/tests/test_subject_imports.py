"""The 在矫 register import (issue 17): subjects at go-live through the intake rules — the
indicators count them as the rows say; bad rows (a missing column, an unknown code, a bad ID
checksum, a future date, an end before its start, a duplicate inside the file and against the
database, a person under correction at another 司法所); minors; GBK CSV and Excel serial dates;
re-import and corrected re-import by ID number; roll-back; scoping; the historic mark."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.corrections.constants import ReportType, Status, TeamRole
from sifa.corrections.imports.subjects import SUBJECTS
from sifa.corrections.models import Subject
from sifa.corrections.tests.factories import make_worker
from sifa.people.models import Person
from sifa.stats import registry
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in SUBJECTS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(SUBJECTS.fields)}
URL = reverse("imports:upload", args=[SUBJECTS.key])
TODAY = datetime.date.today()


@pytest.fixture
def worker(cast):
    """A 社区矫正工作人员 of county A: both 司法所 of the county, minors too."""
    return make_worker(cast.county_a, username="cc_importer")


def subject_row(office, **values) -> dict:
    """One register row by field key: an adult probationer 在矫 at `office` (a 司法所)."""
    row = {
        "name": "赵六",
        "id_number": imports.resident_id("19850601"),
        "office": office.code,
        "sentence_type": "缓刑",
        "crime": "盗窃罪",
        "crime_category": "侵犯财产罪",
        "original_sentence": "有期徒刑一年，缓刑一年",
        "sentence_months": "12",
        "decision_organ": "人民法院",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": f"（2026）浙0102刑初{imports.resident_id()[-4:]}号",
        "judgment_effective_on": "2026-03-02",
        "notified_on": "2026-03-04",
        "documents_received_on": "2026-03-04",
        "status": "在矫",
        "reported_on": "2026-03-05",
        "announced_on": "2026-03-06",
        "category": "普通管理",
        "team": "王五（司法所）、李梅（家属，女）",
    }
    row.update(values)
    return {HEADER[key]: value for key, value in row.items()}


def run(actor, rows, office=None, **kwargs):
    """Import `rows` in one step (validate and apply): (batch, plan, changes)."""
    file = imports.xlsx(SUBJECTS, rows, **kwargs)
    return batches.import_now(
        SUBJECTS, actor=actor, office=office, content=file.read(), name=file.name
    )


def errors_of(actor, rows, office=None, **kwargs) -> list[tuple[int, str, str]]:
    """The (row, column letter, message) of every error, having written nothing."""
    with pytest.raises(ValidationError):
        run(actor, rows, office, **kwargs)
    file = imports.xlsx(SUBJECTS, rows, **kwargs)
    batch = batches.stage(SUBJECTS, actor=actor, office=office, content=file.read(), name=file.name)
    return [(e.row, e.column, e.message) for e in batches.errors_of(batch)]


def stock(office, key="corrections.under_correction", on=TODAY) -> int:
    scope = registry.Scope(office=office, start=on, end=on)
    return registry.value(registry.get(key), scope)


def flow(office, key, start, end) -> int:
    return registry.value(registry.get(key), registry.Scope(office=office, start=start, end=end))


# --- a good file ---------------------------------------------------------------------------------


def test_a_register_creates_the_subjects_through_the_intake_steps(cast, worker):
    rows = [
        subject_row(cast.township_a1, name="赵六"),
        subject_row(
            cast.township_a2,
            name="钱七",
            id_number=imports.resident_id("19900202"),
            sentence_type="管制",
            original_sentence="管制一年",
            category="strict",
            team="孙八（司法所工作人员）、周九（村(居)委会成员）",
        ),
        subject_row(
            cast.township_a1,
            name="吴十",
            id_number=imports.resident_id("19700303"),
            status="已接收",
            announced_on="",
            category="",
            team="",
        ),
        subject_row(
            cast.township_a1,
            name="郑一",
            id_number=imports.resident_id("19750404"),
            status="待报到",
            reported_on="",
            announced_on="",
            category="",
            team="",
        ),
    ]
    rows[1][HEADER["office"]] = cast.township_a2.name  # an office by its name
    before = {o.pk: stock(o) for o in (cast.township_a1, cast.township_a2, cast.county_a)}

    batch, plan, _changes = run(worker, rows)

    assert plan.counts == {"create": 4, "update": 0, "unchanged": 0}
    subjects = {s.person.name: s for s in Subject.objects.select_related("person", "office")}
    zhao = subjects["赵六"]
    assert zhao.office == cast.township_a1 and zhao.status == Status.UNDER_CORRECTION
    assert (zhao.correction_start, zhao.correction_end) == (D(2026, 3, 2), D(2027, 3, 1))
    assert zhao.report_type == ReportType.ON_TIME and zhao.registered_on == D(2026, 3, 5)
    assert zhao.category == "ordinary" and zhao.crime_category == "property"
    assert not zhao.is_minor
    assert sorted((m.name, m.role, m.is_female) for m in zhao.team.all()) == [
        ("李梅", TeamRole.FAMILY, True),
        ("王五", TeamRole.JUDICIAL_OFFICE, False),
    ]
    assert zhao.plans.get().version == 1
    assert zhao.categories.get().to_category == "ordinary"
    assert list(zhao.events.values_list("to_status", flat=True)) == [
        Status.AWAITING_REPORT,
        Status.RECEIVED,
        Status.UNDER_CORRECTION,
    ]
    assert subjects["钱七"].office == cast.township_a2
    assert subjects["钱七"].team.get(name="周九").role == TeamRole.VILLAGE_COMMITTEE
    assert subjects["吴十"].status == Status.RECEIVED and not subjects["吴十"].team.exists()
    assert subjects["郑一"].status == Status.AWAITING_REPORT
    assert subjects["郑一"].report_due_on == D(2026, 3, 12)
    # The persons are registered at the rows' 司法所, named in history by the importer.
    assert Person.objects.get(name="钱七").office == cast.township_a2
    assert Subject.history.filter(number=zhao.number).get().history_user == worker
    # The figures count exactly the registered rows (待报到 is not yet 在矫).
    counted = {cast.township_a1.pk: 2, cast.township_a2.pk: 1, cast.county_a.pk: 3}
    for office in (cast.township_a1, cast.township_a2, cast.county_a):
        assert stock(office) == before[office.pk] + counted[office.pk]
    assert flow(cast.county_a, "corrections.received", D(2026, 3, 1), D(2026, 3, 31)) == 3
    assert batch.created_count == 4
