from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from sifa.core.testing import assert_invalid
from sifa.orgs import access, actions
from sifa.orgs.access import Cap
from sifa.orgs.constants import LegalAidStationHost, MediationCommitteeType, OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.tests.helpers import county_manager


def create(actor, parent, **overrides):
    fields = {
        "code": parent.region_code + "009",
        "name": "新镇司法所",
        "kind": OfficeKind.JUDICIAL_OFFICE,
        "region_code": parent.region_code + "009",
    }
    fields.update(overrides)
    return actions.office_create(actor=actor, parent=parent, **fields)


def messages_of(excinfo, field):
    return excinfo.value.message_dict[field]


# --- office_create ----------------------------------------------------------------------------


def test_create_adds_a_child_under_the_parent(cast):
    office = create(
        cast.sysadmin,
        cast.county_a,
        address="新镇路1号",
        phone="0571-1234567",
        established_on=date(2015, 6, 1),
    )
    office.refresh_from_db()
    assert Office.objects.get_parent(office) == cast.county_a
    assert office.path.startswith(cast.county_a.path)
    assert office.depth == cast.county_a.depth + 1
    assert (office.address, office.phone) == ("新镇路1号", "0571-1234567")
    assert office.established_on == date(2015, 6, 1)
    assert office.is_active
    assert Office.objects.get(pk=cast.county_a.pk).numchild == 3
    assert office.history.latest().history_user == cast.sysadmin


def test_sorted_insertion_keeps_the_tree_sound(cast):
    # "330102000" sorts before the existing townships, so their paths shift.
    create(cast.sysadmin, cast.county_a, code="330102000", region_code="330102000")
    assert Office.objects.find_problems() == ([], [], [], [], [])
    a1 = Office.objects.get(pk=cast.township_a1.pk)
    assert Office.objects.get_parent(Office.objects.get(pk=cast.village_a1.pk)) == a1
    assert access.can(
        cast.township_clerk,
        Cap.VIEW,
        Office.objects.get(pk=cast.village_a1.pk),
        line=access.ANY_LINE,
    )


def test_create_needs_orgs_manage_on_the_parent(cast):
    with pytest.raises(PermissionDenied):
        create(cast.county_supervisor, cast.county_a)  # sees county A, may not manage it
    with pytest.raises(Http404):
        create(cast.county_supervisor, cast.county_b)  # does not see county B
    with pytest.raises(Http404):
        create(cast.public_user, cast.county_a)
    manager = county_manager(cast.county_a)
    assert create(
        manager,
        cast.township_a1,
        code="330102001301",
        region_code="330102001301",
        kind=OfficeKind.SERVICE_STATION,
    ).pk
    with pytest.raises(Http404):
        create(manager, cast.county_b, code="330103009", region_code="330103009")
    assert not Office.objects.filter(code="330103009").exists()


@pytest.mark.parametrize(
    ("kind", "region_code", "message"),
    [
        (OfficeKind.JUDICIAL_OFFICE, "330102", "司法所的行政区划代码应为9位数字。"),
        (
            OfficeKind.SERVICE_STATION,
            "330102001",
            "村(社区)司法行政服务站的行政区划代码应为12位数字。",
        ),
        (OfficeKind.JUDICIAL_OFFICE, "33010200A", "司法所的行政区划代码应为9位数字。"),
        (OfficeKind.LEGAL_AID_CENTER, "330102001", "法律援助中心的行政区划代码应为6位数字。"),
    ],
)
def test_region_code_length_per_kind(cast, kind, region_code, message):
    with pytest.raises(ValidationError) as excinfo:
        create(cast.sysadmin, cast.county_a, kind=kind, region_code=region_code)
    assert messages_of(excinfo, "region_code") == [message]


def test_township_code_must_start_with_the_county_code(cast):
    with pytest.raises(ValidationError) as excinfo:
        create(cast.sysadmin, cast.county_a, region_code="330103009")
    assert messages_of(excinfo, "region_code") == [
        "行政区划代码应以上级机构“甲县司法局”的行政区划代码330102开头。"
    ]


