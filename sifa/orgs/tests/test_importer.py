"""The office import: parsing and checking (importer.py) and the all-or-nothing write."""

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from sifa.orgs import actions, importer
from sifa.orgs.constants import LegalAidStationHost, MediationCommitteeType, OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.tests.helpers import HEADERS, county_manager, row, workbook_bytes


def read(cast, rows, actor=None, **kwargs):
    plan = importer.read_offices(workbook_bytes(rows, **kwargs), actor=actor or cast.sysadmin)
    return plan, [str(e) for e in plan.errors]


GOOD_ROWS = [
    row("330102", "330102003", "甲三镇司法所", "司法所", established="2016-03-01"),
    row("330102003", "330102003201", "甲三村司法行政服务站", "村(社区)司法行政服务站"),
    row(
        "330102003",
        "330102003T",
        "甲三镇人民调解委员会",
        "人民调解委员会",
        "乡镇调委会",
        region="330102003",
    ),
    row(
        "330102003",
        "330102003L",
        "甲三镇法律援助工作站",
        "法律援助工作站",
        "乡镇(街道)",
        region="330102003",
    ),
    row(
        "330102001", "330102001LP", "甲一村法律援助联络点", "法律援助联络点", region="330102001201"
    ),
]


def test_good_rows_parse_without_errors(cast):
    plan, errors = read(cast, GOOD_ROWS)
    assert errors == []
    assert [r.number for r in plan.rows] == [2, 3, 4, 5, 6]
    first, _station, committee, workstation, _point = plan.rows
    assert first.kind == OfficeKind.JUDICIAL_OFFICE
    assert first.established_on == date(2016, 3, 1)
    assert committee.subtype == MediationCommitteeType.TOWNSHIP
    assert workstation.subtype == LegalAidStationHost.TOWNSHIP


def test_cells_typed_as_numbers_dates_and_full_width_brackets(cast):
    rows = [
        [
            330102,
            330102003,
            "甲三镇司法所",
            "司法所",
            None,
            330102003,
            None,
            None,
            datetime(2016, 3, 1),
        ],
        [
            330102003,
            330102003201,
            "甲三村服务站",
            "村（社区）司法行政服务站",
            None,
            330102003201,
            None,
            None,
            "2016/3/2",
        ],
        [
            330102003,
            "M-1",
            "甲三村调委会",
            "人民调解委员会",
            "居（社区）调委会",
            330102003201,
            "",
            "",
            "2016年3月3日",
        ],
    ]
    plan, errors = read(cast, rows)
    assert errors == []
    assert [r.code for r in plan.rows] == ["330102003", "330102003201", "M-1"]
    assert plan.rows[1].kind == OfficeKind.SERVICE_STATION
    assert plan.rows[2].subtype == MediationCommitteeType.COMMUNITY
    assert [r.established_on for r in plan.rows] == [date(2016, 3, d) for d in (1, 2, 3)]


def test_blank_rows_are_skipped_and_row_numbers_kept(cast):
    rows = [GOOD_ROWS[0], [None] * 9, ["", " ", None], GOOD_ROWS[1]]
    plan, errors = read(cast, rows)
    assert errors == []
    assert [r.number for r in plan.rows] == [2, 5]


def test_each_error_names_row_and_column(cast):
    rows = [
        GOOD_ROWS[0],
        row("330102", "330102004", "", "司法所"),  # row 3: name empty
        row("330102", "330102005", "甲五镇", "司法局所"),  # row 4: unknown kind
        row("330102", "330102006", "甲六镇", "司法所", region="33010200"),  # row 5: 8 digits
        row("330102", "330102007", "甲七镇", "司法所", established="2016-13-01"),  # row 6
    ]
    _plan, errors = read(cast, rows)
    assert errors == [
        "第3行 C列（机构名称）：不能为空。",
        "第4行 D列（机构类型）：未知的机构类型“司法局所”，请从下拉列表中选择。",
        "第5行 F列（行政区划代码）：司法所的行政区划代码应为9位数字。",
        "第6行 I列（成立日期）：日期格式不正确，请填写如 2020-01-31 的日期。",
    ]


def test_columns_are_found_by_header(cast):
    order = [5, 0, 1, 2, 3, 4, 6, 7, 8]  # region code first
    headers = [HEADERS[i] for i in order]
    rows = [
        [r[i] for i in order]
        for r in (GOOD_ROWS[0], row("330102", "X9", "", "司法所", region="330102009"))
    ]
    plan, errors = read(cast, rows, headers=headers)
    assert plan.rows[0].region_code == "330102003"
    assert errors == ["第3行 D列（机构名称）：不能为空。"]


def test_missing_header_is_reported_and_nothing_read(cast):
    _plan, errors = read(cast, [GOOD_ROWS[0]], headers=HEADERS[:2] + HEADERS[3:])
    assert errors == ["第1行：缺少“机构名称”列。"]


