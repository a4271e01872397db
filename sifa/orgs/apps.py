from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "sifa.orgs"
    label = "orgs"
    verbose_name = _("机构")

    def ready(self):
        from sifa.core import navigation, search
        from sifa.orgs.access import Cap

        # A system administrator holds orgs.manage but not view: the tree page lets them in,
        # and 导入机构 links to it. (Indicators are found by sifa.stats' autodiscovery.)
        navigation.register(
            "orgs",
            _("机构队伍"),
            10,
            navigation.NavItem(
                _("机构树"), "orgs:office_list", (Cap.VIEW, Cap.ORGS_MANAGE), icon="diagram-3"
            ),
            navigation.NavItem(_("导入机构"), "orgs:office_import", Cap.ORGS_MANAGE, icon="upload"),
            icon="diagram-3",
        )
        search.register("orgs", office_search_hits)
        _register_import_access()


def _register_import_access():
    """The access rules the import kit (sifa.core.imports) asks: core sits below this module."""
    from sifa.core.imports import registry
    from sifa.orgs import access

    registry.register_access(
        registry.AccessRules(
            anywhere=lambda user, cap, line: access.has_capability_anywhere(user, cap, line=line),
            on=lambda user, cap, office, line: access.can(user, cap, office, line=line),
            top_offices=lambda user, cap, line: access.granted_offices(user, cap, line=line),
            offices=lambda user, cap, line: access.visible_offices(user, cap, line=line),
            covers=lambda user, cap, queryset: access.covers(user, cap, queryset),
        )
    )


def office_search_hits(user, query):
    """Global search provider: offices in the user's tree scope by name or code."""
    from django.urls import reverse

    from sifa.core.search import SearchHit
    from sifa.orgs import selectors

    for office in selectors.office_search(actor=user, query=query):
        yield SearchHit(
            kind=str(_("机构")),
            title=office.name,
            url=reverse("orgs:office_detail", args=[office.pk]),
            detail=f"{office.code} · {office.get_kind_display()}",
        )
