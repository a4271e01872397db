"""Eligibility rules (法律援助法 第24、25、28、29、31–34、41、42条), table-driven."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from sifa.legalaid.constants import (
    Area,
    Basis,
    ExemptionProof,
    HardshipCheck,
    Matter,
    MatterType,
)
from sifa.legalaid.eligibility import (
    ART31_MATTERS,
    ART32_MATTERS,
    Assessment,
    Facts,
    assess,
    standard_in_force,
)
from sifa.legalaid.tests.builders_h1 import make_standard

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 2)
REGION = "330102001"  # a township of county 330102


@pytest.fixture
def standard():
    return make_standard(region_code="330102", area=Area.URBAN, limit="1500")


def facts(matter=Matter.LABOUR_PAY, **extra) -> Facts:
    values = {
        "matter": matter,
        "matter_type": MatterType.CIVIL,
        "on": ON,
        "region_code": REGION,
        "area": Area.URBAN,
    }
    values.update(extra)
    return Facts(**values)


def poor(standard, matter=Matter.LABOUR_PAY, **extra) -> Facts:
    """A household whose income per head is exactly half the limit."""
    return facts(
        matter,
        household_size=2,
        household_monthly_income=standard.monthly_income_limit,
        **extra,
    )


# --- bases --------------------------------------------------------------------------------

NO_HARDSHIP_CASES = [
    # (facts keywords, basis, article cited)
    ({"matter": Matter.CRIMINAL_DEFENCE, "notified": True}, Basis.ART25_NOTIFIED, "第二十五条"),
    (
        {"matter": Matter.CRIMINAL_DEFENCE, "serious_charge": True},
        Basis.ART25_NOTIFIED,
        "第二十五条",
    ),
    (
        {"matter": Matter.COMPULSORY_MEDICAL, "notified": True},
        Basis.ART28_COMPULSORY_MEDICAL,
        "第二十八条",
    ),
    *[({"matter": m}, Basis.ART32_NO_HARDSHIP_TEST, "第三十二条") for m in sorted(ART32_MATTERS)],
]


@pytest.mark.parametrize(("extra", "basis", "article"), NO_HARDSHIP_CASES)
def test_no_hardship_test_bases(extra, basis, article):
    # No standard, no income: still eligible, because hardship is not a condition.
    extra = dict(extra)
    result = assess(facts(extra.pop("matter"), matter_type=MatterType.CRIMINAL, **extra))
    assert result.eligible is True
    assert result.basis == basis
    assert result.hardship_check == HardshipCheck.NOT_REQUIRED
    assert result.standard is None
    assert f"依据《法律援助法》{article}" in result.explanation
    assert "不受经济困难条件的限制" in result.explanation


def test_compulsory_medical_without_notification_is_undecided():
    result = assess(facts(Matter.COMPULSORY_MEDICAL))
    assert result.eligible is None
    assert result.basis == Basis.ART28_COMPULSORY_MEDICAL
    assert result.hardship_check == HardshipCheck.NOT_REQUIRED
    assert "第二十八条" in result.explanation


HARDSHIP_CASES = [
    (Matter.CRIMINAL_DEFENCE, Basis.ART24_CRIMINAL_APPLY, "第二十四条"),
    (Matter.CRIMINAL_VICTIM, Basis.ART29_VICTIM, "第二十九条"),
    (Matter.RETRIAL, Basis.ART33_RETRIAL, "第三十三条"),
    *[(m, Basis.ART31_HARDSHIP, "第三十一条") for m in sorted(ART31_MATTERS)],
]


@pytest.mark.parametrize(("matter", "basis", "article"), HARDSHIP_CASES)
def test_hardship_bases_check_the_standard(standard, matter, basis, article):
    eligible = assess(poor(standard, matter))
    assert eligible.eligible is True
    assert eligible.basis == basis
    assert eligible.standard == standard
    assert f"依据《法律援助法》{article}" in eligible.explanation
    assert "第三十四条" in eligible.explanation

    above = standard.monthly_income_limit + Decimal("0.01")
    refused = assess(facts(matter, household_size=1, household_monthly_income=above))
    assert refused.eligible is False
    assert refused.basis == basis
    assert "不符合经济困难条件" in refused.explanation


def test_other_matter_is_left_to_the_reviewer(standard):
    result = assess(poor(standard, Matter.OTHER))
    assert result.eligible is None
    assert result.basis == Basis.OTHER
    assert result.standard is None
    assert "审查人员审查决定" in result.explanation


# --- exemptions (第42条) ----------------------------------------------------------------------

EXEMPTIONS = [
    (proof, Matter.LABOUR_PAY)
    for proof in ExemptionProof.values
    if proof != ExemptionProof.MIGRANT_WORKER_WAGES
] + [
    (ExemptionProof.MIGRANT_WORKER_WAGES, Matter.LABOUR_PAY),
    (ExemptionProof.MIGRANT_WORKER_WAGES, "work_injury"),
]


@pytest.mark.parametrize(("proof", "matter"), EXEMPTIONS)
def test_exemption_proofs_skip_the_hardship_check(proof, matter):
    # No standard exists and no income is given: the exemption alone decides.
    result = assess(facts(matter, exemption_proof=proof, hardship_check=HardshipCheck.PLEDGE))
    assert result.eligible is True
    assert result.hardship_check == HardshipCheck.EXEMPT
    assert result.standard is None
    assert "第四十二条" in result.explanation
    assert str(ExemptionProof(proof).label) in result.explanation


@pytest.mark.parametrize("matter", [Matter.MAINTENANCE, Matter.CRIMINAL_VICTIM, Matter.RETRIAL])
def test_migrant_worker_exemption_misapplied_is_explained(standard, matter):
    result = assess(poor(standard, matter, exemption_proof=ExemptionProof.MIGRANT_WORKER_WAGES))
    assert result.hardship_check != HardshipCheck.EXEMPT
    assert result.eligible is True  # decided by the standard instead
    assert result.standard == standard
    assert "不适用免予核查" in result.explanation
    # 法律援助法 第42条第三项 (the statute has four items; there is no 第五项).
    assert "第四十二条第三项" in result.explanation
    assert "第五项" not in result.explanation


# Values, not constants, so that the test runs (and fails) on the code before the split.
@pytest.mark.parametrize("matter", ["traffic_injury", "medical_injury", "food_drug_injury"])
def test_migrant_worker_not_exempt_for_other_personal_injury(standard, matter):
    # 第42条第三项 covers labour pay and 工伤 damages only: a migrant worker's traffic,
    # medical or food/drug injury claim is a 第31条第七项 matter whose hardship is verified.
    result = assess(poor(standard, matter, exemption_proof=ExemptionProof.MIGRANT_WORKER_WAGES))
    assert result.basis == Basis.ART31_HARDSHIP
    assert result.hardship_check != HardshipCheck.EXEMPT
    assert result.standard == standard
    assert "第三十一条第七项" in result.explanation
    assert "第四十二条第三项" in result.explanation
    assert "不适用免予核查" in result.explanation


def test_migrant_worker_work_injury_is_exempt_under_item_three():
    result = assess(facts("work_injury", exemption_proof=ExemptionProof.MIGRANT_WORKER_WAGES))
    assert result.eligible is True
    assert result.basis == Basis.ART31_HARDSHIP
    assert result.hardship_check == HardshipCheck.EXEMPT
    assert "第三十一条第七项" in result.explanation
    assert "依据《法律援助法》第四十二条第三项" in result.explanation


@pytest.mark.parametrize(
    ("proof", "item"),
    [
        (ExemptionProof.MINOR_NO_INCOME, "第一项"),
        (ExemptionProof.ELDERLY_NO_INCOME, "第一项"),
        (ExemptionProof.DISABLED_NO_INCOME, "第一项"),
        (ExemptionProof.SOCIAL_ASSISTANCE, "第二项"),
        (ExemptionProof.MIGRANT_WORKER_WAGES, "第三项"),
        (ExemptionProof.OTHER, "第四项"),
    ],
)
def test_exemption_cites_its_item(proof, item):
    result = assess(facts(Matter.LABOUR_PAY, exemption_proof=proof))
    assert result.hardship_check == HardshipCheck.EXEMPT
    assert f"依据《法律援助法》第四十二条{item}" in result.explanation


def test_exemption_waives_verification_not_the_condition(standard):
    # 第42条 waives the verification; the applicant's own statement (第41条第一款) of an
    # income per head above the standard still shows the hardship condition is not met.
    above = standard.monthly_income_limit * 2 + Decimal("2")
    result = assess(
        facts(
            Matter.LABOUR_PAY,
            exemption_proof=ExemptionProof.SOCIAL_ASSISTANCE,
            household_size=2,
            household_monthly_income=above,
        )
    )
    assert result.eligible is False
    assert result.hardship_check == HardshipCheck.EXEMPT
    assert result.standard == standard
    assert "不符合经济困难条件" in result.explanation
    # Within the standard, or nothing stated: eligible without any verification.
    within = assess(poor(standard, exemption_proof=ExemptionProof.SOCIAL_ASSISTANCE))
    assert within.eligible is True
    assert within.hardship_check == HardshipCheck.EXEMPT


@pytest.mark.parametrize(
    ("matter", "item"),
    [
        (Matter.MARTYR_RIGHTS, "第一项"),
        (Matter.GOOD_SAMARITAN, "第二项"),
        (Matter.RETRIAL_ACQUITTAL, "第三项"),
        (Matter.ABUSE_VIOLENCE, "第四项"),
    ],
)
def test_article_32_matters_need_no_hardship_and_cite_their_item(standard, matter, item):
    # Even a household far above the standard: 第32条 sets no hardship condition at all.
    rich = facts(matter, household_size=1, household_monthly_income=Decimal("99999"))
    result = assess(rich)
    assert result.eligible is True
    assert result.basis == Basis.ART32_NO_HARDSHIP_TEST
    assert result.hardship_check == HardshipCheck.NOT_REQUIRED
    assert result.standard is None
    assert f"依据《法律援助法》第三十二条{item}" in result.explanation


@pytest.mark.parametrize(
    ("extra", "item"),
    [
        ({"groups": frozenset({"minor"})}, "第一项"),
        ({"defence_ground": "sensory_disabled"}, "第二项"),
        ({"defence_ground": "diminished_capacity"}, "第三项"),
        ({"serious_charge": True}, "第四项"),
        ({"criminal_stage": "death_review"}, "第五项"),
        ({"defence_ground": "absentia"}, "第六项"),
    ],
)
def test_article_25_groups_applying_directly_skip_the_hardship_test(standard, extra, item):
    # A household above the standard: a 第25条 suspect or defendant is not tested at all.
    case = facts(
        Matter.CRIMINAL_DEFENCE,
        matter_type=MatterType.CRIMINAL,
        household_size=1,
        household_monthly_income=Decimal("99999"),
        **extra,
    )
    result = assess(case)
    assert result.eligible is True
    assert result.basis == Basis.ART25_NOTIFIED
    assert result.hardship_check == HardshipCheck.NOT_REQUIRED
    assert result.standard is None
    assert f"依据《法律援助法》第二十五条第一款{item}" in result.explanation


def test_a_disabled_person_in_general_is_not_an_article_25_ground(standard):
    # 第25条第一款第二项 lists 视力、听力、言语残疾人 only: the general 残疾人 group is not enough.
    result = assess(
        poor(
            standard,
            Matter.CRIMINAL_DEFENCE,
            matter_type=MatterType.CRIMINAL,
            groups=frozenset({"disabled"}),
        )
    )
    assert result.basis == Basis.ART24_CRIMINAL_APPLY
    assert result.standard == standard


def test_exemption_does_not_matter_where_no_hardship_test_applies():
    result = assess(facts(Matter.ABUSE_VIOLENCE, exemption_proof=ExemptionProof.MINOR_NO_INCOME))
    assert result.hardship_check == HardshipCheck.NOT_REQUIRED


# --- the standard: boundary, verification type, missing information ------------------------


def test_income_exactly_at_the_limit_qualifies(standard):
    size = 3
    at_limit = standard.monthly_income_limit * size
    result = assess(facts(household_size=size, household_monthly_income=at_limit))
    assert result.eligible is True
    assert str(standard.monthly_income_limit.quantize(Decimal("0.01"))) in result.explanation

    one_cent_more = assess(
        facts(household_size=size, household_monthly_income=at_limit + Decimal("0.03"))
    )
    assert one_cent_more.eligible is False


def test_refusal_quotes_the_figures(standard):
    income, size = standard.monthly_income_limit * 4, 2
    result = assess(facts(household_size=size, household_monthly_income=income))
    assert result.eligible is False
    per_head = (income / size).quantize(Decimal("0.01"))
    for figure in (str(per_head), str(standard.monthly_income_limit), str(size)):
        assert figure in result.explanation
    assert standard.basis in result.explanation


@pytest.mark.parametrize(
    "check", [HardshipCheck.PLEDGE, HardshipCheck.INFO_SHARING, HardshipCheck.DOCUMENTS]
)
def test_the_chosen_verification_is_recorded(standard, check):
    result = assess(poor(standard, hardship_check=check))
    assert result.hardship_check == check
    assert "第四十一条" in result.explanation
    assert str(HardshipCheck(check).label) in result.explanation


def test_verification_not_given_stays_empty(standard):
    assert assess(poor(standard)).hardship_check == ""


@pytest.mark.parametrize(
    "missing",
    [
        {"household_size": None, "household_monthly_income": Decimal("800")},
        {"household_size": 2, "household_monthly_income": None},
        {"household_size": None, "household_monthly_income": None},
        {"household_size": 0, "household_monthly_income": Decimal("800")},
    ],
)
def test_missing_income_or_size_is_undecided(standard, missing):
    result = assess(facts(**missing))
    assert result.eligible is None
    assert result.standard == standard
    assert "需补充家庭人口和收入情况" in result.explanation


def test_no_standard_in_force_is_undecided():
    result = assess(facts(household_size=1, household_monthly_income=Decimal("100")))
    assert result.eligible is None
    assert result.standard is None
    assert "经济困难标准" in result.explanation


@pytest.mark.parametrize("missing", [{"region_code": ""}, {"area": ""}])
def test_missing_region_or_area_is_undecided(standard, missing):
    result = assess(facts(household_size=1, household_monthly_income=Decimal("100"), **missing))
    assert result.eligible is None
    assert result.standard is None
    assert "行政区划和城乡类别" in result.explanation


def test_the_area_must_match(standard):
    result = assess(
        facts(area=Area.RURAL, household_size=1, household_monthly_income=Decimal("100"))
    )
    assert result.eligible is None
    assert result.standard is None


# --- dating and prefix matching -------------------------------------------------------------


def test_an_application_keeps_the_standard_in_force_on_its_date(standard):
    case = poor(standard)
    before = assess(case)
    newer = make_standard(
        region_code=standard.region_code,
        valid_from=ON + datetime.timedelta(days=30),
        limit=standard.monthly_income_limit / 10,
    )
    again = assess(case)
    assert again.standard == before.standard == standard
    assert again.eligible is True

    later = assess(replace(case, on=newer.valid_from))
    assert later.standard == newer
    assert later.eligible is False


def test_a_standard_starts_on_its_valid_from():
    std = make_standard(region_code="330102", valid_from=ON)
    assert standard_in_force(REGION, Area.URBAN, ON) == std
    assert standard_in_force(REGION, Area.URBAN, ON - datetime.timedelta(days=1)) is None


def test_the_longest_matching_prefix_wins():
    province = make_standard(region_code="33", limit="1000")
    county = make_standard(region_code="330102", limit="1400")
    make_standard(region_code="330103", limit="1800")  # a sibling county: never matches
    make_standard(region_code="34", limit="2000")  # another province
    assert standard_in_force(REGION, Area.URBAN, ON) == county
    assert standard_in_force("330103001", Area.URBAN, ON).region_code == "330103"
    assert standard_in_force("330199", Area.URBAN, ON) == province
    assert standard_in_force("350102", Area.URBAN, ON) is None


def test_a_longer_prefix_not_yet_in_force_falls_back_to_the_shorter():
    province = make_standard(region_code="33", valid_from=datetime.date(2024, 1, 1))
    make_standard(region_code="330102", valid_from=ON + datetime.timedelta(days=1))
    assert standard_in_force(REGION, Area.URBAN, ON) == province


def test_assessment_explanation_joins_reasons():
    result = Assessment(True, Basis.OTHER, "", None, ("甲。", "乙。"))
    assert result.explanation == "甲。乙。"