def test_an_optional_column_may_be_absent(cast):
    headers = HEADERS[:6]  # no address, phone or date
    plan, errors = read(cast, [r[:6] for r in GOOD_ROWS[:1]], headers=headers)
    assert errors == []
    assert plan.rows[0].established_on is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            row("330102", "C1", "甲调委会", "人民调解委员会", region="330102001"),
            "第2行 E列（类型细分）：人民调解委员会必须填写类型细分。",
        ),
        (
            row("330102", "C1", "甲调委会", "人民调解委员会", "人民法院", region="330102001"),
            "第2行 E列（类型细分）：“人民法院”不是人民调解委员会的类型细分，可选：村调委会、"
            "居(社区)调委会、乡镇调委会、街道调委会、企事业单位调委会、行业性专业性调委会、"
            "社会团体和其他组织调委会。",
        ),
        (
            row("330102", "C1", "甲司法所", "司法所", "村调委会", region="330102009"),
            "第2行 E列（类型细分）：司法所没有类型细分，请留空。",
        ),
    ],
)
def test_subtype_rules(cast, cells, expected):
    _plan, errors = read(cast, [cells])
    assert errors == [expected]


def test_duplicate_codes_in_the_file_and_in_the_database(cast):
    rows = [
        GOOD_ROWS[0],
        row("330102", "330102003", "甲三镇司法所（重复）", "司法所"),
        # the code of an office of the tree with another name (an identical row is unchanged)
        row("330102", cast.township_a2.code, "甲二镇司法所（新）", "司法所"),
    ]
    _plan, errors = read(cast, rows)
    assert errors == [
        "第3行 B列（机构编码）：机构编码“330102003”与第2行重复。",
        "第4行 B列（机构编码）：机构编码“330102002”已存在。"
        "与已有机构不同的列：机构名称；已有机构请在机构管理中修改。",
    ]


def test_an_office_of_another_scope_is_only_said_to_exist(cast):
    manager = county_manager(cast.county_a)
    rows = [row("330103", cast.township_b1.code, "乙一镇司法所", "司法所")]  # county B's
    _plan, errors = read(cast, rows, actor=manager)
    assert errors == ["第2行 B列（机构编码）：机构编码“330103001”已存在。"]


def test_the_same_file_imported_twice_changes_nothing(cast):
    from sifa.core.imports import batches
    from sifa.orgs.importer import OFFICES

    actions.office_import(actor=cast.sysadmin, file=workbook_bytes(GOOD_ROWS))
    before = {o.pk: (o.path, o.name, o.region_code) for o in Office.objects.all()}
    content = workbook_bytes(GOOD_ROWS).getvalue()
    batch = batches.stage(OFFICES, actor=cast.sysadmin, office=None, content=content, name="o.xlsx")
    assert batch.errors == []
    counts = (batch.created_count, batch.updated_count, batch.unchanged_count)
    assert counts == (0, 0, len(GOOD_ROWS))
    batches.confirm(OFFICES, batch, actor=cast.sysadmin)
    assert {o.pk: (o.path, o.name, o.region_code) for o in Office.objects.all()} == before
    assert batch.records.count() == 0


def test_a_file_of_known_and_new_offices_creates_only_the_new(cast):
    actions.office_import(actor=cast.sysadmin, file=workbook_bytes(GOOD_ROWS[:2]))
    created = actions.office_import(actor=cast.sysadmin, file=workbook_bytes(GOOD_ROWS))
    assert [o.code for o in created] == [r[1] for r in GOOD_ROWS[2:]]
    assert Office.objects.get_parent(Office.objects.get(code="330102003T")).code == "330102003"


DAY = GOOD_ROWS[0][8]


@pytest.mark.parametrize(
    ("changed", "columns"),
    [
        (
            row("330102", "330102003", "甲三镇司法所", "司法所", phone="1", established=DAY),
            "联系电话",
        ),
        (
            row("330102", "330102003", "甲三镇司法所", "司法所", established="2016-03-02"),
            "成立日期",
        ),
        (row("330102001", "330102003", "甲三镇司法所", "司法所", established=DAY), "上级机构编码"),
    ],
)
def test_a_known_code_with_other_values_is_refused(cast, changed, columns):
    actions.office_import(actor=cast.sysadmin, file=workbook_bytes(GOOD_ROWS[:1]))
    _plan, errors = read(cast, [changed])
    assert errors == [
        "第2行 B列（机构编码）：机构编码“330102003”已存在。"
        f"与已有机构不同的列：{columns}；已有机构请在机构管理中修改。"
    ]


