"""Sanctions of an institution itself (律师法 第50条: 警告, 罚款, 停业整顿 1–6 months, 吊销): the
rules by target, the dates, the closure read, the figures, who may propose, and the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from sifa.core.testing import assert_invalid
from sifa.practice.actions.discipline import (
    complaint_conclude,
    complaint_investigate,
    complaint_receive,
    sanction_annul,
    sanction_decide,
    sanction_propose,
)
from sifa.practice.constants_discipline import (
    Authority,
    Channel,
    DecidedBy,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.models import Sanction
from sifa.practice.selectors import discipline as selectors
from sifa.practice.tests.conftest import register_lawyer
from sifa.stats import registry

D = datetime.date
ADMIN = Authority.ADMINISTRATIVE


def propose(actor, institution, kind=SanctionKind.WARNING, **extra):
    values = {"authority": ADMIN, "act_on": D(2026, 1, 5), "facts": "违规承揽业务", **extra}
    return sanction_propose(actor=actor, institution=institution, kind=kind, **values)


def substantiated(actor, institution, **extra):
    complaint = complaint_receive(
        actor=actor,
        institution=institution,
        received_on=D(2026, 2, 1),
        channel=Channel.VISIT,
        content="以不正当手段承揽业务",
        **extra,
    )
    complaint_investigate(actor=actor, complaint=complaint, handler="周科员", on=D(2026, 2, 2))
    return complaint_conclude(
        actor=actor,
        complaint=complaint,
        substantiated=True,
        findings="属实",
        concluded_on=D(2026, 3, 1),
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": SanctionKind.CLOSURE}, "months", "停业整顿期限应为1至6个月。"),
        ({"kind": SanctionKind.CLOSURE, "months": 7}, "months", "停业整顿期限应为1至6个月。"),
        (
            {"kind": SanctionKind.SUSPENSION, "months": 3},
            "kind",
            "停止执业是对执业人员的处罚；执业机构适用停业整顿。",
        ),
        ({"kind": SanctionKind.FINE}, "amount", "罚款须填写大于零的金额。"),
        ({"kind": SanctionKind.WARNING, "months": 2}, "months", "只有停止执业或停业整顿填写期限"),
        (
            {"kind": SanctionKind.REVOCATION, "authority": Authority.INDUSTRY},
            "authority",
            "吊销执业证书是行政处罚",
        ),
    ],
)
def test_the_rules_of_an_institution_s_sanction_name_their_field(practice, values, field, message):
    with pytest.raises(Exception) as exc:
        propose(practice.section, practice.firm_a, **values)
    assert_invalid(exc, field, message)
    assert not Sanction.objects.exists()


def test_a_legal_service_office_is_not_revoked_and_a_practitioner_is_not_closed(practice):
    with pytest.raises(Exception) as exc:
        propose(practice.section, practice.service_office, SanctionKind.REVOCATION)
    assert_invalid(exc, "kind", "吊销执业许可证书只适用于律师事务所。")
    lawyer = register_lawyer(practice.section, practice.firm_a)
    with pytest.raises(Exception) as exc:
        sanction_propose(
            actor=practice.section,
            practitioner=lawyer,
            authority=ADMIN,
            kind=SanctionKind.CLOSURE,
            months=2,
            act_on=D(2026, 1, 5),
            facts="x",
        )
    assert_invalid(exc, "kind", "停业整顿是对执业机构的处罚，不适用于执业人员。")
    with pytest.raises(ValueError):
        sanction_propose(
            actor=practice.section,
            practitioner=lawyer,
            institution=practice.firm_a,
            authority=ADMIN,
            kind=SanctionKind.WARNING,
            act_on=D(2026, 1, 5),
            facts="x",
        )


def test_a_closure_runs_its_months_and_is_read_on_its_days(practice):
    section = practice.section
    complaint = substantiated(section, practice.firm_a)
    closure = propose(section, practice.firm_a, SanctionKind.CLOSURE, months=2, complaint=complaint)
    assert closure.of_institution and closure.institution == practice.firm_a
    assert closure.decided_by == DecidedBy.CITY and closure.suggestion == ""
    assert closure.office == complaint.office  # the supervising bureau
    sanction_decide(
        actor=section, sanction=closure, decided_on=D(2026, 4, 1), starts_on=D(2026, 4, 10)
    )
    assert closure.ends_on == D(2026, 6, 9)  # its first day counts
    assert selectors.closure_on(institution=practice.firm_a, day=D(2026, 4, 9)) is None
    assert selectors.closure_on(institution=practice.firm_a, day=D(2026, 4, 10)) == closure
    assert selectors.closure_on(institution=practice.firm_a, day=D(2026, 6, 9)) == closure
    assert selectors.closure_on(institution=practice.firm_a, day=D(2026, 6, 10)) is None
    assert selectors.closure_on(institution=practice.firm_a2, day=D(2026, 5, 1)) is None
    # A practitioner's sanction is not the institution's closure, nor is an annulled one.
    sanction_annul(actor=section, sanction=closure, on=D(2026, 4, 20), reason="行政复议撤销")
    assert selectors.closure_on(institution=practice.firm_a, day=D(2026, 5, 1)) is None
    # A firm's revocation is the province's; the register is left to its page.
    revocation = propose(section, practice.firm_b, SanctionKind.REVOCATION)
    assert revocation.decided_by == DecidedBy.PROVINCE
    sanction_decide(
        actor=section, sanction=revocation, decided_on=D(2026, 5, 1), starts_on=D(2026, 5, 1)
    )
    assert revocation.ends_on is None
    practice.firm_b.refresh_from_db()
    assert practice.firm_b.status == "normal"


def test_a_complaint_about_another_institution_or_its_lawyer_does_not_ground_it(practice):
    section = practice.section
    other = substantiated(section, practice.firm_a2)
    with pytest.raises(Exception) as exc:
        propose(section, practice.firm_a, complaint=other)
    assert_invalid(exc, "complaint", "该投诉针对的不是此机构。")
    lawyer = register_lawyer(section, practice.firm_a)
    about_lawyer = substantiated(section, practice.firm_a, practitioner=lawyer)
    assert (
        list(
            selectors.complaints_for_institution_sanction(
                actor=section, institution=practice.firm_a
            )
        )
        == []
    )
    with pytest.raises(Exception) as exc:
        propose(section, practice.firm_a2, complaint=about_lawyer)
    assert_invalid(exc, "complaint", "该投诉针对的不是此机构。")


def test_only_the_supervising_bureau_proposes_and_sees_them(practice):
    with pytest.raises((PermissionDenied, Http404)):  # the bureau above is out of its sight
        propose(practice.firm_a_admin, practice.firm_a)
    sanction = propose(practice.section, practice.firm_a, SanctionKind.FINE, amount=Decimal(5000))
    mine = selectors.institution_discipline(
        actor=practice.firm_a_admin, institution=practice.firm_a
    )
    assert not mine["sanctions"] and not mine["can_discipline"]
    bureau = selectors.institution_discipline(actor=practice.section, institution=practice.firm_a)
    assert list(bureau["sanctions"]) == [sanction] and bureau["can_discipline"]


def test_the_figures_count_an_institution_s_sanctions_under_it(cast, practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_b)
    closure = propose(section, practice.firm_a, SanctionKind.CLOSURE, months=1)
    sanction_decide(
        actor=section, sanction=closure, decided_on=D(2026, 3, 1), starts_on=D(2026, 3, 1)
    )
    warning = sanction_propose(
        actor=section,
        practitioner=lawyer,
        authority=ADMIN,
        kind=SanctionKind.WARNING,
        act_on=D(2026, 1, 5),
        facts="x",
    )
    sanction_decide(
        actor=section, sanction=warning, decided_on=D(2026, 3, 2), starts_on=D(2026, 3, 2)
    )
    scope = registry.Scope(office=cast.city, start=D(2026, 1, 1), end=D(2026, 6, 30))
    assert registry.value(registry.get("practice.sanctions"), scope) == 2
    assert registry.value(registry.get("practice.sanctions_closure"), scope) == 1
    split = registry.breakdown_values(registry.get("practice.sanctions"), scope, "institution")
    assert {stored: value for stored, _label, value in split} == {
        practice.firm_a.pk: 1,
        practice.firm_b.pk: 1,
    }


def test_the_pages_propose_and_show_an_institution_s_sanction(login, practice):
    section = practice.section
    complaint = substantiated(section, practice.firm_a)
    client = login(section)
    detail = client.get(complaint.get_absolute_url()).content.decode()
    url = reverse("practice:institution_sanction_propose", args=[practice.firm_a.pk])
    assert f"{url}?complaint={complaint.pk}" in detail
    form = client.get(f"{url}?complaint={complaint.pk}").content.decode()
    assert "停业整顿" in form and "停止执业" not in form.split("<form", 1)[1]
    assert 'type="date"' in form
    values = {
        "authority": ADMIN,
        "kind": SanctionKind.CLOSURE,
        "months": "7",
        "act_on": "2026-01-05",
        "facts": "违规承揽业务",
        "complaint": complaint.pk,
    }
    refused = client.post(url, values).content.decode()
    assert "停业整顿期限应为1至6个月。" in refused and "违规承揽业务" in refused
    assert not Sanction.objects.exists()
    response = client.post(url, {**values, "months": "3"})
    assert response.status_code == 302, response.content.decode()
    sanction = Sanction.objects.get()
    assert (sanction.institution, sanction.practitioner, sanction.months) == (
        practice.firm_a,
        None,
        3,
    )
    assert response["Location"] == sanction.get_absolute_url()
    page = client.get(sanction.get_absolute_url()).content.decode()
    assert "被处罚机构" in page and str(practice.firm_a) in page
    listing = client.get(reverse("practice:sanction_list")).content.decode()
    assert str(practice.firm_a.office.name) in listing
    decide = reverse("practice:sanction_decide", args=[sanction.pk])
    response = client.post(decide, {"decided_on": "2026-04-01", "starts_on": "2026-04-01"})
    assert response.status_code == 302
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.DECIDED and sanction.ends_on == D(2026, 6, 30)
    institution_page = client.get(practice.firm_a.get_absolute_url()).content.decode()
    assert url in institution_page
    # An institution's own account sees its institution but cannot sanction it.
    assert login(practice.firm_a_admin).get(url).status_code == 403
