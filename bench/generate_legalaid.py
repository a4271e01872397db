#!/usr/bin/env python
"""Add legal aid (法律援助) and 12348 records to the province benchmark database (seeded).

    .venv/bin/python bench/generate_legalaid.py [--database-url sqlite|postgres|URL]
                                                [--applications N] [--consultations N]
                                                [--seed N] [--force]

Runs on the database bench/generate.py built (its offices and persons are kept). Migrates it,
adds one 法律援助中心 under each of the 100 county bureaus when the tree has none (paths
computed here, bulk-inserted, the counties' `numchild` raised), three providers with four
handlers each per centre, quarterly subsidy batches, then `--applications` applications
received 2024-01-01 .. 2026-12-31 and `--consultations` consultations over the same years.

Applications (ids follow the receiving date, as in a live system): about 75 % civil (a few
administrative or labour arbitration), 25 % criminal of which 20 % notified by a handling organ
(通知辩护/代理, accepted the day notified); 5 % refused, 3 % withdrawn, the rest granted within
the 7-day period (`decision_due_on` from `sifa.core.deadlines.compute`, a few late), assigned
(`assignment_due_on` likewise; 97 % on time; 2 % re-assigned later), handled, ended (2 %
terminated), filed, reviewed and archived — those whose next step would fall after
2026-12-31 stay open at that step. Every status change has its `ApplicationEvent`, as the
actions write them. About 40 % of the applicants belong to one or two groups (受援人群体), about
5 % of the ended cases get a quality check, archived cases are paid in the centre's quarterly
subsidy batch (paid on the 15th of the next quarter's first month). The applicant is an
existing benchmark person drawn at random; handlers too.

Consultations: 40 % 12348 hotline, 30 % visits (half of them at a 司法所 of the centre's
county), 10 % other phone, 15 % online, 5 % letters; category from the seeded code list
`legal_aid_consultation_category`; about 10 % linked to a registered person; `caller_phone`
left empty (encrypting a number per row would cost more than everything else and no figure
reads it).

Rows are written in batches without the ORM's per-object work: COPY on PostgreSQL,
executemany INSERT on SQLite; no history rows. Then ANALYZE (SQLite) or VACUUM ANALYZE
(PostgreSQL). Existing legal-aid records are kept unless --force (which deletes them first).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from decimal import Decimal

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_SEED = 12_348
APPLICATIONS = 200_000
CONSULTATIONS = 1_000_000
BATCH = 20_000
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 12, 31)
CENTRE_SUFFIX = "LAC"  # centre code = county code + suffix (sorts after the townships' codes)
CREATED = "2026-01-01 00:00:00"
PROVIDERS_PER_CENTRE = 3  # two law firms and the centre itself
HANDLERS_PER_PROVIDER = 4
SUBSIDY = {"criminal": Decimal("1500.00"), "civil": Decimal("1200.00")}
OTHER_SUBSIDY = Decimal("1000.00")

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_CIVIL_MATTERS = (
    ("labour_pay", 30), ("personal_injury", 20), ("maintenance", 15), ("social_insurance", 8),
    ("abuse_violence", 5), ("pension", 3), ("capacity", 2), ("environment", 1), ("other", 16),
)  # fmt: skip
_OTHER_TYPES = ("administrative", "labour_arbitration", "state_compensation", "non_litigation")
_CHANNELS = (("hotline", 40), ("visit", 30), ("phone", 10), ("online", 15), ("letter", 5))
_REFERRALS = (
    ("answered", 80), ("application", 8), ("mediation", 4), ("lawyer", 5), ("other", 3),
)  # fmt: skip
_SATISFACTION = (
    ("very_satisfied", 40), ("satisfied", 35), ("neutral", 15), ("dissatisfied", 5), ("", 5),
)  # fmt: skip
_OUTCOMES_CIVIL = (("won", 35), ("partly_won", 20), ("settled", 30), ("lost", 5), ("other", 10))
_OUTCOMES_CRIMINAL = (
    ("lighter", 50), ("convicted", 30), ("not_prosecuted", 8), ("acquitted", 2), ("other", 10),
)  # fmt: skip
_QUALITY = ("hearing_attendance", "file_review", "judicial_opinion", "follow_up", "peer_review")
_GROUPS = (
    ("migrant_worker", 30), ("woman", 25), ("elderly", 15), ("minor", 12), ("disabled", 10),
    ("ethnic_minority", 5), ("military", 3),
)  # fmt: skip


def weighted(pairs):
    """(values, weights): the positional arguments of rng.choices."""
    return [v for v, _w in pairs], [w for _v, w in pairs]


class Table:
    """One table's columns in model order, with every field's default; rows as tuples."""

    def __init__(self, model, created: str):
        fields = list(model._meta.concrete_fields)
        self.model = model
        self.name = model._meta.db_table
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        base = []
        for f in fields:
            if f.attname in ("created_at", "updated_at"):
                value = created
            elif f.has_default():
                value = prep(f.get_default())
            elif f.null:
                value = None
            else:
                value = ""
            base.append(value)
        self.base = base
        self.required = {
            f.attname
            for f in fields
            if not (f.has_default() or f.null or f.blank) and f.attname not in ("id",)
        }
        self.checked = False

    def row(self, **values) -> tuple:
        if not self.checked:  # the first row names every required column
            missing = self.required - values.keys() - {"created_at", "updated_at"}
            if missing:
                raise ValueError(f"{self.name}: no value for {sorted(missing)}")
            self.checked = True
        row = self.base.copy()
        for key, value in values.items():
            row[self.index[key]] = prep(value)
        return tuple(row)


def prep(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_rows(table: Table, rows: list[tuple]) -> None:
    from django.db import connection

    if not rows:
        return
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(table.columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", rows)


def add_centres() -> list:
    """One 法律援助中心 under each county bureau (when none exists); the centres, by code."""
    from django.db import transaction
    from django.db.models import F

    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    root = Office.objects.get(code=common.ROOT_CODE)
    under_root = Office.objects.filter(path__startswith=root.path)
    centres = under_root.filter(kind=OfficeKind.LEGAL_AID_CENTER)
    if not centres.exists():
        counties = list(
            under_root.filter(kind=OfficeKind.JUSTICE_BUREAU, depth=root.depth + 2).order_by("path")
        )
        new = [
            Office(
                code=county.code + CENTRE_SUFFIX,
                name=county.name.replace("司法局", "法律援助中心"),
                kind=OfficeKind.LEGAL_AID_CENTER,
                region_code=county.region_code,
                phone="12348",
                established_on=date(2005, 1, 1),
                depth=county.depth + 1,
                # treebeard: the parent's path + the next base-36 step; siblings are ordered by
                # code, and "345101LAC" sorts after the townships "345101001" … (node_order_by).
                path=Office._get_path(county.path, county.depth + 1, county.numchild + 1),
                numchild=0,
            )
            for county in counties
        ]
        with transaction.atomic():
            Office.objects.bulk_create(new, batch_size=1_000)
            Office.objects.filter(pk__in=[c.pk for c in counties]).update(
                numchild=F("numchild") + 1
            )
        print(f"  legal-aid centres added: {len(new):,}", flush=True)
    return list(centres.order_by("path"))


def county_offices(centres) -> dict[int, list[int]]:
    """centre id → the ids of the 司法所 of its county (where visits are also received)."""
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    result = {}
    for centre in centres:
        county_path = centre.path[: len(centre.path) - Office.steplen]
        result[centre.pk] = list(
            Office.objects.filter(
                path__startswith=county_path, kind=OfficeKind.JUDICIAL_OFFICE
            ).values_list("pk", flat=True)
        )
    return result


class Deadlines:
    """`sifa.core.deadlines.compute`, cached by (rule, date): the calendar is read once a day."""

    def __init__(self):
        self.cache = {}

    def __call__(self, rule: str, base: date) -> date:
        key = (rule, base)
        if key not in self.cache:
            from sifa.core.deadlines import compute

            self.cache[key] = compute(rule, base)
        return self.cache[key]


class Generator:
    def __init__(self, seed: int, vendor: str):
        from sifa.legalaid import models as m

        created = CREATED + ("+00:00" if vendor == "postgresql" else "")
        self.rng = random.Random(seed)
        self.vendor = vendor
        self.t = {
            name: Table(model, created)
            for name, model in (
                ("provider", m.Provider),
                ("handler", m.Handler),
                ("batch", m.SubsidyBatch),
                ("application", m.Application),
                ("event", m.ApplicationEvent),
                ("assignment", m.Assignment),
                ("group", m.ApplicantGroupMembership),
                ("quality", m.QualityCheck),
                ("consultation", m.Consultation),
            )
        }
        self.deadlines = Deadlines()
        self.ids = dict.fromkeys(self.t, 0)
        self.numbers: dict[str, int] = {}  # sequence per numbering series
        self.number_tokens: dict[tuple[int, int], dict] = {}

    def number(self, centre, year: int) -> str:
        """The next 申请编号 of SIFA_NUMBERING (the tokens read once per centre and year)."""
        from sifa.core import numbering

        key = (centre.pk, year)
        if key not in self.number_tokens:
            self.number_tokens[key] = numbering.tokens("legalaid.application", centre, year)
        values = self.number_tokens[key]
        # The number with seq 0 names the series: everything but the sequence.
        series = numbering.format_number(
            "legalaid.application", office=centre, year=year, seq=0, values=values
        )
        self.numbers[series] = self.numbers.get(series, 0) + 1
        return numbering.format_number(
            "legalaid.application",
            office=centre,
            year=year,
            seq=self.numbers[series],
            values=values,
        )

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def name(self) -> str:
        rng = self.rng
        return rng.choice(_SURNAMES) + rng.choice("建国华明丽芳伟强军英秀兰平红")

    # --- providers, handlers, batches -------------------------------------------------------

    def roster(self, centres, persons) -> dict[int, list[tuple[int, int]]]:
        """Providers and handlers per centre; centre id → [(provider id, handler id)]."""
        rng, t = self.rng, self.t
        providers, handlers, roster = [], [], {}
        for centre in centres:
            pairs = []
            county = centre.name.replace("法律援助中心", "")
            for p in range(PROVIDERS_PER_CENTRE):
                centre_itself = p == PROVIDERS_PER_CENTRE - 1
                provider_id = self.next_id("provider")
                providers.append(
                    t["provider"].row(
                        id=provider_id,
                        office_id=centre.pk,
                        name=centre.name if centre_itself else f"{county}第{p + 1}律师事务所",
                        kind="centre" if centre_itself else "law_firm",
                    )
                )
                for _h in range(HANDLERS_PER_PROVIDER):
                    handler_id = self.next_id("handler")
                    handlers.append(
                        t["handler"].row(
                            id=handler_id,
                            office_id=centre.pk,
                            provider_id=provider_id,
                            person_id=rng.choice(persons),
                            kind="centre_staff" if centre_itself else "lawyer",
                            practising_since=date(rng.randint(2000, 2020), 1, 1),
                            criminal_defence_since=date(rng.randint(2000, 2020), 1, 1),
                        )
                    )
                    pairs.append((provider_id, handler_id))
            roster[centre.pk] = pairs
        write_rows(t["provider"], providers)
        write_rows(t["handler"], handlers)
        return roster

    def batches(self, centres) -> dict[tuple[int, int], int]:
        """Quarterly subsidy batches per centre, paid on the 15th after the quarter; only those
        paid by the end of the data. (centre id, quarter index) → batch id."""
        rows, result = [], {}
        for centre in centres:
            for q in range(12):
                year, quarter = FIRST_DAY.year + q // 4, q % 4 + 1
                paid = next_quarter(date(year, 3 * quarter - 2, 1)) + timedelta(days=14)
                if paid > LAST_DAY:
                    continue
                batch_id = self.next_id("batch")
                rows.append(
                    self.t["batch"].row(
                        id=batch_id,
                        office_id=centre.pk,
                        title=f"{centre.name}{year}年第{quarter}季度办案补贴",
                        paid_on=paid,
                    )
                )
                result[(centre.pk, q)] = batch_id
        write_rows(self.t["batch"], rows)
        return result

    # --- applications -----------------------------------------------------------------------

    def application(self, app_id, total, centres, persons, roster, batches, out) -> None:
        """One application and its events, assignments, groups and quality check into `out`."""
        from sifa.legalaid import constants as c

        rng, t = self.rng, self.t
        days = (LAST_DAY - FIRST_DAY).days + 1
        received = FIRST_DAY + timedelta(days=(app_id - 1) * days // total)
        centre = rng.choice(centres)
        office = centre.pk
        draw = rng.random()
        if draw < 0.25:
            matter_type = "criminal"
        elif draw < 0.97:
            matter_type = "civil"
        else:
            matter_type = rng.choice(_OTHER_TYPES)
        criminal = matter_type == "criminal"
        notified = criminal and rng.random() < 0.20
        values = {
            "id": app_id,
            "office_id": office,
            "applicant_id": rng.choice(persons),
            "matter_type": matter_type,
            "facts": "（基准测试生成的案情）",
            "received_on": received,
            "area": "urban" if rng.random() < 0.6 else "rural",
        }
        values["number"] = self.number(centre, received.year)
        if notified:
            values.update(
                origin="notification",
                channel="letter",
                matter="criminal_defence",
                basis="art25",
                hardship_check="not_required",
                notifying_organ=rng.choices(("police", "procuratorate", "court"), (2, 3, 5))[0],
                notifying_organ_name="（办案机关）",
                criminal_stage=rng.choice(("investigation", "prosecution", "trial")),
                notification_ground="（通知理由）",
            )
        else:
            origin = rng.choices(
                ("application", "online", "forwarded", "duty_lawyer"),
                (70, 15, 10 if criminal else 0, 5),
            )[0]
            channel = (
                "online"
                if origin == "online"
                else rng.choices(("visit", "phone", "letter"), (80, 12, 8))[0]
            )
            if criminal:
                matter = "criminal_defence" if rng.random() < 0.85 else "criminal_victim"
                stage = rng.choice(("investigation", "prosecution", "trial"))
                basis = "art24" if matter == "criminal_defence" else "art29"
            elif matter_type == "civil":
                matter = rng.choices(*weighted(_CIVIL_MATTERS))[0]
                stage, basis = "", "art31"
            else:
                matter, stage, basis = "other", "", "other"
            values.update(
                origin=origin,
                channel=channel,
                matter=matter,
                basis=basis,
                criminal_stage=stage,
                detained=origin == "forwarded",
                hardship_check=rng.choices(("pledge", "info_sharing", "exempt"), (50, 30, 20))[0],
                amount_claimed=Decimal(rng.randint(0, 100_000)) if not criminal else Decimal(0),
            )
        events = out["event"]

        def event(from_status, to_status, on):
            events.append(
                t["event"].row(
                    id=self.next_id("event"),
                    office_id=office,
                    application_id=app_id,
                    from_status=from_status,
                    to_status=to_status,
                    happened_on=on,
                )
            )

        def finish(status):
            values["status"] = status
            out["application"].append(t["application"].row(**values))

        # 收到 / 通知 and the decision (第43条: 7 days)
        if notified:
            accepted = received
            event("", c.Status.GRANTED, received)
            due = self.deadlines(c.NOTIFICATION_ASSIGNMENT_RULE, accepted)
        else:
            event("", c.Status.RECEIVED, received)
            decision_due = self.deadlines(c.DECISION_RULE, received)
            values["decision_due_on"] = decision_due
            if rng.random() < 0.03:
                decided = decision_due + timedelta(days=rng.randint(1, 5))
            else:
                decided = received + timedelta(days=rng.randint(0, (decision_due - received).days))
            outcome = rng.random()
            if outcome < 0.03:  # 补充材料 never supplied: 视为撤回
                supplement = received + timedelta(days=rng.randint(0, 3))
                event(c.Status.RECEIVED, c.Status.AWAITING_SUPPLEMENT, supplement)
                values.update(
                    supplement_requested_on=supplement,
                    supplement_items="（需补充材料）",
                    supplement_due_on=supplement + timedelta(days=15),
                )
                withdrawn = supplement + timedelta(days=16)
                if withdrawn > LAST_DAY:
                    return finish(c.Status.AWAITING_SUPPLEMENT)
                event(c.Status.AWAITING_SUPPLEMENT, c.Status.WITHDRAWN, withdrawn)
                return finish(c.Status.WITHDRAWN)
            if decided > LAST_DAY:
                return finish(c.Status.RECEIVED)
            values["decided_on"] = decided
            if outcome < 0.08:  # 5 % refused
                values["refusal_reasons"] = "（不符合经济困难条件）"
                event(c.Status.RECEIVED, c.Status.REFUSED, decided)
                return finish(c.Status.REFUSED)
            accepted = decided
            event(c.Status.RECEIVED, c.Status.GRANTED, decided)
            due = self.deadlines(c.ASSIGNMENT_RULE, accepted)
        values.update(accepted_on=accepted, assignment_due_on=due)
        values["foundation_funded"] = rng.random() < 0.03
        if rng.random() < 0.40:  # 受援人群体
            for group in set(rng.choices(*weighted(_GROUPS), k=rng.choice((1, 1, 2)))):
                out["group"].append(
                    t["group"].row(
                        id=self.next_id("group"),
                        office_id=office,
                        application_id=app_id,
                        group=group,
                    )
                )

        # 指派 (第36、43条: 3 days), sometimes replaced later
        if rng.random() < 0.97:
            assigned = accepted + timedelta(days=rng.randint(0, max(0, (due - accepted).days)))
        else:
            assigned = due + timedelta(days=rng.randint(1, 4))
        if assigned > LAST_DAY:
            return finish(c.Status.GRANTED)
        event(c.Status.GRANTED, c.Status.ASSIGNED, assigned)
        provider, handler = rng.choice(roster[office])
        first = {
            "id": self.next_id("assignment"),
            "office_id": office,
            "application_id": app_id,
            "provider_id": provider,
            "handler_id": handler,
            "assigned_on": assigned,
            "agreement_signed_on": assigned + timedelta(days=rng.randint(0, 4)),
        }
        second = None
        if rng.random() < 0.02:
            replaced = assigned + timedelta(days=rng.randint(5, 40))
            if replaced <= LAST_DAY:
                first["ended_on"] = replaced
                provider, handler = rng.choice(roster[office])
                second = t["assignment"].row(
                    id=self.next_id("assignment"),
                    office_id=office,
                    application_id=app_id,
                    provider_id=provider,
                    handler_id=handler,
                    assigned_on=replaced,
                    agreement_signed_on=replaced + timedelta(days=rng.randint(0, 4)),
                )
        out["assignment"].append(t["assignment"].row(**first))
        if second:
            out["assignment"].append(second)
        started = assigned + timedelta(days=rng.randint(1, 7))
        if started > LAST_DAY:
            return finish(c.Status.ASSIGNED)
        event(c.Status.ASSIGNED, c.Status.IN_PROGRESS, started)

        # 办结 or 终止
        end = started + timedelta(days=rng.randint(20, 240))
        if end > LAST_DAY:
            return finish(c.Status.IN_PROGRESS)
        if rng.random() < 0.02:
            values.update(terminated_on=end, termination_ground="own_lawyer")
            event(c.Status.IN_PROGRESS, c.Status.TERMINATED, end)
            return finish(c.Status.TERMINATED)
        outcomes = _OUTCOMES_CRIMINAL if criminal else _OUTCOMES_CIVIL
        values.update(ended_on=end, outcome=rng.choices(*weighted(outcomes))[0])
        if not criminal and rng.random() < 0.6:
            values["money_recovered"] = Decimal(rng.randint(1_000, 200_000))
        event(c.Status.IN_PROGRESS, c.Status.ENDED, end)
        if rng.random() < 0.05:  # 质量检查
            kind = rng.choice(_QUALITY)
            checked = end + timedelta(days=rng.randint(1, 60))
            if checked <= LAST_DAY:
                out["quality"].append(
                    t["quality"].row(
                        id=self.next_id("quality"),
                        office_id=office,
                        application_id=app_id,
                        kind=kind,
                        checked_on=checked,
                        grade=rng.choices(("excellent", "good", "pass", "fail"), (30, 45, 22, 3))[
                            0
                        ],
                        satisfaction=(
                            rng.choices(*weighted(_SATISFACTION))[0] if kind == "follow_up" else ""
                        ),
                    )
                )

        # 结案材料, 审查, 归档, 补贴
        filed = end + timedelta(days=rng.randint(1, 30))
        if filed > LAST_DAY:
            return finish(c.Status.ENDED)
        values["materials_submitted_on"] = filed
        event(c.Status.ENDED, c.Status.FILED_FOR_REVIEW, filed)
        reviewed = filed + timedelta(days=rng.randint(1, 30))
        if reviewed > LAST_DAY:
            return finish(c.Status.FILED_FOR_REVIEW)
        values.update(
            reviewed_on=reviewed,
            archived_on=reviewed,
            archive_number=f"{values['number']}-D",
            subsidy_amount=SUBSIDY.get(matter_type, OTHER_SUBSIDY),
        )
        event(c.Status.FILED_FOR_REVIEW, c.Status.ARCHIVED, reviewed)
        quarter = (reviewed.year - FIRST_DAY.year) * 4 + (reviewed.month - 1) // 3
        values["subsidy_batch_id"] = batches.get((office, quarter))
        return finish(c.Status.ARCHIVED)

    def applications(self, total, centres, persons, roster, batches) -> None:
        from django.db import transaction

        started = time.monotonic()
        done = 0
        order = ("application", "event", "assignment", "group", "quality")
        while done < total:
            count = min(BATCH, total - done)
            out = {name: [] for name in order}
            for app_id in range(done + 1, done + count + 1):
                self.application(app_id, total, centres, persons, roster, batches, out)
            with transaction.atomic():
                for name in order:
                    write_rows(self.t[name], out[name])
            done += count
            if done % 100_000 == 0 or done == total:
                rate = done / (time.monotonic() - started)
                print(f"  applications: {done:,} ({rate:,.0f}/s, with their records)", flush=True)

    # --- consultations ----------------------------------------------------------------------

    def consultations(self, total, centres, townships, persons, categories) -> None:
        from django.db import transaction

        rng, table = self.rng, self.t["consultation"]
        days = (LAST_DAY - FIRST_DAY).days + 1
        channels = weighted(_CHANNELS)
        referrals = weighted(_REFERRALS)
        satisfaction = weighted(_SATISFACTION)
        offset = "+00:00" if self.vendor == "postgresql" else ""
        started = time.monotonic()
        done = 0
        while done < total:
            count = min(BATCH * 2, total - done)
            rows = []
            for row_id in range(done + 1, done + count + 1):
                day = FIRST_DAY + timedelta(days=(row_id - 1) * days // total)
                # 08:00–17:59 Asia/Shanghai = 00:00–09:59 UTC, the same date
                at = (
                    f"{day.isoformat()} {rng.randint(0, 9):02d}:{rng.randint(0, 59):02d}:"
                    f"{rng.randint(0, 59):02d}{offset}"
                )
                channel = rng.choices(*channels)[0]
                centre = rng.choice(centres).pk
                office = (
                    rng.choice(townships[centre])
                    if channel == "visit" and rng.random() < 0.5
                    else centre
                )
                hotline = channel == "hotline"
                rows.append(
                    table.row(
                        id=row_id,
                        office_id=office,
                        channel=channel,
                        consulted_at=at,
                        person_id=rng.choice(persons) if rng.random() < 0.10 else None,
                        caller_name=rng.choice(_SURNAMES) + rng.choice(("先生", "女士")),
                        category=rng.choice(categories),
                        question="（基准测试生成的咨询问题）",
                        duration_minutes=rng.randint(2, 30),
                        satisfaction=rng.choices(*satisfaction)[0] if hotline else "",
                        referral=rng.choices(*referrals)[0],
                        call_id=f"12348-{row_id:09d}" if hotline else "",
                        answered_by=self.name(),
                    )
                )
            with transaction.atomic():
                write_rows(table, rows)
            done += count
            if done % 200_000 == 0 or done == total:
                rate = done / (time.monotonic() - started)
                print(f"  consultations: {done:,} ({rate:,.0f}/s)", flush=True)


def next_quarter(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 4
    return date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


# Children first: the order DELETE needs.
GENERATED_TABLES = (
    "legalaid_qualitycheck",
    "legalaid_applicantgroupmembership",
    "legalaid_assignment",
    "legalaid_applicationevent",
    "legalaid_handlingevent",
    "legalaid_material",
    "legalaid_upload",
    "legalaid_complaint",
    "legalaid_application",
    "legalaid_subsidybatch",
    "legalaid_dutyshift",
    "legalaid_handler",
    "legalaid_provider",
    "legalaid_consultation",
)


def delete_generated() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in GENERATED_TABLES:
            cursor.execute(f"DELETE FROM {table}")


def reset_sequences(tables) -> None:
    """Let later inserts (the app's own) take ids after the generated ones (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's rowid follows max(id) by itself
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def generate_legalaid(applications: int, consultations: int, seed: int) -> None:
    from django.db import connection, transaction

    from sifa.core.models import CodeItem
    from sifa.legalaid.constants import CONSULTATION_CATEGORY_CODE_LIST
    from sifa.people.models import Person

    centres = add_centres()
    townships = county_offices(centres)
    persons = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    categories = list(
        CodeItem.objects.filter(code_list__key=CONSULTATION_CATEGORY_CODE_LIST)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not categories:
        raise SystemExit(f"code list {CONSULTATION_CATEGORY_CODE_LIST} is empty: seed it first")
    generator = Generator(seed, connection.vendor)
    with transaction.atomic():
        roster = generator.roster(centres, persons)
        batches = generator.batches(centres)
    generator.applications(applications, centres, persons, roster, batches)
    generator.consultations(consultations, centres, townships, persons, categories)
    reset_sequences(t.name for t in generator.t.values())
    print("  analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def legalaid_sizes() -> dict[str, int]:
    from sifa.legalaid import models as m
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    return {
        "centres": Office.objects.filter(kind=OfficeKind.LEGAL_AID_CENTER).count(),
        "handlers": m.Handler.objects.count(),
        "applications": m.Application.objects.count(),
        "accepted": m.Application.objects.filter(accepted_on__isnull=False).count(),
        "events": m.ApplicationEvent.objects.count(),
        "assignments": m.Assignment.objects.count(),
        "group memberships": m.ApplicantGroupMembership.objects.count(),
        "quality checks": m.QualityCheck.objects.count(),
        "subsidy batches": m.SubsidyBatch.objects.count(),
        "consultations": m.Consultation.objects.count(),
    }


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in sizes.items())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--applications", type=int, default=APPLICATIONS)
    parser.add_argument("--consultations", type=int, default=CONSULTATIONS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="delete legal-aid records first")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)

    import generate  # bench/generate.py: the province and persons, when missing

    generate.generate(url)  # also migrates
    from sifa.legalaid.models import Application, Consultation

    if args.force:
        delete_generated()
    if Application.objects.exists() or Consultation.objects.exists():
        print("legal-aid records already present: " + describe(legalaid_sizes()))
        return
    before = common.data_sizes()["bytes"]
    started = time.monotonic()
    print(
        f"generating {args.applications:,} legal-aid applications and {args.consultations:,} "
        f"consultations into {common.database_label()} …",
        flush=True,
    )
    generate_legalaid(args.applications, args.consultations, args.seed)
    elapsed = time.monotonic() - started
    after = common.data_sizes()["bytes"]
    print(
        f"done in {elapsed:,.0f} s: {describe(legalaid_sizes())}; "
        f"database {after / 2**20:,.0f} MiB (was {before / 2**20:,.0f})"
    )


if __name__ == "__main__":
    main()
