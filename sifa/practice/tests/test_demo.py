"""The demo city's practice registers give the figures of the reference summary
(SEED_FIGURES.md, 公共法律服务) through the registered indicators, from the records."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from sifa.core import demo
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from sifa.practice import demo as practice_demo
from sifa.practice.constants import Category, MatterCategory
from sifa.practice.licences import institution_licence_error, practitioner_licence_error
from sifa.practice.models import Institution, Matter, Practitioner, Transfer
from sifa.practice.selectors import registers as selectors
from sifa.stats import registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_cast"), pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city():
    call_command("load_demo", only="orgs,practice", stdout=StringIO())
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def test_the_indicators_give_the_seed_figures_for_the_half_year(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.law_firms") == 18
    assert value("practice.lawyers") == 170
    assert value("practice.firm_matters") == 2173
    assert value("practice.firm_subject_amount") == Decimal("422000000.00")  # 4.22 亿元
    assert value("practice.firm_recovered_amount") == Decimal("229000000.00")  # 2.29 亿元
    assert value("practice.service_offices") == 31
    assert value("practice.workers") == 159
    assert value("practice.office_adviser_clients") == 963
    assert value("practice.office_litigation") == 1249
    assert value("practice.office_non_litigation") == 891
    assert value("practice.office_fees") == Decimal("5690000.00")  # 569 万元
    # The one-pass computation the reports and the dashboard use gives the same.
    keys = [i.key for i in registry.all_indicators() if i.key.startswith("practice.")]
    many = registry.figures_many([registry.get(k) for k in keys], scope)
    assert {k: many[k].value for k in keys} == {k: value(k) for k in keys}


def test_the_figures_are_the_records_and_drill_down_to_them(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)
    lawyers = registry.records(registry.get("practice.lawyers"), scope)
    assert lawyers.count() == 170
    held = Practitioner.objects.filter(category=Category.LAW_FIRM, cancelled_on__isnull=True)
    assert set(lawyers.values_list("pk", flat=True)) == set(
        held.filter(licensed_on__lte=demo.PERIOD_END).values_list("pk", flat=True)
    )
    firm_rows = registry.records(registry.get("practice.firm_matters"), scope)
    assert firm_rows.count() == 2173
    assert not firm_rows.filter(category=MatterCategory.ADVISER).exists()
    # Split by firm, the figure adds up; the records around the half-year stay outside it.
    branches = registry.breakdown_values(
        registry.get("practice.firm_matters"), scope, "institution"
    )
    assert sum(v for _k, _l, v in branches) == 2173
    assert Matter.objects.filter(accepted_on__lt=demo.PERIOD_START).exists()
    assert Matter.objects.filter(accepted_on__gt=demo.PERIOD_END).exists()
    assert Practitioner.objects.filter(cancelled_on__isnull=False).count() == (
        practice_demo.CANCELLED_BEFORE
    )
    assert Transfer.objects.count() == practice_demo.TRANSFERS_H1


def test_the_demo_records_keep_the_lines_rules(city):
    for institution in Institution.objects.all():
        assert institution_licence_error(institution.licence_number, institution.category) is None
        assert institution.office.kind == institution.category
    for practitioner in Practitioner.objects.select_related("institution"):
        number, category = practitioner.licence_number, practitioner.category
        assert practitioner_licence_error(number, category) is None, number
        assert practitioner.licensed_on >= practitioner.institution.founded_on
        assert practitioner.office_id == practitioner.institution.office_id
    persons = Practitioner.objects.exclude(status="cancelled").values_list("person", flat=True)
    assert len(persons) == len(set(persons))  # one held licence each
    for row in Matter.objects.select_related("handler"):
        assert row.handler is None or row.handler.institution_id == row.institution_id
        assert row.closed_on is None or row.closed_on >= row.accepted_on
        assert (row.category == MatterCategory.LITIGATION) == bool(row.litigation_type)


def test_the_firm_admin_sees_only_the_first_firm(city):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username=practice_demo.FIRM_ADMIN)
    (own,) = selectors.institution_list(actor=admin)
    assert own.office.code == f"{practice_demo.CITY_CODE}PF01"
    rows = selectors.matter_list(actor=admin)
    assert rows.exists() and not rows.exclude(institution=own).exists()


def test_a_summary_template_states_the_figures_from_the_placeholders(city):
    from sifa.reports import summary

    body = (
        "{{ period }}，{{ area }}{{ practice.law_firms }}家律师事务所"
        "{{ practice.lawyers }}名执业律师，共代理各类案件{{ practice.firm_matters }}件，"
        "涉及财产标的额{{ practice.firm_subject_amount }}元，"
        "索回赔欠款{{ practice.firm_recovered_amount }}元。"
        "{{ area }}{{ practice.service_offices }}家法律服务所共有法律服务工作者"
        "{{ practice.workers }}名，担任企业、村(社区)法律顾问"
        "{{ practice.office_adviser_clients }}家，"
        "代理诉讼事务{{ practice.office_litigation }}件，"
        "代理非诉讼事务{{ practice.office_non_litigation }}件，"
        "业务收费{{ practice.office_fees }}元。\n"
    )
    assert summary.validate(body) == []
    text = summary.render("标题", body, city, demo.PERIOD_START, demo.PERIOD_END).text()
    assert (
        "上半年，全市18家律师事务所170名执业律师，共代理各类案件2173件，涉及财产标的额422000000元，"
        "索回赔欠款229000000元。全市31家法律服务所共有法律服务工作者159名，担任企业、村(社区)法律顾问"
        "963家，代理诉讼事务1249件，代理非诉讼事务891件，业务收费5690000元。"
    ) in text
