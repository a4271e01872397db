"""居民身份证号码 and phone validation (sifa.core.idnumber) and masking (sifa.core.masking)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric

from sifa.core.idnumber import (
    FEMALE,
    MALE,
    normalize_document_number,
    normalize_phone,
    parse_resident_id,
    search_forms_of_document_number,
    upgrade_legacy_number,
)
from sifa.core.masking import mask_id_number, mask_phone
from sifa.people.tests.helpers import legacy_id, resident_id


def error_text(raw) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_resident_id(raw)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("raw", "number", "born", "gender"),
    [
        # DOMAIN §1.2 worked examples
        ("11010519491231002X", "11010519491231002X", date(1949, 12, 31), FEMALE),
        ("440524188001010014", "440524188001010014", date(1880, 1, 1), MALE),
        # lowercase x, spaces and hyphens are normalised
        ("11010519491231002x", "11010519491231002X", date(1949, 12, 31), FEMALE),
        (" 110105 19491231 002X ", "11010519491231002X", date(1949, 12, 31), FEMALE),
        ("110105-19491231-002x", "11010519491231002X", date(1949, 12, 31), FEMALE),
        # a legacy 15-digit number is upgraded: "19" inserted, check character computed
        ("110105491231002", "11010519491231002X", date(1949, 12, 31), FEMALE),
    ],
)
def test_valid_numbers_are_normalised_and_described(raw, number, born, gender):
    parsed = parse_resident_id(raw)
    assert parsed.number == number
    assert parsed.birth_date == born
    assert parsed.gender == gender
    assert parsed.upgraded == (len(raw.strip()) == 15)


def test_gender_follows_digit_17():
    assert parse_resident_id(resident_id(sequence="135")).gender == MALE
    assert parse_resident_id(resident_id(sequence="136")).gender == FEMALE


def test_legacy_upgrade_matches_the_18_digit_number():
    born = date(1965, 3, 8)
    assert upgrade_legacy_number(legacy_id(born=born)) == resident_id(born=born)


def test_retired_address_codes_still_pass():
    # Codes are abolished when divisions change; a number keeps the code of its issue date.
    assert parse_resident_id(resident_id(address="339999")).number.startswith("339999")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("110105194912310021", "校验位错误"),  # last character should be X
        ("440524188001010015", "校验位错误"),
        ("1101051949123100", "位数不对"),
        ("11010519491231002X1", "位数不对"),
        ("", "请填写"),
        ("11010519491231A02X", "格式错误"),
        ("1101051949123100Y2", "格式错误"),
        ("11010549123100A", "格式错误"),  # 15 characters, not all digits
        (resident_id(address="000000"), "地址码无效"),
        (resident_id(born=date(1949, 12, 31)).replace("19491231", "19490231"), "出生日期无效"),
        ("110105194913310025", "出生日期无效"),  # month 13
        ("110105491331002", "出生日期无效"),  # legacy number, month 13
    ],
)
def test_invalid_numbers_say_what_is_wrong(raw, expected):
    assert expected in error_text(raw)


def test_impossible_date_with_a_correct_check_character():
    body = "11010519490230002"  # 30 February
    number = body + ric.calc_check_digit(body + "0")
    assert "出生日期无效" in error_text(number)


def test_future_birth_date_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "晚于今天" in error_text(resident_id(born=tomorrow))


def test_birth_today_is_accepted():
    today = timezone.localdate()
    assert parse_resident_id(resident_id(born=today)).birth_date == today


def test_other_documents_are_compacted_not_checked_as_resident_ids():
    assert normalize_document_number("passport", " e1234 5678 ") == "E12345678"
    assert normalize_document_number("hk_macao_permit", "h1234567（8）") == "H1234567(8)"
    with pytest.raises(ValidationError, match="证件号码格式错误"):
        normalize_document_number("passport", "E1?")


def test_hmt_residence_permits_follow_the_resident_id_structure():
    permit = resident_id(address="810000", born=date(1990, 1, 2))
    assert normalize_document_number("hmt_residence", permit.lower()) == permit
    wrong_check = permit[:-1] + ("0" if permit[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位错误"):
        normalize_document_number("hmt_residence", wrong_check)


def test_search_forms_cover_every_typed_variant():
    forms = search_forms_of_document_number("110105491231002")
    assert "11010519491231002X" in forms
    assert search_forms_of_document_number("11010519491231002x") == {"11010519491231002X"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("0571-87654321", "0571-87654321"),
        ("(0571) 8765 4321", "0571-87654321"),
        ("057187654321", "0571-87654321"),
        ("010-62345678", "010-62345678"),
        ("02087654321", "020-87654321"),
        ("0731-2345678", "0731-2345678"),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["12812345678", "1381234567", "138123456789", "87654321", "0571-0765432", "abc", "0571-876"],
)
def test_bad_phone_numbers_get_a_chinese_message(raw):
    with pytest.raises(ValidationError, match="联系电话格式错误"):
        normalize_phone(raw)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("E12345678", "E1*****78"),
        ("H1234", "****4"),
        ("", ""),
    ],
)
def test_mask_id_number(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0571-87654321", "0571-****4321"),
        ("010-6234567", "010-***4567"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked
