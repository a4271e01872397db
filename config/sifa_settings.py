"""Every SIFA_* setting, declared once: its default, its type and its legal source.

config/settings.py may set a value (most read an environment variable); everything else reads
through `sifa_setting("SIFA_X")`, which looks at django.conf.settings at call time (so a test's
`settings.SIFA_X = …` takes effect) and falls back to the declared default. Numbers tagged [M]
come from secondary knowledge of the text (DOMAIN.md) and are settings so that a bureau can
correct them without a release.

docs/settings.md holds the table of these declarations; tests/test_settings_declared.py checks it
is up to date (`python -m config.sifa_settings > docs/settings.md` rewrites it).
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    source: str
    doc: str


SETTINGS: tuple[Setting, ...] = (
    # Security and accounts
    Setting(
        "SIFA_DATA_KEY",
        "",
        str,
        "个人信息保护法 第51条 (encryption of personal information)",
        "32 bytes, base64: AES-GCM key for ID and phone numbers, addresses, offences and "
        "sentences, check-in coordinates and uploads; required when DEBUG is off",
    ),
    Setting(
        "SIFA_DATA_KEY_PREVIOUS",
        "",
        str,
        "个人信息保护法 第51条; GB/T 22239-2019 等级保护 (data confidentiality, key management)",
        "the data key being replaced: read (never written) until rotate_data_key is done; "
        "empty otherwise",
    ),
    Setting(
        "SIFA_PASSWORD_MIN_LENGTH",
        8,
        int,
        "GB/T 22239-2019 等级保护 (identification and authentication); [M] local practice",
        "minimum password length",
    ),
    Setting(
        "SIFA_PASSWORD_MIN_CLASSES",
        3,
        int,
        "GB/T 22239-2019 等级保护 (password complexity); [M] local practice",
        "character classes a password needs (1–4)",
    ),
    Setting(
        "SIFA_PASSWORD_HISTORY",
        5,
        int,
        "GB/T 22239-2019 等级保护 (password management); [M] local practice",
        "how many of a user's last passwords cannot be chosen again (0: no history)",
    ),
    Setting(
        "SIFA_TWO_FACTOR_ROLES",
        ("sysadmin", "auditor", "leader"),
        tuple,
        "GB/T 22239-2019 8.1.4.1 d) 两种或两种以上组合的鉴别技术 (level 3); [M] local practice",
        "role keys whose holders must use an authenticator app (TOTP)",
    ),
    Setting(
        "SIFA_TWO_FACTOR_CAPABILITIES",
        ("people.reveal", "accounts.manage", "audit.read"),
        tuple,
        "GB/T 22239-2019 8.1.4.1 d); 个人信息保护法 第51条; [M] local practice",
        "capabilities whose holders must use TOTP (reveal ID numbers, manage accounts, audit)",
    ),
    Setting(
        "SIFA_TRUSTED_PROXIES",
        (),
        tuple,
        "GB/T 22239-2019 等级保护 (security audit: the true source address)",
        "addresses or networks of the reverse proxies whose X-Forwarded-For is believed",
    ),
    Setting(
        "SIFA_LOCKOUT_FAILURES",
        5,
        int,
        "GB/T 22239-2019 等级保护 (login failure handling); [M] local practice",
        "failed logins after which the account is locked (AXES_FAILURE_LIMIT)",
    ),
    Setting(
        "SIFA_LOCKOUT_MINUTES",
        30,
        int,
        "GB/T 22239-2019 等级保护 (login failure handling); [M] local practice",
        "minutes a lock lasts (AXES_COOLOFF_TIME)",
    ),
    Setting(
        "SIFA_LOCKOUT_ADDRESS_FAILURES",
        30,
        int,
        "GB/T 22239-2019 等级保护 (login failure handling); [M] local practice: high enough that a"
        " 司法所 behind one NAT address is not locked out by its clerks' typos",
        "failed logins (any accounts) from one client address within SIFA_LOCKOUT_MINUTES after"
        " which that address may not log in until the window passes; 0 switches it off",
    ),
    Setting(
        "SIFA_IDLE_TIMEOUT_MINUTES",
        30,
        int,
        "GB/T 22239-2019 等级保护 (session timeout); [M] local practice",
        "minutes without a request after which a session is logged out",
    ),
    Setting(
        "SIFA_AUDIT_RETENTION_DAYS",
        184,
        int,
        "网络安全法 第21条 (logs kept at least six months)",
        "days audit and access logs are kept (never fewer than 184)",
    ),
    # Operations: health check and metrics (docs/deploy.md)
    Setting(
        "SIFA_METRICS_TOKEN",
        "",
        str,
        "GB/T 22239-2019 等级保护 (security audit, monitoring); local practice",
        "bearer token of the Prometheus scraper for /internal/metrics (empty: the endpoint "
        "answers 404)",
    ),
    Setting(
        "SIFA_HEALTH_MIN_FREE_DISK_MB",
        1024,
        int,
        "local practice",
        "/healthz/ fails when the disk of the uploads (or of an SQLite database) has less free",
    ),
    Setting(
        "SIFA_HEALTH_MAX_TASK_LAG_SECONDS",
        300,
        int,
        "local practice",
        "/healthz/ fails when the oldest waiting background task has waited longer",
    ),
    # Deadlines
    Setting(
        "SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS",
        True,
        bool,
        "民法典 第203条 (DOMAIN §1.7: applying it to administrative deadlines is a policy choice)",
        "a deadline ending on a statutory holiday moves to the next working day",
    ),
    Setting(
        "SIFA_OFFICE_HOURS",
        (("08:30", "12:00"), ("14:00", "17:30")),
        tuple,
        "国务院关于职工工作时间的规定 第3条 (8 hours a day at most); [M] local office hours",
        "office hours of a working day as (start, end) pairs, HH:MM, in order; working-hour "
        "time limits (12345 签收, 办结) count only these hours of working days",
    ),
    # 12345 work orders (政务服务便民热线工单, DOMAIN §8; sifa/hotline/deadlines.py)
    Setting(
        "SIFA_HOTLINE_SIGN_HOURS",
        2,
        int,
        "12345 热线工单办理规定 (local; DOMAIN §8: 签收 on receipt) [M]",
        "working hours from receipt within which an ordinary work order must be signed (签收)",
    ),
    Setting(
        "SIFA_HOTLINE_URGENT_SIGN_HOURS",
        1,
        int,
        "12345 热线工单办理规定 (local; DOMAIN §8: 应急 same day) [M]",
        "working hours from receipt within which an urgent work order must be signed",
    ),
    Setting(
        "SIFA_HOTLINE_REPLY_WORKDAYS",
        (("consult", 3), ("help", 3), ("complaint", 15), ("suggestion", 15), ("criticism", 15)),
        tuple,
        "12345 热线工单办理规定 (local; DOMAIN §8: 咨询/求助 ≤3–5, 投诉/建议 ≤13–15 工作日) [M]",
        "working days from receipt to the reply (办结/反馈), by category code; a category not "
        "listed takes the longest limit",
    ),
    Setting(
        "SIFA_HOTLINE_URGENT_REPLY_WORKDAYS",
        1,
        int,
        "12345 热线工单办理规定 (local; DOMAIN §8: 应急 same day) [M]",
        "working days from receipt to the reply of an urgent work order",
    ),
    Setting(
        "SIFA_HOTLINE_RETURN_WORKDAYS",
        2,
        int,
        "12345 热线工单办理规定 (local; DOMAIN §8: 退单 within ~2 days with legal basis) [M]",
        "working days from receipt within which a work order may be returned (退单)",
    ),
    Setting(
        "SIFA_HOTLINE_NEAR_HOURS",
        4,
        int,
        "local practice [M]",
        "working hours before a work order's deadline from which it is a near-due to-do",
    ),
    # Machine-to-machine endpoints and the API
    Setting(
        "SIFA_CHECKIN_TOKEN",
        "",
        str,
        "local practice",
        "X-Sifa-Token of the location check-in endpoint (empty: the endpoint answers 503)",
    ),
    Setting(
        "SIFA_RELEASE_NOTICE_TOKEN",
        "",
        str,
        "local practice",
        "X-Sifa-Token of the prisons' release-notice endpoint (empty: the endpoint answers 503)",
    ),
    Setting(
        "SIFA_CHECKIN_TOKEN_OFFICE",
        "",
        str,
        "个人信息保护法 第6条 (minimum scope); GB/T 22239-2019 8.1.4.2 (access control)",
        "office code whose subtree the check-in endpoint's token reaches (empty: the whole tree)",
    ),
    Setting(
        "SIFA_RELEASE_NOTICE_TOKEN_OFFICE",
        "",
        str,
        "个人信息保护法 第6条 (minimum scope); GB/T 22239-2019 8.1.4.2 (access control)",
        "office code whose subtree the release-notice endpoint's token reaches (empty: whole tree)",
    ),
    Setting(
        "SIFA_API_MAX_BODY_BYTES",
        512 * 1024,
        int,
        "local practice",
        "largest request body the data-sharing API accepts",
    ),
    Setting(
        "SIFA_API_CLIENT_CACHE_SECONDS",
        300,
        int,
        "local practice",
        "how long an API client, its service account and grants are kept in the shared cache at "
        "most (0: read them from the database on every request); a change to any of them through "
        "the application takes effect on the next request, this only bounds a change made "
        "without signals",
    ),
    # Background jobs and scheduled work (docs/jobs.md)
    Setting(
        "SIFA_TASKS_BACKEND",
        "",
        str,
        "local practice",
        "where background jobs run: database (a worker, `make worker`) or immediate (inside the "
        "request); empty: database when DEBUG is off, immediate when it is on",
    ),
    Setting(
        "SIFA_IMPORT_BACKGROUND_ROWS",
        1000,
        int,
        "local practice",
        "an Excel import of more data rows than this runs as a background job",
    ),
    Setting(
        "SIFA_IMPORT_MAX_ROWS",
        500_000,
        int,
        "local practice",
        "the most data rows one import file may have (a larger register is imported in parts)",
    ),
    Setting(
        "SIFA_EXPORT_BACKGROUND_ROWS",
        10000,
        int,
        "local practice",
        "an Excel export of more rows than this runs as a background job",
    ),
    Setting(
        "SIFA_CHECK_BACKGROUND_MONTHS",
        24,
        int,
        "local practice",
        "全部核查 of more submitted months than this runs as a background job",
    ),
    Setting(
        "SIFA_REPORT_BACKGROUND_OFFICES",
        10,
        int,
        "local practice",
        "the report set export and the work summary .docx of an office with more offices in "
        "its subtree than this run as background jobs",
    ),
    Setting(
        "SIFA_JOB_KEEP_DAYS",
        7,
        int,
        "个人信息保护法 第19条 (kept no longer than needed); local practice",
        "days a finished job's files (upload, result) are kept before the nightly purge",
    ),
    Setting(
        "SIFA_SCHEDULE",
        (
            ("consistency_check", "02:15", "check_reports"),
            ("audit_purge", "03:00", "purge_audit --expired"),
            ("session_cleanup", "03:30", "clearsessions"),
            ("job_cleanup", "03:45", "purge_jobs"),
            ("deadline_reminders", "06:30", "remind_todos"),
            ("corrections_expiring", "06:40", "remind_todos --line corrections"),
            ("holiday_warning", "07:00", "remind_todos --line core"),
        ),
        tuple,
        "[M] local practice (nightly work outside office hours); 网络安全法 第21条 (audit purge)",
        "daily jobs (key, HH:MM bureau time, manage.py command) the scheduler enqueues; a run "
        "missed while the server was down runs once at the next start",
    ),
    # Figures cache (docs/caching.md)
    Setting(
        "SIFA_FIGURES_CACHE_SECONDS",
        60 * 60,
        int,
        "local practice",
        "how long a cached dashboard or report figure is kept at most; a change to the records "
        "of an office renews its figures at once, this only bounds a change made without signals",
    ),
    # Monthly reports and the data-quality monitor (docs/data-quality.md)
    Setting(
        "SIFA_REPORT_DUE_DAY",
        5,
        int,
        "统计法 第7条 (statistics true and on time); [M] local practice: the day is set by each "
        "bureau (DOMAIN RA-6: fixed calendar dates)",
        "day of the month by which an office submits the previous month's report (月报上报期限); "
        "a day off moves it to the next working day (SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS)",
    ),
    Setting(
        "SIFA_QUALITY_TODO_DAYS",
        5,
        int,
        "[M] local practice: time to correct the records before the report freezes them",
        "days before each monthly report deadline in which an office head has the to-do "
        "“数据质量问题待核对” while the office has records breaking a data-quality rule",
    ),
    Setting(
        "SIFA_QUALITY_TODO_ROLES",
        ("jo_head", "leader"),
        tuple,
        "[M] local practice: the head answers for the office's report (统计法 第7条)",
        "role keys whose holders are the head of the office of their membership, for the "
        "data-quality to-do",
    ),
    # Lists
    Setting(
        "SIFA_PER_PAGE",
        50,
        int,
        "local practice",
        "rows per page of every list: business registers, people, logs, drill-downs",
    ),
    # Legal-aid public portal
    Setting(
        "SIFA_PORTAL_MAX_UPLOADS",
        5,
        int,
        "local practice",
        "files per online legal-aid application",
    ),
    Setting(
        "SIFA_PORTAL_MAX_UPLOAD_BYTES",
        5 * 1024 * 1024,
        int,
        "local practice",
        "bytes per uploaded file",
    ),
    # Judicial office assessment (docs/assessment.md)
    Setting(
        "SIFA_ASSESSMENT_OBJECTION_DAYS",
        5,
        int,
        "[M] local practice (考核结果公示期)",
        "working days after publication in which a 司法所 may object (异议) to its scores",
    ),
    # Lawyers and grassroots legal services: annual inspection (docs/practice.md)
    Setting(
        "SIFA_PRACTICE_INSPECTION_DUE",
        "05-31",
        str,
        "[M] 律师事务所年度检查考核办法 (司法部令第121号) as remembered, not in DOMAIN §6.1; "
        "local practice",
        "default due date (MM-DD of the year after the inspected year) by which institutions "
        "submit their annual inspection materials; the bureau may set another when it opens",
    ),
    Setting(
        "SIFA_PRACTICE_RECTIFICATION_MONTHS",
        3,
        int,
        "[M] DOMAIN §6.1 (failing → rectification, possible 停业整顿 1–6 months)",
        "months of rectification (整改期限) given to an institution found 不合格, from the "
        "decision's date",
    ),
    Setting(
        "SIFA_PRACTICE_MATERIAL_MAX_BYTES",
        10 * 1024 * 1024,
        int,
        "local practice",
        "bytes per uploaded annual-inspection material (PDF, JPEG or PNG)",
    ),
    Setting(
        "SIFA_PORTAL_QUERY_CODE_LENGTH",
        10,
        int,
        "local practice",
        "characters of the applicant's query code (at least 8)",
    ),
    Setting(
        "SIFA_PORTAL_APPLY_RATE",
        (10, 60 * 60),
        tuple,
        "local practice",
        "(submissions, seconds) per client address",
    ),
    Setting(
        "SIFA_PORTAL_STATUS_RATE",
        (30, 10 * 60),
        tuple,
        "local practice",
        "(status queries, seconds) per client address",
    ),
    Setting(
        "SIFA_PORTAL_MIN_FILL_SECONDS",
        5,
        int,
        "local practice",
        "minimum seconds between serving and submitting the application form",
    ),
    Setting(
        "SIFA_PORTAL_FORM_MAX_AGE",
        24 * 60 * 60,
        int,
        "local practice",
        "seconds a served application form stays valid",
    ),
    # Legal aid (法律援助) review and handling periods, DOMAIN §5.2: the statutory values are
    # the defaults; read when the app starts (sifa/legalaid/deadlines.py). 日 = calendar days.
    Setting(
        "SIFA_LEGALAID_DECISION_DAYS",
        7,
        int,
        "法律援助法 第43条 (审查并作出是否给予法律援助的决定: 七日内)",
        "days from receiving a (complete) application to the review decision",
    ),
    Setting(
        "SIFA_LEGALAID_ASSIGNMENT_DAYS",
        3,
        int,
        "法律援助法 第43条 (决定给予后三日内指派)",
        "days from a grant (or an objection corrected) to the assignment",
    ),
    Setting(
        "SIFA_LEGALAID_NOTIFICATION_ASSIGNMENT_DAYS",
        3,
        int,
        "法律援助法 第36条 (收到通知之日起三日内指派律师)",
        "days from a 通知辩护/代理 to the assignment",
    ),
    Setting(
        "SIFA_LEGALAID_AGREEMENT_DAYS",
        5,
        int,
        "办理法律援助案件程序规定 第27条 (指派之日起五日内签订委托协议)",
        "days from the assignment to the 委托协议",
    ),
    Setting(
        "SIFA_LEGALAID_OBJECTION_DAYS",
        5,
        int,
        "法律援助法 第49条 (司法行政部门自收到异议之日起五日内审查)",
        "days the 司法行政部门 has to decide an objection",
    ),
    Setting(
        "SIFA_LEGALAID_FORWARDING_HOURS",
        24,
        int,
        "法律援助法 第39条 (羁押场所二十四小时内转交申请)",
        "hours the custody place has to forward a detained applicant's request",
    ),
    Setting(
        "SIFA_LEGALAID_CLOSING_MATERIALS_DAYS",
        30,
        int,
        "法律援助法 第50条; local rule (DOMAIN LA-13, e.g. 怒江州: 30 days)",
        "days from the end of a case to the submission of its 立卷材料",
    ),
    Setting(
        "SIFA_LEGALAID_CLOSING_REVIEW_DAYS",
        30,
        int,
        "法律援助法 第50条; local rule (DOMAIN LA-13, e.g. 怒江州: 30 days)",
        "days the centre has to review the closing materials",
    ),
    # Lawyers and grassroots legal services (律师和基层法律服务), DOMAIN §6.1: complaints
    Setting(
        "SIFA_PRACTICE_COMPLAINT_DAYS",
        60,
        int,
        "[M] 律师执业管理办法 / 司法部 律师违法违规行为投诉处理 rules and the provinces' "
        "投诉处理办法 as quoted by secondary sources (DOMAIN §6.1): a complaint against a lawyer "
        "or firm is handled within 60 days of its receipt; confirm against the province's rule",
        "days (日, calendar days from the day after receipt) to conclude a complaint against a "
        "practitioner or an institution; read when the app starts (sifa/practice/deadlines.py)",
    ),
    Setting(
        "SIFA_PRACTICE_COMPLAINT_WARN_DAYS",
        10,
        int,
        "[M] local practice",
        "days before a complaint's handling deadline from which it shows as a to-do",
    ),
    # Forensic appraisal (司法鉴定), DOMAIN §6.4: the time limits of 司法鉴定程序通则 (2016)
    Setting(
        "SIFA_FORENSIC_ACCEPT_DAYS",
        7,
        int,
        "司法鉴定程序通则（2016）第13条 [V-local]: decide on a commission within 7 working days",
        "working days (工作日, from the day after receipt) to decide whether to accept a "
        "commission; read when the app starts (sifa/forensic/deadlines.py)",
    ),
    Setting(
        "SIFA_FORENSIC_ACCEPT_LETTER_DAYS",
        10,
        int,
        "司法鉴定程序通则（2016）第13条 as quoted by secondary sources [V-local]: a commission "
        "by letter (函件委托) is decided within 10 working days",
        "working days to decide on a commission received by letter; read when the app starts",
    ),
    Setting(
        "SIFA_FORENSIC_COMPLETION_DAYS",
        30,
        int,
        "司法鉴定程序通则（2016）第28条 [V-local]: complete within 30 working days of the "
        "commission taking effect, time for supplementary materials not counted",
        "working days from the commission taking effect to the completion of the appraisal; "
        "read when the app starts",
    ),
    Setting(
        "SIFA_FORENSIC_EXTENSION_MAX_DAYS",
        30,
        int,
        "司法鉴定程序通则（2016）第28条 [V-local]: an extension of at most 30 working days, "
        "approved by the institution's head, the client told",
        "the most working days an appraisal's completion may be extended by",
    ),
    Setting(
        "SIFA_FORENSIC_WARN_DAYS",
        3,
        int,
        "[M] local practice",
        "days before an acceptance decision or a completion is due from which it shows as a to-do",
    ),
    # Lawyers and grassroots legal services: the public integrity page (docs/practice.md)
    Setting(
        "SIFA_PRACTICE_PUBLIC_FIELDS",
        (
            "licence_number",
            "category",
            "institution",
            "status",
            "licensed_on",
            "inspection",
            "assessment",
            "sanctions",
            "complaints",
            "rewards",
            "public_service",
            "legal_aid",
        ),
        tuple,
        "[M] local practice; 政府信息公开条例 第20条 (行政处罚决定 disclosed proactively); "
        "个人信息保护法 第6、28条 (no ID numbers, phones or home addresses on the public page)",
        "what the public integrity page (/public/practice/) shows besides the name: any of "
        "licence_number, category, institution, status, licensed_on, head_name, address, "
        "inspection, assessment, sanctions, complaints (only substantiated ones marked 公开), "
        "rewards, public_service, legal_aid (constants_integrity.PublicField)",
    ),
    Setting(
        "SIFA_PRACTICE_PUBLIC_SANCTION_YEARS",
        3,
        int,
        "[M] 失信行为纠正后的信用信息修复管理办法（试行） (行政处罚信息 published up to three "
        "years) as remembered; local practice",
        "years after its decision a decided sanction stays on the public page (a suspension "
        "still running and a revocation always show)",
    ),
    Setting(
        "SIFA_PRACTICE_PUBLIC_RATE",
        (60, 60),
        tuple,
        "local practice",
        "(public integrity page requests, seconds) per client address",
    ),
    # Community corrections (社区矫正), DOMAIN §3
    Setting(
        "SIFA_CC_INVESTIGATION_WORKDAYS",
        10,
        int,
        "[M] 社区矫正法实施办法 第14条 (CC-5)",
        "working days for a 调查评估",
    ),
    Setting(
        "SIFA_CC_INVESTIGATION_SUMMARY_WORKDAYS",
        5,
        int,
        "[M] 社区矫正法实施办法 第14条 (CC-5)",
        "working days for a 调查评估 in 速裁 cases",
    ),
    Setting(
        "SIFA_CC_RECEIPT_DAYS",
        5,
        int,
        "[M] 社区矫正法实施办法 第16–17条 (CC-6)",
        "days to send the 回执 after the documents arrive",
    ),
    Setting(
        "SIFA_CC_LEAVE_OFFICE_MAX_DAYS",
        7,
        int,
        "[M] 社区矫正法实施办法 第26–28条 (CC-13)",
        "外出 days a 司法所 may approve",
    ),
    Setting(
        "SIFA_CC_LEAVE_COUNTY_MAX_DAYS",
        30,
        int,
        "[M] 社区矫正法实施办法 第26–28条 (CC-13)",
        "外出 days per trip the county may approve",
    ),
    Setting(
        "SIFA_CC_LEAVE_TWO_MONTH_MAX_DAYS",
        30,
        int,
        "[M] 社区矫正法实施办法 第26–28条 (CC-13)",
        "外出 days in two months beyond which the city approves",
    ),
    Setting(
        "SIFA_CC_CROSSING_MAX_MONTHS",
        6,
        int,
        "[M] 社区矫正法实施办法 第29条 (CC-14)",
        "months one 经常性跨市县活动 approval is valid",
    ),
    Setting(
        "SIFA_CC_PLACE_CHANGE_REPORT_DAYS",
        7,
        int,
        "[M] 社区矫正法实施办法 第30–31条 (CC-15)",
        "days to report at the new 执行地",
    ),
    Setting(
        "SIFA_CC_OPINION_REQUEST_DAYS",
        5,
        int,
        "[M] 社区矫正法实施办法 第30条 (CC-15)",
        "days after a 执行地变更 application within which the county asks the new county's opinion",
    ),
    Setting(
        "SIFA_CC_OPINION_REPLY_DAYS",
        5,
        int,
        "[M] 社区矫正法实施办法 第30条 (CC-15)",
        "days after the request within which the new county replies (执行地变更)",
    ),
    Setting(
        "SIFA_CC_RELEASE_WARN_DAYS",
        30,
        int,
        "社区矫正法 第44条; [V-local] 期满前30日 personal summary and appraisal (CC-29)",
        "days before the correction period ends from which the 解矫 preparation is a to-do",
    ),
    Setting(
        "SIFA_CC_HEALTH_REPORT_MONTHS",
        1,
        int,
        "[M] 社区矫正实施办法 (2012) 第11条, kept in 2020 (CC-11): 每月报告身体情况",
        "months between a 暂予监外执行 subject's physical-condition reports (to-do when due)",
    ),
    Setting(
        "SIFA_CC_MEDICAL_REEXAM_MONTHS",
        3,
        int,
        "[M] 社区矫正实施办法 (2012) 第11条, kept in 2020 (CC-11): 每三个月提交病情复查情况",
        "months between a 保外就医 subject's medical re-examinations (to-do when due)",
    ),
    Setting(
        "SIFA_CC_ADMONITIONS_FOR_WARNING",
        2,
        int,
        "社区矫正法实施办法 第35条 (CC-17; local measures)",
        "训诫 not corrected after which a 警告 is suggested",
    ),
    Setting(
        "SIFA_CC_WARNINGS_FOR_REVOCATION",
        2,
        int,
        "社区矫正法 第46条; 社区矫正法实施办法 第46条 (CC-19–21)",
        "警告 not corrected after which revocation is suggested",
    ),
    Setting(
        "SIFA_CC_LOST_DAYS_FOR_WARNING",
        10,
        int,
        "社区矫正法实施办法 第35条 (CC-17; local measures)",
        "days of 脱管 after which a 警告 is suggested",
    ),
    Setting(
        "SIFA_CC_LOST_MONTHS_FOR_REVOCATION",
        1,
        int,
        "社区矫正法实施办法 第46条 (CC-19: 超过一个月); 民法典 第202条 (calendar months)",
        "calendar months of 脱管 after which revocation is suggested (not 30 days)",
    ),
    Setting(
        "SIFA_CC_REOFFENCE_DENOMINATOR",
        "start_plus_received",
        str,
        "[M] local practice (DOMAIN §3.7: the formula is not published)",
        '再犯罪率 denominator: "start_plus_received" or "end_stock"',
    ),
    # Resettlement (安置帮教), DOMAIN §4
    Setting(
        "SIFA_RS_ASSISTANCE_YEARS",
        5,
        int,
        "[V-local] 福建 分类帮教 measures 第2条 (RA-1: 刑满释放/解除矫正 within five years)",
        "years a released person stays in the 安置帮教 register (帮教期)",
    ),
    Setting(
        "SIFA_RS_PRE_RELEASE_MONTHS",
        6,
        int,
        "[I] local practice (DOMAIN §4 RA-2/RA-3: notice one month before release, contact kept "
        "from admission; no statutory window)",
        "months ahead within which notified prisoners appear on the 待释放衔接 (pre-release) list",
    ),
    Setting(
        "SIFA_MONITORING_MAX_MONTHS",
        3,
        int,
        "社区矫正法 第29条 (CC-24: statutory)",
        "months one 电子定位 decision lasts at most",
    ),
    # Numbering (docs/numbering.md)
    Setting(
        "SIFA_NUMBERING",
        {
            "legalaid.application": "{region}-{type}-{year}-{seq:04d}",
            "mediation.mediationcase": "{region}-{type}-{year}-{seq:04d}",
            "corrections.subject": "{region}-{type}-{year}-{seq:04d}",
            "corrections.certificate": "〔{year}〕{office_abbr}矫解字第{seq:04d}号",
            "legalaid.document": "〔{year}〕{office_abbr}{word}字第{seq:04d}号",
            "corrections.document": "〔{year}〕{office_abbr}{word}字第{seq:04d}号",
        },
        dict,
        "[M] local practice; 文号 GB/T 9704-2012 党政机关公文格式 7.2.4 (〔年份〕机关代字+序号)",
        "pattern of each record type's number (tokens {year} {seq:04d} {region} {type} {office} "
        '{office_abbr} {word}); a key "<region code>:<record type>" sets one bureau\'s own; '
        "the sequence counts within the numbers sharing every other token "
        "([numbering.md](numbering.md))",
    ),
    # Documents (文书)
    Setting(
        "SIFA_DOCUMENTS_FULL_ID_NUMBERS",
        ("mediation.agreement", "mediation.confirmation_application"),
        tuple,
        "人民调解法 第29条 (协议书载明当事人基本情况); 最高人民法院关于人民调解协议司法确认程序"
        "的若干规定 第5条 (申请材料: 身份证明、联系方式); 个人信息保护法 第6条 (最小必要); "
        "[M] local practice",
        "document templates that print ID and phone numbers in full for a user who may edit "
        "the record or reveal numbers; every other template masks them. Templates: "
        "mediation.registration, mediation.agreement, mediation.confirmation_application, "
        "legalaid.decision (给予/不予法律援助决定书), legalaid.assignment, legalaid.supplement, "
        "corrections.report_notice, corrections.receipt, corrections.release_certificate, "
        "corrections.warning (警告决定书). Each generation in full is logged as a reveal "
        "(审计 › 敏感信息访问)",
    ),
    # Backups (docs/backup.md)
    Setting(
        "SIFA_BACKUP_DIR",
        "backups",
        str,
        "GB/T 22239-2019 等级保护 (data backup and recovery)",
        "folder of `manage.py backup` (relative: under the project folder); copy it off the "
        "server, apart from SIFA_DATA_KEY",
    ),
    Setting(
        "SIFA_BACKUP_KEEP",
        14,
        int,
        "GB/T 22239-2019 等级保护 (data backup and recovery); [M] local practice",
        "backups `manage.py backup` keeps in SIFA_BACKUP_DIR, newest first (0: keep all)",
    ),
    # Village (community) legal advisers (一村(社区)一法律顾问, docs/practice.md)
    Setting(
        "SIFA_PRACTICE_VILLAGE_ADVISERS_MAX",
        1,
        int,
        "[M] local practice: 一村(社区)一法律顾问 (one adviser per village or community; DOMAIN "
        "§6.5)",
        "adviser contracts a village or community may have in force at the same time",
    ),
    Setting(
        "SIFA_PRACTICE_ADVISER_LECTURES_PER_QUARTER",
        1,
        int,
        "[M] local service standard quoted in DOMAIN §6.5 (每季度至少开展一次法治讲座)",
        "lectures (讲座) an adviser gives each village of his contracts per calendar quarter; "
        "fewer in the current quarter is a to-do",
    ),
    Setting(
        "SIFA_PRACTICE_ADVISER_DUTY_DAYS_PER_MONTH",
        2,
        int,
        "[M] local service standard quoted in DOMAIN §6.5 (社区和城郊村每月不少于2天、边远村每月"
        "不少于1天到村值班)",
        "days with an on-site duty (值班) log an adviser gives each village per calendar month; "
        "fewer in the current month is a to-do (one number for every village: set 1 where "
        "remote villages are the rule)",
    ),
    # Legal publicity (普法与依法治理, docs/publicity.md)
    Setting(
        "SIFA_PUBLICITY_EXAM_PASS_MARK",
        60,
        int,
        "[M] DOMAIN §7 (学法考法: pass mark configurable, commonly 60)",
        "pass mark of a law exam (学法考试), copied onto each exam when it is registered; a "
        "result at or above it counts as passed",
    ),
    Setting(
        "SIFA_PUBLICITY_PHOTO_MAX_BYTES",
        5 * 1024 * 1024,
        int,
        "local practice",
        "bytes per photo (JPEG or PNG) attached to a publicity event",
    ),
    Setting(
        "SIFA_PUBLICITY_PHOTOS_PER_EVENT",
        10,
        int,
        "local practice",
        "photos one publicity event may carry",
    ),
    Setting(
        "SIFA_PUBLICITY_VP_TERM_YEARS",
        3,
        int,
        "[M] DOMAIN §7 (教育部令第52号 regulates the term; commonly 3 years)",
        "term of a 法治副校长 appointment in years: the default end of a new appointment",
    ),
    Setting(
        "SIFA_PUBLICITY_VP_MIN_HOURS",
        4,
        int,
        "[M] 教育部令第52号 (at least 4 class hours a year)",
        "class hours a 法治副校长 gives each school in a calendar year; fewer is a to-do",
    ),
    Setting(
        "SIFA_PUBLICITY_HOUSEHOLDS_PER_LAW_SAVVY",
        1,
        int,
        "[M] DOMAIN §7 (法律明白人 per rural household, Jiangxi 2020 opinion: 一户一名)",
        "households of a village per 法律明白人 the register should hold (the target)",
    ),
)

DECLARED: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def default(name: str) -> Any:
    """The declared default of `name` (config/settings.py uses it for its environment reads)."""
    return DECLARED[name].default


def sifa_setting(name: str) -> Any:
    """The value of SIFA setting `name`: django.conf.settings at call time, else the default.

    A name that is not declared is an error, so every setting the code reads is in the table.
    """
    from django.conf import settings  # at call time: config/settings.py imports this module

    return getattr(settings, name, DECLARED[name].default)


def markdown_table() -> str:
    """docs/settings.md, generated from the declarations."""
    lines = [
        "# Settings",
        "",
        "Every `SIFA_*` setting, generated from `config/sifa_settings.py` (do not edit by hand:",
        "run `python -m config.sifa_settings > docs/settings.md`). Code reads them with",
        '`sifa_setting("SIFA_X")`; config/settings.py sets those that come from the environment.',
        "Sources tagged [M] are from secondary knowledge of the text (see DOMAIN.md): verify them",
        "before go-live.",
        "",
        "| Name | Default | Type | Source | Meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.default!r}` | {s.type.__name__} | {s.source} | {s.doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
