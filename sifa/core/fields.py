"""Model fields for sensitive data (敏感信息加密存储)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sifa.core import crypto


class EncryptedCharField(models.TextField):
    """A string stored AES-GCM encrypted; Python code sees the plaintext.

    The column holds only ciphertext, so it cannot be filtered, grouped or ordered on: pair it
    with a blind-index field for exact search or grouping, and name that field here
    (`index_field`, with the hash's `index_purpose`) so that `manage.py rotate_data_key`
    recomputes the hash with the new key when it re-encrypts the value. The hash is always
    `crypto.blind_index(<stored plaintext>, purpose=index_purpose)`: store values normalised.
    `max_length` is checked on the plaintext (forms and `full_clean`), not on the column.

    `masked_index = (field, purpose, mask)` keeps a second keyed hash, of the value as `mask`
    shows it (e.g. 110105********002X): a user can find a record again by typing the masked
    number a page showed them, and the hash gives away no more than that masked form. It is
    kept like `index_field`: on save, and by `rotate_data_key` (sifa.core.encrypted_columns).
    """

    description = "Encrypted string"

    def __init__(
        self,
        *args,
        index_field: str = "",
        index_purpose: str = "",
        masked_index: tuple | None = None,
        **kwargs,
    ):
        self.index_field = index_field
        self.index_purpose = index_purpose
        self.masked_index = tuple(masked_index) if masked_index else None
        super().__init__(*args, **kwargs)
        if self.max_length is not None:  # the plaintext's length (TextField does not check it)
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.index_field:
            kwargs["index_field"] = self.index_field
            kwargs["index_purpose"] = self.index_purpose
        if self.masked_index:
            kwargs["masked_index"] = self.masked_index
        return name, path, args, kwargs

    def masked_hash(self, plaintext: str) -> str:
        """The masked index's hash of a stored plaintext ("" when there is none)."""
        if not self.masked_index or not plaintext:
            return ""
        _field, purpose, mask = self.masked_index
        return crypto.blind_index(mask(plaintext), purpose=purpose)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        # The keyed hash always matches the value saved with it. Fields are prepared in order,
        # so the hash field must come after this one (tests/test_encryption_at_rest.py checks).
        if self.index_field:
            setattr(
                model_instance,
                self.index_field,
                crypto.blind_index(self.python_to_plaintext(value), purpose=self.index_purpose)
                if value not in (None, "")
                else "",
            )
        if self.masked_index:
            plaintext = self.python_to_plaintext(value) if value not in (None, "") else ""
            setattr(model_instance, self.masked_index[0], self.masked_hash(plaintext))
        return value

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def plaintext_to_python(self, plaintext: str):
        """The Python value of a decrypted column value (the rotation command's way back)."""
        return plaintext

    def python_to_plaintext(self, value) -> str:
        return value


class EncryptedDecimalField(EncryptedCharField):
    """A decimal (e.g. a check-in's latitude) stored AES-GCM encrypted as its text.

    The database cannot compare or sum it: computations (the distance from the executing county's
    centre) decrypt in Python, where the row is loaded anyway.
    """

    description = "Encrypted decimal number"
    default_error_messages = {"invalid": _("“%(value)s”必须是一个数字。")}

    def __init__(self, *args, max_digits: int, decimal_places: int, **kwargs):
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        super().__init__(*args, **kwargs)
        self.validators.append(validators.DecimalValidator(max_digits, decimal_places))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_digits"] = self.max_digits
        kwargs["decimal_places"] = self.decimal_places
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        plaintext = super().from_db_value(value, expression, connection)
        if plaintext is None or plaintext == "":
            return None
        return Decimal(plaintext)

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None

    def get_prep_value(self, value):
        value = self.to_python(value)
        if value is None:
            return None
        return crypto.encrypt(self.python_to_plaintext(value))

    def python_to_plaintext(self, value) -> str:
        return str(Decimal(value).quantize(Decimal(1).scaleb(-self.decimal_places)))

    def plaintext_to_python(self, plaintext: str):
        return Decimal(plaintext)

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self,
            form_class=forms.DecimalField,
            max_digits=self.max_digits,
            decimal_places=self.decimal_places,
            **kwargs,
        )


def encrypted_fields(model) -> list[EncryptedCharField]:
    """The encrypted concrete fields of `model`."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
