"""Checks that the demo city's activity runs up to the day it is loaded (`ctx.today`), run with
the city loaded: the current month has intake in every line, open records are recent (their
deadlines lie around today, not months ago), and nothing is dated after today."""

from datetime import timedelta

from django.db.models import Max

from sifa.corrections.models import Investigation, Subject
from sifa.legalaid.constants import Status as ApplicationStatus
from sifa.legalaid.models import Application
from sifa.mediation.constants import CaseStatus
from sifa.mediation.models import MediationCase
from sifa.resettlement.models import ReleasedPerson


def check_activity_up_to(root_office, today):
    within = {"office__path__startswith": root_office.path}
    month_start = today.replace(day=1)
    recent = today - timedelta(days=20)

    cases = MediationCase.objects.filter(**within)
    assert cases.aggregate(last=Max("received_on"))["last"] <= today
    assert cases.aggregate(last=Max("closed_on"))["last"] <= today
    assert cases.filter(received_on__gte=month_start).count() > 10
    open_cases = cases.filter(status__in=[CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION])
    assert open_cases.filter(received_on__gte=recent).count() > 50
    # Open cases are the recent ones: none left open from before the half-year's end.
    assert not open_cases.filter(received_on__lt=today - timedelta(days=120)).exists()

    applications = Application.objects.filter(**within)
    assert applications.aggregate(last=Max("received_on"))["last"] <= today
    assert applications.filter(accepted_on__gte=today - timedelta(days=31)).count() > 20
    awaiting = applications.filter(
        status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.AWAITING_SUPPLEMENT]
    )
    assert awaiting.filter(received_on__gte=today - timedelta(days=6)).count() >= 5

    subjects = Subject.objects.filter(**within)
    assert subjects.aggregate(last=Max("registered_on"))["last"] <= today
    assert subjects.filter(registered_on__gte=today - timedelta(days=31)).count() > 20
    open_investigations = Investigation.objects.filter(**within, completed_on__isnull=True)
    assert open_investigations.exists()
    assert open_investigations.filter(due_on__gte=today).exists()  # a deadline still ahead

    released = ReleasedPerson.objects.filter(**within)
    assert released.filter(
        released_on__gte=today - timedelta(days=31), released_on__lte=today
    ).exists()
    assert released.filter(released_on__gt=today).count() > 0  # release notices received ahead
