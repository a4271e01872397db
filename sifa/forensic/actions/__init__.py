"""The forensic line's writes (the front door other lines use)."""

from sifa.forensic.actions.cases import (
    case_accept,
    case_assign,
    case_complaint_add,
    case_complete,
    case_extend,
    case_pause,
    case_refuse,
    case_resume,
    commission_receive,
)
from sifa.forensic.actions.registers import annual_registration_record, category_register

__all__ = [
    "annual_registration_record",
    "case_accept",
    "case_assign",
    "case_complaint_add",
    "case_complete",
    "case_extend",
    "case_pause",
    "case_refuse",
    "case_resume",
    "category_register",
    "commission_receive",
]
