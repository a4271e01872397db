from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "sifa.corrections"
    label = "corrections"
    verbose_name = _("社区矫正")

    def ready(self):
        from sifa.corrections import deadlines, indicators  # noqa: F401  (rules and figures)

        _register_navigation()
        _follow_birth_dates()


def _follow_birth_dates():
    """A person's changed birth date changes whether their corrections are minors' records."""
    from sifa.corrections.actions.subjects import subject_minor_flags_refresh
    from sifa.people.actions import person_birth_date_changed

    def refresh(sender, *, actor, person, **kwargs):
        subject_minor_flags_refresh(person=person)

    person_birth_date_changed.connect(refresh, dispatch_uid="corrections.minor_flags_refresh")


def _register_navigation():
    """The 社区矫正 menu section (an entry whose page does not exist yet is skipped)."""
    from sifa.core import navigation
    from sifa.core.navigation import NavItem
    from sifa.orgs.access import Cap

    navigation.register(
        "corrections",
        _("社区矫正"),
        40,
        NavItem(_("矫正对象"), "corrections:subject_list", Cap.VIEW, icon="person-lock"),
        NavItem(_("接收矫正对象"), "corrections:subject_register", Cap.EDIT, icon="plus-square"),
        NavItem(_("调查评估"), "corrections:investigation_list", Cap.VIEW, icon="search"),
        NavItem(_("预警"), "corrections:alert_list", Cap.VIEW, icon="exclamation-triangle"),
        NavItem(_("外出审批"), "corrections:leave_list", Cap.VIEW, icon="signpost-split"),
        NavItem(_("考核奖惩"), "corrections:measure_list", Cap.VIEW, icon="award"),
        NavItem(_("教育帮扶"), "corrections:education_list", Cap.VIEW, icon="mortarboard"),
        icon="shield-lock",
    )
