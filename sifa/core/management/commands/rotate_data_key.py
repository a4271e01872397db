"""manage.py rotate_data_key [--batch-size N] [--max-batches N]

Re-encrypts every encrypted column (every model with an `EncryptedCharField`, change-history
tables included) with the current `SIFA_DATA_KEY`, and rewrites each blind index (`*_hash`)
named by those fields with the new key's hash. Run it after moving the old key to
`SIFA_DATA_KEY_PREVIOUS` and putting the new one in `SIFA_DATA_KEY` (docs/security.md
敏感信息加密 → 更换密钥): meanwhile the application reads values of both keys and looks rows up
under both hashes.

It works in batches ordered by primary key, one transaction each, and picks only values not yet
sealed with the current key, so an interrupted run (or `--max-batches`) loses nothing and a
rerun continues where it stopped. It reports each table's progress and, at the end, how many
values still wait; when none does, `SIFA_DATA_KEY_PREVIOUS` can be removed.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from sifa.core import crypto
from sifa.core.encrypted_columns import BATCH_SIZE, walk
from sifa.core.fields import encrypted_fields


def encrypted_models() -> list:
    """Every installed model with an encrypted column, in a stable order."""
    found = [m for m in apps.get_models() if encrypted_fields(m) and not m._meta.proxy]
    return sorted(found, key=lambda m: m._meta.label)


def _pending_condition(field) -> tuple[str, list]:
    column = connection.ops.quote_name(field.column)
    prefix = f"v2:{crypto.current_key().key_id}:%"
    return f"{column} IS NOT NULL AND {column} <> '' AND {column} NOT LIKE %s", [prefix]


def _reseal(field, stored: str) -> str | None:
    if crypto.sealed_with_current_key(stored):
        return None
    plaintext = crypto.decrypt(stored)
    return crypto.encrypt(plaintext)


def pending_values() -> dict[str, int]:
    """Per model label: how many values are not yet sealed with the current key."""
    quote = connection.ops.quote_name
    left = {}
    for model in encrypted_models():
        count = 0
        with connection.cursor() as cursor:
            for field in encrypted_fields(model):
                condition, params = _pending_condition(field)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} WHERE {condition}",  # noqa: S608
                    params,
                )
                count += cursor.fetchone()[0]
        if count:
            left[model._meta.label] = count
    return left


class Command(BaseCommand):
    help = _(
        "用新的数据密钥（SIFA_DATA_KEY）重新加密全部加密字段和检索摘要；可中断，重新运行即继续。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help=_("每批（每个事务）处理的行数")
        )
        parser.add_argument(
            "--max-batches",
            type=int,
            default=None,
            help=_("处理这么多批后停止（分时段运行；重新运行即继续）"),
        )

    def handle(self, *args, batch_size: int, max_batches: int | None, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size 必须大于 0。"))
        key = crypto.current_key()
        self.stdout.write(_("当前密钥编号：%(kid)s") % {"kid": key.key_id})
        batches = 0
        stopped = False
        for model in encrypted_models():
            if max_batches is not None and batches >= max_batches:
                stopped = True
                break
            checked = changed = 0
            try:
                for batch in walk(
                    model, _reseal, only_where=_pending_condition, batch_size=batch_size
                ):
                    batches += 1
                    checked += batch.checked
                    changed += batch.changed
                    self.stdout.write(
                        _("%(model)s：本次已重新加密 %(changed)s 行")
                        % {
                            "model": model._meta.label,
                            "changed": changed,
                        }
                    )
                    if max_batches is not None and batches >= max_batches:
                        stopped = True
                        break
            except crypto.KeyUnavailable as exc:
                raise CommandError(
                    _("%(model)s 中有值无法解密（%(error)s），请检查 SIFA_DATA_KEY_PREVIOUS。")
                    % {"model": model._meta.label, "error": exc}
                ) from exc
            if stopped:
                break
        left = pending_values()
        if left:
            self.stdout.write(
                _("尚有 %(count)s 个值未用新密钥加密，请再次运行本命令：%(models)s")
                % {
                    "count": sum(left.values()),
                    "models": "、".join(f"{label} {n}" for label, n in left.items()),
                }
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("全部加密字段已使用新密钥（%(kid)s）。可以删除 SIFA_DATA_KEY_PREVIOUS。")
                    % {"kid": key.key_id}
                )
            )
