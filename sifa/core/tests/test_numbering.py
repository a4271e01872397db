"""sifa.core.numbering: patterns, tokens, the start-up check and document numbers (文号)."""

import pytest

from config.sifa_settings import default
from sifa.core import numbering
from sifa.core.models import IssuedNumber

pytestmark = pytest.mark.django_db


def test_case_number_default_names_the_bureau_region_and_type(cast):
    number = numbering.format_number(
        "legalaid.application", office=cast.township_a1, year=2026, seq=1
    )
    assert number == "330102-FY-2026-0001"  # 甲县 (330102) is the township's bureau
    assert (
        numbering.format_number("corrections.subject", office=cast.county_b, year=2025, seq=12)
        == "330103-JZ-2025-0012"
    )


def test_bulk_numbers_are_the_same_numbers_with_one_tree_query_per_office(
    cast, django_assert_max_num_queries
):
    offices = [cast.township_a1, cast.county_b, cast.township_a1, cast.township_a1]
    years = [2026, 2026, 2026, 2025]
    expected = [
        numbering.format_number("mediation.mediationcase", office=office, year=year, seq=seq)
        for seq, (office, year) in enumerate(zip(offices, years, strict=True), start=1)
    ]
    bulk = numbering.BulkNumbers()
    with django_assert_max_num_queries(2):  # the two offices' trees, once each (any year)
        numbers = [
            bulk.format("mediation.mediationcase", office=office, year=year, seq=seq)
            for seq, (office, year) in enumerate(zip(offices, years, strict=True), start=1)
        ]
    assert numbers == expected
    assert numbers[0].endswith("-2026-0001") and numbers[2].endswith("-2026-0003")
    assert numbers[3].endswith("-2025-0004")


def test_office_abbr_is_the_short_name_of_the_office_or_above_else_derived(cast):
    assert numbering.office_abbr(cast.township_a1) == "甲司"  # 甲县司法局 → 甲司
    cast.county_a.short_name = "丰司"
    cast.county_a.save()
    assert numbering.office_abbr(cast.township_a1) == "丰司"
    cast.township_a1.short_name = "丰甲司"
    assert numbering.office_abbr(cast.township_a1) == "丰甲司"


def test_document_number_default_and_issued_once(cast):
    cast.county_a.short_name = "丰司"
    cast.county_a.save()

    first = numbering.document_number(
        "legalaid.document", "决定书:1", office=cast.township_a1, year=2026, word="援"
    )
    second = numbering.document_number(
        "legalaid.document", "决定书:2", office=cast.township_a1, year=2026, word="援"
    )
    again = numbering.document_number(
        "legalaid.document", "决定书:1", office=cast.township_a1, year=2026, word="援"
    )

    assert first == "〔2026〕丰司援字第0001号"
    assert second == "〔2026〕丰司援字第0002号"
    assert again == first
    assert IssuedNumber.objects.filter(key="决定书:1").count() == 1


def test_document_sequence_runs_per_word_and_restarts_each_year(cast):
    def issue(key, year, word):
        return numbering.document_number(
            "corrections.document", key, office=cast.township_a1, year=year, word=word
        )

    assert issue("a", 2026, "矫报") == "〔2026〕甲司矫报字第0001号"
    assert issue("b", 2026, "矫回") == "〔2026〕甲司矫回字第0001号"
    assert issue("c", 2026, "矫报") == "〔2026〕甲司矫报字第0002号"
    assert issue("d", 2027, "矫报") == "〔2027〕甲司矫报字第0001号"


def test_changing_the_setting_changes_new_numbers_and_a_bureau_may_have_its_own(cast, settings):
    settings.SIFA_NUMBERING = {
        **default("SIFA_NUMBERING"),
        "legalaid.application": "FY{year}{seq:05d}",
        "330103:legalaid.application": "{office}/{year}/{seq}",
    }
    assert (
        numbering.format_number("legalaid.application", office=cast.township_a1, year=2026, seq=7)
        == "FY202600007"
    )
    assert (
        numbering.format_number("legalaid.application", office=cast.township_b1, year=2026, seq=7)
        == "330103001/2026/7"
    )


def test_the_default_setting_passes_the_check():
    assert numbering.check_numbering() == []


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("{region}-{year}", "SIFA_NUMBERING['mediation.mediationcase'] needs {seq} exactly once"),
        (
            "{seq}-{seq}",
            "SIFA_NUMBERING['mediation.mediationcase'] needs {seq} exactly once",
        ),
        ("{county}-{seq}", "SIFA_NUMBERING['mediation.mediationcase'] unknown token {county}"),
        (
            "{year}-{seq:.2f}",
            "SIFA_NUMBERING['mediation.mediationcase'] {seq:.2f}: only a width with zeros "
            "(04d) is allowed",
        ),
        (
            "{year}-{seq:4d}",
            "SIFA_NUMBERING['mediation.mediationcase'] {seq:4d}: only a width with zeros "
            "(04d) is allowed",
        ),
        ("{year-{seq}", "SIFA_NUMBERING['mediation.mediationcase'] cannot be read: "),
        ("", "SIFA_NUMBERING['mediation.mediationcase'] a pattern is a non-empty string"),
    ],
)
def test_the_check_refuses_a_bad_pattern(settings, pattern, error):
    settings.SIFA_NUMBERING = {**default("SIFA_NUMBERING"), "mediation.mediationcase": pattern}

    messages = numbering.check_numbering()

    assert [m.id for m in messages] == ["sifa.E103"]
    assert messages[0].msg.startswith(error)


def test_the_check_refuses_unknown_and_missing_record_types(settings):
    configured = {**default("SIFA_NUMBERING"), "mediation.case": "{year}-{seq}"}
    del configured["corrections.subject"]
    settings.SIFA_NUMBERING = configured

    messages = numbering.check_numbering()

    assert [(m.id, m.msg) for m in messages] == [
        ("sifa.E101", "SIFA_NUMBERING has no pattern for corrections.subject"),
        ("sifa.E102", "SIFA_NUMBERING: unknown record type 'mediation.case'"),
    ]
