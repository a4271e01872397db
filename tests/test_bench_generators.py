"""The benchmark generators write raw rows (COPY / executemany), past the models: a column added
to a model later must be added to them too, or the generator fails at its first row."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import NOT_PROVIDED

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(autouse=True)
def bench_on_path(monkeypatch):
    """The generators import their neighbour `common` as the bench scripts run them."""
    monkeypatch.setattr(sys, "path", [str(BENCH), *sys.path])


def generator(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def model_of(table: str):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


def test_mediation_generator_writes_every_required_column_and_no_other():
    for table, columns in generator("generate_mediation").TABLES.items():
        fields = model_of(table)._meta.concrete_fields
        # NOT NULL without a database default: a raw INSERT must give it.
        required = {f.column for f in fields if not f.null and f.db_default is NOT_PROVIDED}
        assert required - set(columns) == set(), table
        assert set(columns) - {f.column for f in fields} == set(), table


@pytest.mark.django_db
def test_practice_generators_give_every_practice_indicator_data():
    """bench/generate_practice.py, generate_notary.py and generate_forensic.py at a small scale
    on a small tree: their rows pass the database's constraints and every `practice.*`
    indicator (the registers of law firms, legal service offices, notary offices and forensic
    institutions) counts something over the three years."""
    from datetime import date

    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.demo import OfficeTree
    from sifa.orgs.models import Office
    from sifa.stats import registry

    practice = generator("generate_practice")
    root = Office.objects.add_root(
        instance=Office(
            code="T-340000",
            name="样本省司法厅",
            kind=OfficeKind.JUSTICE_BUREAU,
            region_code="340000",
        )
    )
    tree = OfficeTree(root)
    city = tree.add(root, code="345100", name="样本01市司法局", kind=OfficeKind.JUSTICE_BUREAU)
    for k in (1, 2):
        county = tree.add(
            city, code=f"34510{k}", name=f"样本01市0{k}县司法局", kind=OfficeKind.JUSTICE_BUREAU
        )
        township = tree.add(
            county, code=f"34510{k}001", name="01镇司法所", kind=OfficeKind.JUDICIAL_OFFICE
        )
        for v in range(6):
            tree.add(
                township,
                code=f"34510{k}001{201 + v}",
                name=f"{v + 1:02d}村司法行政服务站",
                kind=OfficeKind.SERVICE_STATION,
            )
    for office in tree.nodes:
        office.region_code = office.code
    tree.save(history=False)
    root.refresh_from_db()

    volumes = practice.Volumes().scaled(0.004)  # 8 firms, 2 offices, 160 lawyers, 8,000 rows …
    sizes = practice.Generator(root, volumes, seed=1, log=lambda text: None).run()
    assert sizes["matters"] == volumes.firm_matters + volumes.office_matters
    # The notary offices and forensic institutions are in the same registers, written by
    # their lines' generators (a notary office, a forensic institution and their business).
    notary, forensic = generator("generate_notary"), generator("generate_forensic")
    notary.Generator(root, notary.Volumes().scaled(0.0002), seed=2, log=lambda text: None).run()
    forensic.Generator(root, forensic.Volumes().scaled(0.002), seed=3, log=lambda text: None).run()

    indicators = [i for i in registry.all_indicators() if i.key.startswith("practice.")]
    scope = registry.Scope(office=root, start=date(2024, 1, 1), end=date(2026, 12, 31))
    figures = registry.figures_many(indicators, scope)
    empty = [key for key, result in figures.items() if not result.value]
    assert empty == []

    # --force empties the line and takes the institution offices out of the tree again.
    from sifa.practice.models import Institution, Matter

    forensic.delete_forensic(root)
    notary.delete_notary(root)
    practice.delete_practice(root)
    assert not Institution.objects.exists() and not Matter.objects.exists()
    for county in Office.objects.filter(depth=3):
        assert (
            county.numchild == Office.objects.filter(path__startswith=county.path, depth=4).count()
        )
