"""The demo city's offices, staff and users (演示数据：青川市).

青川市 is a fictional county-level city (region code 339081) modelled on the first half-year
work summary of /work/shared/reference (SEED_FIGURES.md). At 2026-06-30 it holds:

* the city bureau (青川市司法局) and 15 townships/streets, each with a judicial office (司法所),
  a township/street mediation committee, a 公共法律服务工作站 and a 法律援助工作站;
* 253 village/community judicial-administration service stations (村(社区)司法行政服务站),
  each with a village/community mediation committee and a 法律援助联络点;
* 378 people's-mediation organisations: 253 village/community + 15 township/street + 90
  enterprise + 10 professional (under the 矛盾纠纷调处中心) + 10 social-organisation committees;
* 2191 serving people's mediators (3–9 per committee, at least one woman each), and a few
  who left before 2026, so the stock counts only the serving ones;
* the 矛盾纠纷调处中心, 社区矫正机构, 公共法律服务中心, and the 法律援助中心 with 11 workstations
  in social organisations;
* one login per seeded role.

The ~950 offices are written with bulk inserts: the materialized paths are computed here
(`OfficeTree`) instead of one treebeard `add_child` (several queries) per office.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_changed, validate_password

from sifa.accounts import two_factor
from sifa.core import bulk
from sifa.core.demo import HISTORY_REASON, DemoContext, DemoUser, random_date, split_total
from sifa.orgs import access
from sifa.orgs.constants import MEDIATOR_POST, OfficeKind
from sifa.orgs.constants import LegalAidStationHost as StationHost
from sifa.orgs.constants import MediationCommitteeType as CommitteeType
from sifa.orgs.models import Membership, Office, Role, StaffMember
from sifa.people.demo import make_person, save_people, synthetic_name
from sifa.people.models import Gender, Person

ORDER = 10

CITY = "青川市"
REGION_CODE = "339081"  # fictional: 33 浙江, 90 省直辖, 81 县级市
ROOT_CODE = REGION_CODE
DEMO_PASSWORD = "Sifa-Demo-2026"  # noqa: S105 (printed and documented: demo logins only)

# Posts of the `staff_post` code list (sifa/core/seed_codes.py).
POST_MEDIATOR = MEDIATOR_POST
POST_JO_HEAD = "jo_head"
POST_JO_STAFF = "jo_staff"

SERVICE_STATIONS = 253
MEDIATION_COMMITTEES = 378
MEDIATORS = 2191
FORMER_MEDIATORS = 36  # left before 2026: in the roster, not in the stock
ENTERPRISE_COMMITTEES = 90
MEMBERS_PER_COMMITTEE = (3, 9)  # 人民调解法 第8条
# Everyone in post at 2026-06-30 was appointed before the demo year.
LAST_APPOINTMENT = date(2025, 12, 31)

# (suffix of the 9-digit region code, name, is a street 街道 rather than a town 镇)
TOWNSHIPS = [
    ("001", "城东街道", True),
    ("002", "城西街道", True),
    ("003", "城南街道", True),
    ("004", "城北街道", True),
    ("101", "青溪镇", False),
    ("102", "龙潭镇", False),
    ("103", "石桥镇", False),
    ("104", "白马镇", False),
    ("105", "云山镇", False),
    ("106", "柳河镇", False),
    ("107", "杏林镇", False),
    ("108", "双塘镇", False),
    ("109", "桃源镇", False),
    ("110", "松岭镇", False),
    ("111", "梅岭镇", False),
]

# (key, name): the professional committees under the 矛盾纠纷调处中心; later lines find them
# by key in ctx.offices["professional_committees"].
PROFESSIONAL_COMMITTEES = [
    ("medical", "医疗纠纷人民调解委员会"),
    ("traffic", "道路交通事故纠纷人民调解委员会"),
    ("consumer", "消费纠纷人民调解委员会"),
    ("labour", "劳动争议人民调解委员会"),
    ("property", "物业纠纷人民调解委员会"),
    ("family", "婚姻家庭纠纷人民调解委员会"),
    ("construction", "建设工程纠纷人民调解委员会"),
    ("environment", "环境保护纠纷人民调解委员会"),
    ("ip", "知识产权纠纷人民调解委员会"),
    ("tourism", "旅游纠纷人民调解委员会"),
]
SOCIAL_COMMITTEE_HOSTS = [
    "个体劳动者协会",
    "工商业联合会",
    "老年人协会",
    "外来务工人员服务中心",
    "物流行业协会",
    "建筑业协会",
    "餐饮行业协会",
    "红十字会",
    "慈善总会",
    "志愿者协会",
]
# 11 legal-aid workstations in social organisations (法律援助法 第13条).
LEGAL_AID_SOCIAL_HOSTS = [
    "律师协会",
    "个体劳动者协会",
    "消费者权益保护委员会",
    "老年人协会",
    "退役军人协会",
    "红十字会",
    "慈善总会",
    "外来务工人员服务中心",
    "私营企业协会",
    "残疾人福利基金会",
    "青年志愿者协会",
]
_PLACE_FIRST = "桃李杏柳松竹梅兰石金玉青白红龙凤马鹤鹿云山水河湖塘溪泉林田新东西南北前后上下"
_PLACE_SECOND = "园湾桥塘岭坞庄浜港岗坪洲泾口堰埠圩墩里墅村头湖滩"
_BRANDS = (
    *("宏达", "华泰", "恒远", "永信", "瑞丰", "金诚", "天和", "立新", "盛华"),
    *("鑫源", "振兴", "长青", "远航", "海川", "广源", "东方", "新科", "中天"),
)
_INDUSTRIES = (
    *("纺织", "机械制造", "化纤", "电子科技", "建材", "食品", "物流", "钢结构"),
    *("新材料", "服饰", "五金", "塑业", "印染", "汽车零部件", "光伏"),
)


class OfficeTree:
    """Offices to be inserted under a saved root in one bulk insert.

    treebeard's MP_Node needs `path` (parent's path + one base-36 step of `steplen`
    characters), `depth` and `numchild`; siblings get their steps in `code` order, which is
    the tree's `node_order_by`, so later `add_child` calls keep inserting in the right place.
    """

    def __init__(self, root: Office):
        if root.numchild:
            raise ValueError("OfficeTree builds under a root without children")
        self.root = root
        self.nodes: list[Office] = []
        self._children: dict[int, list[Office]] = defaultdict(list)

    def add(self, parent: Office, **fields) -> Office:
        office = Office(**fields)
        self._children[id(parent)].append(office)
        self.nodes.append(office)
        return office

    def assign_paths(self) -> None:
        pending = [self.root]
        while pending:
            parent = pending.pop()
            children = sorted(self._children.get(id(parent), []), key=lambda o: o.code)
            parent.numchild = len(children)
            for step, child in enumerate(children, start=1):
                child.depth = parent.depth + 1
                child.path = Office._get_path(parent.path, child.depth, step)
                child.numchild = 0
                pending.append(child)

    def save(self, *, history: bool = True) -> list[Office]:
        """Insert every office (with "created" history rows unless `history` is off)."""
        self.assign_paths()
        Office.objects.filter(pk=self.root.pk).update(numchild=self.root.numchild)
        if history:
            return bulk.insert_with_history(self.nodes, reason=HISTORY_REASON)
        return bulk.insert(self.nodes)


@dataclass(frozen=True)
class Village:
    code: str  # 12 digits (统计用区划代码: 001–199 居委会, 200–399 村委会)
    name: str  # e.g. 桃园村, 青湾社区
    is_community: bool


def is_present() -> bool:
    return Office.objects.filter(code=ROOT_CODE).exists()


def load(ctx: DemoContext) -> None:
    rng = ctx.rng("orgs.tree")
    tree = build_offices(ctx, rng)
    tree.save()
    ctx.log(f"  机构 {len(tree.nodes) + 1} 个")
    staff = add_judicial_office_staff(ctx, ctx.rng("orgs.staff"))
    mediators = add_mediators(ctx, ctx.rng("orgs.mediators"))
    ctx.log(f"  司法所工作人员 {staff} 名，人民调解员 {mediators} 名")
    ctx.log(f"  （另有 {FORMER_MEDIATORS} 名调解员已于2026年前离任）")
    add_users(ctx, ctx.rng("orgs.users"))
    ctx.log(f"  演示账号 {len(ctx.users)} 个")


def unload(ctx: DemoContext) -> None:
    """Delete the demo city: memberships, staff, persons and offices of its subtree.

    The demo users stay (the append-only login log points at them); they lose their grants
    and get them back on the next load.
    """
    root = Office.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return
    subtree = access.within(Office.objects.all(), root)
    for model in (Membership, StaffMember, Person):
        bulk.delete(model.objects.filter(office__in=subtree))
    bulk.delete(subtree)
    ctx.log(f"  已删除 {CITY}的机构、人员和任职授权")


# ---------------------------------------------------------------------------------------------
# Offices


def build_offices(ctx: DemoContext, rng: random.Random) -> OfficeTree:
    """The whole tree in memory; ctx.offices gets every office by role."""
    bureau = Office.objects.add_root(
        instance=Office(
            code=ROOT_CODE,
            name=f"{CITY}司法局",
            short_name="青司",  # 机关代字 of the documents' numbers (docs/numbering.md)
            kind=OfficeKind.JUSTICE_BUREAU,
            region_code=REGION_CODE,
            address=f"{CITY}人民路88号",
            phone="0575-86012348",
            established_on=date(1980, 9, 1),
        )
    )
    tree = OfficeTree(bureau)
    offices = ctx.offices
    offices["bureau"] = bureau
    villages: dict[str, str] = {}  # village code → "城东街道桃园社区"
    _add_city_centres(tree, rng, offices)
    village_counts = split_total(
        rng, SERVICE_STATIONS, [(12, 20) if street else (14, 22) for _, _, street in TOWNSHIPS]
    )
    enterprise_counts = split_total(
        rng, ENTERPRISE_COMMITTEES, [(2, 4) if street else (5, 9) for _, _, street in TOWNSHIPS]
    )
    names = _PlaceNames(rng)
    for (suffix, township, street), village_count, enterprises in zip(
        TOWNSHIPS, village_counts, enterprise_counts, strict=True
    ):
        _add_township(tree, rng, offices, bureau, REGION_CODE + suffix, township, street)
        judicial_office = offices["judicial_offices"][-1]
        for village in _villages(rng, names, judicial_office.region_code, village_count, street):
            _add_village(tree, rng, offices, judicial_office, township, village)
            villages[village.code] = f"{township}{village.name}"
        for number in range(1, enterprises + 1):
            _add_enterprise_committee(tree, rng, offices, judicial_office, number)
    offices["committees"] = [
        *offices["township_committees"],
        *offices["village_committees"],
        *offices["enterprise_committees"],
        *offices["professional_committees"].values(),
        *offices["social_committees"],
    ]
    assert len(offices["committees"]) == MEDIATION_COMMITTEES
    # Where demo persons live (later lines use it for their parties' addresses too).
    ctx.shared["orgs.villages"] = villages
    return tree


def _add_city_centres(tree: OfficeTree, rng: random.Random, offices: dict) -> None:
    bureau = offices["bureau"]

    def city_office(code_suffix, name, kind, established, **extra):
        return tree.add(
            bureau,
            code=f"{REGION_CODE}-{code_suffix}",
            name=f"{CITY}{name}",
            kind=kind,
            region_code=REGION_CODE,
            established_on=established,
            **extra,
        )

    offices["dispute_center"] = center = city_office(
        "DRC", "矛盾纠纷调处中心", OfficeKind.DISPUTE_CENTER, date(2012, 3, 15)
    )
    offices["corrections"] = city_office(
        "CC", "社区矫正管理局", OfficeKind.CORRECTIONS_INSTITUTION, date(2020, 7, 1)
    )
    offices["pls_center"] = city_office(
        "PLS", "公共法律服务中心", OfficeKind.PLS_CENTER, date(2018, 6, 1)
    )
    offices["legal_aid_center"] = legal_aid = city_office(
        "LAC", "法律援助中心", OfficeKind.LEGAL_AID_CENTER, date(1997, 5, 1), phone="12348"
    )
    offices["professional_committees"] = {
        key: tree.add(
            center,
            code=f"{REGION_CODE}-MC-P{number:02d}",
            name=f"{CITY}{name}",
            kind=OfficeKind.MEDIATION_COMMITTEE,
            subtype=CommitteeType.PROFESSIONAL,
            region_code=REGION_CODE,
            established_on=random_date(rng, date(2010, 1, 1), date(2020, 12, 31)),
        )
        for number, (key, name) in enumerate(PROFESSIONAL_COMMITTEES, start=1)
    }
    offices["social_committees"] = [
        city_office(
            f"MC-S{number:02d}",
            f"{host}人民调解委员会",
            OfficeKind.MEDIATION_COMMITTEE,
            random_date(rng, date(2012, 1, 1), date(2022, 12, 31)),
            subtype=CommitteeType.SOCIAL,
        )
        for number, host in enumerate(SOCIAL_COMMITTEE_HOSTS, start=1)
    ]
    offices["legal_aid_social_workstations"] = [
        tree.add(
            legal_aid,
            code=f"{REGION_CODE}-LA-S{number:02d}",
            name=f"{CITY}{host}法律援助工作站",
            kind=OfficeKind.LEGAL_AID_WORKSTATION,
            subtype=StationHost.SOCIAL_ORGANISATION,
            region_code=REGION_CODE,
            established_on=random_date(rng, date(2016, 1, 1), date(2021, 12, 31)),
        )
        for number, host in enumerate(LEGAL_AID_SOCIAL_HOSTS, start=1)
    ]


def _add_township(tree, rng, offices, bureau, code, township, street) -> None:
    judicial_office = tree.add(
        bureau,
        code=code,
        name=f"{township}司法所",
        kind=OfficeKind.JUDICIAL_OFFICE,
        region_code=code,
        address=f"{CITY}{township}人民路{rng.randint(1, 200)}号",
        phone=f"0575-8{rng.randrange(10**6, 10**7)}",
        established_on=random_date(rng, date(1985, 1, 1), date(2005, 12, 31)),
    )
    offices.setdefault("judicial_offices", []).append(judicial_office)

    def township_office(code_suffix, name, kind, start, end, **extra):
        return tree.add(
            judicial_office,
            code=f"{code}-{code_suffix}",
            name=f"{township}{name}",
            kind=kind,
            region_code=code,
            established_on=random_date(rng, start, end),
            **extra,
        )

    offices.setdefault("township_committees", []).append(
        township_office(
            "MC",
            "人民调解委员会",
            OfficeKind.MEDIATION_COMMITTEE,
            date(1985, 1, 1),
            date(2000, 12, 31),
            subtype=CommitteeType.STREET if street else CommitteeType.TOWNSHIP,
        )
    )
    offices.setdefault("pls_stations", []).append(
        township_office(
            "PLS",
            "公共法律服务工作站",
            OfficeKind.PLS_STATION,
            date(2018, 6, 1),
            date(2019, 12, 31),
        )
    )
    offices.setdefault("legal_aid_township_workstations", []).append(
        township_office(
            "LA",
            "法律援助工作站",
            OfficeKind.LEGAL_AID_WORKSTATION,
            date(2015, 1, 1),
            date(2018, 12, 31),
            subtype=StationHost.TOWNSHIP,
        )
    )


def _add_village(tree, rng, offices, judicial_office, township, village: Village) -> None:
    full_name = f"{township}{village.name}"
    station = tree.add(
        judicial_office,
        code=village.code,
        name=f"{full_name}司法行政服务站",
        kind=OfficeKind.SERVICE_STATION,
        region_code=village.code,
        address=f"{CITY}{full_name}{rng.randint(1, 99)}号",
        established_on=random_date(rng, date(2017, 7, 1), date(2019, 12, 31)),
    )
    offices.setdefault("stations", []).append(station)
    offices.setdefault("village_committees", []).append(
        tree.add(
            station,
            code=f"{village.code}-MC",
            name=f"{full_name}人民调解委员会",
            kind=OfficeKind.MEDIATION_COMMITTEE,
            subtype=CommitteeType.COMMUNITY if village.is_community else CommitteeType.VILLAGE,
            region_code=village.code,
            established_on=random_date(rng, date(1988, 1, 1), date(2015, 12, 31)),
        )
    )
    offices.setdefault("liaison_points", []).append(
        tree.add(
            station,
            code=f"{village.code}-LP",
            name=f"{full_name}法律援助联络点",
            kind=OfficeKind.LEGAL_AID_LIAISON,
            region_code=village.code,
            established_on=random_date(rng, date(2016, 1, 1), date(2020, 12, 31)),
        )
    )


def _add_enterprise_committee(tree, rng, offices, judicial_office, number) -> None:
    taken = {o.name for o in offices.get("enterprise_committees", [])}
    while True:
        company = f"{CITY}{rng.choice(_BRANDS)}{rng.choice(_INDUSTRIES)}有限公司"
        name = f"{company}人民调解委员会"
        if name not in taken:
            break
    offices.setdefault("enterprise_committees", []).append(
        tree.add(
            judicial_office,
            code=f"{judicial_office.code}-MC-E{number:02d}",
            name=name,
            kind=OfficeKind.MEDIATION_COMMITTEE,
            subtype=CommitteeType.ENTERPRISE,
            region_code=judicial_office.region_code,
            established_on=random_date(rng, date(2005, 1, 1), date(2023, 12, 31)),
        )
    )


class _PlaceNames:
    """Two-character place names, unique across the city."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def draw(self) -> str:
        while True:
            name = self.rng.choice(_PLACE_FIRST) + self.rng.choice(_PLACE_SECOND)
            if name not in self.used:
                self.used.add(name)
                return name


