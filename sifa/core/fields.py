"""Model fields for sensitive data."""

from django.db import models

from sifa.core import crypto


class EncryptedCharField(models.TextField):
    """A string stored AES-GCM encrypted; Python code sees the plaintext.

    The column holds only ciphertext, so it cannot be filtered or ordered on: pair it with a
    blind-index field (see `crypto.blind_index`) for exact search.
    """

    description = "Encrypted string"

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
