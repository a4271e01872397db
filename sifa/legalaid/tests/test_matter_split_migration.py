"""The data migration that splits the old `personal_injury` matter (法律援助法 第31条第七项) into
its four accidents, because 第42条第三项 exempts a 进城务工人员 for 工伤 damages only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.apps import apps

from sifa.legalaid.models import Application
from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def migration_module():
    # Found by its name's tail: the lead renumbers migrations when merging. The squashed migration
    # that replaces it has the same tail but no split (it creates the table empty: elided step).
    (path,) = (
        path
        for path in MIGRATIONS.glob("*_legalaid_*split_injury.py")
        if "_squashed_" not in path.name
    )
    spec = importlib.util.spec_from_file_location("split_injury", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("facts", "proof", "expected"),
    [
        ("申请人在工地作业时受伤，已认定工伤。", "", "work_injury"),
        ("手术后致残，经鉴定构成医疗事故。", "", "medical_injury"),
        ("食用过期食品后中毒。", "", "food_drug_injury"),
        ("服用假药后肝损伤。", "", "food_drug_injury"),
        ("申请人在交通事故中受伤，医疗费、医药费未付。", "migrant_worker_wages", "traffic_injury"),
        ("申请人受伤，请求赔偿。", "migrant_worker_wages", "work_injury"),
        ("申请人受伤，请求赔偿。", "", "traffic_injury"),
    ],
)
def test_old_personal_injury_rows_are_mapped_by_their_facts(cast, facts, proof, expected):
    centre = make_centre(cast.county_a)
    application = make_application(make_reviewer(centre), centre, facts=facts)
    Application.objects.filter(pk=application.pk).update(
        matter="personal_injury", exemption_proof=proof
    )
    application.history.update(matter="personal_injury", exemption_proof=proof)
    migration_module().split_personal_injury(apps, None)
    application.refresh_from_db()
    assert application.matter == expected
    assert set(application.history.values_list("matter", flat=True)) == {expected}
