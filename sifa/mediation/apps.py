from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "sifa.mediation"
    label = "mediation"
    verbose_name = _("人民调解")

    def ready(self):
        from sifa.mediation import deadlines  # noqa: F401  (registers the PM-20 and PM-22 rules)

        _register_case_navigation()  # first, so 调解案件 leads the section
        _register_navigation()


def _register_navigation():
    """Committees, mediators, screening and centre work in the 人民调解 menu section."""
    from sifa.core import navigation
    from sifa.core.navigation import NavItem
    from sifa.orgs.access import Cap

    navigation.register(
        "mediation",
        _("人民调解"),
        20,
        NavItem(_("调委会"), "mediation:committee_list", Cap.VIEW, icon="diagram-3"),
        NavItem(_("人民调解员"), "mediation:mediator_list", Cap.VIEW, icon="person-badge"),
        NavItem(_("矛盾纠纷排查"), "mediation:screening_list", Cap.VIEW, icon="search"),
        NavItem(_("来访接待"), "mediation:reception_list", Cap.VIEW, icon="door-open"),
        NavItem(_("劝阻群体性上访"), "mediation:petition_list", Cap.VIEW, icon="people"),
        NavItem(_("防止纠纷激化"), "mediation:escalation_list", Cap.VIEW, icon="shield-check"),
        NavItem(_("个案补贴"), "mediation:subsidy_list", Cap.VIEW, icon="cash-coin"),
    )
    navigation.register(
        "mediation",
        _("人民调解"),
        20,
        NavItem(_("纠纷研判"), "mediation:analysis", Cap.STATS, icon="graph-up-arrow"),
    )


def _register_case_navigation():
    """调解案件 and 登记纠纷 in the 人民调解 menu section."""
    from sifa.core import navigation
    from sifa.core.navigation import NavItem
    from sifa.orgs.access import Cap

    navigation.register(
        "mediation",
        _("人民调解"),
        20,
        NavItem(_("调解案件"), "mediation:case_list", Cap.VIEW, icon="chat-square-text"),
        NavItem(_("登记纠纷"), "mediation:case_register", Cap.EDIT, icon="plus-square"),
        NavItem(_("导入历史案件"), "mediation:case_import", Cap.EDIT, icon="upload"),
    )
