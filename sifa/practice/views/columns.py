"""The list columns several practice pages share (sifa.core.views.Column)."""

from django.utils.translation import gettext_lazy

from sifa.core.views import Column

INSTITUTION_COLUMN = Column(gettext_lazy("执业机构"), "institution__office__name")

_NUMBER = Column(gettext_lazy("登记编号"), "number")
_CATEGORY = Column(gettext_lazy("业务类别"), "category")
_CLIENT = Column(gettext_lazy("委托人"), "client")
_SUBJECT_AMOUNT = Column(gettext_lazy("标的额（元）"), "subject_amount", numeric=True)
_RECOVERED_AMOUNT = Column(gettext_lazy("索回/挽回金额（元）"), "recovered_amount", numeric=True)
_FEE = Column(gettext_lazy("收费（元）"), "fee", numeric=True)
_ACCEPTED_ON = Column(gettext_lazy("收案日期"), "accepted_on")

# One institution's business register (its page).
INSTITUTION_MATTER_COLUMNS = (_NUMBER, _CATEGORY, _CLIENT, _SUBJECT_AMOUNT, _FEE, _ACCEPTED_ON)
# 业务登记台账: every institution the user sees, with the money recovered.
MATTER_COLUMNS = (
    INSTITUTION_COLUMN,
    _NUMBER,
    _CATEGORY,
    _CLIENT,
    _SUBJECT_AMOUNT,
    _RECOVERED_AMOUNT,
    _FEE,
    _ACCEPTED_ON,
)
