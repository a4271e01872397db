"""青溪县, the go-live county (issue 17, item 6): a bureau that is not the demo city, with its
registers written as a bureau fills the downloaded templates — .xlsx sheets under the templates'
Chinese headers and the 12348 call log as a GBK CSV, as exported from a call centre.

`build(seed)` draws everything from `random.Random(seed)` over a fixed period (the first half
of 2026), so the same seed gives the same files. The county keeps the rows it wrote (field key →
the text written, per import) next to the files, and plain facts about them (`facts`) that the
go-live test counts from on its own, never through Sifa's code.

A line is added by a writer: a function (rng, county) that appends its `ImportFile`s in the
go-live order and records its facts in `county.facts[line]` (see `LINE_WRITERS`).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl import Workbook
from stdnum.cn import ric

PERIOD_START = date(2026, 1, 1)
PERIOD_END = date(2026, 6, 30)
SEED = 20260701

ROOT = {"code": "511099", "name": "青溪县司法局", "region_code": "511099"}
CENTRE_CODE = "511099L01"
TOWNSHIPS = ("清源镇", "白石乡", "梅岭镇", "河湾乡", "龙潭镇")
COMMITTEES_PER_TOWNSHIP = 2
CASES_PER_COMMITTEE = (12, 24)  # drawn per committee
DISPUTE_TYPES = ("邻里纠纷", "婚姻家庭纠纷", "医疗纠纷", "道路交通事故纠纷", "消费纠纷")
# result → weight; "" is a case still in mediation
RESULTS = {
    "调解成功": 10,
    "调解不成": 3,
    "当事人拒绝调解": 1,
    "终止调解": 1,
    "不予受理": 1,
    "已受理": 1,
    "": 2,
}
PROVIDERS = ("青溪县明理律师事务所", "青溪县正平律师事务所")
APPLICATIONS = 70
CONSULTATIONS = 90


@dataclass
class ImportFile:
    spec_key: str  # the import it is uploaded to (sifa.core.imports.registry)
    name: str  # the file's name as uploaded
    content: bytes
    rows: list[dict]  # field key → the text written
    scope: str = ROOT["code"]  # the office chosen as 导入范围


@dataclass
class County:
    files: list[ImportFile] = field(default_factory=list)
    facts: dict[str, dict] = field(default_factory=dict)  # line → its writer's facts


# --- files as a clerk writes them ------------------------------------------------------------


def headers_of(spec_key: str) -> dict[str, str]:
    """Field key → the header of the downloaded template (only the headers are taken)."""
    from sifa.core.imports.registry import spec_of

    return {f.key: f.header for f in spec_of(spec_key).fields}


def xlsx(spec_key: str, rows: list[dict]) -> bytes:
    from sifa.core.imports.registry import spec_of

    headers = headers_of(spec_key)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec_of(spec_key).sheet
    sheet.append([f"{h}" for h in headers.values()])
    for row in rows:
        sheet.append([row.get(key, "") for key in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def gbk_csv(spec_key: str, rows: list[dict]) -> bytes:
    headers = headers_of(spec_key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers.values())
    for row in rows:
        writer.writerow([row.get(key, "") for key in headers])
    return buffer.getvalue().encode("gbk")


def add_xlsx(county: County, spec_key: str, name: str, rows: list[dict], **kw) -> None:
    county.files.append(ImportFile(spec_key, name, xlsx(spec_key, rows), rows, **kw))


def day_text(day: date, rng: random.Random) -> str | date:
    """A date as clerks write it: 2026-03-07, 2026/3/7, 2026年3月7日 or an Excel date cell
    (a serial number in the .xlsx; a CSV writes it as 2026-03-07)."""
    style = rng.randrange(4)
    if style == 3:
        return day
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}年{day.month}月{day.day}日"


def some_day(rng: random.Random, start=PERIOD_START, end=PERIOD_END) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


class People:
    """Distinct valid 身份证号码 of the county (area 511099) and names."""

    SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def id_number(self) -> str:
        while True:
            birth = date(1950, 1, 1) + timedelta(days=self.rng.randrange(14000))  # born 1950–1988
            body = f"511099{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number

    def name(self) -> str:
        return self.rng.choice(self.SURNAMES) + "".join(self.rng.choices(self.GIVEN, k=2))


# --- the office tree -------------------------------------------------------------------------


def write_offices(rng: random.Random, county: County, people: People) -> None:
    rows = [
        {
            "parent_code": ROOT["code"],
            "code": CENTRE_CODE,
            "name": "青溪县法律援助中心",
            "kind": "法律援助中心",
            "region_code": ROOT["region_code"],
            "established_on": "2004-07-01",
        }
    ]
    committees = []
    for t, township in enumerate(TOWNSHIPS, start=1):
        code = f"{ROOT['code']}{t:03d}"
        rows.append(
            {
                "parent_code": ROOT["code"],
                "code": code,
                "name": f"{township}司法所",
                "kind": "司法所",
                "region_code": code,
                "established_on": "2010-03-01",
            }
        )
        for c in range(1, COMMITTEES_PER_TOWNSHIP + 1):
            committee = f"{code}2{c:02d}"
            rows.append(
                {
                    "parent_code": code,
                    "code": committee,
                    "name": f"{township}第{c}村人民调解委员会",
                    "kind": "人民调解委员会",
                    "subtype": "村调委会",
                    "region_code": committee,
                    "established_on": "2012-01-01",
                }
            )
            committees.append(committee)
    add_xlsx(county, "orgs.offices", "青溪县机构.xlsx", rows)
    kinds = [r["kind"] for r in rows]
    county.facts["orgs"] = {
        "offices": 1 + len(rows),  # the bureau itself, created at installation
        "judicial_offices": kinds.count("司法所"),
        "mediation_organisations": kinds.count("人民调解委员会"),
        "legal_aid_centres": kinds.count("法律援助中心"),
        "committees": committees,
    }


# --- 人民调解 ---------------------------------------------------------------------------------


def write_mediation(rng: random.Random, county: County, people: People) -> None:
    committees = county.facts["orgs"]["committees"]
    profiles = [
        {
            "office_code": c,
            "host_unit": f"{c}村民委员会",
            "seal_registered": "是",
            "seal_registered_on": "2012-01-01",
        }
        for c in committees
    ]
    mediators = {
        c: {
            "office_code": c,
            "name": people.name(),
            "id_number": people.id_number(),
            "full_time": rng.choice(["是", "否"]),
            "start_date": "2020-01-01",
        }
        for c in committees
    }
    add_xlsx(county, "mediation.committee_profiles", "调委会.xlsx", profiles)
    add_xlsx(county, "mediation.mediators", "调解员.xlsx", list(mediators.values()))
    screenings = [screening_row(rng, c[:9]) for c in committees for _ in range(rng.randrange(3))]
    add_xlsx(county, "mediation.screenings", "排查.xlsx", screenings)
    cases, facts = [], []
    for c in committees:
        for _ in range(rng.randint(*CASES_PER_COMMITTEE)):
            row, fact = case_row(rng, people, c, len(cases) + 1)
            cases.append(row)
            facts.append(fact)
    add_xlsx(county, "mediation.cases", "调解案件台账.xlsx", cases)
    county.facts["mediation"] = {
        "cases": facts,
        "mediators": len(mediators),
        "screenings": [
            {"screened_on": s["_screened_on"], "found_on": s.get("_found_on")} for s in screenings
        ],
    }


def screening_row(rng: random.Random, township_code: str) -> dict:
    screened = some_day(rng)
    row = {
        "office_code": township_code,
        "screened_on": day_text(screened, rng),
        "kind": "常规排查",
        "scope": f"辖区第{rng.randint(1, 99)}组",
        "_screened_on": screened,
    }
    if rng.random() < 0.5:
        row.update(
            dispute_type=rng.choice(DISPUTE_TYPES[:2]),
            description=f"两户因宅基地界址争执（{rng.randint(1, 999)}）。",
            risk_level="一般",
            handling="就地化解",
            found_on=day_text(screened, rng),
            _found_on=screened,
        )
    return row


def case_row(rng: random.Random, people: People, committee: str, serial: int):
    received = some_day(rng, PERIOD_START, PERIOD_END - timedelta(days=40))
    dispute = rng.choice(DISPUTE_TYPES)
    result = rng.choices(list(RESULTS), weights=list(RESULTS.values()))[0]
    persons = rng.randint(2, 6)
    row = {
        "number": f"青溪调字〔2026〕{serial:04d}号",
        "office_code": committee,
        "received_on": day_text(received, rng),
        "source": "依申请",
        "dispute_type": dispute,
        "facts": f"双方因{dispute[:-2]}事项发生争执（{serial}）。",
        "amount": str(rng.randint(0, 50) * 1000),
        "persons_involved": str(persons),
        "applicant": people.name(),
        "applicant_id": people.id_number(),
        "respondent": people.name(),
        "respondent_id": people.id_number(),
        "result": result,
    }
    fact = {
        "received_on": received,
        "dispute_type": dispute,
        "persons": persons,
        "result": result,
        "closed_on": None,
        "agreement_form": None,
        "agreement_amount": 0,
        "performed_on": None,
        "confirmation_applied_on": None,
        "follow_up_on": None,
    }
    if result in ("", "已受理"):
        return row, fact
    closed = received if result == "不予受理" else received + timedelta(days=rng.randint(1, 25))
    row["closed_on"] = day_text(closed, rng)
    fact["closed_on"] = closed
    if result == "不予受理":
        row["not_mediable_matter"] = "already_handled"
        row["closing_note"] = "告知当事人向人民法院申请。"
    if result == "调解不成":
        row["closing_note"] = "已告知可向人民法院起诉。"
    if result != "调解成功":
        return row, fact
    form = rng.choice(["书面协议", "口头协议"])
    amount = rng.randint(1, 200) * 100
    row.update(agreement_form=form, agreement_amount=str(amount))
    fact.update(agreement_form=form, agreement_amount=amount)
    if rng.random() < 0.5:
        performed = closed + timedelta(days=rng.randint(0, 10))
        row.update(performance="已履行", performed_on=day_text(performed, rng))
        row["amount_performed"] = str(amount)
        fact["performed_on"] = performed
    if form == "书面协议" and rng.random() < 0.3:
        applied = closed + timedelta(days=rng.randint(1, 10))
        row.update(
            confirmation_applied_on=day_text(applied, rng),
            confirmation_court="青溪县人民法院",
            confirmation_decision="确认有效",
            confirmation_decided_on=day_text(applied + timedelta(days=3), rng),
            court_case_number=f"(2026)川1099民特{serial}号",
        )
        fact["confirmation_applied_on"] = applied
    if rng.random() < 0.4:
        visited = closed + timedelta(days=rng.randint(5, 14))
        row.update(follow_up_on=day_text(visited, rng), follow_up_method="电话", satisfied="是")
        fact["follow_up_on"] = visited
    return row, fact


# --- 法律援助 ---------------------------------------------------------------------------------


def write_legalaid(rng: random.Random, county: County, people: People) -> None:
    providers = [
        {"office_code": CENTRE_CODE, "name": name, "kind": "律师事务所", "active": "是"}
        for name in PROVIDERS
    ]
    add_xlsx(county, "legalaid.providers", "承办机构.xlsx", providers)
    handlers = []
    for p, provider in enumerate(PROVIDERS, start=1):
        for h in range(1, 3):
            handlers.append(
                {
                    "office_code": CENTRE_CODE,
                    "provider": provider,
                    "name": f"{people.name()}{p}{h}",
                    "id_number": people.id_number(),
                    "kind": "律师",
                    "licence_number": f"1511099201{p}{h:06d}",
                    "practising_since": "2012-07-01",
                    "criminal_defence_since": "2013-01-01",
                }
            )
    add_xlsx(county, "legalaid.handlers", "承办人员.xlsx", handlers)
    applications, facts = [], []
    for serial in range(1, APPLICATIONS + 1):
        row, fact = application_row(rng, people, handlers, serial)
        applications.append(row)
        facts.append(fact)
    add_xlsx(county, "legalaid.applications", "法律援助案件.xlsx", applications)
    calls = [consultation_row(rng, people, serial) for serial in range(1, CONSULTATIONS + 1)]
    county.files.append(
        ImportFile(
            "legalaid.consultations",
            "12348话务记录.csv",
            gbk_csv("legalaid.consultations", calls),
            calls,
        )
    )
    county.facts["legalaid"] = {
        "applications": facts,
        "consultations": [{"day": c["_day"], "channel": c["channel"]} for c in calls],
    }


def application_row(rng, people: People, handlers: list[dict], serial: int):
    received = some_day(rng, PERIOD_START, PERIOD_END - timedelta(days=60))
    row = {
        "number": f"（2026）青法援字第{serial}号",
        "office_code": CENTRE_CODE,
        "received_on": day_text(received, rng),
        "origin": "申请",
        "channel": "来访",
        "applicant": people.name(),
        "applicant_id": people.id_number(),
        "matter_type": "民事",
        "matter": "请求确认劳动关系或者支付劳动报酬",
        "facts": f"申请人在工地务工，被拖欠工资（{serial}）。",
        "adverse_party": "某建筑劳务公司",
        "groups": "农民工",
    }
    fact = {"received_on": received, "decision": None, "decided_on": None, "late": None}
    fact.update(assigned_late=None, ended_on=None, money=0, checked_on=None, satisfied=None)
    if rng.random() < 0.1:
        return row, fact  # not yet decided
    # decided within 2 days (on time whatever the holidays) or after 25 (late whatever they are)
    late = rng.random() < 0.15
    decided = received + timedelta(days=rng.randint(25, 30) if late else rng.randint(0, 2))
    decision = "不予" if rng.random() < 0.15 else "给予"
    row.update(decision=decision, decided_on=day_text(decided, rng))
    fact.update(decision=decision, decided_on=decided, late=late)
    if decision == "不予":
        row["refusal_reasons"] = "经济状况不符合法律援助条件"
        return row, fact
    handler = rng.choice(handlers)
    assigned_late = rng.random() < 0.15
    assigned = decided + timedelta(days=rng.randint(20, 25) if assigned_late else rng.randint(0, 1))
    row.update(
        provider=handler["provider"],
        handler=handler["name"],
        assigned_on=day_text(assigned, rng),
        signed_on=day_text(assigned, rng),
    )
    fact["assigned_late"] = assigned_late
    if rng.random() < 0.5:
        return row, fact
    ended = assigned + timedelta(days=rng.randint(5, 20))
    money = rng.randint(1, 80) * 500
    row.update(outcome="胜诉", ended_on=day_text(ended, rng), money_recovered=str(money))
    fact.update(ended_on=ended, money=money)
    if rng.random() < 0.6:
        checked = ended + timedelta(days=rng.randint(1, 5))
        satisfied = rng.random() < 0.8
        row.update(
            quality_kind="回访受援人",
            quality_checked_on=day_text(checked, rng),
            quality_grade="优",
            quality_satisfaction="满意" if satisfied else "不满意",
        )
        fact.update(checked_on=checked, satisfied=satisfied)
    return row, fact


def consultation_row(rng, people: People, serial: int) -> dict:
    day = some_day(rng)
    at = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randrange(60))
    hotline = rng.random() < 0.6
    row = {
        "office_code": CENTRE_CODE,
        "consulted_at": at.strftime("%Y-%m-%d %H:%M"),
        "channel": "12348热线" if hotline else "来访",
        "caller_name": people.name(),
        "caller_phone": f"139{rng.randrange(10**8):08d}",
        "category": "劳动争议",
        "question": f"被拖欠工资如何维权？（{serial}）",
        "answer": "告知可申请劳动仲裁，符合条件的可申请法律援助。",
        "satisfaction": "满意",
        "_day": day,
    }
    if hotline:
        row.update(
            call_id=f"12348-{at:%Y%m%d}-{serial:04d}", duration_minutes=str(rng.randint(2, 20))
        )
    return row


# --- 社区矫正 ---------------------------------------------------------------------------------


SUBJECTS_PER_TOWNSHIP = (6, 12)  # drawn per 司法所
# status → weight: most of the register is 在矫; some reported, not yet announced; a few not
# yet reported (not counted as received)
SUBJECT_STATUSES = {"在矫": 8, "已接收": 2, "待报到": 1}


def write_corrections(rng: random.Random, county: County, people: People) -> None:
    rows, facts = [], []
    for t in range(1, len(TOWNSHIPS) + 1):
        office = f"{ROOT['code']}{t:03d}"
        for _ in range(rng.randint(*SUBJECTS_PER_TOWNSHIP)):
            row, fact = subject_row(rng, people, office, len(rows) + 1)
            rows.append(row)
            facts.append(fact)
    add_xlsx(county, "corrections.subjects", "社区矫正对象.xlsx", rows)
    commissions, assessed = [], []
    for t in range(1, len(TOWNSHIPS) + 1):
        office = f"{ROOT['code']}{t:03d}"
        for _ in range(rng.randint(*COMMISSIONS_PER_TOWNSHIP)):
            row, fact = commission_row(rng, people, office, len(commissions) + 1)
            commissions.append(row)
            assessed.append(fact)
    add_xlsx(county, "corrections.investigations", "调查评估.xlsx", commissions)
    county.facts["corrections"] = {"subjects": facts, "investigations": assessed}


def subject_row(rng: random.Random, people: People, office: str, serial: int):
    """An adult under probation or parole whose judgment took effect in the period; the term is
    three to five years, so no period has expired yet."""
    effective = some_day(rng, PERIOD_START, PERIOD_END - timedelta(days=40))
    probation = rng.random() < 0.75
    months = rng.randint(36, 60)
    id_number = people.id_number()
    status = rng.choices(list(SUBJECT_STATUSES), weights=list(SUBJECT_STATUSES.values()))[0]
    notified = effective + timedelta(days=rng.randint(0, 2))
    row = {
        "name": people.name(),
        "id_number": id_number,
        "office": office,
        "sentence_type": "缓刑" if probation else "假释",
        "crime": rng.choice(["盗窃罪", "危险驾驶罪", "诈骗罪", "故意伤害罪"]),
        "original_sentence": f"有期徒刑{months // 12 - 1}年，缓刑{months // 12}年"
        if probation
        else f"有期徒刑{months // 12 + 3}年",
        "sentence_months": str(months),
        "decision_organ": "人民法院",
        "decision_organ_name": "青溪县人民法院" if probation else "川西市中级人民法院",
        "judgment_number": f"（2026）川1099刑初{serial}号"
        if probation
        else f"（2026）川10刑更{serial}号",
        "judgment_effective_on": day_text(effective, rng),
        "notified_on": day_text(notified, rng),
        "documents_received_on": day_text(notified, rng),
        "status": status,
    }
    fact = {
        "status": status,
        "reported_on": None,
        # 报到 within 5 days of the judgment's effect is on time (the deadline is 10 days, later
        # only for holidays); 25 days or more is late whatever the holidays
        "late": False,
        # GB 11643: the 17th digit of the 身份证号码 is even for a woman
        "female": int(id_number[16]) % 2 == 0,
    }
    if status == "待报到":
        return row, fact
    late = rng.random() < 0.2
    reported = effective + timedelta(days=rng.randint(25, 30) if late else rng.randint(3, 5))
    row["reported_on"] = day_text(reported, rng)
    fact.update(reported_on=reported, late=late)
    if status == "在矫":
        announced = reported + timedelta(days=rng.randint(0, 3))
        row.update(
            announced_on=day_text(announced, rng),
            category="普通",
            team=f"{people.name()}（司法所）、{people.name()}（家属，女）",
        )
    return row, fact


COMMISSIONS_PER_TOWNSHIP = (2, 5)  # 调查评估 commissions drawn per 司法所
# stage → (commissioning body, its name)
STAGES = {
    "审前": ("人民法院", "青溪县人民法院"),
    "诉前": ("人民检察院", "青溪县人民检察院"),
    "假释前": ("监狱", "四川省川西监狱"),
}


def commission_row(rng: random.Random, people: People, office: str, serial: int):
    """A 调查评估 commission received in the period: open, or completed within 4 days (on time:
    the deadline is 10 working days) or after 40 (late whatever the holidays), its adoption
    recorded or not."""
    received = some_day(rng, PERIOD_START, PERIOD_END - timedelta(days=50))
    stage = rng.choice(list(STAGES))
    body, body_name = STAGES[stage]
    row = {
        "office": office,
        "commission_number": f"青溪矫调〔2026〕{serial}号",
        "commissioning_body": body,
        "commissioning_name": body_name,
        "stage": stage,
        "name": people.name(),
        "id_number": people.id_number(),
        "crime": rng.choice(["危险驾驶罪", "盗窃罪", "帮助信息网络犯罪活动罪"]),
        "received_on": day_text(received, rng),
    }
    fact = {"received_on": received, "stage": stage, "completed_on": None, "late": False}
    fact["adopted"] = None
    if rng.random() < 0.15:
        return row, fact  # not completed yet
    late = rng.random() < 0.2
    completed = received + timedelta(days=rng.randint(40, 45) if late else rng.randint(1, 4))
    suitable = rng.random() < 0.8
    row.update(
        investigators=f"{people.name()}、{people.name()}",
        completed_on=day_text(completed, rng),
        result="适宜" if suitable else "不适宜",
        reasons="" if suitable else "居住地村（居）委会不同意接收，家庭无监管条件。",
    )
    fact.update(completed_on=completed, late=late)
    if rng.random() < 0.7:
        adopted = rng.random() < 0.8
        row.update(
            adopted="是" if adopted else "否",
            adoption_recorded_on=day_text(completed + timedelta(days=rng.randint(5, 20)), rng),
        )
        fact["adopted"] = adopted
    return row, fact


# --- 安置帮教 ---------------------------------------------------------------------------------


RELEASES_PER_TOWNSHIP = (5, 10)  # drawn per 司法所
# status → weight, for the releases of the period
RELEASE_STATUSES = {"已衔接": 6, "已收到释放通知": 2, "未衔接（下落不明）": 1}
PRISONS = ("四川省川西监狱", "四川省青山监狱")


def write_resettlement(rng: random.Random, county: County, people: People) -> None:
    rows, facts = [], []
    for t in range(1, len(TOWNSHIPS) + 1):
        office = f"{ROOT['code']}{t:03d}"
        for _ in range(rng.randint(*RELEASES_PER_TOWNSHIP)):
            row, fact = release_row(rng, people, office)
            rows.append(row)
            facts.append(fact)
        # one released early in 2021 whose five years ended in the period, and one later
        # release still in assistance
        row, fact = earlier_release_row(rng, people, office, ended=True)
        rows.append(row)
        facts.append(fact)
        row, fact = earlier_release_row(rng, people, office, ended=False)
        rows.append(row)
        facts.append(fact)
    add_xlsx(county, "resettlement.persons", "安置帮教对象.xlsx", rows)
    county.facts["resettlement"] = {"releases": facts}


def release_row(rng: random.Random, people: People, office: str):
    released = some_day(rng)
    source = "刑满释放" if rng.random() < 0.7 else "解除社区矫正"
    status = rng.choices(list(RELEASE_STATUSES), weights=list(RELEASE_STATUSES.values()))[0]
    key = rng.random() < 0.25
    row = {
        "name": people.name(),
        "id_number": people.id_number(),
        "office": office,
        "source": source,
        "prison": rng.choice(PRISONS) if source == "刑满释放" else "",
        "crime": rng.choice(["盗窃罪", "诈骗罪", "故意伤害罪"]),
        "original_sentence": f"有期徒刑{rng.randint(1, 8)}年",
        "released_on": day_text(released, rng),
        "notice_received_on": day_text(released - timedelta(days=rng.randint(5, 30)), rng),
        "status": status,
    }
    fact = {
        "released_on": released,
        "source": source,
        "key": key,
        "status": status,
        "connected_on": None,
        "met_at_gate": False,
        "ended_on": None,
    }
    if key:
        row.update(key_person="是", key_reason="有吸毒史", risk_level="中")
    if status == "已衔接":
        connected = released + timedelta(days=rng.randint(0, 5))
        row["connected_on"] = day_text(connected, rng)
        fact["connected_on"] = connected
        if key:  # a key person is met at the prison gate (必接必送)
            row.update(met_at_gate="是", met_by="司法所干部、家属")
            fact["met_at_gate"] = True
    elif status == "未衔接（下落不明）":
        row.update(
            not_connected_on=day_text(released + timedelta(days=rng.randint(10, 20)), rng),
            not_connected_reason="多次联系未果，已通报公安机关协查。",
        )
    return row, fact


def earlier_release_row(rng: random.Random, people: People, office: str, *, ended: bool):
    """A release before the period: with `ended`, early in 2021 and its five years of assistance
    ended (帮教期满) in the period; else in 2023–25 and still in assistance."""
    if ended:
        released = some_day(rng, date(2021, 1, 1), date(2021, 5, 31))
        end_day = released.replace(year=released.year + 5) + timedelta(days=rng.randint(5, 30))
    else:
        released = some_day(rng, date(2023, 1, 1), date(2025, 12, 31))
        end_day = None
    connected = released + timedelta(days=rng.randint(0, 3))
    row = {
        "name": people.name(),
        "id_number": people.id_number(),
        "office": office,
        "source": "刑满释放",
        "prison": rng.choice(PRISONS),
        "crime": "盗窃罪",
        "original_sentence": f"有期徒刑{rng.randint(1, 8)}年",
        "released_on": day_text(released, rng),
        "status": "帮教结束" if ended else "已衔接",
        "connected_on": day_text(connected, rng),
    }
    if ended:
        row.update(ended_on=day_text(end_day, rng), end_reason="帮教期满")
    fact = {
        "released_on": released,
        "source": "刑满释放",
        "key": False,
        "status": row["status"],
        "connected_on": connected,
        "met_at_gate": False,
        "ended_on": end_day,
    }
    return row, fact


# The lines in the go-live order.
LINE_WRITERS = (
    write_offices,
    write_mediation,
    write_legalaid,
    write_corrections,
    write_resettlement,
)


def build(seed: int = SEED) -> County:
    rng = random.Random(seed)
    people = People(rng)
    county = County()
    for writer in LINE_WRITERS:
        writer(rng, county, people)
    return county