def test_village_code_must_start_with_the_township_code(cast):
    with pytest.raises(ValidationError) as excinfo:
        create(
            cast.sysadmin,
            cast.township_a1,
            code="S1",
            kind=OfficeKind.SERVICE_STATION,
            region_code="330102002201",  # a village of township A2, not A1
        )
    assert "330102001开头" in messages_of(excinfo, "region_code")[0]


def test_county_code_must_share_the_province(cast):
    with pytest.raises(ValidationError) as excinfo:
        create(
            cast.sysadmin,
            cast.city,
            code="J1",
            kind=OfficeKind.JUSTICE_BUREAU,
            region_code="440105",
        )
    assert messages_of(excinfo, "region_code") == [
        "行政区划代码应与上级机构“测试市司法局”同属一个省份（前两位为33）。"
    ]
    # Same province, another prefecture: allowed (a county-level city may be listed under it).
    assert create(
        cast.sysadmin, cast.city, code="J2", kind=OfficeKind.JUSTICE_BUREAU, region_code="330201"
    ).pk


def test_office_code_is_unique(cast):
    with pytest.raises(ValidationError) as excinfo:
        create(cast.sysadmin, cast.county_a, code=cast.township_b1.code)
    assert messages_of(excinfo, "code") == [f"机构编码“{cast.township_b1.code}”已被使用。"]


@pytest.mark.parametrize(
    ("kind", "subtype", "error"),
    [
        (OfficeKind.MEDIATION_COMMITTEE, "", "请选择人民调解委员会的类型。"),
        (OfficeKind.MEDIATION_COMMITTEE, LegalAidStationHost.COURT, "请选择人民调解委员会的类型。"),
        (OfficeKind.LEGAL_AID_WORKSTATION, "", "请选择法律援助工作站的类型。"),
        (OfficeKind.LEGAL_AID_LIAISON, MediationCommitteeType.VILLAGE, "该机构类型没有类型细分。"),
        (OfficeKind.MEDIATION_COMMITTEE, MediationCommitteeType.VILLAGE, None),
        (OfficeKind.LEGAL_AID_WORKSTATION, LegalAidStationHost.SOCIAL_ORGANISATION, None),
    ],
)
def test_subtype_per_kind(cast, kind, subtype, error):
    if error is None:
        office = create(
            cast.sysadmin,
            cast.township_a1,
            kind=kind,
            subtype=subtype,
            code="X1",
            region_code="330102001",
        )
        assert office.subtype == subtype
        return
    with pytest.raises(ValidationError) as excinfo:
        create(
            cast.sysadmin,
            cast.township_a1,
            kind=kind,
            subtype=subtype,
            code="X1",
            region_code="330102001",
        )
    assert messages_of(excinfo, "subtype") == [error]


def test_required_fields_and_every_error_at_once(cast):
    with pytest.raises(ValidationError) as excinfo:
        create(cast.sysadmin, cast.county_a, code="", name="", region_code="12")
    errors = excinfo.value.message_dict
    assert set(errors) >= {"code", "name", "region_code"}
    assert not Office.objects.filter(name="").exists()


