from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResettlementConfig(AppConfig):
    name = "sifa.resettlement"
    label = "resettlement"
    verbose_name = _("安置帮教")

    def ready(self):
        from sifa.resettlement import indicators  # noqa: F401  (figures)

        _take_over_released_subjects()


def _take_over_released_subjects():
    """转安置帮教: every corrections subject released becomes an assisted person here."""
    from sifa.corrections.actions.subjects import subject_released
    from sifa.resettlement.actions.persons import released_person_from_correction

    def take_over(sender, *, actor, subject, **kwargs):
        released_person_from_correction(actor=actor, subject=subject)

    subject_released.connect(take_over, dispatch_uid="resettlement.take_over_released_subject")
