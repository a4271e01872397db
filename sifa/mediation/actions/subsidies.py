"""以案定补 (case subsidies): claim → 司法所 file check → 司法局 approval → payment batch.

Local practice (DOMAIN §2.2 CaseSubsidy): only a successful case whose file is complete and
archived ("properly filed") qualifies, one claim per case; the amount comes from the rate
table (`SubsidyRate`: difficulty grade × committee level), the rate in force on the case's
closing date (调结日期). The judicial office above the committee checks the case file; the
bureau above approves and pays approved claims in batches.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.records import create_checked
from sifa.mediation.constants import CaseStatus
from sifa.mediation.models import Agreement, MediationCase, SubsidyBatch, SubsidyClaim, SubsidyRate
from sifa.orgs.access import Cap, require
from sifa.orgs.constants import MediationCommitteeType, OfficeKind
from sifa.orgs.models import Office


class SubsidyGrade(models.TextChoices):
    """难易等级 (local practice: 简易 / 一般 / 疑难 / 重大)."""

    SIMPLE = "simple", gettext_lazy("简易")
    ORDINARY = "ordinary", gettext_lazy("一般")
    DIFFICULT = "difficult", gettext_lazy("疑难")
    MAJOR = "major", gettext_lazy("重大")


class CommitteeLevel(models.TextChoices):
    """调委会层级 of the rate table: 村(社区)级 < 乡镇(街道)级 < 县(市)级."""

    VILLAGE = "village", gettext_lazy("村(社区)、企事业单位调委会")
    TOWNSHIP = "township", gettext_lazy("乡镇(街道)调委会")
    CITY = "city", gettext_lazy("县(市)级调委会及调处中心")


_LEVEL_OF_SUBTYPE = {
    MediationCommitteeType.VILLAGE: CommitteeLevel.VILLAGE,
    MediationCommitteeType.COMMUNITY: CommitteeLevel.VILLAGE,
    MediationCommitteeType.ENTERPRISE: CommitteeLevel.VILLAGE,
    MediationCommitteeType.TOWNSHIP: CommitteeLevel.TOWNSHIP,
    MediationCommitteeType.STREET: CommitteeLevel.TOWNSHIP,
    MediationCommitteeType.PROFESSIONAL: CommitteeLevel.CITY,
    MediationCommitteeType.SOCIAL: CommitteeLevel.CITY,
}


def committee_level(office: Office) -> str:
    """The rate-table level of the office keeping a case (a centre counts as city level)."""
    if office.kind == OfficeKind.MEDIATION_COMMITTEE and office.subtype in _LEVEL_OF_SUBTYPE:
        return _LEVEL_OF_SUBTYPE[office.subtype]
    return CommitteeLevel.CITY


def rate_for(grade: str, level: str, on: date) -> SubsidyRate | None:
    """The rate of (grade, level) in force on `on`: the latest `valid_from` not after it."""
    return (
        SubsidyRate.objects.filter(grade=grade, committee_level=level, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


def was_successful(case: MediationCase) -> bool:
    """调解成功: agreed, or archived with an effective agreement."""
    has_agreement = Agreement.objects.filter(case=case, effective_on__isnull=False).exists()
    return case.status in (CaseStatus.AGREED, CaseStatus.ARCHIVED) and has_agreement


def _ancestors(office: Office) -> list[Office]:
    """The offices above `office`, nearest first."""
    return list(Office.objects.get_ancestors(office).order_by("-depth"))


def _nearest(office: Office, kind: str) -> Office | None:
    return next((a for a in _ancestors(office) if a.kind == kind), None)


def reviewing_office(claim: SubsidyClaim) -> Office:
    """Who checks the file: the 司法所 above the committee, or, for a city-level committee
    outside any 司法所 (a professional committee under the centre), the office above it."""
    above = _ancestors(claim.office)
    return _nearest(claim.office, OfficeKind.JUDICIAL_OFFICE) or (
        above[0] if above else claim.office
    )


def approving_office(claim: SubsidyClaim) -> Office:
    """Who approves: the nearest 司法局 above the committee."""
    return _nearest(claim.office, OfficeKind.JUSTICE_BUREAU) or claim.office


@transaction.atomic
def subsidy_claim(*, actor, case: MediationCase, grade: str) -> SubsidyClaim:
    """申报个案补贴 for a successful, archived case; the amount comes from the rate table."""
    require(actor, Cap.EDIT, case.office, line="mediation")
    if grade not in SubsidyGrade.values:
        raise ValidationError({"grade": _("请选择有效的难易等级。")})
    if not was_successful(case):
        raise ValidationError(_("只有调解成功的案件才能申报个案补贴。"))
    if case.status != CaseStatus.ARCHIVED or case.archived_on is None:
        raise ValidationError(_("案件尚未立卷归档，不能申报个案补贴。"))
    if SubsidyClaim.objects.filter(case=case).exists():
        raise ValidationError(_("该案件已申报过个案补贴，每案只能申报一次。"))
    level = committee_level(case.office)
    rate = rate_for(grade, level, case.closed_on)
    if rate is None:
        raise ValidationError(
            _("没有%(date)s适用的%(level)s“%(grade)s”补贴标准，请先在补贴标准表中设置。")
            % {
                "date": case.closed_on.isoformat(),
                "level": CommitteeLevel(level).label,
                "grade": SubsidyGrade(grade).label,
            }
        )
    claim = create_checked(
        SubsidyClaim,
        office=case.office,
        case=case,
        grade=grade,
        amount=rate.amount,
        created_by=actor,
    )
    return claim


@transaction.atomic
def subsidy_review(
    *, actor, claim: SubsidyClaim, passed: bool, checked_on: date, reason: str = ""
) -> SubsidyClaim:
    """司法所卷宗核查: passed → 司法所已审核; failed → 未通过 with the reason."""
    require(actor, Cap.EDIT, reviewing_office(claim), line="mediation")
    if claim.status != SubsidyClaim.Status.SUBMITTED:
        raise ValidationError(_("只能审核“已申报”状态的补贴申请。"))
    if checked_on < claim.case.archived_on:
        raise ValidationError({"checked_on": _("核查日期不能早于案件归档日期。")})
    if not passed and not reason.strip():
        raise ValidationError({"rejection_reason": _("核查未通过时请填写原因。")})
    claim.file_checked_on = checked_on
    claim.status = SubsidyClaim.Status.REVIEWED if passed else SubsidyClaim.Status.REJECTED
    claim.rejection_reason = "" if passed else reason.strip()
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def subsidy_approve(*, actor, claim: SubsidyClaim, approved_on: date) -> SubsidyClaim:
    """司法局批准 a claim whose file the 司法所 has checked."""
    require(actor, Cap.EDIT, approving_office(claim), line="mediation")
    if claim.status != SubsidyClaim.Status.REVIEWED:
        raise ValidationError(_("只能批准司法所已审核通过的补贴申请。"))
    if approved_on < claim.file_checked_on:
        raise ValidationError({"approved_on": _("批准日期不能早于卷宗核查日期。")})
    claim.status = SubsidyClaim.Status.APPROVED
    claim.approved_on = approved_on
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def subsidy_batch_pay(
    *, actor, office: Office, title: str, claims: list[SubsidyClaim], paid_on: date
) -> SubsidyBatch:
    """司法局发放: pay approved claims of its subtree together in one batch."""
    require(actor, Cap.EDIT, office, line="mediation")
    if office.kind != OfficeKind.JUSTICE_BUREAU:
        raise ValidationError(_("个案补贴由司法局发放。"))
    if not claims:
        raise ValidationError(_("请选择要发放的补贴申请。"))
    claims = list(
        SubsidyClaim.objects.select_for_update()
        .select_related("office")
        .filter(pk__in=[c.pk for c in claims])
    )
    if any(c.status != SubsidyClaim.Status.APPROVED for c in claims):
        raise ValidationError(_("只能发放司法局已批准的补贴申请。"))
    if any(not c.office.path.startswith(office.path) for c in claims):
        raise ValidationError(_("只能发放本机构管辖范围内的补贴申请。"))
    if any(paid_on < c.approved_on for c in claims):
        raise ValidationError({"paid_on": _("发放日期不能早于批准日期。")})
    batch = create_checked(
        SubsidyBatch, office=office, title=title, paid_on=paid_on, created_by=actor
    )
    for claim in claims:  # one by one, so each claim's history records its payment
        claim.batch = batch
        claim.status = SubsidyClaim.Status.PAID
        claim.save(update_fields=["batch", "status", "updated_at"])
    return batch
