"""The data migration that gives every serving committee member, elected before issue 15, the
committee's mediator post (人民调解法 第13条; docs/mediation.md "The roster")."""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from sifa.mediation.constants import MemberRole
from sifa.mediation.models import CommitteeMember
from sifa.mediation.tests.factories import make_committee, make_mediator, make_person
from sifa.orgs.constants import MEDIATOR_POST
from sifa.orgs.models import StaffMember

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def migration_module():
    # Found by its name's tail: the lead renumbers migrations when merging.
    (path,) = MIGRATIONS.glob("*_mediation_members_are_mediators.py")
    spec = importlib.util.spec_from_file_location("members_are_mediators", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def old_member(committee, person, *, start, left_on=None):
    """A member as `member_add` wrote it before issue 15: no mediator post."""
    return CommitteeMember.objects.create(
        office=committee,
        person=person,
        role=MemberRole.MEMBER,
        term_start=start,
        term_end=start.replace(year=start.year + 3),
        left_on=left_on,
    )


def test_serving_members_without_a_post_get_one_and_nobody_else(cast):
    committee = make_committee(cast.township_a1)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=100)
    plain = old_member(committee, make_person(committee), start=start)
    engaged = make_mediator(committee, start_date=start - datetime.timedelta(days=400))
    old_member(committee, engaged.person, start=start)
    gone = old_member(
        committee, make_person(committee), start=start, left_on=today - datetime.timedelta(days=1)
    )

    migration_module().give_members_their_post(apps, None)

    posts = StaffMember.objects.filter(office=committee, post=MEDIATOR_POST)
    [new] = posts.filter(person=plain.person)
    assert (new.start_date, new.end_date, new.full_time) == (start, None, False)
    # (With the live apps simple-history adds a row of its own; `migrate` has only ours.)
    assert new.history.filter(history_change_reason=migration_module().REASON).count() == 1
    assert list(posts.filter(person=engaged.person)) == [engaged]  # kept, no second post
    assert not posts.filter(person=gone.person).exists()  # left: not a member today
