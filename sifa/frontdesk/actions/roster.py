"""The centre's duty roster is legal aid's (`DutyShift`, kinds 律师, 公证员, 调解员, 法援): these
writes go through `sifa.legalaid.actions.duty`, its front door (docs/frontdesk.md)."""

from __future__ import annotations

from sifa.legalaid.actions.duty import (
    ShiftInput,
    duty_shift_remove,
    duty_sign_in,
    duty_sign_out,
    duty_week_add,
)


def shift_add(*, actor, office, on_date, period, kind, handler, place=""):
    """排班: one front-desk shift (legal aid's week roster of one shift)."""
    (shift,) = duty_week_add(
        actor=actor,
        office=office,
        week_of=on_date,
        shifts=[
            ShiftInput(on_date=on_date, period=period, handler=handler, place=place, kind=kind)
        ],
    )
    return shift


def shift_sign_in(*, actor, shift, at=None):
    return duty_sign_in(actor=actor, shift=shift, at=at)


def shift_sign_out(*, actor, shift, at=None):
    return duty_sign_out(actor=actor, shift=shift, at=at)


def shift_remove(*, actor, shift):
    duty_shift_remove(actor=actor, shift=shift)