def test_no_child_under_a_closed_office(cast):
    actions.office_deactivate(
        actor=cast.sysadmin, office=cast.village_a1, closed_on=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        create(
            cast.sysadmin,
            cast.village_a1,
            code="M1",
            kind=OfficeKind.MEDIATION_COMMITTEE,
            subtype=MediationCommitteeType.VILLAGE,
            region_code="330102001201",
        )
    assert "已撤销" in excinfo.value.messages[0]


# --- office_update ----------------------------------------------------------------------------


def test_update_changes_fields_and_records_the_actor(cast):
    office = actions.office_update(
        actor=cast.sysadmin, office=cast.township_a1, name="甲一镇司法所（新）", phone="123"
    )
    office.refresh_from_db()
    assert (office.name, office.phone) == ("甲一镇司法所（新）", "123")
    assert office.history.latest().history_user == cast.sysadmin


def test_update_validates_against_the_parent_and_the_children(cast):
    with pytest.raises(ValidationError) as excinfo:
        actions.office_update(actor=cast.sysadmin, office=cast.township_a1, region_code="330103001")
    assert "330102开头" in messages_of(excinfo, "region_code")[0]
    # Township A1 keeps its code; a new code would no longer contain its village's code.
    with pytest.raises(ValidationError) as excinfo:
        actions.office_update(actor=cast.sysadmin, office=cast.township_a1, region_code="330102009")
    assert "甲一村司法行政服务站" in messages_of(excinfo, "region_code")[0]
    assert Office.objects.get(pk=cast.township_a1.pk).region_code == "330102001"


def test_update_keeps_codes_unique_but_allows_its_own(cast):
    actions.office_update(actor=cast.sysadmin, office=cast.township_a1, code=cast.township_a1.code)
    with pytest.raises(ValidationError) as exc:
        actions.office_update(
            actor=cast.sysadmin, office=cast.township_a1, code=cast.township_a2.code
        )
    assert_invalid(exc, "code", "”已被使用。")


def test_update_permissions(cast):
    with pytest.raises(PermissionDenied):
        actions.office_update(actor=cast.township_clerk, office=cast.township_a1, name="x")
    with pytest.raises(Http404):
        actions.office_update(actor=cast.sibling_clerk, office=cast.township_a1, name="x")
    assert Office.objects.get(pk=cast.township_a1.pk).name == "甲一镇司法所"


def test_update_refuses_fields_it_does_not_own(cast):
    with pytest.raises(TypeError):
        actions.office_update(actor=cast.sysadmin, office=cast.township_a1, is_active=False)


# --- office_deactivate ------------------------------------------------------------------------


def test_deactivate_marks_the_office_closed(cast):
    office = actions.office_deactivate(
        actor=cast.sysadmin, office=cast.village_a1, closed_on=date(2024, 3, 1)
    )
    office.refresh_from_db()
    assert not office.is_active
    assert office.closed_on == date(2024, 3, 1)
    assert Office.objects.filter(pk=office.pk).exists()  # never deleted


def test_deactivate_refuses_an_office_with_active_children(cast):
    with pytest.raises(ValidationError) as excinfo:
        actions.office_deactivate(
            actor=cast.sysadmin, office=cast.township_a1, closed_on=date(2024, 3, 1)
        )
    assert "甲一村司法行政服务站" in excinfo.value.messages[0]
    assert Office.objects.get(pk=cast.township_a1.pk).is_active


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        (timezone.localdate() + timedelta(days=1), "撤销日期不能晚于今天。"),
        (date(2009, 12, 31), "撤销日期不能早于成立日期。"),
    ],
)
def test_deactivate_checks_the_date(cast, closed_on, message):
    Office.objects.filter(pk=cast.village_a1.pk).update(established_on=date(2010, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        actions.office_deactivate(actor=cast.sysadmin, office=cast.village_a1, closed_on=closed_on)
    assert messages_of(excinfo, "closed_on") == [message]


def test_deactivate_twice_is_refused(cast):
    actions.office_deactivate(
        actor=cast.sysadmin, office=cast.village_a1, closed_on=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.office_deactivate(
            actor=cast.sysadmin, office=cast.village_a1, closed_on=date(2024, 1, 2)
        )
    assert "该机构已撤销。" in excinfo.value.messages


def test_deactivate_permissions(cast):
    with pytest.raises(PermissionDenied):
        actions.office_deactivate(
            actor=cast.township_clerk, office=cast.village_a1, closed_on=date(2024, 1, 1)
        )
    with pytest.raises(Http404):
        actions.office_deactivate(
            actor=cast.sibling_clerk, office=cast.village_a1, closed_on=date(2024, 1, 1)
        )
    assert Office.objects.get(pk=cast.village_a1.pk).is_active
