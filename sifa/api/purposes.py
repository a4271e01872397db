"""Every purpose (用途) a client may be granted: the API's own and those the lines declare."""

from sifa.api.constants import OWN_PURPOSES
from sifa.core.lines import lines


def purpose_choices() -> list[tuple[str, str]]:
    """(code, label) of every exchange: the lines' in their order, then the statistics."""
    return [*(purpose for line in lines() for purpose in line.api_purposes), *OWN_PURPOSES]


def purpose_codes() -> set[str]:
    return {code for code, _label in purpose_choices()}


def purpose_label(code: str) -> str:
    """The Chinese name of a purpose; an unknown code (a line since removed) as it is stored."""
    return str(dict(purpose_choices()).get(code, code))
