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
    person.masked_address = mask_address(person.address)
    return person


def mask_text(text: str) -> str:
    """An offence or a sentence in a list (盗窃罪 → 盗＊＊): the first character and a fixed
    mask, so neither the rest nor the length shows; the record's page shows it in full (and
    logs the read)."""
    if not text:
        return ""
    return text[:1] + MASK * 3


def mask_address(address: str) -> str:
    """An address keeps its first six characters (province, city or county) and a fixed mask:
    青川市东城街道12号 → 青川市东城街***."""
    if not address:
        return ""
    if len(address) <= 6:
        return address[:1] + MASK * 3
    return address[:6] + MASK * 3


def mask_coordinate(value) -> str:
    """A latitude or longitude to two decimals (about a kilometre): 30.274123 → 30.27****."""
    if value is None or value == "":
        return ""
    whole, _, fraction = f"{value}".partition(".")
    return f"{whole}.{fraction[:2]}{MASK * 4}"
