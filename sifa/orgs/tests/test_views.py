"""Office pages: wiring and permissions (own office / parent / sibling / not allowed)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.tests.helpers import county_manager, make_staff, row, workbook_bytes
from tests import imports
from tests.factories import add_office


def detail_url(office):
    return reverse("orgs:office_detail", args=[office.pk])


def names_listed(response):
    return {o.name for o in response.context["offices"]}


# --- the tree ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "listed", "not_listed"),
    [
        (
            "township_clerk",
            {"甲一镇司法所", "甲一村司法行政服务站"},
            {"甲县司法局", "甲二镇司法所"},
        ),
        ("county_supervisor", {"甲县司法局", "甲一镇司法所", "甲二镇司法所"}, {"乙县司法局"}),
        ("sibling_clerk", {"甲二镇司法所"}, {"甲一镇司法所", "甲一村司法行政服务站"}),
        # manage but not view: the system administrator still sees the tree it manages
        ("sysadmin", {"测试市司法局", "乙一镇司法所", "甲一村司法行政服务站"}, set()),
    ],
)
def test_office_list_shows_the_visible_subtree(cast, login, user, listed, not_listed):
    response = login(getattr(cast, user)).get(reverse("orgs:office_list"))
    assert response.status_code == 200
    names = names_listed(response)
    assert listed <= names
    assert not (not_listed & names)


@pytest.mark.parametrize("user", ["public_user", "auditor"])
def test_office_list_is_forbidden_without_view_or_manage(cast, login, user):
    assert login(getattr(cast, user)).get(reverse("orgs:office_list")).status_code == 403


def test_office_list_indents_by_depth_from_the_users_top(cast, login):
    response = login(cast.township_clerk).get(reverse("orgs:office_list"))
    indents = {o.name: o.indent for o in response.context["offices"]}
    assert indents == {"甲一镇司法所": 0, "甲一村司法行政服务站": 1}


def test_office_list_filters_and_counts_by_kind(cast, login):
    client = login(cast.county_supervisor)
    response = client.get(reverse("orgs:office_list"))
    counts = {kind: n for kind, _label, n in response.context["kind_counts"]}
    assert counts == {
        OfficeKind.JUSTICE_BUREAU: 1,
        OfficeKind.JUDICIAL_OFFICE: 2,
        OfficeKind.SERVICE_STATION: 1,
    }
    assert response.context["total"] == 4

    response = client.get(reverse("orgs:office_list"), {"kind": OfficeKind.JUDICIAL_OFFICE})
    assert names_listed(response) == {"甲一镇司法所", "甲二镇司法所"}
    response = client.get(reverse("orgs:office_list"), {"q": "甲二"})
    assert names_listed(response) == {"甲二镇司法所"}
    response = client.get(reverse("orgs:office_list"), {"q": cast.village_a1.code})
    assert names_listed(response) == {"甲一村司法行政服务站"}


def test_office_list_hides_closed_offices_unless_asked(cast, login):
    Office.objects.filter(pk=cast.village_a1.pk).update(is_active=False, closed_on=date(2024, 1, 1))
    client = login(cast.township_clerk)
    assert names_listed(client.get(reverse("orgs:office_list"))) == {"甲一镇司法所"}
    response = client.get(reverse("orgs:office_list"), {"inactive": "on"})
    assert names_listed(response) == {"甲一镇司法所", "甲一村司法行政服务站"}


def test_office_list_within_a_subtree(cast, login):
    client = login(cast.county_supervisor)
    response = client.get(reverse("orgs:office_list"), {"within": cast.township_a1.pk})
    assert names_listed(response) == {"甲一镇司法所", "甲一村司法行政服务站"}
    # A subtree outside the scope is not found.
    response = client.get(reverse("orgs:office_list"), {"within": cast.township_b1.pk})
    assert response.status_code == 404


def test_office_list_queries_do_not_grow_with_the_tree(cast, login, django_assert_max_num_queries):
    client = login(cast.county_supervisor)
    client.get(reverse("orgs:office_list"))  # warm the session and the user
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("orgs:office_list"))
    parent = Office.objects.get(pk=cast.township_a2.pk)
    for i in range(150):
        code = f"330102002{i:03d}"
        parent = Office.objects.get(pk=parent.pk) if i % 10 == 0 else parent
        add_office(
            parent, name=f"村站{i}", code=code, kind=OfficeKind.SERVICE_STATION, region_code=code
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("orgs:office_list"))
    assert len(response.context["offices"]) == 100  # one page
    assert response.context["page_obj"].paginator.count == 154


# --- detail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("township_clerk", 200),  # own office
        ("county_supervisor", 200),  # the parent's supervisor
        ("city_leader", 200),
        ("sysadmin", 200),  # manages it
        ("sibling_clerk", 404),  # sibling
        ("public_user", 404),
        ("auditor", 404),
    ],
)
def test_office_detail_access(cast, login, user, status):
    response = login(getattr(cast, user)).get(detail_url(cast.township_a1))
    assert response.status_code == status


def test_office_detail_shows_chain_children_roster_and_history(cast, login):
    mediator = make_staff(cast.township_a1, post="mediator", name="李调解", full_time=True)
    make_staff(cast.township_a1, post="jo_staff", name="王离任", end=date(2021, 1, 1))
    make_staff(cast.township_a1, post="jo_head", name="赵未到", start=date(2999, 1, 1))
    committee = add_office(
        cast.township_a1,
        name="甲一镇调委会",
        code="T1",
        kind=OfficeKind.MEDIATION_COMMITTEE,
        subtype="township",
        region_code="330102001",
    )
    response = login(cast.county_supervisor).get(detail_url(cast.township_a1))
    assert [o.name for o in response.context["breadcrumb"]] == ["甲县司法局"]
    groups = dict(response.context["children_by_kind"])
    assert groups == {"村(社区)司法行政服务站": [cast.village_a1], "人民调解委员会": [committee]}
    assert response.context["staff"] == [mediator]
    content = response.content.decode()
    assert "李调解" in content and "人民调解员" in content
    assert "王离任" not in content and "赵未到" not in content
    assert "修改记录" in content  # the history block of sifa.audit
    assert "新增下级机构" not in content  # no orgs.manage


def test_office_detail_breadcrumb_stops_at_the_users_scope(cast, login):
    response = login(cast.township_clerk).get(detail_url(cast.village_a1))
    assert [o.name for o in response.context["breadcrumb"]] == ["甲一镇司法所"]


def test_office_detail_for_sysadmin_has_actions_but_no_roster(cast, login):
    make_staff(cast.township_a1, name="李调解")
    response = login(cast.sysadmin).get(detail_url(cast.township_a1))
    content = response.content.decode()
    assert response.context["staff"] == []
    assert "李调解" not in content
    assert reverse("orgs:office_create", args=[cast.township_a1.pk]) in content
    assert reverse("orgs:office_edit", args=[cast.township_a1.pk]) in content


# --- create / edit / deactivate ---------------------------------------------------------------


@pytest.fixture
def manager(cast):
    """orgs.manage on county A only: own subtree, parent county, sibling county."""
    return county_manager(cast.county_a)


@pytest.mark.parametrize(
    "view", ["orgs:office_create", "orgs:office_edit", "orgs:office_deactivate"]
)
@pytest.mark.parametrize(
    ("user", "office", "status"),
    [
        ("manager", "county_a", 200),  # own office
        ("manager", "township_a1", 200),  # a child
        ("manager", "city", 404),  # the parent
        ("manager", "county_b", 404),  # the sibling county
        ("county_supervisor", "township_a1", 403),  # sees it, may not manage it
        ("township_clerk", "township_a1", 403),
        ("sibling_clerk", "township_a1", 404),
        ("public_user", "township_a1", 404),
    ],
)
def test_manage_pages_access(cast, login, manager, view, user, office, status):
    actor = manager if user == "manager" else getattr(cast, user)
    response = login(actor).get(reverse(view, args=[getattr(cast, office).pk]))
    assert response.status_code == status


def test_create_child_office(cast, login, manager):
    response = login(manager).post(
        reverse("orgs:office_create", args=[cast.township_a1.pk]),
        {
            "code": "330102001T",
            "name": "甲一镇人民调解委员会",
            "kind": OfficeKind.MEDIATION_COMMITTEE,
            "subtype": "mediation_committee:township",
            "region_code": "330102001",
            "established_on": "2018-05-01",
        },
    )
    office = Office.objects.get(code="330102001T")
    assert response.status_code == 302
    assert response["Location"] == detail_url(office)
    assert Office.objects.get_parent(office) == cast.township_a1
    assert office.subtype == "township"
    assert office.established_on == date(2018, 5, 1)


def test_create_with_errors_keeps_what_was_typed(cast, login, manager):
    response = login(manager).post(
        reverse("orgs:office_create", args=[cast.county_a.pk]),
        {
            "code": "330102009",
            "name": "甲九镇司法所",
            "kind": OfficeKind.JUDICIAL_OFFICE,
            "region_code": "330103009",  # not in county A
            "address": "甲九镇人民路8号",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "行政区划代码应以上级机构“甲县司法局”的行政区划代码330102开头。" in content
    assert 'value="甲九镇人民路8号"' in content and 'value="330103009"' in content
    assert not Office.objects.filter(code="330102009").exists()


def test_create_rejects_a_subtype_of_another_kind(cast, login, manager):
    response = login(manager).post(
        reverse("orgs:office_create", args=[cast.township_a1.pk]),
        {
            "code": "W1",
            "name": "工作站",
            "kind": OfficeKind.LEGAL_AID_WORKSTATION,
            "subtype": "mediation_committee:township",
            "region_code": "330102001",
        },
    )
    assert "所选类型细分不属于该机构类型。" in response.content.decode()
    assert not Office.objects.filter(code="W1").exists()


def test_edit_office(cast, login, manager):
    url = reverse("orgs:office_edit", args=[cast.township_a1.pk])
    client = login(manager)
    form = client.get(url).context["form"]
    data = {k: v or "" for k, v in form.initial.items()}
    data.update(name="甲一镇司法所（改）", phone="0571-8888", short_name="丰甲司")
    response = client.post(url, data)
    assert response.status_code == 302
    office = Office.objects.get(pk=cast.township_a1.pk)
    assert (office.name, office.phone) == ("甲一镇司法所（改）", "0571-8888")
    assert office.short_name == "丰甲司"  # the 机关代字 of its documents' numbers


def test_edit_by_a_user_without_orgs_manage_is_forbidden(cast, login):
    url = reverse("orgs:office_edit", args=[cast.township_a1.pk])
    response = login(cast.township_clerk).post(url, {"name": "x"})
    assert response.status_code == 403
    assert Office.objects.get(pk=cast.township_a1.pk).name == "甲一镇司法所"


def test_deactivate_office(cast, login, manager):
    url = reverse("orgs:office_deactivate", args=[cast.village_a1.pk])
    response = login(manager).post(url, {"closed_on": "2024-06-30"})
    assert response.status_code == 302
    office = Office.objects.get(pk=cast.village_a1.pk)
    assert not office.is_active and office.closed_on == date(2024, 6, 30)


def test_deactivate_office_with_children_shows_why(cast, login, manager):
    url = reverse("orgs:office_deactivate", args=[cast.township_a1.pk])
    response = login(manager).post(url, {"closed_on": "2024-06-30"})
    assert response.status_code == 200
    assert "请先撤销其下级机构：甲一村司法行政服务站。" in response.content.decode()
    assert Office.objects.get(pk=cast.township_a1.pk).is_active


# --- import -----------------------------------------------------------------------------------

IMPORT_ROWS = [
    row("330102", "330102003", "甲三镇司法所", "司法所"),
    row("330102003", "330102003201", "甲三村司法行政服务站", "村(社区)司法行政服务站"),
]


def upload(client, rows):
    """Upload the rows; the preview page (followed), as the clerk sees it."""
    response, _batch = imports.upload(client, reverse("orgs:office_import"), workbook_bytes(rows))
    return response


def test_import_page_access(cast, login, manager):
    assert login(manager).get(reverse("orgs:office_import")).status_code == 200
    for user in ("township_clerk", "county_supervisor", "public_user"):
        response = login(getattr(cast, user)).get(reverse("orgs:office_import"))
        assert response.status_code == 403


def test_import_good_file_creates_all(cast, login, manager):
    client = login(manager)
    preview, batch = imports.upload(
        client, reverse("orgs:office_import"), workbook_bytes(IMPORT_ROWS)
    )
    assert "检查完成：将新增2条，更新0条，未变0条。" in preview.content.decode()
    assert not Office.objects.filter(code="330102003").exists()  # the preview writes nothing
    response = imports.confirm(client, batch)
    assert response.status_code == 200
    assert "导入完成：新增2条，更新0条，未变0条。" in response.content.decode()
    assert Office.objects.get_parent(Office.objects.get(code="330102003201")).code == "330102003"


def test_import_one_bad_row_creates_nothing(cast, login, manager):
    rows = [*IMPORT_ROWS, row("330102", "330102004", "", "司法所")]
    response = upload(login(manager), rows)
    content = response.content.decode()
    assert "第4行 C列（机构名称）：不能为空。" in content
    assert "未导入任何数据" in content
    assert 'data-testid="confirm"' not in content
    assert not Office.objects.filter(code__in=["330102003", "330102003201"]).exists()


def test_import_bad_parent(cast, login, manager):
    rows = [row(cast.county_b.code, "330103009", "乙九镇司法所", "司法所")]
    content = upload(login(manager), rows).content.decode()
    assert "第2行 A列（上级机构编码）：上级机构编码“330103”不存在或不在您的管理范围内。" in content
    assert not Office.objects.filter(code="330103009").exists()


def test_import_duplicate_code(cast, login, manager):
    # the code of an office of the tree with another name (an identical row is unchanged)
    rows = [*IMPORT_ROWS, row("330102", cast.township_a2.code, "甲二镇司法所（新）", "司法所")]
    content = upload(login(manager), rows).content.decode()
    assert "第4行 B列（机构编码）：机构编码“330102002”已存在。" in content
    assert "与已有机构不同的列：机构名称" in content
    assert not Office.objects.filter(code="330102003").exists()


def test_import_refuses_other_file_types(cast, login, manager):
    # .csv files are imported too (issue 17); any other type is refused on the form.
    file = io.BytesIO(b"a,b")
    file.name = "offices.txt"
    response = login(manager).post(reverse("orgs:office_import"), {"file": file})
    assert "请上传 .xlsx、.xls 格式的 Excel 文件或 .csv 文件" in response.content.decode()


def test_import_template_download(cast, login, manager):
    response = login(manager).get(reverse("orgs:office_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["机构"]["C1"].value == "机构名称"


def test_import_template_needs_orgs_manage(cast, login):
    response = login(cast.township_clerk).get(reverse("orgs:office_import_template"))
    assert response.status_code == 403


# --- navigation and search --------------------------------------------------------------------


def test_navigation_entries(cast, rf):
    from sifa.shell.menu import navigation_for

    def labels(user):
        request = rf.get("/")
        request.user = user
        return {item["label"] for s in navigation_for(request) for item in s["items"]}

    assert "机构树" in labels(cast.township_clerk)
    assert "导入机构" not in labels(cast.township_clerk)
    assert "导入机构" in labels(cast.sysadmin)
    assert not {"机构树", "导入机构"} & labels(cast.public_user)


def test_global_search_finds_offices_in_scope(cast):
    from sifa.core.search import search

    titles = {hit.title for hit in search(cast.township_clerk, "甲") if hit.kind == "机构"}
    assert titles == {"甲一镇司法所", "甲一村司法行政服务站"}