def _villages(rng, names: _PlaceNames, township_code: str, count: int, street: bool):
    """A street is mostly communities (社区); a town has a few at its seat, the rest villages."""
    communities = count - rng.randint(0, 2) if street else rng.randint(1, 3)
    for index in range(count):
        if index < communities:
            yield Village(f"{township_code}{index + 1:03d}", f"{names.draw()}社区", True)
        else:
            yield Village(
                f"{township_code}{200 + index - communities + 1:03d}", f"{names.draw()}村", False
            )


# ---------------------------------------------------------------------------------------------
# Staff


def _residence(rng, ctx, office: Office) -> tuple[str, str]:
    """(region code, address) of a place where someone serving in `office` could live.

    A village committee's or station's people live in that village; a township office's in
    one of its villages; a city office's anywhere in the city.
    """
    villages = ctx.shared["orgs.villages"]
    if len(office.region_code) == 12:
        code = office.region_code
    else:
        code = rng.choice([v for v in villages if v.startswith(office.region_code)])
    return code, f"{CITY}{villages[code]}{rng.randint(1, 199)}号"


def _person_for(rng, ctx, office: Office, gender: str, born_from: date, born_to: date) -> Person:
    region_code, address = _residence(rng, ctx, office)
    return make_person(
        rng,
        office=office,
        issued=ctx.id_numbers,
        address_code=REGION_CODE,
        region_code=region_code,
        address=address,
        gender=gender,
        born_from=born_from,
        born_to=born_to,
    )


