"""利益冲突审查 before an assignment: has either side of this application met us before?

`conflict_check` looks, among the records the actor may see, for

* the applicant (the same registry Person) or the adverse party (the same name) as a party
  of a people's-mediation case (a person, or an organisation by name; read through
  `sifa.mediation.selectors.cases.parties_matching`);
* the applicant (same Person, or the applicant's name given as an adverse party) or the
  adverse party (by name) in another legal-aid application, with that application's
  handlers, so the reviewer sees whether the handler on offer acted for the other side.

Community corrections (社区矫正) records do not exist in Sifa yet; when they do, a subject
under correction who is the adverse party belongs in this check too.

Names are compared exactly after trimming: a name match is a hint for the reviewer, not
proof of identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sifa.legalaid.models import Application, Assignment
from sifa.mediation.selectors import cases as mediation_cases
from sifa.orgs import access

APPLICANT = "applicant"
ADVERSE = "adverse"
MEDIATION = "mediation"
LEGAL_AID = "legalaid"


@dataclass(frozen=True)
class Conflict:
    side: str  # APPLICANT or ADVERSE: who of this application was found
    name: str  # the name found
    line: str  # MEDIATION or LEGAL_AID
    number: str  # the other record's number
    role: str  # the role held there, in Chinese
    office: str  # the office keeping the other record
    pk: int  # the other record's primary key (MediationCase or Application)
    handler_ids: tuple[int, ...] = ()
    handler_names: tuple[str, ...] = ()

    @property
    def side_label(self) -> str:
        return _("申请人") if self.side == APPLICANT else _("对方当事人")

    @property
    def url(self) -> str:
        name = "mediation:case_detail" if self.line == MEDIATION else "legalaid:application_detail"
        return reverse(name, args=[self.pk])

    @property
    def line_label(self) -> str:
        return _("人民调解案件") if self.line == MEDIATION else _("法律援助案件")

    def __str__(self) -> str:
        text = _("%(side)s“%(name)s”是%(line)s %(number)s（%(office)s）的%(role)s") % {
            "side": self.side_label,
            "name": self.name,
            "line": self.line_label,
            "number": self.number,
            "office": self.office,
            "role": self.role,
        }
        if self.handler_names:
            text += _("，承办人员：%(names)s") % {"names": "、".join(self.handler_names)}
        return text


def conflict_check(*, actor, application: Application) -> list[Conflict]:
    """Earlier records naming this application's applicant or adverse party (see module doc)."""
    applicant = application.applicant
    adverse = (application.adverse_party or "").strip()
    found: list[Conflict] = []
    found += _mediation(actor, Q(person=applicant), APPLICANT, applicant.name)
    if adverse:
        name_q = Q(person__name=adverse) | Q(organisation=adverse)
        found += _mediation(actor, name_q, ADVERSE, adverse)
    others = access.scope(actor, Application.objects.select_related("office", "applicant"))
    others = others.exclude(pk=application.pk)
    for other in others.filter(applicant=applicant):
        found.append(_legal_aid(other, APPLICANT, applicant.name, _("申请人/受援人")))
    for other in others.filter(adverse_party=applicant.name):
        found.append(_legal_aid(other, APPLICANT, applicant.name, _("对方当事人")))
    if adverse:
        for other in others.filter(applicant__name=adverse):
            found.append(_legal_aid(other, ADVERSE, adverse, _("申请人/受援人")))
        for other in others.filter(adverse_party=adverse):
            found.append(_legal_aid(other, ADVERSE, adverse, _("对方当事人")))
    return found


def _mediation(actor, condition: Q, side: str, name: str) -> list[Conflict]:
    rows = []
    for party in mediation_cases.parties_matching(actor=actor, condition=condition):
        rows.append(
            Conflict(
                side=side,
                name=name,
                line=MEDIATION,
                number=party.case.number,
                role=str(party.get_role_display()),
                office=party.office.name,
                pk=party.case_id,
            )
        )
    return rows


def _legal_aid(other: Application, side: str, name: str, role: str) -> Conflict:
    assignments = Assignment.objects.filter(application=other).select_related("handler__person")
    handlers = list(assignments.order_by("assigned_on", "id"))
    return Conflict(
        side=side,
        name=name,
        line=LEGAL_AID,
        number=other.number,
        role=role,
        office=other.office.name,
        pk=other.pk,
        handler_ids=tuple(a.handler_id for a in handlers),
        handler_names=tuple(dict.fromkeys(a.handler.person.name for a in handlers)),
    )


def conflict_summary(conflicts: list[Conflict], handler=None) -> str:
    """The findings in words, for `Assignment.conflict_note` (one line per record found)."""
    if not conflicts:
        return _("利益冲突审查：未发现申请人或对方当事人的其他案件记录。")
    lines = [_("利益冲突审查：发现%(n)d条相关记录。") % {"n": len(conflicts)}]
    for conflict in conflicts:
        line = str(conflict)
        if handler is not None and handler.pk in conflict.handler_ids:
            line += _("（所选承办人员曾承办该案）")
        lines.append(line)
    return "\n".join(lines)


__all__ = ["Conflict", "conflict_check", "conflict_summary"]
