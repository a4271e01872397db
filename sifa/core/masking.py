"""Masked display of sensitive numbers (脱敏显示): screens never show the plaintext.

* 18-digit ID numbers keep the address code and the last four: 110105********002X
* mobile phones keep the first three and the last four: 138****5678
* landlines keep the area code and the last four: 0571-****4321

Shorter documents (passports, permits) keep a little at each end, never more than half.
"""

MASK = "*"


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    hidden = len(value) - keep_start - keep_end
    if hidden <= 0:
        return MASK * len(value)
    return value[:keep_start] + MASK * hidden + value[len(value) - keep_end :]


def mask_id_number(number: str) -> str:
    """110105********002X for resident IDs; a proportionate mask for other documents."""
    if not number:
        return ""
    length = len(number)
    if length >= 15:
        return _mask_middle(number, 6, 4)
    if length >= 8:
        return _mask_middle(number, 2, 2)
    # Very short numbers: show only the last character, and only when something stays hidden.
    return _mask_middle(number, 0, 1) if length >= 3 else MASK * length


def mask_phone(phone: str) -> str:
    """138****5678 for mobiles, 0571-****4321 for landlines."""
    if not phone:
        return ""
    if "-" in phone:
        area, _, local = phone.partition("-")
        return f"{area}-{_mask_middle(local, 0, 4)}"
    if len(phone) == 11:
        return _mask_middle(phone, 3, 4)
    if len(phone) > 4:
        return _mask_middle(phone, 0, 4)
    return MASK * len(phone)


def masked_person(person):
    """``person`` with the masked numbers templates display attached (``masked_id_number``,
    ``masked_phone``); the plaintext is never rendered. None stays None."""
    if person is not None:
        person.masked_id_number = mask_id_number(person.id_number)
        person.masked_phone = mask_phone(person.phone)
    return person
