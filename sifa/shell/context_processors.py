"""Template context shared by every page of the shell (navigation, the user's office scope).

Both values are lazy: a page that does not show the shell (an htmx fragment, a download) does
not pay for the queries.
"""

from django.utils.functional import SimpleLazyObject

from sifa.orgs import access
from sifa.shell.menu import navigation_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_sections": SimpleLazyObject(lambda: navigation_for(request)),
        "user_scope_offices": SimpleLazyObject(lambda: scope_offices(user)),
    }


def scope_offices(user) -> list:
    """The offices shown as "管辖范围": where the user sees business records.

    Administrators and auditors see no business records (三权分立); for them the scope is
    where their own capabilities apply, so the header still says which part of the tree
    they work on.
    """
    offices = access.granted_offices(user, line=access.ANY_LINE)
    if offices:
        return offices
    held = sorted({cap for grant in access.grants(user) for cap in grant.capabilities})
    by_pk = {
        office.pk: office
        for cap in held
        for office in access.granted_offices(user, cap, line=access.ANY_LINE)
    }
    return sorted(by_pk.values(), key=lambda office: office.path)