def _save_posts(people_posts: list[tuple[Person, StaffMember]]) -> None:
    persons = save_people([person for person, _ in people_posts])
    posts = []
    for person, post in zip(persons, (post for _, post in people_posts), strict=True):
        post.person = person
        posts.append(post)
    bulk.insert_with_history(posts, reason=HISTORY_REASON)


def _appointed(rng, person: Person, earliest: date, latest: date = LAST_APPOINTMENT) -> date:
    """A start date in [earliest, latest] on which the person is an adult (人民调解法 第14条)."""
    adult_on = person.birth_date + timedelta(days=18 * 365 + 5)  # 18 years hold ≤ 5 leap days
    return random_date(rng, max(earliest, adult_on), latest)


def add_judicial_office_staff(ctx: DemoContext, rng: random.Random) -> int:
    """A head (司法所长) and 2–4 staff (工作人员) in each judicial office."""
    people_posts = []
    for office in ctx.offices["judicial_offices"]:
        for index in range(1 + rng.randint(2, 4)):
            gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
            person = _person_for(rng, ctx, office, gender, date(1966, 1, 1), date(1998, 12, 31))
            post = StaffMember(
                office=office,
                post=POST_JO_HEAD if index == 0 else POST_JO_STAFF,
                full_time=True,
                start_date=_appointed(rng, person, date(2010, 1, 1)),
            )
            people_posts.append((person, post))
    _save_posts(people_posts)
    ctx.shared["orgs.judicial_office_staff"] = [post for _, post in people_posts]
    return len(people_posts)


