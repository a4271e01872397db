from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "sifa.corrections"
    label = "corrections"
    verbose_name = _("社区矫正")

    def ready(self):
        from sifa.corrections import checkin_cache, deadlines, indicators  # noqa: F401  (rules and figures)

        _follow_birth_dates()
        # A saved leave, crossing, fence or office: the check-ins' cached comparisons are stale.
        checkin_cache.connect()


def _follow_birth_dates():
    """A person's changed birth date changes whether their corrections are minors' records."""
    from sifa.corrections.actions.subjects import subject_minor_flags_refresh
    from sifa.people.actions import person_birth_date_changed

    def refresh(sender, *, actor, person, **kwargs):
        subject_minor_flags_refresh(person=person)

    person_birth_date_changed.connect(refresh, dispatch_uid="corrections.minor_flags_refresh")
