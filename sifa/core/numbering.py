"""One numbering scheme per record type: case numbers (案件编号) and document numbers (文号).

Every number Sifa makes comes from here — the actions (so the web forms, the API, the importer
and the portal), the demo and the documents. The pattern of each record type is in the
`SIFA_NUMBERING` setting (docs/numbering.md); its tokens:

* `{year}` — the year of the record or the document;
* `{seq}` — the running number, with a format spec (`{seq:04d}`); required, exactly once;
* `{region}` — the region code (行政区划代码) of the bureau (司法局) the office belongs to;
* `{type}` — the record type's short code (FY 法律援助, TJ 调解, JZ 矫正, JJ 解矫);
* `{office}` — the office's own code (机构编码);
* `{office_abbr}` — the issuing office's short name (机关代字, e.g. 丰司), see `office_abbr`;
* `{word}` — the document's word (援决, 矫报 …), for document numbers.

The sequence counts within the numbers that share everything but `{seq}` (the *series*): with
the default `{region}-{type}-{year}-{seq:04d}` one series per bureau, record type and year, so
the sequence restarts each year; a bureau that wants one per office puts `{office}` in its
pattern. Existing numbers are never changed; a number that does not match the pattern is
ignored when the next one is counted.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from django.core import checks
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length

from config.sifa_settings import sifa_setting

ATTEMPTS = 3
JUSTICE_BUREAU = "justice_bureau"  # orgs.constants.OfficeKind.JUSTICE_BUREAU (core sits below)
TOKENS = ("year", "seq", "region", "type", "office", "office_abbr", "word")


@dataclass(frozen=True)
class RecordType:
    code: str  # the {type} token
    label: str


# Record type keys: `<app label>.<model name>` for a line's main record (what save_with_number
# derives from the model), `<app label>.<name>` for the others.
RECORD_TYPES: dict[str, RecordType] = {
    "legalaid.application": RecordType("FY", "法律援助申请编号"),
    "mediation.mediationcase": RecordType("TJ", "人民调解案件编号"),
    "corrections.subject": RecordType("JZ", "社区矫正编号"),
    "corrections.certificate": RecordType("JJ", "解除社区矫正证明书编号"),
    "legalaid.document": RecordType("FY", "法律援助文书文号"),
    "corrections.document": RecordType("JZ", "社区矫正文书文号"),
}


def record_type_of(model) -> str:
    return model._meta.label_lower


def pattern(record_type: str, *, region: str = "") -> str:
    """The pattern of `record_type`: the bureau's own (`"<region>:<type>"`) or the general one."""
    configured = sifa_setting("SIFA_NUMBERING")
    if region and f"{region}:{record_type}" in configured:
        return configured[f"{region}:{record_type}"]
    return configured[record_type]


# ---------------------------------------------------------------------------------------------
# Offices: the bureau and the short name


def _chain(office) -> list:
    """`office` and the offices above it, nearest first (one query)."""
    return [office, *reversed(list(type(office).objects.get_ancestors(office)))]


def bureau_of(office, chain: list | None = None):
    """The nearest justice bureau at or above `office` (the tree's root when there is none)."""
    chain = chain or _chain(office)
    return next((o for o in chain if o.kind == JUSTICE_BUREAU), chain[-1])


def office_abbr(office, chain: list | None = None) -> str:
    """The 机关代字 of `office`: its own short name (简称), else the nearest above it, else the
    first character of its bureau's name followed by 司 (青川市司法局 → 青司)."""
    chain = chain or _chain(office)
    found = next((o.short_name for o in chain if o.short_name), "")
    return found or f"{bureau_of(office, chain).name[:1]}司"


def tokens(
    record_type: str, office, year: int, *, word: str = "", chain: list | None = None
) -> dict[str, object]:
    """The values of every token but `{seq}` for a record of `office` in `year` (`chain`: the
    office and those above it, when already read)."""
    chain = chain or _chain(office)
    return {
        "year": year,
        "region": bureau_of(office, chain).region_code,
        "type": RECORD_TYPES[record_type].code,
        "office": office.code,
        "office_abbr": office_abbr(office, chain),
        "word": word,
    }


# ---------------------------------------------------------------------------------------------
# Formatting


def _fields(text: str):
    return list(string.Formatter().parse(text))


