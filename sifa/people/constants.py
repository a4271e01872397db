"""Code values of the person registry that every line's forms and actions take."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    """当事人类型: a person of the registry, or a legal person / other organisation by name."""

    NATURAL = "natural", _("自然人")
    LEGAL = "legal", _("法人或其他组织")
