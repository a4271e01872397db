"""The roster imports (承办机构, 承办人员; issue 17): written row by row through the roster
actions and their rules; bad rows by row and column; GBK CSV; re-import and corrected
re-import; roll-back; scoping. The roster has no legal-aid indicator of its own: the register
(`provider_list`) lists exactly what the files say."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.core.models import ImportBatch
from sifa.legalaid.constants import HandlerKind, ProviderKind
from sifa.legalaid.imports.providers import HANDLERS, PROVIDERS
from sifa.legalaid.models import Handler, Provider
from sifa.legalaid.selectors.providers import provider_list
from sifa.legalaid.tests.factories import make_centre, make_reviewer
from sifa.people.models import Person
from tests import imports

D = datetime.date
CREDIT_CODE = "91330102MA27XY1N5W"  # a valid 统一社会信用代码 (check character included)


def headers(spec):
    return {f.key: f.header for f in spec.fields}


def letters(spec):
    return {f.key: column_letter(i) for i, f in enumerate(spec.fields)}


def cell(spec, n: int, key: str, message: str) -> str:
    return f"第{n}行 {letters(spec)[key]}列（{headers(spec)[key]}）：{message}"


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a, name="甲县法律援助中心")


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


def provider_row(centre, **values) -> dict:
    data = {"office_code": centre.code, "name": "甲律师事务所", "kind": "律师事务所"}
    data.update(values)
    return {headers(PROVIDERS)[key]: value for key, value in data.items()}


def handler_row(centre, **values) -> dict:
    data = {
        "office_code": centre.code,
        "provider": "甲律师事务所",
        "name": "李律师",
        "id_number": imports.resident_id("19800101"),
        "kind": "律师",
        "licence_number": "L-0001",
        "practising_since": "2010-07-01",
        "criminal_defence_since": "2011-01-01",
        "juvenile_experience": "是",
    }
    data.update(values)
    return {headers(HANDLERS)[key]: value for key, value in data.items()}


def providers(centre) -> list[dict]:
    return [
        provider_row(centre, credit_code=CREDIT_CODE, phone="0571-88886666"),
        provider_row(centre, name="甲一法律服务所", kind="基层法律服务所"),
        provider_row(centre, name="已注销律师事务所", active="否"),
    ]


def handlers(centre) -> list[dict]:
    return [
        handler_row(centre),
        # Found by the provider's credit code; a second lawyer.
        handler_row(
            centre,
            provider=CREDIT_CODE,
            name="钱律师",
            id_number=imports.resident_id("19820202"),
            licence_number="L-0002",
            criminal_defence_since="",
            juvenile_experience="",
        ),
        handler_row(
            centre,
            provider="甲一法律服务所",
            name="周法务",
            id_number=imports.resident_id("19700303"),
            kind="基层法律服务工作者",
            licence_number="G-0001",
            criminal_defence_since="",
            active="否",
        ),
    ]


def import_now(spec, actor, office, rows, **kwargs):
    file = imports.xlsx(spec, rows, **kwargs)
    return batches.import_now(spec, actor=actor, office=office, content=file.read(), name=file.name)


def refused(spec, actor, office, rows, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        import_now(spec, actor, office, rows, **kwargs)
    return excinfo.value.messages


# --- the roster as the files say ------------------------------------------------------------------


def test_providers_then_handlers_make_the_roster(cast, centre, reviewer):
    _batch, plan, _changes = import_now(PROVIDERS, reviewer, centre, providers(centre))
    assert plan.counts == {"create": 3, "update": 0, "unchanged": 0}
    _batch, plan, _changes = import_now(HANDLERS, reviewer, centre, handlers(centre))
    assert plan.counts == {"create": 3, "update": 0, "unchanged": 0}

    listed = {p.name: p for p in provider_list(actor=reviewer)}
    assert set(listed) == {r[headers(PROVIDERS)["name"]] for r in providers(centre)}
    firm = listed["甲律师事务所"]
    assert (firm.kind, firm.credit_code, firm.phone, firm.active) == (
        ProviderKind.LAW_FIRM,
        CREDIT_CODE,
        "0571-88886666",
        True,
    )
    assert listed["已注销律师事务所"].active is False
    lawyers = {h.person.name: h for h in firm.handlers.all()}
    assert set(lawyers) == {"李律师", "钱律师"}
    li = lawyers["李律师"]
    assert (li.kind, li.licence_number, li.criminal_defence_since, li.juvenile_experience) == (
        HandlerKind.LAWYER,
        "L-0001",
        D(2011, 1, 1),
        True,
    )
    worker = listed["甲一法律服务所"].handlers.get()
    assert worker.kind == HandlerKind.GRASSROOTS_WORKER and worker.active is False
    # The persons are registered at the roster's office, each once.
    assert (
        Person.objects.filter(office=centre, name__in=["李律师", "钱律师", "周法务"]).count() == 3
    )


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(cast, centre, reviewer):
    messages = refused(
        PROVIDERS,
        reviewer,
        centre,
        [
            provider_row(centre, kind="会计师事务所"),  # 2: unknown item
            provider_row(centre, name="乙律师事务所", credit_code="91330102MA27XY1N5X"),  # 3
            provider_row(centre, name="丙律师事务所"),  # 4
            provider_row(centre, name="丙律师事务所"),  # 5: duplicate in the file
        ],
    )
    assert messages == [
        cell(PROVIDERS, 2, "kind", "未知的机构类别“会计师事务所”，请从下拉列表中选择。"),
        cell(PROVIDERS, 3, "credit_code", "统一社会信用代码无效。"),
        cell(
            PROVIDERS,
            5,
            "office_code",
            f"名册所属机构编码、机构名称“{centre.code}、丙律师事务所”与第4行重复。",
        ),
    ]
    assert not Provider.objects.exists()

    import_now(PROVIDERS, reviewer, centre, providers(centre)[:2])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    messages = refused(
        HANDLERS,
        reviewer,
        centre,
        [
            handler_row(centre, id_number="330102198001010010"),  # 2: bad check character
            handler_row(
                centre, id_number=imports.resident_id("19830303"), practising_since=tomorrow
            ),  # 3: in the future
            # 4: criminal defence before practising (end before start)
            handler_row(
                centre,
                id_number=imports.resident_id("19840404"),
                practising_since="2015-01-01",
                criminal_defence_since="2014-01-01",
            ),
            # 5: a provider not on the roster
            handler_row(centre, provider="乙律师事务所", id_number=imports.resident_id("19850505")),
            # 6: a grassroots worker in a law firm (the roster's rule)
            handler_row(
                centre,
                id_number=imports.resident_id("19860606"),
                kind="基层法律服务工作者",
                criminal_defence_since="",
            ),
            # 7: a lawyer without a licence number
            handler_row(
                centre,
                id_number=imports.resident_id("19870707"),
                licence_number="",
                criminal_defence_since="",
            ),
        ],
    )
    assert messages[0].startswith(cell(HANDLERS, 2, "id_number", "")) and "校验" in messages[0]
    assert messages[1:] == [
        cell(HANDLERS, 3, "practising_since", "日期不能晚于今天。"),
        cell(HANDLERS, 4, "criminal_defence_since", "从事刑事辩护起始日期不能早于执业开始日期。"),
        cell(HANDLERS, 5, "provider", "名册中没有承办机构“乙律师事务所”，请先导入承办机构。"),
        cell(HANDLERS, 6, "kind", "律师事务所的承办人员不能是基层法律服务工作者。"),
        cell(HANDLERS, 7, "licence_number", "律师和基层法律服务工作者须填写执业证号。"),
    ]
    assert not Handler.objects.exists()
    assert not Person.objects.filter(name="李律师").exists()  # the dry run kept nobody


def test_a_missing_required_column_stops_the_file(cast, centre, reviewer):
    columns = [f.header for f in HANDLERS.fields if f.key != "kind"]
    messages = refused(HANDLERS, reviewer, centre, [handler_row(centre)], headers=columns)
    assert messages == ["第1行：缺少“人员类别”列。"]


def test_gbk_csv(cast, centre, reviewer):
    file = imports.csv_file(PROVIDERS, providers(centre), encoding="gbk")
    batches.import_now(
        PROVIDERS, actor=reviewer, office=centre, content=file.read(), name=file.name
    )
    assert set(Provider.objects.values_list("name", flat=True)) == {
        "甲律师事务所",
        "甲一法律服务所",
        "已注销律师事务所",
    }


# --- re-import, corrected re-import, roll-back ----------------------------------------------------


def test_reimport_changes_nothing_and_a_corrected_file_updates_only_what_changed(
    cast, centre, reviewer, login
):
    client = login(reviewer)
    url = reverse("imports:upload", args=[HANDLERS.key])
    imports.import_file(
        client,
        reverse("imports:upload", args=[PROVIDERS.key]),
        imports.xlsx(PROVIDERS, providers(centre)),
    )
    rows = handlers(centre)
    _page, first = imports.import_file(client, url, imports.xlsx(HANDLERS, rows))
    assert first.status == ImportBatch.Status.APPLIED, first.errors
    stamps = dict(Handler.objects.values_list("pk", "updated_at"))

    _page, again = imports.import_file(client, url, imports.xlsx(HANDLERS, rows))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert dict(Handler.objects.values_list("pk", "updated_at")) == stamps

    rows[1][headers(HANDLERS)["criminal_defence_since"]] = "2016-05-01"
    rows[0][headers(HANDLERS)["active"]] = "否"
    _preview, corrected = imports.upload(client, url, imports.xlsx(HANDLERS, rows))
    assert (corrected.created_count, corrected.updated_count, corrected.unchanged_count) == (
        0,
        2,
        1,
    )
    imports.confirm(client, corrected)
    corrected.refresh_from_db()
    assert corrected.status == ImportBatch.Status.APPLIED, corrected.errors
    qian = Handler.objects.get(person__name="钱律师")
    assert qian.criminal_defence_since == D(2016, 5, 1)
    assert Handler.objects.get(person__name="李律师").active is False
    worker = Handler.objects.get(person__name="周法务")
    assert worker.updated_at == stamps[worker.pk]

    batches.rollback(corrected, actor=reviewer)
    assert Handler.objects.get(person__name="钱律师").criminal_defence_since is None
    assert Handler.objects.get(person__name="李律师").active is True
    batches.rollback(first, actor=reviewer)
    assert not Handler.objects.exists()
    assert not Person.objects.filter(name__in=["李律师", "钱律师", "周法务"]).exists()


def test_an_office_imports_only_into_its_subtree(cast, centre, login):
    elsewhere = make_centre(cast.county_b, name="乙县法律援助中心")
    sibling = make_centre(cast.county_a, name="甲县法律援助中心二")
    client = login(cast.county_supervisor)
    file = imports.xlsx(
        PROVIDERS,
        [provider_row(centre), provider_row(sibling), provider_row(elsewhere)],
    )
    _page, batch = imports.upload(
        client, reverse("imports:upload", args=[PROVIDERS.key]), file, office=centre.pk
    )
    assert [e["message"] for e in batch.errors] == [
        f"机构编码“{sibling.code}”不存在或不在您的管理范围内。",
        f"机构编码“{elsewhere.code}”不存在或不在您的管理范围内。",
    ]
    assert not Provider.objects.exists()
