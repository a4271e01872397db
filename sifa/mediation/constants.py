"""States, choices and the allowed-transition table of people's mediation (DOMAIN §2.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sifa.people.constants import PartyKind  # noqa: F401 (a party of a case is one of these)

DISPUTE_TYPE_CODE_LIST = "dispute_type"
SOURCE_CODE_LIST = "mediation_source"
# Matters a committee may not mediate (PM-24): a code table the administrator edits.
NOT_MEDIABLE_CODE_LIST = "mediation_not_mediable"

# 人民调解工作若干规定 第33条: a dispute should generally be closed within one month (PM-22).
CLOSING_TARGET_RULE = "mediation.closing_target"
# 人民调解法 第33条: the parties apply for 司法确认 within 30 days of the effect (PM-20).
JUDICIAL_CONFIRMATION_RULE = "mediation.judicial_confirmation_window"
# 人民调解法 第9条: a committee member's term is three years (PM-5).
MEMBER_TERM_YEARS = 3
# 人民调解法 第8条: 3 to 9 members (PM-4).
MIN_MEMBERS, MAX_MEMBERS = 3, 9


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("已受理")
    IN_MEDIATION = "in_mediation", _("调解中")
    AGREED = "agreed", _("调解成功")
    FAILED = "failed", _("调解不成")
    CLOSED_REFUSED = "closed_refused", _("当事人拒绝调解")
    CLOSED_NOT_ACCEPTED = "closed_not_accepted", _("不予受理")
    ARCHIVED = "archived", _("已归档")


# from-state → the states an action may move a case to. Actions consult this table only.
TRANSITIONS: dict[str, set[str]] = {
    CaseStatus.REGISTERED: {
        CaseStatus.IN_MEDIATION,
        CaseStatus.CLOSED_REFUSED,  # 人民调解法 第17条: a party refuses → must not proceed (PM-10)
        CaseStatus.CLOSED_NOT_ACCEPTED,  # PM-24, with a referral note
    },
    CaseStatus.IN_MEDIATION: {
        CaseStatus.AGREED,
        CaseStatus.FAILED,  # 人民调解法 第26条: terminate and tell the other routes (PM-14)
        CaseStatus.CLOSED_REFUSED,  # a party may demand termination at any time (PM-12)
    },
    CaseStatus.AGREED: {CaseStatus.ARCHIVED},
    CaseStatus.FAILED: {CaseStatus.ARCHIVED},
    CaseStatus.CLOSED_REFUSED: {CaseStatus.ARCHIVED},
    CaseStatus.CLOSED_NOT_ACCEPTED: {CaseStatus.ARCHIVED},
    CaseStatus.ARCHIVED: set(),
}
CLOSED_STATUSES = {
    CaseStatus.AGREED,
    CaseStatus.FAILED,
    CaseStatus.CLOSED_REFUSED,
    CaseStatus.CLOSED_NOT_ACCEPTED,
    CaseStatus.ARCHIVED,
}


class CaseOutcome(models.TextChoices):
    """How far a case went, as a register (台账) records it: the outcomes a case can have in
    this line. 终止调解 is a party's demand to stop a mediation under way (PM-12), recorded as
    当事人拒绝调解 after 开始调解; 当事人拒绝调解 is the refusal before it (PM-10)."""

    REGISTERED = "registered", _("已受理")
    IN_MEDIATION = "in_mediation", _("调解中")
    AGREED = "agreed", _("调解成功")
    FAILED = "failed", _("调解不成")
    REFUSED = "refused", _("当事人拒绝调解")
    TERMINATED = "terminated", _("终止调解")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    THIRD_PARTY = "third_party", _("第三人")


class RiskFlag(models.TextChoices):
    MAY_ESCALATE = "may_escalate", _("可能激化")
    MAY_BECOME_CRIME = "may_become_crime", _("可能引发治安、刑事案件")
    GROUP = "group", _("群体性")
    STABILITY = "stability", _("涉稳")


class AgreementForm(models.TextChoices):
    WRITTEN = "written", _("书面协议")
    ORAL = "oral", _("口头协议")


class Performance(models.TextChoices):
    PENDING = "pending", _("待履行")
    PERFORMED = "performed", _("已履行")
    PARTLY = "partly", _("部分履行")
    NOT_PERFORMED = "not_performed", _("未履行")


class ConfirmationDecision(models.TextChoices):
    PENDING = "pending", _("审查中")
    CONFIRMED = "confirmed", _("确认有效")
    REFUSED = "refused", _("不予确认")
    WITHDRAWN = "withdrawn", _("撤回申请")


class MemberRole(models.TextChoices):
    DIRECTOR = "director", _("主任")
    DEPUTY = "deputy", _("副主任")
    MEMBER = "member", _("委员")


class ScreeningKind(models.TextChoices):
    ROUTINE = "routine", _("常规排查")
    SPECIAL = "special", _("专项排查")


class RiskLevel(models.TextChoices):
    LOW = "low", _("一般")
    MEDIUM = "medium", _("较大")
    HIGH = "high", _("重大")


class FindingHandling(models.TextChoices):
    RESOLVED_ON_SPOT = "resolved", _("就地化解")
    REGISTERED = "registered", _("登记为调解案件")
    REPORTED = "reported", _("上报")
    REFERRED = "referred", _("转办")
