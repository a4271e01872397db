"""The per-model access policies (sifa.orgs.access.AccessPolicy), one record per line.

For each line a record is registered in one office; `access.scope()` (applying the model's
policy, with no flag from the caller) must show it to a user of that office and of its parent,
hide it from the sibling office and from a role without the line's capability (Cap.VIEW; the
系统管理员 holds none), and hide a minor's corrections record from a user without Cap.MINORS —
while `access.hidden_minors()` still counts it, so pages state "含未成年人 N 人（不予显示）".
"""

import pytest

from sifa.corrections.models import Subject
from sifa.corrections.tests.factories import make_subject
from sifa.legalaid.models import Application
from sifa.legalaid.tests.factories import make_application, make_centre
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.orgs import access
from sifa.orgs.models import Membership, Office
from sifa.resettlement.models import ReleasedPerson
from sifa.resettlement.tests.factories import make_released
from tests.factories import UserFactory, add_office, grant

pytestmark = pytest.mark.django_db


def _user(office, role, name):
    user = UserFactory(username=name)
    grant(user, office, role)
    return user


def _sibling(office: Office) -> Office:
    return add_office(
        Office.objects.get_parent(office),
        name=f"{office.name}之邻",
        code=f"{office.code}S",
        kind=office.kind,
        region_code=office.region_code,
    )


def _mediation(cast, actor):
    committee = make_committee(cast.township_a1)
    return MediationCase, make_case(actor, committee), committee


def _legalaid(cast, actor):
    centre = make_centre(cast.county_a)
    return Application, make_application(actor, centre), centre


def _corrections(cast, actor):
    return Subject, make_subject(actor, cast.township_a1), cast.township_a1


def _resettlement(cast, actor):
    return ReleasedPerson, make_released(actor, cast.township_a1), cast.township_a1


LINES = [_mediation, _legalaid, _corrections, _resettlement]


@pytest.mark.parametrize("build", LINES, ids=lambda f: f.__name__.strip("_"))
def test_policy_scopes_by_office_subtree_and_line_capability(cast, build):
    actor = _user(cast.city, "section", "registrar")
    model, record, office = build(cast, actor)
    own = _user(office, "section", "own")
    parent = _user(Office.objects.get_parent(office), "section", "parent")
    sibling = _user(_sibling(office), "section", "sibling")

    def sees(user):
        return access.scope(user, model).filter(pk=record.pk).exists()

    assert access.policy_for(model).office == "office"
    assert sees(own)
    assert sees(parent)
    assert not sees(sibling)
    assert not sees(cast.sysadmin)  # no Cap.VIEW: the line's records are out of sight
    assert not sees(cast.public_user)


def test_minor_subject_needs_the_minors_capability(cast):
    actor = _user(cast.township_a1, "cc_worker", "registrar")
    minor = make_subject(actor, cast.township_a1, minor=True)
    adult = make_subject(actor, cast.township_a1)
    assert minor.is_minor and not adult.is_minor
    with_minors = _user(cast.township_a1, "jo_head", "head")  # holds Cap.MINORS
    without = cast.township_clerk  # 司法所工作人员: no Cap.MINORS
    parent_without = cast.county_supervisor
    sibling_with = _user(cast.township_a2, "jo_head", "sibling_head")

    def seen(user):
        return set(access.scope(user, Subject).values_list("pk", flat=True))

    assert seen(with_minors) == {minor.pk, adult.pk}
    assert seen(without) == {adult.pk}
    assert seen(parent_without) == {adult.pk}
    assert seen(sibling_with) == set()
    # the hidden rows are counted, never silently dropped
    assert list(access.hidden_minors(without, Subject).values_list("pk", flat=True)) == [minor.pk]
    assert not access.hidden_minors(with_minors, Subject).exists()
    assert not access.hidden_minors(sibling_with, Subject).exists()
    # aggregate figures (统计数) count the minor, without listing it
    assert set(access.office_scope(without, Subject).values_list("pk", flat=True)) == {
        minor.pk,
        adult.pk,
    }


def test_a_policy_without_minors_rule_hides_nothing(cast):
    assert access.policy_for(MediationCase).minor is None
    assert not access.hidden_minors(cast.township_clerk, MediationCase).exists()


def test_scope_refuses_a_model_without_policy(cast):
    # Membership has an office but no policy: nothing lists or fetches it through scope().
    with pytest.raises(access.PolicyMissing, match="Membership has no access policy"):
        access.scope(cast.township_clerk, Membership.objects.all())
    with pytest.raises(access.PolicyMissing, match="Membership has no access policy"):
        access.get_object_or_404(cast.township_clerk, Membership.objects.all(), pk=1)


def test_a_conflicting_second_policy_is_refused():
    with pytest.raises(ValueError, match="already has a different access policy"):
        access.register_policy(Subject, access.AccessPolicy(office="office", line="corrections"))
