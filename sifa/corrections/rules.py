"""Configurable values of the corrections rules tagged [M] in DOMAIN §3 (the law leaves them to
the Ministry's or the province's measures): each is a Django setting, defaulting to DOMAIN's value
(declared in config/sifa_settings.py).

    SIFA_CC_INVESTIGATION_WORKDAYS        10  调查评估 (CC-5)
    SIFA_CC_INVESTIGATION_SUMMARY_WORKDAYS 5  调查评估 in 速裁 cases (CC-5)
    SIFA_CC_RECEIPT_DAYS                   5  回执 after the documents (CC-6)
    SIFA_CC_LEAVE_OFFICE_MAX_DAYS          7  a 司法所 approves leave up to this (CC-13)
    SIFA_CC_LEAVE_COUNTY_MAX_DAYS         30  the county approves up to this per trip (CC-13)
    SIFA_CC_LEAVE_TWO_MONTH_MAX_DAYS      30  beyond this in two months: the city (CC-13)
    SIFA_CC_CROSSING_MAX_MONTHS            6  经常性跨市县活动 approval (CC-14)
    SIFA_CC_PLACE_CHANGE_REPORT_DAYS       7  report at the new place (CC-15)
    SIFA_CC_OPINION_REQUEST_DAYS           5  执行地变更: ask the new county's opinion (CC-15)
    SIFA_CC_OPINION_REPLY_DAYS             5  执行地变更: the new county replies (CC-15)
    SIFA_CC_HEALTH_REPORT_MONTHS           1  暂外: physical-condition report (CC-11)
    SIFA_CC_MEDICAL_REEXAM_MONTHS          3  保外就医: re-examination (CC-11)
    SIFA_CC_RELEASE_WARN_DAYS             30  期满前30日: 解矫 preparation to-do (CC-29 practice)
    SIFA_CC_ADMONITIONS_FOR_WARNING        2  训诫 not corrected → 警告 suggested (CC-17)
    SIFA_CC_WARNINGS_FOR_REVOCATION        2  警告 not corrected → revocation suggested (CC-19–21)
    SIFA_CC_LOST_DAYS_FOR_WARNING         10  脱管 longer → 警告 suggested (CC-17)
    SIFA_CC_LOST_MONTHS_FOR_REVOCATION     1  脱管 longer (一个月, calendar months) → revocation
                                              suggested (CC-19)
    SIFA_CC_REOFFENCE_DENOMINATOR  "start_plus_received"  再犯罪率's denominator: 在矫 at the
        period start + received in the period (DOMAIN §3.7), or "end_stock" (在矫 at the end)
    The categories ("宽松", "普通", "严格") are not a setting: the code list `correction_category`.

The statutory values (报到 10 days CC-2, 电子定位 ≤ 3 months CC-24) are not settings.
"""

from config.sifa_settings import sifa_setting

REOFFENCE_DENOMINATORS = ("start_plus_received", "end_stock")


def reoffence_denominator() -> str:
    """Which denominator the 再犯罪率 uses (a setting: the formula is not published)."""
    chosen = sifa_setting("SIFA_CC_REOFFENCE_DENOMINATOR")
    if chosen not in REOFFENCE_DENOMINATORS:
        raise ValueError(f"SIFA_CC_REOFFENCE_DENOMINATOR must be one of {REOFFENCE_DENOMINATORS}")
    return chosen


REPORT_DAYS = 10  # 社区矫正法 第21条 (CC-2/3): statutory
MONITORING_MAX_MONTHS = 3  # 社区矫正法 第29条 (CC-24): statutory


def value(name: str) -> int:
    """The configured value of rule `name` (read at call time, so tests may override it)."""
    return int(sifa_setting(name))


def minors_restriction(queryset) -> tuple[str, str] | None:
    """How an indicator's drill-down hides a minor's corrections records from users without
    `Cap.MINORS` (社区矫正法 第54条): the flag path on the queryset's rows (a field, a related
    subject's field, or the `minor_on_receipt` annotation of assessments), or None.
    Figures still count every record (a report's figure does not depend on who reads it)."""
    from sifa.orgs.access import Cap

    names = {f.name for f in queryset.model._meta.get_fields()}
    if "minor_on_receipt" in queryset.query.annotations:
        return ("minor_on_receipt", Cap.MINORS)
    if "is_minor" in names:
        return ("is_minor", Cap.MINORS)
    if "subject" in names:
        return ("subject__is_minor", Cap.MINORS)
    return None
