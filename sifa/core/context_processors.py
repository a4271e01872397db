"""Template context shared by every page of the shell (navigation, the user's office scope)."""

from sifa.core.navigation import navigation_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from sifa.orgs import access

    return {
        "nav_sections": navigation_for(request),
        "user_scope_offices": access.granted_offices(user),
    }