def _committee_sizes(rng, offices: dict) -> list[tuple[Office, int]]:
    """How many serving mediators each committee has: 3–9, adding up to MEDIATORS."""
    low, high = MEMBERS_PER_COMMITTEE
    ranges = {
        CommitteeType.TOWNSHIP: (7, high),
        CommitteeType.STREET: (7, high),
        CommitteeType.PROFESSIONAL: (5, high),
        CommitteeType.VILLAGE: (low, high),
        CommitteeType.COMMUNITY: (low, high),
        CommitteeType.ENTERPRISE: (low, 5),
        CommitteeType.SOCIAL: (low, 5),
    }
    committees = offices["committees"]
    sizes = split_total(rng, MEDIATORS, [ranges[c.subtype] for c in committees])
    return list(zip(committees, sizes, strict=True))


def _full_time_share(committee: Office) -> float:
    """专职 mediators: most in professional committees, a few in township ones."""
    return {
        CommitteeType.PROFESSIONAL: 0.7,
        CommitteeType.TOWNSHIP: 0.3,
        CommitteeType.STREET: 0.3,
    }.get(committee.subtype, 0.05)


def add_mediators(ctx: DemoContext, rng: random.Random) -> int:
    """Serving mediators (每个调委会 3–9 人、至少一名女性) and some who left before 2026."""
    people_posts = []
    members: dict[int, list[StaffMember]] = defaultdict(list)
    term_start = date(2014, 1, 1)
    for committee, size in _committee_sizes(rng, ctx.offices):
        genders = [Gender.FEMALE if rng.random() < 0.38 else Gender.MALE for _ in range(size)]
        if Gender.FEMALE not in genders:
            genders[rng.randrange(size)] = Gender.FEMALE
        first_day = max(committee.established_on, term_start)
        for gender in genders:
            person = _person_for(rng, ctx, committee, gender, date(1956, 1, 1), date(1998, 12, 31))
            post = StaffMember(
                office=committee,
                post=POST_MEDIATOR,
                full_time=rng.random() < _full_time_share(committee),
                start_date=_appointed(rng, person, first_day),
            )
            people_posts.append((person, post))
            members[committee.pk].append(post)
    for _ in range(FORMER_MEDIATORS):
        committee = rng.choice(ctx.offices["village_committees"])
        gender = Gender.FEMALE if rng.random() < 0.38 else Gender.MALE
        person = _person_for(rng, ctx, committee, gender, date(1950, 1, 1), date(1990, 12, 31))
        start = _appointed(
            rng, person, max(committee.established_on, term_start), date(2020, 12, 31)
        )
        post = StaffMember(
            office=committee,
            post=POST_MEDIATOR,
            start_date=start,
            end_date=random_date(rng, start + timedelta(days=365), LAST_APPOINTMENT),
        )
        people_posts.append((person, post))
    _save_posts(people_posts)
    ctx.shared["orgs.mediators"] = {
        committee.pk: members[committee.pk] for committee in ctx.offices["committees"]
    }
    return sum(len(serving) for serving in members.values())