def _split(text: str, values: dict[str, object]) -> tuple[str, str, str]:
    """(text before {seq}, the seq format spec, text after {seq}), every other token filled."""
    before, after, spec, seen = [], [], "", False
    for literal, name, format_spec, _conversion in _fields(text):
        (after if seen else before).append(literal)
        if name is None:
            continue
        if name == "seq":
            spec, seen = format_spec or "d", True
            continue
        (after if seen else before).append(format(values[name], format_spec or ""))
    return "".join(before), spec, "".join(after)


def format_number(
    record_type: str, *, office, year: int, seq: int, word: str = "", values: dict | None = None
) -> str:
    """The number `seq` of `record_type` for `office` and `year` (the demo uses it directly)."""
    values = values or tokens(record_type, office, year, word=word)
    before, spec, after = _split(pattern(record_type, region=values["region"]), values)
    return f"{before}{format(seq, spec)}{after}"


class BulkNumbers:
    """Formats many numbers at once (the demo city, 40,000 of them): each office's place in the
    tree is read (a query up the tree) and each series' pattern parsed once, not once per number
    (40 % of the demo's load time before). For a batch in which offices and patterns do not
    change."""

    def __init__(self) -> None:
        # (record type, office, year, word) → its series: (text before {seq}, spec, after).
        self._series: dict[tuple, tuple[str, str, str]] = {}
        self._chains: dict[int, list] = {}  # office → the office and those above it

    def format(self, record_type: str, *, office, year: int, seq: int, word: str = "") -> str:
        """As `format_number`, with the pattern parsed once per series, not once per number."""
        before, spec, after = self.series(record_type, office=office, year=year, word=word)
        return f"{before}{format(seq, spec)}{after}"

    def series(
        self, record_type: str, *, office, year: int, word: str = ""
    ) -> tuple[str, str, str]:
        """The series of `office` for `year`: (text before {seq}, its format spec, text after)."""
        key = (record_type, office.pk, year, word)
        series = self._series.get(key)
        if series is None:
            if office.pk not in self._chains:
                self._chains[office.pk] = _chain(office)
            chain = self._chains[office.pk]
            values = tokens(record_type, office, year, word=word, chain=chain)
            series = self._series[key] = _series(record_type, values)
        return series


class SeriesNumbers:
    """Numbers for many new records at once (an import of a register): each series is locked
    (`lock_series`) and read once, then counted on in memory. `taken` are numbers the records
    bring themselves (historical numbers typed in the file): they are skipped, so a number made
    here never clashes with one of them. Call inside the transaction that saves the records."""

    def __init__(self, model, record_type: str = "", *, field: str = "number", taken=()):
        self.model = model
        self.record_type = record_type or record_type_of(model)
        self.field = field
        self.taken = set(taken)
        self.formats = BulkNumbers()
        self._next: dict[tuple[str, str], int] = {}
        self._locked: set[int] = set()

    def take(self, office, year: int) -> str:
        """The next free number of `office`'s series for `year`."""
        before, spec, after = self.formats.series(self.record_type, office=office, year=year)
        key = (before, after)
        if key not in self._next:
            self._lock(office)
            queryset = self.model._default_manager.all()
            self._next[key] = _next_seq(queryset, self.field, before, after)
        while True:
            number = f"{before}{format(self._next[key], spec)}{after}"
            self._next[key] += 1
            if number not in self.taken:
                return number

    def _lock(self, office) -> None:
        bureau = bureau_of(office)
        if bureau.pk not in self._locked:
            type(office).objects.select_for_update().filter(pk=bureau.pk).first()
            self._locked.add(bureau.pk)


def _series(record_type: str, values: dict) -> tuple[str, str, str]:
    return _split(pattern(record_type, region=values["region"]), values)


