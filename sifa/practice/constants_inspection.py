"""States, results and materials of the annual inspection of practice institutions
(律师事务所年度检查考核, 基层法律服务所年度考核) and of the lawyers' annual assessment
(律师执业年度考核) — DOMAIN §6.1, §6.2; docs/practice.md ("Annual inspection")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    """One institution's inspection of one year."""

    PENDING = "pending", _("待提交")
    SUBMITTED = "submitted", _("待初审")
    RETURNED = "returned", _("退回补正")
    REVIEWED = "reviewed", _("待考核决定")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")
    DEFERRED = "deferred", _("暂缓")


# The institution submits (again after a return); the supervising bureau reviews (初审: passes
# it to the city or returns it for completion); the city decides 合格 / 不合格 / 暂缓, and a
# deferred inspection is decided later.
SUBMISSION_TRANSITIONS: dict[str, set[str]] = {
    SubmissionStatus.PENDING: {SubmissionStatus.SUBMITTED},
    SubmissionStatus.RETURNED: {SubmissionStatus.SUBMITTED},
    SubmissionStatus.SUBMITTED: {SubmissionStatus.RETURNED, SubmissionStatus.REVIEWED},
    SubmissionStatus.REVIEWED: {
        SubmissionStatus.PASSED,
        SubmissionStatus.FAILED,
        SubmissionStatus.DEFERRED,
    },
    SubmissionStatus.DEFERRED: {SubmissionStatus.PASSED, SubmissionStatus.FAILED},
    SubmissionStatus.PASSED: set(),
    SubmissionStatus.FAILED: set(),
}

# Waiting for the institution (not submitted yet).
AWAITING_SUBMISSION = (SubmissionStatus.PENDING, SubmissionStatus.RETURNED)
# The decisions of the city bureau.
DECISIONS = (SubmissionStatus.PASSED, SubmissionStatus.FAILED, SubmissionStatus.DEFERRED)
DECIDED = (SubmissionStatus.PASSED, SubmissionStatus.FAILED)


class MaterialKind(models.TextChoices):
    """Materials an institution submits (DOMAIN §6.1: typical submitted materials)."""

    REPORT = "report", _("年度执业情况报告")
    AUDIT = "audit", _("财务审计报告")
    TAX = "tax", _("纳税证明")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险缴纳证明")
    OTHER = "other", _("其他材料")


# [M] every submission carries at least one file of each of these kinds.
REQUIRED_MATERIALS = (
    MaterialKind.REPORT,
    MaterialKind.AUDIT,
    MaterialKind.TAX,
    MaterialKind.SOCIAL_INSURANCE,
)


class AssessmentResult(models.TextChoices):
    """律师执业年度考核 by the bar association (DOMAIN §6.1)."""

    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")
