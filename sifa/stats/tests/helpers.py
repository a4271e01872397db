"""Test-only indicators over the staff roster and the office tree, and records to count.

The indicators are registered for one test (the `test_indicators` fixture) and removed
afterwards, so the global registry (what the other apps declare) is left as it was.
"""

from datetime import date

from sifa.orgs.models import Office, StaffMember
from sifa.people.models import Person
from sifa.stats.registry import FLOW, STOCK, Breakdown, Indicator

POSTS = {"mediator": "调解员", "head": "司法所长"}

START, END = date(2026, 1, 1), date(2026, 6, 30)


def staff_queryset():
    return StaffMember.objects.select_related("person")


APPOINTED = Indicator(
    key="test.staff_appointed",
    label="新任工作人员数",
    unit="人",
    definition="统计期间内任职的工作人员，按任职日期计。",
    line="测试业务",
    kind=FLOW,
    queryset=staff_queryset,
    date_field="start_date",
    breakdowns=(
        Breakdown("post", "按岗位", "post", labels=POSTS),
        Breakdown("full_time", "按专兼职", "full_time"),
        Breakdown("office", "按机构", "office"),
    ),
)
SERVING = Indicator(
    key="test.staff_serving",
    label="在岗工作人员数",
    unit="人",
    definition="统计截止日在岗的工作人员：任职日期不晚于截止日，离任日期为空或晚于截止日。",
    line="测试业务",
    kind=STOCK,
    queryset=staff_queryset,
    start_field="start_date",
    end_field="end_date",
    breakdowns=(Breakdown("post", "按岗位", "post", labels=lambda: POSTS),),
    order=1,
)
OFFICES = Indicator(
    key="test.offices",
    label="机构数",
    unit="个",
    definition="统计截止日存续的机构：成立日期为空或不晚于截止日，撤销日期为空或晚于截止日。",
    line="测试机构",
    kind=STOCK,
    queryset=Office.objects.all,
    start_field="established_on",
    end_field="closed_on",
    breakdowns=(Breakdown("kind", "按机构类型", "kind"),),
)
CHILDREN_TOTAL = Indicator(
    key="test.children_total",
    label="直属下级机构数合计",
    unit="个",
    definition="各机构直属下级机构数之和。",
    line="测试机构",
    kind=STOCK,
    queryset=Office.objects.all,
    sum_field="numchild",
    order=1,
)
PEOPLE_REGISTERED = Indicator(
    key="test.people_registered",
    label="新登记人员数",
    unit="人",
    definition="统计期间内登记的人员，按登记时间（当地日期）计。",
    line="测试业务",
    kind=FLOW,
    queryset=Person.objects.all,
    date_field="created_at",
    order=2,
)

TEST_INDICATORS = (APPOINTED, SERVING, OFFICES, CHILDREN_TOTAL, PEOPLE_REGISTERED)


def add_staff(office, *, start, end=None, post="mediator", full_time=False, name="张三"):
    person = Person.objects.create(office=office, name=name)
    return StaffMember.objects.create(
        office=office,
        person=person,
        post=post,
        full_time=full_time,
        start_date=start,
        end_date=end,
    )
