"""The fixture line's declaration: one of everything a line may contribute."""

from datetime import date

from django.db.models import F

from sifa.core.data_quality import QualityRule
from sifa.core.lines import Chart, Line, Pages
from sifa.core.search import SearchHit
from sifa.core.todos import Todo


def fixture_todos(user):
    yield Todo(
        line="测试条线", title="测试待办", due=date(2026, 1, 5), url="/fixture/", overdue=True
    )


def fixture_search(user, query):
    yield SearchHit(kind="测试", title=f"命中 {query}", url="/fixture/")


def _staff_left_before_starting():
    from sifa.orgs.models import StaffMember

    return StaffMember.objects.filter(end_date__lt=F("start_date"))


def _staff_rule():
    from sifa.orgs.models import StaffMember

    return QualityRule(
        code="fixture_line.left_before_starting",
        label="测试规则：离任早于任职",
        definition="离任日期早于任职日期的工作人员。",
        model=StaffMember,
        records=_staff_left_before_starting,
        record_url=lambda staff: "/fixture/",
    )


LINE = Line(
    key="fixture_line",
    name="测试条线",
    pages=(Pages("fixture/", "tests.fixture_line.urls"),),
    order=50,
    tiles=("fixture_line.cases",),
    trend=("fixture_line.cases",),
    charts=(Chart("fixture_line.cases", "kind", "bar"),),
    ranking=("fixture_line.cases",),
    warnings=("fixture_line.late",),
    todos=(("fixture_line", fixture_todos),),
    search=(("fixture_line", fixture_search),),
    api_urls="tests.fixture_line.api.urls",
    api_purposes=(("fixture_exchange", "测试交换"),),
    data_quality=(_staff_rule(),),
)
