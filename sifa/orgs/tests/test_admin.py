"""The Django admin of the office tree, roles, memberships and the staff roster."""

import pytest
from django.urls import reverse

from sifa.orgs.access import Cap
from sifa.orgs.models import Role
from sifa.orgs.tests.helpers import make_staff
from tests.factories import UserFactory


@pytest.fixture
def superuser_client(client, cast):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser, backend="sifa.accounts.backends.RolePermissionBackend")
    return client


@pytest.mark.parametrize("model", ["office", "role", "membership", "staffmember"])
def test_changelist_and_add_pages_render(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:orgs_{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:orgs_{model}_add")).status_code == 200


def test_change_pages_render(superuser_client, cast):
    row = make_staff(cast.township_a1)
    for name, pk in [("office", cast.township_a1.pk), ("staffmember", row.pk)]:
        url = reverse(f"admin:orgs_{name}_change", args=[pk])
        assert superuser_client.get(url).status_code == 200


def test_offices_cannot_be_deleted_in_the_admin(superuser_client, cast):
    url = reverse("admin:orgs_office_delete", args=[cast.village_a1.pk])
    assert superuser_client.get(url).status_code == 403


def test_role_capabilities_are_shown_but_never_saved_from_the_admin(superuser_client):
    """三权分立 (sifa.orgs.duties): capabilities come with a release or from the shell."""
    response = superuser_client.post(
        reverse("admin:orgs_role_add"),
        {
            "key": "stats_only",
            "name": "统计员",
            "capabilities": [Cap.STATS, Cap.VIEW],
            "requires_two_factor": "on",
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(key="stats_only")
    assert role.capabilities == []
    assert role.requires_two_factor

    role.capabilities = [Cap.VIEW, Cap.STATS]
    role.save()
    page = superuser_client.get(reverse("admin:orgs_role_change", args=[role.pk]))
    html = page.content.decode()
    assert "查看业务记录、统计分析" in html
    assert 'name="capabilities"' not in html
