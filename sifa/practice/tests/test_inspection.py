"""The annual inspection (年度检查考核): opening, submitting with materials and statistics from
the register, 初审 by the supervising county, the city's decision, each transition and refusal,
the due-date to-do, scoping, and the indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sifa.practice.actions.inspection import (
    Upload,
    inspection_open,
    submission_decide,
    submission_review,
    submission_submit,
)
from sifa.practice.actions.matters import matter_save
from sifa.practice.constants import Category, ClientKind, LitigationType, MatterCategory
from sifa.practice.constants_inspection import MaterialKind, SubmissionStatus
from sifa.practice.models import Submission, SubmissionEvent
from sifa.practice.tests.conftest import register_lawyer
from sifa.practice.todos_inspection import inspection_todos
from sifa.stats import registry

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OPENED = D(2026, 3, 1)


def materials(*kinds) -> list[Upload]:
    kinds = kinds or (MaterialKind.REPORT, MaterialKind.AUDIT, MaterialKind.TAX,
                      MaterialKind.SOCIAL_INSURANCE)  # fmt: skip
    return [Upload(kind=kind, name=f"{kind}.pdf", content=PDF) for kind in kinds]


def open_county_a(practice, cast, **extra) -> list[Submission]:
    values = {"category": Category.LAW_FIRM, "year": 2025, "on": OPENED}
    values.update(extra)
    inspection = inspection_open(actor=cast.county_supervisor, office=cast.county_a, **values)
    return list(inspection.submissions.order_by("institution__office__code"))


def submission_of(practice, cast) -> Submission:
    return open_county_a(practice, cast)[0]  # firm_a's


def submitted(practice, cast, on=None) -> Submission:
    submission = submission_of(practice, cast)
    return submission_submit(
        actor=practice.firm_a_admin, submission=submission, uploads=materials(),
        on=on or D(2026, 4, 1),
    )  # fmt: skip


def reviewed(practice, cast) -> Submission:
    submission = submitted(practice, cast)
    return submission_review(
        actor=cast.county_supervisor, submission=submission, passed=True, on=D(2026, 4, 10)
    )


class TestOpening:
    def test_the_county_opens_the_year_for_its_law_firms_with_the_default_due_date(
        self, practice, cast
    ):
        rows = open_county_a(practice, cast)
        assert [row.institution for row in rows] == [practice.firm_a, practice.firm_a2]
        assert {row.status for row in rows} == {SubmissionStatus.PENDING}
        assert {row.due_on for row in rows} == {D(2026, 5, 31)}
        event = SubmissionEvent.objects.get(submission=rows[0])
        assert (event.to_status, event.created_by) == (SubmissionStatus.PENDING,
                                                        cast.county_supervisor)  # fmt: skip

    def test_the_default_due_date_is_a_setting(self, practice, cast, settings):
        settings.SIFA_PRACTICE_INSPECTION_DUE = "03-31"
        assert open_county_a(practice, cast)[0].due_on == D(2026, 3, 31)

    def test_the_city_opening_later_leaves_the_county_s_institutions_to_it(self, practice, cast):
        open_county_a(practice, cast)
        inspection = inspection_open(
            actor=practice.section, office=cast.city, category=Category.LAW_FIRM, year=2025,
            on=OPENED,
        )  # fmt: skip
        assert [row.institution for row in inspection.submissions.all()] == [practice.firm_b]

    def test_refusals(self, practice, cast):
        open_county_a(practice, cast)
        with pytest.raises(ValidationError) as refused:
            open_county_a(practice, cast)
        assert refused.value.message_dict == {"year": ["本单位已启动该年度的检查考核。"]}
        with pytest.raises(ValidationError) as refused:
            open_county_a(practice, cast, year=2026, due_on=D(2026, 2, 1))
        assert refused.value.message_dict == {
            "year": ["只能对已经结束的年度进行检查考核。"],
            "due_on": ["材料报送截止日期不能早于启动日期。"],
        }
        with pytest.raises(ValidationError) as refused:
            inspection_open(
                actor=practice.firm_a_admin, office=practice.firm_a.office,
                category=Category.LAW_FIRM, year=2025, on=OPENED,
            )  # fmt: skip
        assert refused.value.message_dict == {"office": ["年度检查考核由司法局启动。"]}


class TestSubmitting:
    def test_the_statistics_come_from_the_register_of_that_year(self, practice, cast):
        lawyer = register_lawyer(practice.section, practice.firm_a)
        register_lawyer(practice.section, practice.firm_a2, name="别所律师")
        common = {"actor": practice.firm_a_admin, "institution": practice.firm_a,
                  "client": "某公司", "client_kind": ClientKind.ENTERPRISE}  # fmt: skip
        matter_save(number="L1", category=MatterCategory.LITIGATION, handler=lawyer,
                    litigation_type=LitigationType.CIVIL, accepted_on=D(2025, 3, 1),
                    subject_amount=1000, recovered_amount=400, fee=50, **common)  # fmt: skip
        matter_save(number="N1", category=MatterCategory.NON_LITIGATION, accepted_on=D(2025, 7, 1),
                    subject_amount=200, fee=30, **common)  # fmt: skip
        matter_save(number="A1", category=MatterCategory.ADVISER, accepted_on=D(2024, 6, 1),
                    closed_on=D(2025, 5, 31), fee=999, **common)  # fmt: skip
        matter_save(number="L2", category=MatterCategory.LITIGATION,
                    accepted_on=D(2026, 1, 5), litigation_type=LitigationType.CIVIL,
                    subject_amount=7777, **common)  # fmt: skip
        submission = submitted(practice, cast)
        assert submission.status == SubmissionStatus.SUBMITTED
        assert submission.submitted_on == D(2026, 4, 1)
        counts = (submission.litigation_count, submission.non_litigation_count,
                  submission.adviser_count, submission.practitioner_count)  # fmt: skip
        assert counts == (1, 1, 1, 1)
        assert submission.subject_amount == Decimal(1200)
        assert submission.recovered_amount == Decimal(400)
        assert submission.fees == Decimal(80)  # the adviser row was accepted in 2024
        assert submission.materials.count() == 4
        event = submission.events.last()
        assert (event.to_status, event.created_by, event.happened_on) == (
            SubmissionStatus.SUBMITTED, practice.firm_a_admin, D(2026, 4, 1))  # fmt: skip

    def test_missing_and_bad_materials_are_refused(self, practice, cast):
        submission = submission_of(practice, cast)
        with pytest.raises(ValidationError) as refused:
            submission_submit(
                actor=practice.firm_a_admin, submission=submission,
                uploads=materials(MaterialKind.REPORT, MaterialKind.AUDIT), on=D(2026, 4, 1),
            )  # fmt: skip
        assert refused.value.message_dict == {"materials": ["请上传：纳税证明、社会保险缴纳证明。"]}
        bad = [*materials(), Upload(kind=MaterialKind.OTHER, name="a.pdf", content=b"MZ...")]
        with pytest.raises(ValidationError) as refused:
            submission_submit(actor=practice.firm_a_admin, submission=submission, uploads=bad)
        assert refused.value.message_dict == {
            "materials": ["文件“a.pdf”不是有效的 PDF、JPEG 或 PNG 文件。"]
        }
        submission.refresh_from_db()
        assert (submission.status, submission.materials.count()) == (SubmissionStatus.PENDING, 0)

    def test_another_firm_s_account_cannot_submit_for_it(self, practice, cast):
        from django.http import Http404

        submission = submission_of(practice, cast)
        with pytest.raises(Http404):
            submission_submit(actor=practice.firm_a2_admin, submission=submission,
                              uploads=materials())  # fmt: skip


class TestReviewAndDecision:
    def test_the_county_returns_for_completion_and_the_firm_submits_again(self, practice, cast):
        submission = submitted(practice, cast)
        with pytest.raises(ValidationError) as refused:
            submission_review(actor=cast.county_supervisor, submission=submission, passed=False)
        assert refused.value.message_dict == {"opinion": ["退回补正须写明需要补正的内容。"]}
        submission = submission_review(
            actor=cast.county_supervisor, submission=submission, passed=False,
            opinion="审计报告缺少附注", on=D(2026, 4, 5),
        )  # fmt: skip
        assert submission.status == SubmissionStatus.RETURNED
        submission = submission_submit(
            actor=practice.firm_a_admin, submission=submission,
            uploads=materials(MaterialKind.AUDIT), on=D(2026, 4, 8),
        )  # fmt: skip
        assert submission.status == SubmissionStatus.SUBMITTED
        assert submission.materials.count() == 5
        steps = list(submission.events.values_list("to_status", "reason"))
        assert steps[-2] == (SubmissionStatus.RETURNED, "审计报告缺少附注")

    def test_only_the_supervising_bureau_reviews_and_only_the_city_decides(self, practice, cast):
        submission = submitted(practice, cast)
        with pytest.raises(PermissionDenied, match="年度检查考核材料由主管司法局初审。"):
            submission_review(actor=practice.firm_a_admin, submission=submission, passed=True)
        submission = submission_review(
            actor=cast.county_supervisor, submission=submission, passed=True, on=D(2026, 4, 10)
        )
        assert submission.status == SubmissionStatus.REVIEWED
        with pytest.raises(PermissionDenied, match="年度检查考核结果由设区的市司法局决定。"):
            submission_decide(actor=cast.county_supervisor, submission=submission,
                              result=SubmissionStatus.PASSED)  # fmt: skip

    def test_a_failed_firm_gets_a_rectification_period(self, practice, cast):
        submission = reviewed(practice, cast)
        with pytest.raises(ValidationError) as refused:
            submission_decide(actor=practice.section, submission=submission,
                              result=SubmissionStatus.FAILED, on=D(2026, 5, 20))  # fmt: skip
        assert refused.value.message_dict == {"reason": ["考核结果为不合格或暂缓的，须写明理由。"]}
        submission = submission_decide(
            actor=practice.section, submission=submission, result=SubmissionStatus.FAILED,
            reason="未按规定建立执业管理制度", on=D(2026, 5, 20),
        )  # fmt: skip
        assert submission.status == SubmissionStatus.FAILED
        assert submission.rectification_until == D(2026, 8, 20)  # 3 months [M]
        event = submission.events.last()
        assert (event.created_by, event.reason) == (
            practice.section, "不合格：未按规定建立执业管理制度")  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            submission_decide(actor=practice.section, submission=submission,
                              result=SubmissionStatus.PASSED)  # fmt: skip
        assert refused.value.messages == ["年度检查考核不能从「不合格」变为「合格」。"]

    def test_deferred_then_passed(self, practice, cast, settings):
        settings.SIFA_PRACTICE_RECTIFICATION_MONTHS = 6
        submission = reviewed(practice, cast)
        submission = submission_decide(
            actor=practice.section, submission=submission, result=SubmissionStatus.DEFERRED,
            reason="待投诉调查结论", on=D(2026, 5, 20),
        )  # fmt: skip
        assert submission.status == SubmissionStatus.DEFERRED
        submission = submission_decide(
            actor=practice.section, submission=submission, result=SubmissionStatus.PASSED,
            on=D(2026, 6, 20),
        )  # fmt: skip
        assert (submission.status, submission.rectification_until) == (
            SubmissionStatus.PASSED, None)  # fmt: skip

    def test_steps_out_of_order_are_refused_with_the_states_named(self, practice, cast):
        submission = submission_of(practice, cast)
        with pytest.raises(ValidationError) as refused:
            submission_review(actor=cast.county_supervisor, submission=submission, passed=True)
        assert refused.value.messages == ["年度检查考核不能从「待提交」变为「待考核决定」。"]
        with pytest.raises(ValidationError) as refused:
            submission_decide(actor=practice.section, submission=submission,
                              result=SubmissionStatus.PASSED)  # fmt: skip
        assert refused.value.messages == ["年度检查考核不能从「待提交」变为「合格」。"]
        submission = submitted_again(practice, submission)
        with pytest.raises(ValidationError) as refused:
            submission_submit(actor=practice.firm_a_admin, submission=submission,
                              uploads=materials())  # fmt: skip
        assert refused.value.messages == ["年度检查考核不能从「待初审」变为「待初审」。"]
        with pytest.raises(ValidationError) as refused:
            submission_decide(actor=practice.section, submission=submission, result="bogus")
        assert refused.value.message_dict == {"result": ["请选择考核结果：合格、不合格或暂缓。"]}


def submitted_again(practice, submission):
    return submission_submit(actor=practice.firm_a_admin, submission=submission,
                             uploads=materials(), on=D(2026, 4, 1))  # fmt: skip


class TestToDos:
    def test_not_submitted_by_the_due_date_is_a_to_do_of_the_bureau(self, practice, cast):
        open_county_a(practice, cast)  # due 2026-05-31, before today
        titles = [todo.title for todo in inspection_todos(cast.county_supervisor)]
        assert f"{practice.firm_a} 逾期未报送2025年度检查考核材料" in titles
        assert f"{practice.firm_a2} 逾期未报送2025年度检查考核材料" in titles
        own = [todo.title for todo in inspection_todos(practice.firm_a_admin)]
        assert own == [f"{practice.firm_a} 逾期未报送2025年度检查考核材料"]
        assert inspection_todos(cast.sibling_clerk) == []

    def test_before_the_due_date_nothing_is_overdue_and_a_submission_awaits_review(
        self, practice, cast
    ):
        rows = open_county_a(practice, cast, year=2025, due_on=D(2099, 1, 31))
        assert inspection_todos(cast.county_supervisor) == []
        submission_submit(actor=practice.firm_a_admin, submission=rows[0], uploads=materials())
        titles = [todo.title for todo in inspection_todos(cast.county_supervisor)]
        assert titles == [f"{practice.firm_a} 2025年度检查考核材料待初审"]
        assert inspection_todos(practice.firm_a_admin) == []  # it does not review itself
        submission_review(actor=cast.county_supervisor, submission=rows[0], passed=True)
        assert inspection_todos(cast.county_supervisor) == []  # the city decides
        titles = [todo.title for todo in inspection_todos(practice.section)]
        assert titles == [f"{practice.firm_a} 2025年度检查考核待作出考核决定"]


class TestScopingAndPages:
    def test_a_firm_s_account_does_not_find_another_firm_s_submission(self, login, practice, cast):
        mine, theirs = open_county_a(practice, cast)
        client = login(practice.firm_a_admin)
        assert client.get(reverse("practice:submission_detail", args=[mine.pk])).status_code == 200
        for name in ("submission_detail", "submission_submit"):
            url = reverse(f"practice:{name}", args=[theirs.pk])
            assert client.get(url).status_code == 404
        listing = client.get(reverse("practice:inspection_list")).content.decode()
        assert str(practice.firm_a) in listing and str(practice.firm_a2) not in listing
        url = reverse("practice:inspection_detail", args=[mine.inspection_id])
        assert client.get(url).status_code == 404  # the county's inspection itself

    def test_the_firm_submits_through_the_page_and_another_firm_cannot_download(
        self, login, practice, cast
    ):
        mine = submission_of(practice, cast)
        client = login(practice.firm_a_admin)
        url = reverse("practice:submission_submit", args=[mine.pk])
        assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
        files = {kind: SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")
                 for kind in ("report", "audit", "tax")}  # fmt: skip
        page = client.post(url, {"summary": "全年执业正常", **files}).content.decode()
        assert "请上传：社会保险缴纳证明。" in page
        files = {kind: SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")
                 for kind in ("report", "audit", "tax", "social_insurance")}  # fmt: skip
        response = client.post(url, {"summary": "全年执业正常", **files})
        assert response.status_code == 302
        mine.refresh_from_db()
        assert mine.status == SubmissionStatus.SUBMITTED
        material = mine.materials.get(kind=MaterialKind.AUDIT)
        download = reverse("practice:submission_material", args=[mine.pk, material.pk])
        assert b"".join(client.get(download).streaming_content) == PDF
        assert login(practice.firm_a2_admin).get(download).status_code == 404
        today = timezone.localdate().isoformat()  # submitted today through the page
        county = login(cast.county_supervisor)
        page = county.get(reverse("practice:submission_detail", args=[mine.pk])).content.decode()
        assert reverse("practice:submission_review", args=[mine.pk]) in page
        response = county.post(
            reverse("practice:submission_review", args=[mine.pk]),
            {"passed": "1", "opinion": "", "on": today},
        )
        assert response.status_code == 302
        city = login(practice.section)
        response = city.post(
            reverse("practice:submission_decide", args=[mine.pk]),
            {"result": "passed", "reason": "", "on": today},
        )
        assert response.status_code == 302
        mine.refresh_from_db()
        assert mine.status == SubmissionStatus.PASSED


class TestIndicators:
    def test_inspected_passed_failed_and_not_submitted(self, practice, cast):
        first, _second = open_county_a(practice, cast)
        first = submission_submit(actor=practice.firm_a_admin, submission=first,
                                  uploads=materials(), on=D(2026, 4, 1))  # fmt: skip
        submission_review(actor=cast.county_supervisor, submission=first, passed=True,
                          on=D(2026, 4, 2))  # fmt: skip
        submission_decide(actor=practice.section, submission=first, reason="制度不全",
                          result=SubmissionStatus.FAILED, on=D(2026, 5, 20))  # fmt: skip
        scope = registry.Scope(office=cast.city, start=D(2026, 1, 1), end=D(2026, 6, 30))

        def value(key):
            return registry.value(registry.get(key), scope)

        assert value("practice.inspected") == 1
        assert value("practice.inspection_passed") == 0
        assert value("practice.inspection_failed") == 1
        assert value("practice.inspection_not_submitted") == 1  # firm_a2, due 31 May
        before_due = registry.Scope(office=cast.city, start=D(2026, 1, 1), end=D(2026, 5, 31))
        assert registry.value(registry.get("practice.inspection_not_submitted"), before_due) == 0
        rows = registry.records(registry.get("practice.inspection_not_submitted"), scope)
        assert [row.institution for row in rows] == [practice.firm_a2]


def test_the_county_opens_the_inspection_on_its_page_and_an_institution_cannot(
    login, practice, cast, settings
):
    settings.SIFA_PRACTICE_INSPECTION_DUE = "12-31"  # the default due date: not passed yet
    client = login(cast.county_supervisor)
    url = reverse("practice:inspection_open")
    form = client.get(url).content.decode()
    assert "请选择" in form and 'type="date"' in form
    year = timezone.localdate().year - 1
    data = {"office": cast.county_a.pk, "category": "law_firm", "year": year, "due_on": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert str(practice.firm_a) in detail and str(practice.firm_b) not in detail
    assert f"{year + 1}-12-31" in detail
    again = client.post(url, data).content.decode()
    assert "本单位已启动该年度的检查考核。" in again
    assert login(practice.firm_a_admin).get(url).status_code == 403
