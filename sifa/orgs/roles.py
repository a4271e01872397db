"""The seeded roles (角色). Capabilities are strings from `sifa.orgs.access.Cap`.

三权分立: the system administrator manages offices, accounts and code tables but sees no
business records and no audit trail; the security auditor (安全审计员) reads the audit trail
and changes nothing; business roles never administer.
"""

VIEW, EDIT, REVEAL, STATS = "view", "edit", "people.reveal", "stats.view"
MINORS = "corrections.minors"  # a minor's corrections records (社区矫正法 第54条)

SEED_ROLES = [
    # key, name, capabilities
    ("sysadmin", "系统管理员", ["orgs.manage", "accounts.manage", "codes.manage"]),
    ("auditor", "安全审计员", ["audit.read"]),
    ("leader", "局领导", [VIEW, STATS, REVEAL]),
    ("section", "业务科室", [VIEW, EDIT, STATS, REVEAL]),
    ("jo_head", "司法所长", [VIEW, EDIT, STATS, REVEAL, MINORS]),
    ("jo_staff", "司法所工作人员", [VIEW, EDIT, STATS]),
    ("mediator", "调解员", [VIEW, EDIT]),
    ("la_reviewer", "法援审查员", [VIEW, EDIT, STATS, REVEAL]),
    ("cc_worker", "社区矫正工作人员", [VIEW, EDIT, STATS, REVEAL, MINORS]),
    ("public", "公众", []),
    # The service account of an agency's API client (sifa/api): purposes narrow it further.
    ("api_client", "接口客户端", [VIEW, EDIT, MINORS]),
]

# The business lines each seed role works in (Role.lines; docs/security.md 按业务条线授权).
# Keys of the line apps installed today; a line added later adds its key to the roles that
# should have it in its own data migration (docs/adding-a-line.md) and here, so that this table
# says what the roles hold (practice: `practice 0002_roles`). Administrative roles and the
# public have none: they hold no capability over business records.
ALL_LINES = [
    "mediation",
    "legalaid",
    "corrections",
    "resettlement",
    "practice",
    "notary",
    "forensic",
    "frontdesk",
    "publicity",
    "hotline",
    "assessment",
]
SEED_ROLE_LINES = {
    "sysadmin": [],
    "auditor": [],
    "leader": ALL_LINES,
    "section": ALL_LINES,
    "jo_head": ALL_LINES,
    "jo_staff": ALL_LINES,
    "mediator": ["mediation"],
    "la_reviewer": ["legalaid"],
    "cc_worker": ["corrections", "resettlement"],
    "public": [],
    "api_client": ALL_LINES,
}
