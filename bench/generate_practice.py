#!/usr/bin/env python
"""Add lawyers and grassroots legal services (律师和基层法律服务) to the province benchmark
database (seeded).

    .venv/bin/python bench/generate_practice.py [--database-url sqlite|postgres|URL]
                                                [--scale 1.0] [--seed N] [--force]

Runs on the database bench/generate.py built (its offices are kept). Migrates it, then, at
`--scale` 1 (every count below is multiplied by the scale; the villages are the tree's):

* **2,000 law firms and 500 grassroots legal service offices**, each an office under a county
  bureau drawn at random (codes `<county>PF0001…` and `<county>PS0001…`, which sort after the
  county's other children, so the path steps follow the county's `numchild`), registered as an
  `Institution` with a valid 统一社会信用代码 as 执业许可证号;
* **40,000 lawyers and 4,000 workers**, each a `people.Person` (name, valid 居民身份证号码 and
  mobile number, encrypted and hashed as the application stores them) with a `Practitioner`
  licence in the checked formats (sifa/practice/licences.py) at a firm drawn with skewed weights
  (a few large firms, many small ones; every firm has one); 5 % licensed in 2024–2026, 3 %
  cancelled;
* **2,000,000 business register rows** (`Matter`, 1,800,000 of the firms and 200,000 of the
  offices), 收案日期 2024-01-01 … 2026-12-31 in id order (a live register is written the day a
  matter is accepted), each at an institution drawn in proportion to its practitioners: 55 %
  litigation (民事 70 %, 刑事 20 %, 行政 10 %), 35 % non-litigation, 10 % 常年法律顾问 (one year);
  amounts, fees, a handler of the institution;
* the **annual inspection** of 2024 and 2025 per county bureau and category, one `Submission`
  per institution founded by the year's end: 合格 most, 不合格 2.5 %, 暂缓 2.5 %, not submitted
  2.5 % (late from the day after 31 May), decided in June–July of the next year;
* **complaints** (12,000, of which about a quarter substantiated) and **sanctions** (1,800;
  警告, 罚款, 停止执业, 吊销执业证书, about 90 % decided), kept by the supervising county bureau;
* **village adviser contracts**: every village station gets a one-year contract for 2024, a
  renewal for 2025 and 2026 (90 % of them), its adviser a practitioner of its county; and
  **service logs** per contract and month: a 值班, a 咨询 in 60 % of the months, a 讲座 each
  quarter (≈ 1.2 million logs at 20,000 villages);
* the user `bench_firm_admin` (执业机构管理员 of the first firm of the first county).

Rows go in through the project's bulk kit (`sifa.core.bulk.insert` / `insert_values`, COPY on
PostgreSQL, executemany on SQLite) in batches; no history rows, no workflow events (no indicator
reads them). Then VACUUM ANALYZE (PostgreSQL) or ANALYZE (SQLite). Existing practice records
are kept unless --force (which deletes every practice row and the institution offices first).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_SEED = 18_009
BATCH = 100_000
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 12, 31)
FIRM_ADMIN = "bench_firm_admin"
FIRM_SUFFIX, OFFICE_SUFFIX = "PF", "PS"  # institution office code = county code + suffix + n

_BRANDS = ("宏达", "华泰", "恒远", "永信", "瑞丰", "金诚", "天和", "立新", "盛华", "鑫源")
_TRADES = ("纺织", "机械", "建材", "食品", "物流", "物业", "商贸", "建筑", "电子", "餐饮")
_FIRM_WORDS = ("正衡", "明理", "天平", "致远", "同德", "信达", "求是", "恒信", "方圆", "弘道")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_CAUSES = {
    "civil": ("买卖合同纠纷", "民间借贷纠纷", "劳动争议", "离婚纠纷", "机动车交通事故责任纠纷"),
    "criminal": ("盗窃罪辩护", "诈骗罪辩护", "故意伤害罪辩护", "危险驾驶罪辩护"),
    "administrative": ("行政处罚", "工伤认定", "行政许可"),
}
_NON_LITIGATION = ("合同审查", "法律意见书", "商事谈判", "尽职调查", "代写法律文书")


@dataclass(frozen=True)
class Volumes:
    """How much to write; `scaled(s)` multiplies every count (at least 1 of each)."""

    firms: int = 2_000
    service_offices: int = 500
    lawyers: int = 40_000
    workers: int = 4_000
    firm_matters: int = 1_800_000
    office_matters: int = 200_000
    complaints: int = 12_000
    sanctions: int = 1_800

    def scaled(self, scale: float) -> Volumes:
        values = {k: max(1, round(v * scale)) for k, v in self.__dict__.items()}
        # every institution has at least one practitioner
        values["lawyers"] = max(values["lawyers"], values["firms"])
        values["workers"] = max(values["workers"], values["service_offices"])
        return Volumes(**values)


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def months(first: date, last: date):
    """The first day of every month from `first`'s to `last`'s."""
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day + timedelta(days=32)).replace(day=1)


def month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


class Generator:
    def __init__(self, root, volumes: Volumes, seed: int, *, log=print):
        self.root = root
        self.v = volumes
        self.rng = random.Random(seed)
        self.log = log
        self.sizes: dict[str, int] = {}

    # --- institutions ------------------------------------------------------------------

    def counties(self):
        from sifa.orgs.constants import OfficeKind
        from sifa.orgs.models import Office

        return list(
            Office.objects.filter(
                path__startswith=self.root.path,
                kind=OfficeKind.JUSTICE_BUREAU,
                depth=self.root.depth + 2,
            ).order_by("path")
        )

    def add_institution_offices(self, counties):
        """(office, category, county) of every new institution, offices inserted."""
        from django.db.models import F

        from sifa.core import bulk
        from sifa.orgs.models import Office
        from sifa.practice.constants import OFFICE_KIND, Category

        rng = self.rng
        per_county: dict[int, list] = {c.pk: [] for c in counties}
        for category, count in (
            (Category.LAW_FIRM, self.v.firms),
            (Category.LEGAL_SERVICE_OFFICE, self.v.service_offices),
        ):
            for _ in range(count):
                per_county[rng.choice(counties).pk].append(category)
        new, made = [], []
        for county in counties:
            categories = sorted(per_county[county.pk])  # law_firm (PF) before service office (PS)
            numbers = {Category.LAW_FIRM: 0, Category.LEGAL_SERVICE_OFFICE: 0}
            for step, category in enumerate(categories, start=county.numchild + 1):
                numbers[category] += 1
                n = numbers[category]
                firm = category == Category.LAW_FIRM
                suffix = FIRM_SUFFIX if firm else OFFICE_SUFFIX
                town = county.name.removesuffix("司法局")
                name = (
                    f"{town}{rng.choice(_FIRM_WORDS)}律师事务所（{n}）"
                    if firm
                    else f"{town}第{n}基层法律服务所"
                )
                founded = day_between(rng, date(1995, 1, 1), date(2023, 12, 31))
                if rng.random() < 0.03:
                    founded = day_between(rng, date(2024, 1, 1), date(2025, 12, 31))
                office = bulk.new(
                    Office,
                    code=f"{county.code}{suffix}{n:04d}",
                    name=name,
                    kind=OFFICE_KIND[category],
                    region_code=county.region_code,
                    established_on=founded,
                    depth=county.depth + 1,
                    path=Office._get_path(county.path, county.depth + 1, step),
                    numchild=0,
                )
                new.append(office)
                made.append((office, category, county))
        bulk.insert(new)
        for county in counties:
            if per_county[county.pk]:
                Office.objects.filter(pk=county.pk).update(
                    numchild=F("numchild") + len(per_county[county.pk])
                )
        return made

    def add_institutions(self, offices):
        from sifa.core import bulk
        from sifa.practice.constants import Category, FirmKind, InstitutionStatus
        from sifa.practice.licences import institution_licence_number
        from sifa.practice.models import Institution

        rng = self.rng
        rows = []
        for n, (office, category, county) in enumerate(offices, start=1):
            firm = category == Category.LAW_FIRM
            kind = ""
            if firm:
                kind = rng.choices(
                    [FirmKind.PARTNERSHIP, FirmKind.INDIVIDUAL, FirmKind.STATE_FUNDED], [80, 17, 3]
                )[0]
            rows.append(
                {
                    "office_id": office.pk,
                    "category": category,
                    "firm_kind": kind,
                    "licence_number": institution_licence_number(
                        category, county.region_code[:6], f"MB{n:07d}"
                    ),
                    "founded_on": office.established_on,
                    "address": f"{county.name.removesuffix('司法局')}人民路{rng.randint(1, 400)}号",
                    "head_name": rng.choice(_SURNAMES) + "某某",
                    "status": InstitutionStatus.NORMAL,
                    "dissolved_on": None,
                }
            )
        keys = bulk.insert_values(Institution, rows, copy=True)
        self.sizes["institutions"] = len(keys)
        return [
            {
                "id": key,
                "office": office,
                "category": category,
                "county": county,
                "founded": office.established_on,
            }
            for key, (office, category, county) in zip(keys, offices, strict=True)
        ]

    # --- practitioners -----------------------------------------------------------------

    def add_practitioners(self, institutions):
        """Persons and licences; fills institution["practitioners"] (ids) and returns them all."""
        from sifa.core import bulk
        from sifa.people.demo import make_person
        from sifa.people.models import Gender
        from sifa.practice.constants import Category, PractitionerKind, PractitionerStatus
        from sifa.practice.licences import lawyer_licence_number
        from sifa.practice.models import Practitioner

        rng = self.rng
        issued: set[str] = set()
        kind_digit = {"full_time": 1, "part_time": 2, "public": 6, "company": 7}
        result = []
        serial = 0
        for category, total in (
            (Category.LAW_FIRM, self.v.lawyers),
            (Category.LEGAL_SERVICE_OFFICE, self.v.workers),
        ):
            places = [i for i in institutions if i["category"] == category]
            weights = [min(rng.paretovariate(1.3), 60.0) for _ in places]
            chosen = places + rng.choices(places, weights, k=total - len(places))
            for start in range(0, len(chosen), 10_000):
                batch = chosen[start : start + 10_000]
                persons = []
                for inst in batch:
                    persons.append(
                        make_person(
                            rng,
                            office=inst["office"],
                            issued=issued,
                            address_code=inst["county"].region_code[:6],
                            region_code=inst["county"].region_code,
                            born_from=date(1955, 1, 1),
                            born_to=date(2000, 12, 31),
                        )
                    )
                bulk.insert(persons, copy=True)
                rows = []
                for inst, person in zip(batch, persons, strict=True):
                    serial += 1
                    lawyer = category == Category.LAW_FIRM
                    # 95 % licensed before 2024 (at a firm founded by then), 5 % since
                    founded = max(inst["founded"], date(1995, 1, 1))
                    if rng.random() < 0.05 or founded > date(2023, 12, 31):
                        licensed = day_between(
                            rng, max(inst["founded"], FIRST_DAY), date(2026, 9, 30)
                        )
                    else:
                        licensed = day_between(rng, founded, date(2023, 12, 31))
                    if lawyer:
                        kind = rng.choices(
                            ["full_time", "part_time", "public", "company"], [88, 4, 5, 3]
                        )[0]
                        number = lawyer_licence_number(
                            province_city=inst["county"].region_code[:4],
                            first_year=licensed.year,
                            category_digit=kind_digit[kind],
                            gender_digit=1 if person.gender == Gender.MALE else 2,
                            serial=serial,
                        )
                    else:
                        kind = rng.choices(["full_time", "part_time"], [85, 15])[0]
                        number = f"33{inst['county'].region_code[:6]}{serial:06d}"
                    status, cancelled = PractitionerStatus.PRACTISING, None
                    if rng.random() < 0.03:
                        status = PractitionerStatus.CANCELLED
                        cancelled = licensed + timedelta(days=rng.randint(200, 3000))
                        if cancelled > LAST_DAY:
                            status, cancelled = PractitionerStatus.PRACTISING, None
                    rows.append(
                        {
                            "office_id": inst["office"].pk,
                            "person_id": person.pk,
                            "category": category,
                            "institution_id": inst["id"],
                            "licence_number": number,
                            "kind": PractitionerKind(kind),
                            "licensed_on": licensed,
                            "is_partner": lawyer and rng.random() < 0.15,
                            "status": status,
                            "cancelled_on": cancelled,
                        }
                    )
                keys = bulk.insert_values(Practitioner, rows, copy=True)
                for inst, key, row in zip(batch, keys, rows, strict=True):
                    inst.setdefault("practitioners", []).append(key)
                    result.append({"id": key, "institution": inst, **row})
            self.log(f"  {category}: {len(chosen):,} practitioners")
        self.sizes["persons (practitioners)"] = len(result)
        return result

    # --- the business register -----------------------------------------------------------

    def add_matters(self, institutions):
        from sifa.core import bulk
        from sifa.practice.constants import Category
        from sifa.practice.models import Matter

        rng = self.rng
        days = (LAST_DAY - FIRST_DAY).days + 1
        total_done = 0
        started = time.monotonic()
        counters: dict[tuple[int, int], int] = {}
        for category, total in (
            (Category.LAW_FIRM, self.v.firm_matters),
            (Category.LEGAL_SERVICE_OFFICE, self.v.office_matters),
        ):
            places = [i for i in institutions if i["category"] == category]
            weights = [len(i["practitioners"]) for i in places]
            done = 0
            while done < total:
                count = min(BATCH, total - done)
                picks = rng.choices(places, weights, k=count)
                rows = []
                for offset, inst in enumerate(picks):
                    accepted = FIRST_DAY + timedelta(days=(done + offset) * days // total)
                    if accepted < inst["founded"]:
                        accepted = inst["founded"]
                    rows.append(self.matter_row(rng, inst, accepted, counters))
                # physical order follows 收案日期 (a founded-later institution's first rows move)
                rows.sort(key=lambda r: r["accepted_on"])
                bulk.insert_values(Matter, rows, copy=True)
                done += count
                total_done += count
                rate = total_done / (time.monotonic() - started)
                self.log(f"  matters: {total_done:,} ({rate:,.0f}/s)")
        self.sizes["matters"] = total_done

    def matter_row(self, rng, inst, accepted: date, counters) -> dict:
        from sifa.practice.constants import ClientKind, LitigationType, MatterCategory

        key = (inst["id"], accepted.year)
        counters[key] = counters.get(key, 0) + 1
        draw = rng.random()
        subject = recovered = Decimal(0)
        litigation_type, closed = "", None
        if draw < 0.55:
            category = MatterCategory.LITIGATION
            litigation_type = rng.choices(
                [LitigationType.CIVIL, LitigationType.CRIMINAL, LitigationType.ADMINISTRATIVE],
                [70, 20, 10],
            )[0]
            cause = rng.choice(_CAUSES[litigation_type])
            client_kind = ClientKind.PERSON if rng.random() < 0.8 else ClientKind.ENTERPRISE
            if litigation_type != LitigationType.CRIMINAL:
                subject = Decimal(rng.randint(0, 500_000))
                recovered = (subject * Decimal(rng.randint(0, 90)) / 100).quantize(Decimal(1))
            fee = Decimal(rng.randint(2, 60) * 500)
            if rng.random() < 0.8:
                closed = accepted + timedelta(days=rng.randint(20, 300))
        elif draw < 0.90:
            category = MatterCategory.NON_LITIGATION
            cause = rng.choice(_NON_LITIGATION)
            client_kind = rng.choice((ClientKind.PERSON, ClientKind.ENTERPRISE, ClientKind.OTHER))
            if rng.random() < 0.4:
                subject = Decimal(rng.randint(10_000, 2_000_000))
                recovered = (subject * Decimal(rng.randint(0, 50)) / 100).quantize(Decimal(1))
            fee = Decimal(rng.randint(1, 20) * 500)
            closed = accepted + timedelta(days=rng.randint(1, 90))
        else:
            category = MatterCategory.ADVISER
            cause = "常年法律顾问"
            client_kind = rng.choices(
                [ClientKind.ENTERPRISE, ClientKind.VILLAGE, ClientKind.ORGAN, ClientKind.OTHER],
                [60, 25, 10, 5],
            )[0]
            fee = Decimal(rng.randint(6, 60) * 1_000)
            closed = accepted + timedelta(days=364)
        if client_kind == ClientKind.PERSON:
            client = rng.choice(_SURNAMES) + "某某"
        elif client_kind == ClientKind.VILLAGE:
            client = f"{rng.choice(_BRANDS)}村村民委员会"
        else:
            client = f"{rng.choice(_BRANDS)}{rng.choice(_TRADES)}有限公司"
        return {
            "office_id": inst["office"].pk,
            "institution_id": inst["id"],
            "number": f"{accepted.year}-{counters[key]:05d}",
            "category": category,
            "litigation_type": litigation_type,
            "client": client,
            "client_kind": client_kind,
            "cause": cause,
            "handler_id": rng.choice(inst["practitioners"]),
            "subject_amount": subject,
            "recovered_amount": recovered,
            "fee": fee,
            "accepted_on": accepted,
            "closed_on": closed,
        }

    # --- annual inspection -----------------------------------------------------------------

    def add_inspections(self, institutions):
        from sifa.core import bulk
        from sifa.practice.constants_inspection import SubmissionStatus
        from sifa.practice.models import Inspection, Submission

        rng = self.rng
        inspections, submissions = 0, 0
        for year in (2024, 2025):
            opened, due = date(year + 1, 3, 2), date(year + 1, 5, 31)
            groups: dict[tuple[int, str], list] = {}
            for inst in institutions:
                if inst["founded"] <= date(year, 12, 31):
                    groups.setdefault((inst["county"].pk, inst["category"]), []).append(inst)
            heads = [
                {"office_id": county, "category": category, "year": year,
                 "opened_on": opened, "due_on": due}
                for county, category in groups
            ]  # fmt: skip
            keys = bulk.insert_values(Inspection, heads, copy=True)
            inspections += len(keys)
            rows = []
            n = 0
            for key, members in zip(keys, groups.values(), strict=True):
                for inst in members:
                    n += 1
                    # Every 40th: 不合格, 暂缓, not submitted (the first of each at any scale).
                    fate = n % 40
                    row = {
                        "office_id": inst["office"].pk,
                        "inspection_id": key,
                        "institution_id": inst["id"],
                        "year": year,
                        "due_on": due,
                        "late_from": due + timedelta(days=1),
                        "summary": "（基准测试生成的执业情况简述）",
                        "practitioner_count": len(inst["practitioners"]),
                        # every row names the same columns (bulk.insert_values)
                        "status": SubmissionStatus.PENDING,
                        "submitted_on": None,
                        "reviewed_on": None,
                        "review_opinion": "",
                        "decided_on": None,
                        "decision_reason": "",
                        "rectification_until": None,
                        "litigation_count": 0,
                        "non_litigation_count": 0,
                        "adviser_count": 0,
                    }
                    if fate == 3:  # not submitted (late from 1 June)
                        rows.append(row)
                        continue
                    submitted = day_between(rng, date(year + 1, 3, 10), due)
                    reviewed = submitted + timedelta(days=rng.randint(3, 20))
                    decided = day_between(rng, date(year + 1, 6, 1), date(year + 1, 7, 31))
                    status = {1: SubmissionStatus.FAILED, 2: SubmissionStatus.DEFERRED}.get(
                        fate, SubmissionStatus.PASSED
                    )
                    row.update(
                        status=status,
                        submitted_on=submitted,
                        reviewed_on=reviewed,
                        review_opinion="初审通过",
                        decided_on=decided,
                        decision_reason="" if status == SubmissionStatus.PASSED else "（理由）",
                        rectification_until=(
                            decided + timedelta(days=91)
                            if status == SubmissionStatus.FAILED
                            else None
                        ),
                        litigation_count=rng.randint(0, 400),
                        non_litigation_count=rng.randint(0, 200),
                        adviser_count=rng.randint(0, 40),
                    )
                    rows.append(row)
            bulk.insert_values(Submission, rows, copy=True)
            submissions += len(rows)
        self.sizes["inspections"] = inspections
        self.sizes["submissions"] = submissions

    # --- complaints and sanctions ------------------------------------------------------------

    def add_discipline(self, practitioners):
        from sifa.core import bulk
        from sifa.practice.actions.discipline import decided_by_for
        from sifa.practice.constants import Category
        from sifa.practice.constants_discipline import (
            Authority,
            Channel,
            ComplaintStatus,
            SanctionKind,
            SanctionStatus,
        )
        from sifa.practice.models import Complaint, Sanction

        rng = self.rng
        days = (LAST_DAY - FIRST_DAY).days + 1
        channels = [c.value for c in Channel]
        rows, targets = [], []
        for n in range(self.v.complaints):
            received = FIRST_DAY + timedelta(days=n * days // self.v.complaints)
            target = rng.choice(practitioners)
            inst = target["institution"]
            row = {
                "office_id": inst["county"].pk,  # the supervising bureau keeps it
                "institution_id": inst["id"],
                "practitioner_id": target["id"] if rng.random() < 0.85 else None,
                "received_on": received,
                "complainant_id": None,
                "channel": rng.choices(channels, [25, 20, 25, 20, 8, 2])[0],
                "content": "（基准测试生成的投诉内容）",
                "due_on": received + timedelta(days=60),
                "status": ComplaintStatus.RECEIVED,
                "handler": "",
                "findings": "",
                "concluded_on": None,
            }
            draw = rng.random()
            if draw < 0.85 or n % 4 == 0:
                concluded = received + timedelta(days=rng.randint(10, 58))
                substantiated = n % 4 == 0
                row.update(
                    handler=rng.choice(_SURNAMES) + "某",
                    findings="（调查情况）",
                    concluded_on=concluded,
                    status=(
                        ComplaintStatus.SUBSTANTIATED
                        if substantiated
                        else ComplaintStatus.NOT_SUBSTANTIATED
                    ),
                )
            elif draw < 0.95:
                row.update(
                    handler=rng.choice(_SURNAMES) + "某", status=ComplaintStatus.INVESTIGATING
                )
            rows.append(row)
            targets.append(target)
        keys = bulk.insert_values(Complaint, rows, copy=True)
        self.sizes["complaints"] = len(keys)
        grounded = [
            (key, row, target)
            for key, row, target in zip(keys, rows, targets, strict=True)
            if row["status"] == ComplaintStatus.SUBSTANTIATED and row["practitioner_id"]
        ]
        kinds = [SanctionKind.WARNING, SanctionKind.FINE, SanctionKind.SUSPENSION]
        first_kinds = [*kinds, SanctionKind.REVOCATION, SanctionKind.CLOSURE]
        lawyers = [p for p in practitioners if p["category"] == Category.LAW_FIRM]
        sanctions = []
        for n in range(self.v.sanctions):
            if grounded and rng.random() < 0.7:
                complaint, crow, target = rng.choice(grounded)
                act_on = crow["received_on"] - timedelta(days=rng.randint(10, 200))
                decided = crow["concluded_on"] + timedelta(days=rng.randint(5, 60))
            else:
                complaint, target = None, rng.choice(practitioners)
                decided = FIRST_DAY + timedelta(days=n * days // self.v.sanctions)
                act_on = decided - timedelta(days=rng.randint(30, 300))
            # the first five cover every kind (the fifth: an institution closed, 停业整顿);
            # then 40 / 25 / 25 / 10 of the practitioners' kinds
            if n < len(first_kinds):
                kind = first_kinds[n]
            else:
                kind = rng.choices([*kinds, SanctionKind.REVOCATION], [40, 25, 25, 10])[0]
            if kind == SanctionKind.REVOCATION and target["category"] != Category.LAW_FIRM:
                target, complaint = rng.choice(lawyers), None
            authority = (
                Authority.ADMINISTRATIVE
                if kind == SanctionKind.REVOCATION or rng.random() < 0.7
                else Authority.INDUSTRY
            )
            decided = min(decided, LAST_DAY)
            status = SanctionStatus.DECIDED
            if n >= 4 and rng.random() < 0.1:
                status = rng.choice((SanctionStatus.PROPOSED, SanctionStatus.WITHDRAWN))
            months_ = {SanctionKind.SUSPENSION: 12, SanctionKind.CLOSURE: 6}.get(kind)
            months_ = rng.randint(1, months_) if months_ else None
            decided_row = status == SanctionStatus.DECIDED
            ends = None
            if decided_row and kind != SanctionKind.REVOCATION:
                ends = decided
                if months_:
                    ends = decided + timedelta(days=30 * months_ - 1)
            sanctions.append(
                {
                    "office_id": target["institution"]["county"].pk,
                    "institution_id": target["institution_id"],
                    "practitioner_id": None if kind == SanctionKind.CLOSURE else target["id"],
                    "complaint_id": complaint,
                    "authority": authority,
                    "kind": kind,
                    "amount": Decimal(rng.randint(1, 50) * 1000)
                    if kind == SanctionKind.FINE
                    else None,
                    "months": months_,
                    "act_on": act_on,
                    "facts": "（违法违规事实）",
                    "decided_by": decided_by_for(kind, authority),
                    "decision_number": f"样司罚〔{decided.year}〕{n + 1}号" if decided_row else "",
                    "decided_on": decided if decided_row else None,
                    "starts_on": decided if decided_row else None,
                    "ends_on": ends,
                    "status": status,
                }
            )
        self.sizes["sanctions"] = len(bulk.insert_values(Sanction, sanctions, copy=True))

    # --- village advisers --------------------------------------------------------------------

    def add_advisers(self, practitioners):
        from sifa.core import bulk
        from sifa.orgs.constants import OfficeKind
        from sifa.orgs.models import Office
        from sifa.practice.constants_advisers import ServiceKind
        from sifa.practice.models import AdviserContract, ServiceLog

        rng = self.rng
        offices = Office.objects.filter(path__startswith=self.root.path)
        townships = {
            path: pk
            for pk, path in offices.filter(kind=OfficeKind.JUDICIAL_OFFICE).values_list(
                "pk", "path"
            )
        }
        villages = list(
            offices.filter(kind=OfficeKind.SERVICE_STATION)
            .order_by("path")
            .values_list("pk", "path")
        )
        steplen = Office.steplen
        by_county: dict[str, list] = {}
        for p in practitioners:
            if p["status"] == "practising":
                by_county.setdefault(p["institution"]["county"].path, []).append(p)
        everyone = [p for group in by_county.values() for p in group]
        contracts = []  # (key, village, township, starts, lapses, institution)
        previous: dict[int, int] = {}
        for year in (2024, 2025, 2026):
            rows, meta = [], []
            for village, path in villages:
                if year > 2024 and (village not in previous or rng.random() < 0.1):
                    previous.pop(village, None)  # 10 % are not renewed (and stay without one)
                    continue
                township_path = path[: len(path) - steplen]
                county_path = township_path[: len(township_path) - steplen]
                adviser = rng.choice(by_county.get(county_path) or everyone)
                starts, ends = date(year, 1, 1), date(year, 12, 31)
                rows.append(
                    {
                        "office_id": village,
                        "township_id": townships[township_path],
                        "adviser_id": adviser["id"],
                        "institution_id": adviser["institution_id"],
                        "starts_on": starts,
                        "ends_on": ends,
                        "lapses_on": ends + timedelta(days=1),
                        "fee": Decimal(rng.randint(3, 12) * 1000),
                        "renews_id": previous.get(village),
                    }
                )
                meta.append((village, adviser["institution_id"]))
            keys = bulk.insert_values(AdviserContract, rows, copy=True)
            previous = {}
            for key, row, (village, _inst) in zip(keys, rows, meta, strict=True):
                previous[village] = key
                contracts.append((key, village, row["starts_on"], row["lapses_on"]))
        self.sizes["adviser contracts"] = len(contracts)
        logs = 0
        for first in months(FIRST_DAY, LAST_DAY):
            last = month_end(first)
            rows = []
            for key, village, starts, lapses in contracts:
                if not (starts <= first and last < lapses):
                    continue
                services = [ServiceKind.DUTY]
                if rng.random() < 0.6:
                    services.append(ServiceKind.CONSULTATION)
                if first.month % 3 == 2:
                    services.append(ServiceKind.LECTURE)
                for kind in services:
                    rows.append(
                        {
                            "office_id": village,
                            "contract_id": key,
                            "kind": kind,
                            "served_on": day_between(rng, first, last),
                            "hours": Decimal(rng.randint(2, 8)) / 2,
                            "persons": rng.randint(1, 30),
                            "note": "（服务内容）",
                        }
                    )
            rows.sort(key=lambda r: r["served_on"])
            bulk.insert_values(ServiceLog, rows, copy=True)
            logs += len(rows)
        self.sizes["service logs"] = logs
        self.log(f"  adviser contracts: {len(contracts):,}, service logs: {logs:,}")

    # --- the whole -------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        from django.db import transaction

        counties = self.counties()
        with transaction.atomic():
            institutions = self.add_institutions(self.add_institution_offices(counties))
        self.log(f"  institutions: {len(institutions):,}")
        with transaction.atomic():
            practitioners = self.add_practitioners(institutions)
        with transaction.atomic():
            self.add_matters(institutions)
        with transaction.atomic():
            self.add_inspections(institutions)
            self.add_discipline(practitioners)
        with transaction.atomic():
            self.add_advisers(practitioners)
        self.add_firm_admin(institutions)
        return self.sizes

    def add_firm_admin(self, institutions) -> None:
        """bench_firm_admin: 执业机构管理员 of the first law firm (by path)."""
        from django.contrib.auth import get_user_model

        from sifa.orgs.models import Membership, Role
        from sifa.practice.constants import Category

        firms = [i for i in institutions if i["category"] == Category.LAW_FIRM]
        first = min(firms, key=lambda i: i["office"].path)
        user, _ = get_user_model().objects.get_or_create(username=FIRM_ADMIN)
        user.set_unusable_password()
        user.save()
        Membership.objects.get_or_create(
            user=user, office=first["office"], role=Role.objects.get(key="inst_admin")
        )


PRACTICE_TABLES = (
    "practice_servicelog",
    "practice_advisercontract",
    "practice_material",
    "practice_submissionevent",
    "practice_submission",
    "practice_inspection",
    "practice_assessment",
    "practice_sanctionevent",
    "practice_sanction",
    "practice_complaintevent",
    "practice_complaint",
    "practice_matter",
    "practice_transfer",
    "practice_practitioner",
    "practice_institution",
)


def delete_practice(root) -> None:
    """Every practice row, the practitioners' persons and the institution offices under root."""
    from django.db import connection, transaction

    from sifa.orgs.models import Membership, Office
    from sifa.practice.constants import OFFICE_KIND
    from sifa.practice.models import Practitioner

    with transaction.atomic():
        persons = list(Practitioner.objects.values_list("person_id", flat=True))
        with connection.cursor() as cursor:
            for table in PRACTICE_TABLES:
                cursor.execute(f"DELETE FROM {table}")  # fixed names
        from sifa.people.models import Person

        for start in range(0, len(persons), 10_000):
            Person.objects.filter(pk__in=persons[start : start + 10_000])._raw_delete("default")
        offices = Office.objects.filter(path__startswith=root.path, kind__in=OFFICE_KIND.values())
        Membership.objects.filter(office__in=offices).delete()
        counts: dict[str, int] = {}
        steplen = Office.steplen
        for path in offices.values_list("path", flat=True):
            counts[path[:-steplen]] = counts.get(path[:-steplen], 0) + 1
        offices._raw_delete("default")
        for path, n in counts.items():
            office = Office.objects.get(path=path)
            Office.objects.filter(pk=office.pk).update(numchild=office.numchild - n)


