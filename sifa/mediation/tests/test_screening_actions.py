"""矛盾纠纷排查: recording a screening with its findings, all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.mediation.actions.screening import screening_record
from sifa.mediation.constants import FindingHandling, RiskLevel, ScreeningKind
from sifa.mediation.models import Screening, ScreeningFinding
from sifa.mediation.tests.factories import make_case, make_committee

ON = datetime.date(2026, 1, 20)


def finding(**extra):
    data = {
        "dispute_type": "neighbourhood",
        "description": "两户因排水沟堵塞发生争执",
        "risk_level": RiskLevel.LOW,
        "handling": FindingHandling.RESOLVED_ON_SPOT,
    }
    data.update(extra)
    return data


def record(cast, actor=None, **extra):
    fields = dict(
        office=cast.township_a1,
        screened_on=ON,
        kind=ScreeningKind.ROUTINE,
        scope="甲一村全体网格",
        findings=[finding(), finding(risk_level=RiskLevel.HIGH, handling="reported")],
    )
    fields.update(extra)
    return screening_record(actor=actor or cast.township_clerk, **fields)


def test_screening_with_findings(cast):
    screening = record(cast)
    findings = list(screening.findings.order_by("id"))
    assert [f.risk_level for f in findings] == [RiskLevel.LOW, RiskLevel.HIGH]
    assert all(f.office == cast.township_a1 and f.found_on == ON for f in findings)
    assert screening.created_by == cast.township_clerk


def test_screening_without_findings_is_fine(cast):
    screening = record(cast, findings=[])
    assert screening.findings.count() == 0


def test_special_screening_needs_an_occasion(cast):
    with pytest.raises(ValidationError, match="专项名称"):
        record(cast, kind=ScreeningKind.SPECIAL)
    screening = record(cast, kind=ScreeningKind.SPECIAL, occasion="春节")
    assert screening.occasion == "春节"


def test_routine_screening_drops_an_occasion(cast):
    assert record(cast, occasion="春节").occasion == ""


def test_a_bad_finding_saves_nothing(cast):
    with pytest.raises(ValidationError) as error:
        record(cast, findings=[finding(), finding(dispute_type="no_such_type")])
    assert error.value.messages[0].startswith("第2条纠纷：")
    assert not Screening.objects.exists()
    assert not ScreeningFinding.objects.exists()


def test_finding_needs_risk_and_handling(cast):
    with pytest.raises(ValidationError, match="请选择风险等级"):
        record(cast, findings=[finding(risk_level="")])
    with pytest.raises(ValidationError, match="请选择处置方式"):
        record(cast, findings=[finding(handling="")])


def test_future_date_is_refused(cast):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(cast, screened_on=datetime.date.today() + datetime.timedelta(days=1))


def test_only_registered_findings_link_a_case(cast):
    committee = make_committee(cast.township_a1)
    case = make_case(cast.township_clerk, committee)
    with pytest.raises(ValidationError, match="只有“登记为调解案件”"):
        record(cast, findings=[finding(case=case)])
    screening = record(cast, findings=[finding(handling=FindingHandling.REGISTERED, case=case)])
    assert screening.findings.get().case == case


def test_permissions(cast):
    with pytest.raises(Http404):
        record(cast, actor=cast.sibling_clerk)
    with pytest.raises(PermissionDenied):
        record(cast, actor=cast.city_leader)
    # The parent (county) may record for its township.
    assert record(cast, actor=cast.county_supervisor).office == cast.township_a1