# ---------------------------------------------------------------------------------------------
# Users


# (username, role key, key of the office in ctx.offices, is_staff). The admin site and its
# permissions follow the role (sifa.orgs.duties); is_staff is kept in step for Django's tools.
DEMO_USERS = [
    ("sysadmin", "sysadmin", "bureau", True),
    ("auditor", "auditor", "bureau", True),
    ("leader", "leader", "bureau", False),
    ("section", "section", "bureau", False),
    ("jo_head", "jo_head", "judicial_office", False),
    ("jo_staff", "jo_staff", "judicial_office", False),
    ("mediator", "mediator", "committee", False),
    ("la_reviewer", "la_reviewer", "legal_aid_center", False),
    # The 社区矫正机构 executes for the whole county and its 司法所 do the daily work: its staff
    # are granted on the bureau, whose subtree holds every 司法所 (sifa/corrections/models.py).
    ("cc_worker", "cc_worker", "bureau", False),
    ("public", "public", "bureau", False),
]


def _demo_user_offices(offices: dict) -> dict[str, Office]:
    first_office = offices["judicial_offices"][0]
    return {
        "bureau": offices["bureau"],
        "judicial_office": first_office,
        # A village committee of the first township: the mediator sees only that committee.
        "committee": next(
            c for c in offices["village_committees"] if c.region_code.startswith(first_office.code)
        ),
        "legal_aid_center": offices["legal_aid_center"],
        "corrections": offices["corrections"],
    }


