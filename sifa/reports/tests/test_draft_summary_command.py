"""`manage.py draft_summary`: each format by the suffix, the template choice, Chinese errors."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from sifa.reports.models import SummaryTemplate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators", "roster")]

BODY = "一、队伍建设\n{{ area }}新任工作人员{{ test.staff_appointed }}人。\n"


@pytest.fixture
def city_template(cast):
    return SummaryTemplate.objects.create(
        office=cast.city,
        name="市模板",
        kind="half_year",
        title="{{ office }}{{ period }}总结",
        body=BODY,
    )


def draft(out, *extra):
    stdout, stderr = StringIO(), StringIO()
    call_command(
        "draft_summary",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--out",
        str(out),
        *extra,
        stdout=stdout,
        stderr=stderr,
    )
    return stdout.getvalue(), stderr.getvalue()


def test_txt_with_the_offices_active_template(tmp_path, cast, city_template):
    out = tmp_path / "总结.txt"
    stdout, _stderr = draft(out)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "测试市司法局上半年总结",
        "一、队伍建设",
        "全市新任工作人员6人。",  # system scope: the whole city
    ]
    assert "已生成" in stdout


def test_docx(tmp_path, cast, city_template):
    out = tmp_path / "总结.docx"
    draft(out)
    document = Document(BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "测试市司法局上半年总结"
    assert "全市新任工作人员6人。" in [p.text for p in document.paragraphs]


def test_html_links_the_numbers(tmp_path, cast, city_template):
    out = tmp_path / "总结.html"
    draft(out, "--office", cast.county_a.code, "--template", str(city_template.pk))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert (
        f'href="/stats/indicators/test.staff_appointed/records/?office={cast.county_a.pk}'
        '&amp;from=2026-01-01&amp;to=2026-06-30"'
    ) in page
    assert "全县新任工作人员" in page


def test_the_template_by_kind_or_id(tmp_path, cast, city_template):
    out = tmp_path / "默认.txt"
    draft(out, "--office", cast.county_a.code)  # 甲县 has no template: the built-in default
    assert out.read_text(encoding="utf-8").splitlines()[0] == "甲县司法局2026年上半年工作总结"
    draft(out, "--office", cast.county_a.code, "--template", str(city_template.pk))
    assert out.read_text(encoding="utf-8").splitlines()[0] == "甲县司法局上半年总结"
    draft(out, "--template", "monthly")
    assert out.read_text(encoding="utf-8").splitlines()[0] == "测试市司法局2026年上半年工作简报"


def test_hand_typed_numbers_are_warned_on_stderr(tmp_path, cast):
    SummaryTemplate.objects.create(
        office=cast.city, name="t", kind="half_year", title="总结", body="共35人。"
    )
    _stdout, stderr = draft(tmp_path / "a.txt")
    assert "第1行：“35”：正文中的数字不是由数据生成的。" in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--out", "x.pdf"), "不支持的输出格式“.pdf”：文件名须以 .docx、.html 或 .txt 结尾。"),
        (("--out", "x.txt", "--office", "NOPE"), "未找到机构编码为 NOPE 的机构。"),
        (("--out", "x.txt", "--template", "weekly"), "未找到模板“weekly”"),
    ],
)
def test_chinese_errors(tmp_path, cast, args, message):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("draft_summary", "--from", "2026-01-01", "--to", "2026-06-30", *args)


def test_a_bad_date(tmp_path, cast):
    with pytest.raises(CommandError, match="日期格式错误：2026-13-01"):
        call_command(
            "draft_summary",
            "--from",
            "2026-13-01",
            "--to",
            "2026-06-30",
            "--out",
            str(tmp_path / "a.txt"),
        )