def _next_seq(queryset, field: str, before: str, after: str) -> int:
    """The highest sequence in the series (before, after) among `queryset`'s `field`, plus 1."""
    last = (
        queryset.filter(
            **{
                f"{field}__startswith": before,
                f"{field}__endswith": after,
                f"{field}__regex": f"^{re.escape(before)}[0-9]+{re.escape(after)}$",
            }
        )
        .order_by(Length(field).desc(), f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    if not last:
        return 1
    return int(last[len(before) : len(last) - len(after)]) + 1


def next_number(
    model, record_type: str, office, year: int, *, field: str = "number", skip=0, word=""
) -> str:
    """The number after the highest of its series among `model`'s `field`."""
    values = tokens(record_type, office, year, word=word)
    before, spec, after = _series(record_type, values)
    seq = _next_seq(model._default_manager.all(), field, before, after) + skip
    return f"{before}{format(seq, spec)}{after}"


def lock_series(office) -> None:
    """Serialise numbering in `office`'s bureau (PostgreSQL row lock; SQLite locks the file)."""
    type(office).objects.select_for_update().filter(pk=bureau_of(office).pk).first()


def save_with_number(
    record: models.Model, year: int, *, field: str = "number", record_type: str = ""
) -> None:
    """Give `record` the next number of its record type, office and `year`, and save it.

    The bureau's row is locked while the next number is read (PostgreSQL), and a clash that
    slips through (SQLite, or a number typed in by an import) is retried in a savepoint.
    """
    record_type = record_type or record_type_of(type(record))
    lock_series(record.office)
    for attempt in range(ATTEMPTS):
        setattr(
            record,
            field,
            next_number(type(record), record_type, record.office, year, field=field, skip=attempt),
        )
        try:
            with transaction.atomic():
                record.save()
            return
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            record.pk = None


def document_number(record_type: str, key: str, *, office, year: int, word: str) -> str:
    """The 文号 of document `key` (e.g. "给予法律援助决定书:12"): issued once, the first time the
    document is made, and the same ever after (sifa.core.models.IssuedNumber)."""
    from sifa.core.models import IssuedNumber

    found = IssuedNumber.objects.filter(record_type=record_type, key=key).first()
    if found:
        return found.number
    values = tokens(record_type, office, year, word=word)
    before, spec, after = _series(record_type, values)
    with transaction.atomic():
        lock_series(office)
        for attempt in range(ATTEMPTS):
            seq = _next_seq(IssuedNumber.objects.all(), "number", before, after) + attempt
            number = f"{before}{format(seq, spec)}{after}"
            try:
                with transaction.atomic():
                    IssuedNumber.objects.create(
                        record_type=record_type, key=key, number=number, year=year
                    )
                return number
            except IntegrityError:
                found = IssuedNumber.objects.filter(record_type=record_type, key=key).first()
                if found:
                    return found.number
                if attempt == ATTEMPTS - 1:
                    raise
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------------------------
# The start-up check


def pattern_errors(text: object) -> list[str]:
    """What is wrong with pattern `text` (empty: nothing)."""
    if not isinstance(text, str) or not text:
        return ["a pattern is a non-empty string"]
    try:
        fields = [(name, spec) for _l, name, spec, _c in _fields(text) if name is not None]
    except ValueError as error:
        return [f"cannot be read: {error}"]
    errors = [f"unknown token {{{name}}}" for name, _s in fields if name not in TOKENS]
    seqs = [spec for name, spec in fields if name == "seq"]
    if len(seqs) != 1:
        errors.append("needs {seq} exactly once")
    else:
        try:
            format(1, seqs[0] or "d")
        except ValueError:
            errors.append(f"{{seq:{seqs[0]}}} is not an integer format")
        if not re.fullmatch(r"(0[1-9]\d*)?d?", seqs[0]):  # a space-padded number never matches
            errors.append(f"{{seq:{seqs[0]}}}: only a width with zeros (04d) is allowed")
    return errors


def check_numbering(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """SIFA_NUMBERING: a valid pattern for every record type, and no unknown key."""
    configured = sifa_setting("SIFA_NUMBERING")
    messages = []
    for record_type in RECORD_TYPES:
        if record_type not in configured:
            messages.append(
                checks.Error(f"SIFA_NUMBERING has no pattern for {record_type}", id="sifa.E101")
            )
    for key, text in configured.items():
        if key.rsplit(":", 1)[-1] not in RECORD_TYPES:
            messages.append(
                checks.Error(f"SIFA_NUMBERING: unknown record type {key!r}", id="sifa.E102")
            )
        for error in pattern_errors(text):
            messages.append(checks.Error(f"SIFA_NUMBERING[{key!r}] {error}", id="sifa.E103"))
    return messages