def _committee_mediator_name(ctx: DemoContext, committee: Office) -> str:
    """The name of the committee's first serving mediator (the demo login `mediator` is that
    person, so he finds himself on his committee's roster), or "" when it has none."""
    serving = ctx.shared.get("orgs.mediators", {}).get(committee.pk, [])
    return serving[0].person.name if serving else ""


def add_users(ctx: DemoContext, rng: random.Random) -> None:
    """One login per seeded role; existing demo users (after --reset) are brought up to date."""
    user_model = get_user_model()
    offices = _demo_user_offices(ctx.offices)
    roles = {role.key: role for role in Role.objects.all()}
    hashed = make_password(DEMO_PASSWORD)
    for username, role_key, office_key, is_staff in DEMO_USERS:
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
        user, _ = user_model.objects.get_or_create(username=username)
        user.full_name = synthetic_name(rng, gender)
        if office_key == "committee":  # the mediator is one of his committee's mediators
            user.full_name = _committee_mediator_name(ctx, offices["committee"]) or user.full_name
        user.is_staff = is_staff
        user.is_superuser = False
        user.is_active = True
        # The policy as for a new user: after --reset the password is this user's current one,
        # which the history rule (rightly) refuses for a change.
        validate_password(DEMO_PASSWORD, user_model(username=username, full_name=user.full_name))
        # One PBKDF2 hash for the ten logins (about 2 s each): the demo password is public anyway.
        user.password = hashed
        user.save()
        password_changed(DEMO_PASSWORD, user)  # as set_password + save: the password history
        role, office = roles[role_key], offices[office_key]
        Membership.objects.get_or_create(user=user, office=office, role=role)
        ctx.users.append(
            DemoUser(
                username,
                role.name,
                office.name,
                DEMO_PASSWORD,
                two_factor=two_factor.role_demands_two_factor(role),
            )
        )
