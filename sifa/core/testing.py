"""Assertions shared by the tests of every line."""

from django.core.exceptions import ValidationError

NON_FIELD = "__all__"


def errors_of(error: ValidationError) -> dict[str, list[str]]:
    """The messages of a ValidationError by field ("__all__" for one without fields)."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD: error.messages}


def assert_invalid(exc, field: str, message_part: str) -> None:
    """The ValidationError captured by `pytest.raises(ValidationError) as exc` names `field` with
    a message containing `message_part` (use NON_FIELD for an error without a field)."""
    errors = errors_of(exc.value)
    assert field in errors, f"no error on {field!r}: {errors}"
    assert any(message_part in message for message in errors[field]), (
        f"no message on {field!r} contains {message_part!r}: {errors[field]}"
    )
