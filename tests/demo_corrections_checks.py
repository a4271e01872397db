"""Checks of the demo city's 社区矫正 and 安置帮教 records: the seed figures of SEED_FIGURES.md
through the registry and the records behind them. Run by tests/test_demo_lines.py after one
load of the city.
"""

from datetime import date

from django.db.models import F

from sifa.core import demo
from sifa.corrections import indicators as cc_indicators
from sifa.corrections.actions.subjects import subject_is_minor
from sifa.corrections.constants import ReleaseType, Status
from sifa.corrections.models import Alert, Geofence, Monitoring, Subject, SubjectEvent
from sifa.orgs import access
from sifa.resettlement.constants import Source
from sifa.resettlement.models import ReleasedPerson
from sifa.stats import registry

# SEED_FIGURES.md, 社区矫正 / 安置帮教: first half of 2026, the whole city.
SEED_FIGURES = {
    "corrections.received": 405,
    "corrections.released_expiry": 462,
    "corrections.deaths": 1,
    "corrections.under_correction": 765,
    "corrections.investigations_completed": 528,
    "corrections.investigations_pre_trial": 408,
    "corrections.investigations_pre_prosecution": 17,
    "corrections.investigations_pre_parole": 21,
    "corrections.warnings": 8,
    "corrections.probation_revoked": 3,
    "corrections.home_visits": 250,
    "corrections.group_education_staff": 17,
    "corrections.group_education_participants": 60,
    "resettlement.prison_released": 839,
    "resettlement.in_assistance": 3671,
}


def scope(office, start=demo.PERIOD_START, end=demo.PERIOD_END):
    return registry.Scope(office=office, start=start, end=end)


def value(key, office, **period):
    return registry.value(registry.get(key), scope(office, **period))


def check_seed_figures(root):
    values = {key: value(key, root) for key in SEED_FIGURES}
    assert values == SEED_FIGURES
    rate = cc_indicators.adoption_rate(scope(root))
    assert rate is not None and rate >= 98
    # The group education of the half-year is the one course.
    assert value("corrections.group_education", root) == 1
    # The stock adds up: in correction on 1 January, minus those leaving, plus those coming.
    before = value("corrections.under_correction", root, end=date(2025, 12, 31))
    leaving = (
        value("corrections.released", root)
        + value("corrections.terminated", root)
        + value("corrections.transfers_out", root)
    )
    coming = value("corrections.received", root) + value("corrections.transfers_in", root)
    assert before - leaving + coming == 765
    # Breakdowns add up to the figure, and there are minors in the stock.
    indicator = registry.get("corrections.under_correction")
    figures = registry.figures(indicator, scope(root))
    for rows in figures.breakdowns.values():
        assert sum(v for _s, _l, v in rows) == 765
    assert value("corrections.under_correction_minors", root) > 0
    # The figures around the seed ones have something to show, before and after.
    for key in (
        "corrections.admonitions",
        "corrections.commendations",
        "corrections.education_participants",
        "corrections.supervisions",
        "resettlement.connected",
        "resettlement.visits",
        "resettlement.correction_released",
    ):
        assert value(key, root), key
    for start, end in (
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ):
        assert value("corrections.received", root, start=start, end=end)
        assert value("corrections.investigations_completed", root, start=start, end=end)
        assert value("resettlement.released", root, start=start, end=end)


def check_consistent_records(root):
    subjects = access.within(Subject.objects.all(), root)
    # One way to end an episode, with its status and a matching last event.
    assert not subjects.filter(released_on__isnull=False, terminated_on__isnull=False).exists()
    assert not subjects.filter(released_on__isnull=False).exclude(status=Status.RELEASED).exists()
    assert (
        not subjects.filter(terminated_on__isnull=False).exclude(status=Status.TERMINATED).exists()
    )
    assert (
        not subjects.filter(registered_on__isnull=True)
        .exclude(status__in=(Status.AWAITING_REPORT, Status.NOT_REPORTED))
        .exists()
    )
    assert subjects.filter(status=Status.NOT_REPORTED).exists()
    for subject in subjects.filter(status__in=(Status.RELEASED, Status.TERMINATED))[:50]:
        last = SubjectEvent.objects.filter(subject=subject).order_by("happened_on", "id").last()
        assert last.to_status == subject.status
    # A registration follows the judgment; a release at term end is on the period's last day.
    for subject in subjects.filter(registered_on__isnull=False)[:300]:
        assert subject.judgment_effective_on <= subject.registered_on
        assert subject.correction_start <= subject.registered_on
    assert (
        not subjects.filter(release_type=ReleaseType.EXPIRY)
        .exclude(correction_end=F("released_on"))
        .exists()
    )
    # Minors, the county's geofence, electronic monitoring and open alerts.
    assert subjects.filter(is_minor=True, status=Status.UNDER_CORRECTION).exists()
    # ... derived from the person's birth date, as the actions derive it (never a random flag).
    for subject in subjects.select_related("person"):
        assert subject.is_minor == subject_is_minor(
            subject.person,
            offence_on=subject.offence_on,
            judgment_effective_on=subject.judgment_effective_on,
        ), subject.number
    fence = Geofence.objects.get(office=root)
    assert 29 < fence.latitude < 30 and fence.radius_km == 40
    assert access.within(Monitoring.objects.filter(released_on__isnull=True), root).count() == 2
    assert access.within(Alert.objects.filter(handled_on__isnull=True), root).count() == 2


def check_handover(root):
    """Every subject released at term end is handed over to 安置帮教 (source correction)."""
    released = access.within(
        Subject.objects.filter(status=Status.RELEASED, release_type=ReleaseType.EXPIRY), root
    )
    handed = access.within(ReleasedPerson.objects.filter(source=Source.CORRECTION), root)
    assert handed.count() == released.count()
    assert set(handed.values_list("subject_id", flat=True)) == set(
        released.values_list("pk", flat=True)
    )
    for person in handed.select_related("subject")[:100]:
        assert person.person_id == person.subject.person_id
        assert person.released_on == person.subject.released_on