def practice_sizes() -> dict[str, int]:
    from sifa.practice import models as m

    return {
        "law firms": m.Institution.objects.filter(category="law_firm").count(),
        "service offices": m.Institution.objects.filter(category="legal_service_office").count(),
        "lawyers": m.Practitioner.objects.filter(category="law_firm").count(),
        "workers": m.Practitioner.objects.filter(category="legal_service_office").count(),
        "matters": m.Matter.objects.count(),
        "inspections": m.Inspection.objects.count(),
        "submissions": m.Submission.objects.count(),
        "complaints": m.Complaint.objects.count(),
        "sanctions": m.Sanction.objects.count(),
        "adviser contracts": m.AdviserContract.objects.count(),
        "service logs": m.ServiceLog.objects.count(),
    }


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in sizes.items())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="delete the practice rows first")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)

    import generate  # bench/generate.py: the province and persons, when missing

    generate.generate(url)
    from django.db import connection

    from sifa.orgs.models import Office
    from sifa.practice.models import Institution

    root = Office.objects.get(code=common.ROOT_CODE)
    if args.force:
        delete_practice(root)
    if Institution.objects.exists():
        print("practice records already present: " + describe(practice_sizes()))
        return
    volumes = Volumes().scaled(args.scale)
    started = time.monotonic()
    print(f"generating practice records ({volumes}) into {common.database_label()} …", flush=True)
    Generator(root, volumes, args.seed, log=lambda text: print(text, flush=True)).run()
    print("  analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elapsed = time.monotonic() - started
    sizes = common.data_sizes()
    print(
        f"done in {elapsed:,.0f} s: {describe(practice_sizes())}; "
        f"{sizes['offices']:,} offices, {sizes['persons']:,} persons, "
        f"database {sizes['bytes'] / 2**20:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
