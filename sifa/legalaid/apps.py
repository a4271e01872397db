from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "sifa.legalaid"
    label = "legalaid"
    verbose_name = _("法律援助")

    def ready(self):
        from sifa.legalaid import deadlines, indicators  # noqa: F401  (rules and figures)

        _register_navigation()


def _register_navigation():
    """The 法律援助 menu section (an entry whose page does not exist yet is skipped)."""
    from sifa.core import navigation
    from sifa.core.navigation import NavItem
    from sifa.orgs.access import Cap

    navigation.register(
        "legalaid",
        _("法律援助"),
        30,
        NavItem(_("法律援助案件"), "legalaid:application_list", Cap.VIEW, icon="briefcase"),
        NavItem(_("登记申请"), "legalaid:application_register", Cap.EDIT, icon="plus-square"),
        NavItem(_("登记通知辩护"), "legalaid:notification_register", Cap.EDIT, icon="bell"),
        NavItem(_("法律咨询"), "legalaid:consultation_list", Cap.VIEW, icon="telephone"),
        NavItem(_("承办机构和人员"), "legalaid:provider_list", Cap.VIEW, icon="building"),
        NavItem(_("值班"), "legalaid:duty_list", Cap.VIEW, icon="calendar-week"),
        NavItem(_("投诉"), "legalaid:complaint_list", Cap.VIEW, icon="chat-left-dots"),
        NavItem(_("补贴发放"), "legalaid:subsidy_batch_list", Cap.VIEW, icon="cash-coin"),
        NavItem(
            _("经济困难标准"),
            "legalaid:standard_list",
            (Cap.VIEW, Cap.CODES_MANAGE),
            icon="sliders",
        ),
        icon="shield-plus",
    )