def test_parent_must_exist_within_the_manage_scope(cast):
    manager = county_manager(cast.county_a)
    rows = [
        row("999999", "330102003", "甲三镇司法所", "司法所"),
        row(cast.county_b.code, "330103009", "乙九镇司法所", "司法所"),  # exists, not managed
        row(cast.township_a1.code, "330102001209", "甲一村服务站", "村(社区)司法行政服务站"),
    ]
    _plan, errors = read(cast, rows, actor=manager)
    assert errors == [
        "第2行 A列（上级机构编码）：上级机构编码“999999”不存在或不在您的管理范围内。",
        "第3行 A列（上级机构编码）：上级机构编码“330103”不存在或不在您的管理范围内。",
    ]


def test_parent_must_come_earlier_in_the_file(cast):
    rows = [GOOD_ROWS[1], GOOD_ROWS[0]]
    _plan, errors = read(cast, rows)
    assert errors == ["第2行 A列（上级机构编码）：上级机构须写在其下级机构之前的行中。"]


def test_parent_closed(cast):
    Office.objects.filter(pk=cast.village_a1.pk).update(is_active=False)
    rows = [
        row(
            cast.village_a1.code,
            "M9",
            "调委会",
            "人民调解委员会",
            "村调委会",
            region=cast.village_a1.region_code,
        )
    ]
    _plan, errors = read(cast, rows)
    assert errors == ["第2行 A列（上级机构编码）：上级机构“甲一村司法行政服务站”已撤销。"]


def test_region_code_must_nest_in_the_parent_from_the_file_or_the_database(cast):
    rows = [
        GOOD_ROWS[0],
        row("330102003", "330102004201", "错村服务站", "村(社区)司法行政服务站"),
        row("330102", "330103004", "错镇司法所", "司法所"),
    ]
    _plan, errors = read(cast, rows)
    column = "F列（行政区划代码）：行政区划代码应以上级机构"
    assert errors == [
        f"第3行 {column}“甲三镇司法所”的行政区划代码330102003开头。",
        f"第4行 {column}“甲县司法局”的行政区划代码330102开头。",
    ]


def test_not_an_excel_file(cast):
    plan = importer.read_offices(io.BytesIO(b"not a workbook"), actor=cast.sysadmin)
    assert [str(e) for e in plan.errors] == [
        "无法读取文件，请上传由模板填写的 .xlsx 格式 Excel 文件。"
    ]


def test_a_sheet_without_data_rows(cast):
    _plan, errors = read(cast, [])
    assert errors == ["表格中没有数据行。"]


# --- the write: all or nothing ----------------------------------------------------------------


def test_import_creates_every_row_in_the_tree(cast):
    created = actions.office_import(actor=cast.sysadmin, file=workbook_bytes(GOOD_ROWS))
    assert [o.code for o in created] == [r[1] for r in GOOD_ROWS]
    township = Office.objects.get(code="330102003")
    assert Office.objects.get_parent(township) == cast.county_a
    assert {c.code for c in Office.objects.get_children(township)} == {
        "330102003201",
        "330102003T",
        "330102003L",
    }
    assert Office.objects.get_parent(Office.objects.get(code="330102001LP")) == cast.township_a1
    assert Office.objects.find_problems() == ([], [], [], [], [])


def test_one_bad_row_imports_nothing(cast):
    before = Office.objects.count()
    rows = [*GOOD_ROWS, row("330102", "330102008", "", "司法所")]
    with pytest.raises(ValidationError) as excinfo:
        actions.office_import(actor=cast.sysadmin, file=workbook_bytes(rows))
    assert excinfo.value.messages == ["第7行 C列（机构名称）：不能为空。"]
    assert Office.objects.count() == before


def test_import_needs_orgs_manage(cast):
    with pytest.raises(PermissionDenied):
        actions.office_import(actor=cast.county_supervisor, file=workbook_bytes(GOOD_ROWS))
    assert not Office.objects.filter(code="330102003").exists()


# --- the template -----------------------------------------------------------------------------


def test_template_has_headers_lists_and_instructions():
    workbook = load_workbook(io.BytesIO(importer.build_template()))
    assert workbook.sheetnames == ["机构", "选项", "填写说明"]
    sheet = workbook["机构"]
    assert [c.value for c in sheet[1]] == HEADERS
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    last_kind = len(OfficeKind.choices) + 1  # one option per kind, below the heading
    assert lists == {
        "D2:D1001": f"'选项'!$A$2:$A${last_kind}",
        "E2:E1001": "'选项'!$B$2:$B$18",
    }
    options = workbook["选项"]
    kinds = [options.cell(row=i, column=1).value for i in range(2, last_kind + 1)]
    assert kinds == [str(label) for label in OfficeKind.labels]
    subtypes = [options.cell(row=i, column=2).value for i in range(2, 19)]
    assert subtypes == [str(x) for x in MediationCommitteeType.labels + LegalAidStationHost.labels]
    assert "填写说明" in workbook["填写说明"]["A1"].value


def test_the_empty_template_reads_as_no_data(cast):
    plan = importer.read_offices(io.BytesIO(importer.build_template()), actor=cast.sysadmin)
    assert [str(e) for e in plan.errors] == ["表格中没有数据行。"]
