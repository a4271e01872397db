"""The API's clients kept in the shared cache (sifa.api.client_cache): served without reading
the client, its account or its grants again, and refused at once, with the cache on, when any of
them changes — a revoked client, a rotated token, a deactivated account, a withdrawn membership,
a narrowed role, a closed office, a withdrawn purpose."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sifa.api import actions, client_cache
from sifa.api.base import hash_token
from sifa.corrections.models import CheckIn, Geofence
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.orgs.models import Membership, Role

pytestmark = pytest.mark.django_db

INFO = reverse("api:client")
CHECK_INS = reverse("api:check_ins")
INSIDE = (30.2800, 120.1600)


@pytest.fixture
def checkin_app(make_client, caller, cast):
    """County A's phone check-in client: (ApiClient, caller), authenticated once (cached)."""
    client, token = make_client(
        cast.county_a, ["submit_checkin"], name="甲县定位签到", agency_kind="checkin_app"
    )
    app = caller(token)
    assert app.get(INFO).status_code == 200
    return client, app


@pytest.fixture
def subject(cast):
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    return make_active_subject(make_worker(cast.county_a), cast.township_a1)


def check_in(subject) -> dict:
    return {
        "subject": subject.number,
        "at": (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
        "accuracy_m": 12,
    }


def tables_read(queries) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_a_known_client_is_served_from_the_cache(checkin_app, subject):
    _client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    sql = tables_read(queries)
    assert '"api_apiclient"."token_hash"' not in sql  # the client: cached
    assert '"orgs_membership"' not in sql  # its account's grants: cached
    assert CheckIn.objects.count() == 2
    # What is left: the subject within reach, its leaves, the insert, the request log.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 4, statements


def test_without_the_cache_every_request_reads_the_client(checkin_app, subject, settings):
    settings.SIFA_API_CLIENT_CACHE_SECONDS = 0
    _client, app = checkin_app
    with CaptureQueriesContext(connection) as queries:
        assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    sql = tables_read(queries)
    assert '"api_apiclient"."token_hash"' in sql and '"orgs_membership"' in sql


def test_a_revoked_client_is_refused_on_the_next_request(checkin_app, subject, cast):
    client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    actions.client_revoke(actor=cast.sysadmin, client=client)
    assert app.get(INFO).status_code == 401
    assert app.post(CHECK_INS, check_in(subject)).status_code == 401
    assert CheckIn.objects.count() == 1


def test_a_rotated_token_is_refused_on_the_next_request(checkin_app, caller, cast):
    client, app = checkin_app
    new = actions.client_rotate(actor=cast.sysadmin, client=client)
    assert app.get(INFO).status_code == 401
    assert caller(new).get(INFO).status_code == 200


def test_a_withdrawn_purpose_is_refused_on_the_next_request(checkin_app, subject, cast):
    client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    actions.client_update(
        actor=cast.sysadmin, client=client, purposes=["read_statistics"], rate_per_minute=120
    )
    assert app.post(CHECK_INS, check_in(subject)).status_code == 403


def test_a_withdrawn_membership_is_out_of_scope_on_the_next_request(checkin_app, subject):
    client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    Membership.objects.get(user=client.user).delete()
    assert app.post(CHECK_INS, check_in(subject)).status_code == 404
    assert CheckIn.objects.count() == 1


def test_a_membership_moved_to_another_county_is_seen_on_the_next_request(
    checkin_app, subject, cast
):
    client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    membership = Membership.objects.get(user=client.user)
    membership.office = cast.county_b
    membership.save()
    assert app.post(CHECK_INS, check_in(subject)).status_code == 404


def test_a_narrowed_role_is_seen_on_the_next_request(checkin_app, subject):
    client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    role = Role.objects.get(memberships__user=client.user)
    role.lines = [line for line in role.lines if line != "corrections"]
    role.save()
    assert app.post(CHECK_INS, check_in(subject)).status_code == 404


def test_a_closed_office_grants_nothing_on_the_next_request(checkin_app, subject, cast):
    _client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    cast.county_a.is_active = False
    cast.county_a.save()
    assert app.post(CHECK_INS, check_in(subject)).status_code == 404


def test_a_deactivated_account_grants_nothing_on_the_next_request(checkin_app, subject):
    client, app = checkin_app
    assert app.post(CHECK_INS, check_in(subject)).status_code == 201
    client.user.is_active = False
    client.user.save()
    assert app.post(CHECK_INS, check_in(subject)).status_code == 404


def test_a_sign_in_elsewhere_keeps_the_cached_clients(checkin_app, cast):
    before = cache.get(client_cache.GENERATION)
    cast.sysadmin.last_login = timezone.now()
    cast.sysadmin.save(update_fields=["last_login"])  # what every web sign-in writes
    assert cache.get(client_cache.GENERATION) == before
    cast.sysadmin.first_name = "改名"
    cast.sysadmin.save()
    assert cache.get(client_cache.GENERATION) != before


def test_an_entry_built_while_a_revocation_was_committing_is_not_served(
    checkin_app, cast, django_capture_on_commit_callbacks
):
    # Another server process reads the client after the revocation's write but before its
    # commit (the old row, with the generation of that moment) and caches it: the commit's
    # renewal makes that entry stale.
    client, app = checkin_app
    digest = hash_token(app.token)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        actions.client_revoke(actor=cast.sysadmin, client=client)
        stale = client_cache._read(digest)
        stale.active, stale.revoked_at = True, None  # the row as the other process read it
        cache.set(client_cache._entry_key(digest), (cache.get(client_cache.GENERATION), stale))
    assert app.get(INFO).status_code == 401


def test_a_lost_generation_makes_every_entry_stale(checkin_app):
    client, app = checkin_app
    digest = hash_token(app.token)
    key = client_cache._entry_key(digest)
    generation, cached = cache.get(key)
    assert cached.pk == client.pk
    cache.delete(client_cache.GENERATION)  # evicted
    served = client_cache.authenticated_client(digest)
    assert served.pk == client.pk
    assert cache.get(client_cache.GENERATION) not in (None, generation)
    assert cache.get(key)[0] == cache.get(client_cache.GENERATION)


def test_migrate_renews_the_generation(checkin_app):
    # Data migrations save through historical models, which the receivers do not see.
    from django.core.management import call_command

    before = cache.get(client_cache.GENERATION)
    call_command("migrate", verbosity=0)
    assert cache.get(client_cache.GENERATION) != before
