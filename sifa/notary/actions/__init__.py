"""The 公证 line's writes (its front door for other lines: `notarisation_apply`)."""

from sifa.notary.actions.notarisations import (
    notarisation_accept,
    notarisation_apply,
    notarisation_fee,
    notarisation_issue,
    notarisation_refuse,
    notarisation_register,
    notarisation_withdraw,
    pause_add,
    pause_end,
)
from sifa.notary.actions.reviews import consultation_record, review_decide, review_receive

__all__ = [
    "consultation_record",
    "notarisation_accept",
    "notarisation_apply",
    "notarisation_fee",
    "notarisation_issue",
    "notarisation_refuse",
    "notarisation_register",
    "notarisation_withdraw",
    "pause_add",
    "pause_end",
    "review_decide",
    "review_receive",
]
