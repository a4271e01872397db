"""Figures of lawyers, law firms and grassroots legal services (DOMAIN §6.1, §6.2), one
definition each; docs/practice.md ("Indicators") gives the decisions.

* Institutions and practitioners are stocks: an institution from its 设立日期 until its 注销日期,
  a practitioner from his 执业日期 until his licence's 注销日期. A practitioner counts under the
  institution where he practises now (a transfer moves him; the move is kept in `Transfer`).
* The business register's matters are flows by their 收案日期 (`accepted_on`); their amounts
  (标的额, 索回/挽回金额, 收费) are sums over the same rows. A retained adviser (常年法律顾问) is a
  stock over [收案日期, 期满日期): clients served at the period end.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sifa.people.models import Gender
from sifa.practice.constants import (
    PRACTITIONER_NOUN,
    Category,
    ClientKind,
    FirmKind,
    LitigationType,
    MatterCategory,
    PractitionerKind,
)
from sifa.practice.models import Institution, Matter, Practitioner
from sifa.stats.registry import FLOW, STOCK, Breakdown, IndicatorFamily

LINE = _("律师和基层法律服务")
FAMILY = IndicatorFamily("practice", LINE)
HOUSES, PERSONS, MATTERS, YUAN = _("家"), _("人"), _("件"), _("元")

BY_FIRM_KIND = Breakdown("firm_kind", _("按组织形式"), "firm_kind", dict(FirmKind.choices))
BY_KIND = Breakdown("kind", _("按执业类型"), "kind", dict(PractitionerKind.choices))
BY_GENDER = Breakdown("gender", _("按性别"), "person__gender", dict(Gender.choices))
BY_INSTITUTION = Breakdown("institution", _("按执业机构"), "institution")
BY_MATTER = Breakdown("category", _("按业务类别"), "category", dict(MatterCategory.choices))
BY_LITIGATION = Breakdown(
    "litigation_type", _("按诉讼类别"), "litigation_type", dict(LitigationType.choices)
)
BY_CLIENT = Breakdown("client_kind", _("按委托人类别"), "client_kind", dict(ClientKind.choices))
MATTER_BREAKDOWNS = (BY_MATTER, BY_LITIGATION, BY_CLIENT, BY_INSTITUTION)

CASES = Q(category__in=(MatterCategory.LITIGATION, MatterCategory.NON_LITIGATION))
NAMES = {
    Category.LAW_FIRM: _("律师事务所"),
    Category.LEGAL_SERVICE_OFFICE: _("基层法律服务所"),
    Category.NOTARY_OFFICE: _("公证机构"),
    Category.FORENSIC_INSTITUTION: _("司法鉴定机构"),
}


# One queryset per model, each figure of one kind of institution a `where` on it: the figures
# of law firms and of legal service offices are then computed in one grouped query.


def institutions():
    return Institution.objects.select_related("office")


def practitioners():
    return Practitioner.objects.select_related("person", "institution__office", "office")


def matters():
    return Matter.objects.select_related("institution__office", "office")


def adviser_matters():
    """The 常年法律顾问 rows alone: the stock of adviser clients reads only them, through their
    own partial index (`practice_matter_adviser_idx`), not every register row of the subtree
    accepted before the day (bench/README.md, 律师和基层法律服务 at scale)."""
    return matters().filter(category=MatterCategory.ADVISER)


def _of(category) -> Q:
    return Q(category=category)


def _at(category) -> Q:
    return Q(institution__category=category)


FAMILY.declare(
    "law_firms",
    _("律师事务所数"),
    HOUSES,
    _("统计截止日存续的律师事务所：设立日期（founded_on）不晚于截止日，且注销日期（dissolved_on）"
      "为空或晚于截止日；含停业整顿的。"),
    institutions,
    10,
    (BY_FIRM_KIND,),
    where=_of(Category.LAW_FIRM),
    kind=STOCK, start_field="founded_on", end_field="dissolved_on",
)  # fmt: skip
FAMILY.declare(
    "lawyers",
    _("执业律师数"),
    PERSONS,
    _("统计截止日持有效律师执业证的人员：执业日期（licensed_on）不晚于截止日，且执业证注销日期"
      "（cancelled_on）为空或晚于截止日；按现执业机构计（变更执业机构的，记在新机构）。"),
    practitioners,
    11,
    (BY_KIND, BY_GENDER, BY_INSTITUTION),
    where=_of(Category.LAW_FIRM),
    kind=STOCK, start_field="licensed_on", end_field="cancelled_on",
)  # fmt: skip
FAMILY.declare(
    "service_offices",
    _("基层法律服务所数"),
    HOUSES,
    _("统计截止日存续的基层法律服务所；口径同律师事务所数。"),
    institutions,
    20,
    where=_of(Category.LEGAL_SERVICE_OFFICE),
    kind=STOCK, start_field="founded_on", end_field="dissolved_on",
)  # fmt: skip
FAMILY.declare(
    "workers",
    _("基层法律服务工作者数"),
    PERSONS,
    _("统计截止日持有效基层法律服务工作者执业证的人员；口径同执业律师数。"),
    practitioners,
    21,
    (BY_KIND, BY_GENDER, BY_INSTITUTION),
    where=_of(Category.LEGAL_SERVICE_OFFICE),
    kind=STOCK, start_field="licensed_on", end_field="cancelled_on",
)  # fmt: skip


def _register_figures(category, institutions_name: str, persons_name: str, order: int) -> None:
    """The institutions and practitioners in the register of a category whose business is kept
    by a line of its own (公证, 司法鉴定): its figures sit beside those of law firms, with the
    same definitions."""
    noun = PRACTITIONER_NOUN[category]
    FAMILY.declare(
        institutions_name,
        format_lazy(_("{}数"), NAMES[category]),
        HOUSES,
        format_lazy(_("统计截止日存续的{}；口径同律师事务所数。"), NAMES[category]),
        institutions,
        order,
        where=_of(category),
        kind=STOCK, start_field="founded_on", end_field="dissolved_on",
    )  # fmt: skip
    FAMILY.declare(
        persons_name,
        format_lazy(_("执业{}数"), noun),
        PERSONS,
        format_lazy(_("统计截止日持有效{}执业证的人员；口径同执业律师数。"), noun),
        practitioners,
        order + 1,
        (BY_KIND, BY_GENDER, BY_INSTITUTION),
        where=_of(category),
        kind=STOCK, start_field="licensed_on", end_field="cancelled_on",
    )  # fmt: skip


_register_figures(Category.NOTARY_OFFICE, "notary_offices", "notaries", 24)
_register_figures(Category.FORENSIC_INSTITUTION, "forensic_institutions", "appraisers", 26)


def _matter_figures(category, prefix: str, order: int) -> None:
    """The business-register figures of one kind of institution (律师事务所 or 基层法律服务所)."""
    name = NAMES[category]
    rows, at = matters, _at(category)
    flow = {"kind": FLOW, "date_field": "accepted_on"}
    FAMILY.declare(
        f"{prefix}_matters",
        _("%(name)s代理诉讼和非诉讼业务数") % {"name": name},
        MATTERS,
        _("%(name)s业务登记台账中收案日期（accepted_on）在期内的诉讼和非诉讼业务，每行一件；"
          "不含常年法律顾问。") % {"name": name},
        rows, order, MATTER_BREAKDOWNS, where=at & CASES, **flow,
    )  # fmt: skip
    FAMILY.declare(
        f"{prefix}_litigation",
        _("%(name)s代理诉讼业务数") % {"name": name},
        MATTERS,
        _("收案日期在期内、业务类别为诉讼的登记（民事、刑事、行政）。"),
        rows, order + 1, (BY_LITIGATION, BY_INSTITUTION),
        where=at & Q(category=MatterCategory.LITIGATION), **flow,
    )  # fmt: skip
    FAMILY.declare(
        f"{prefix}_non_litigation",
        _("%(name)s代理非诉讼业务数") % {"name": name},
        MATTERS,
        _("收案日期在期内、业务类别为非诉讼的登记。"),
        rows, order + 2, (BY_CLIENT, BY_INSTITUTION),
        where=at & Q(category=MatterCategory.NON_LITIGATION), **flow,
    )  # fmt: skip
    FAMILY.declare(
        f"{prefix}_subject_amount",
        _("%(name)s代理业务标的额") % {"name": name},
        YUAN,
        _("收案日期在期内的诉讼和非诉讼业务的标的额（subject_amount）之和。"),
        rows, order + 3, MATTER_BREAKDOWNS, where=at & CASES, sum_field="subject_amount", **flow,
    )  # fmt: skip
    FAMILY.declare(
        f"{prefix}_recovered_amount",
        _("%(name)s索回/挽回金额") % {"name": name},
        YUAN,
        _("收案日期在期内的诉讼和非诉讼业务登记的索回/挽回金额（recovered_amount）之和。"),
        rows, order + 4, MATTER_BREAKDOWNS, where=at & CASES, sum_field="recovered_amount", **flow,
    )  # fmt: skip
    FAMILY.declare(
        f"{prefix}_fees",
        _("%(name)s业务收费") % {"name": name},
        YUAN,
        _("收案日期在期内的全部业务登记（诉讼、非诉讼、常年法律顾问）的收费（fee）之和。"),
        rows, order + 5, MATTER_BREAKDOWNS, where=at, sum_field="fee", **flow,
    )  # fmt: skip
    FAMILY.declare(
        f"{prefix}_adviser_clients",
        _("%(name)s担任常年法律顾问的单位数") % {"name": name},
        HOUSES,
        _("统计截止日在聘的常年法律顾问登记：收案日期（accepted_on）不晚于截止日，且期满日期"
          "（closed_on）为空或晚于截止日；每行一个委托单位（企业、村(社区)等）。"),
        adviser_matters, order + 6, (BY_CLIENT, BY_INSTITUTION),
        where=at,
        kind=STOCK, start_field="accepted_on", end_field="closed_on",
    )  # fmt: skip


_matter_figures(Category.LAW_FIRM, "firm", 30)
_matter_figures(Category.LEGAL_SERVICE_OFFICE, "office", 50)

# Complaints and discipline (投诉与惩戒), the village legal advisers' figures and the annual
# inspection: declared in modules of their own, registered on import.
from sifa.practice import (  # noqa: E402, F401
    indicators_advisers,
    indicators_discipline,
    indicators_inspection,
)
