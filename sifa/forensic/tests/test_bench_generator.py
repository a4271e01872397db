"""bench/generate_forensic.py at a small scale on a small tree: its rows pass the database's
constraints, every `forensic.*` indicator counts something over the three years, and --force
takes the line out again."""

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"

pytestmark = pytest.mark.django_db


def generator(monkeypatch, name: str):
    monkeypatch.setattr(sys, "path", [str(BENCH), *sys.path])
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


def test_the_generator_gives_every_forensic_indicator_data(monkeypatch):
    from sifa.forensic.models import Case, CategoryRegistration
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.demo import OfficeTree
    from sifa.orgs.models import Office
    from sifa.stats import registry

    forensic = generator(monkeypatch, "generate_forensic")
    root = Office.objects.add_root(
        instance=Office(
            code="T-340000", name="样本省司法厅", kind=OfficeKind.JUSTICE_BUREAU,
            region_code="340000",
        )
    )  # fmt: skip
    tree = OfficeTree(root)
    city = tree.add(root, code="345100", name="样本01市司法局", kind=OfficeKind.JUSTICE_BUREAU)
    for k in (1, 2):
        tree.add(
            city, code=f"34510{k}", name=f"样本01市0{k}县司法局", kind=OfficeKind.JUSTICE_BUREAU
        )
    for office in tree.nodes:
        office.region_code = office.code
    tree.save(history=False)
    root.refresh_from_db()

    volumes = forensic.Volumes().scaled(0.01)  # 3 institutions, 30 appraisers, 3,000 cases
    sizes = forensic.Generator(
        root, volumes, seed=1, log=lambda text: None, today=date(2026, 12, 31)
    ).run()
    assert sizes["cases"] == volumes.cases
    # Every appraiser of an accepted case holds its category.
    held = set(CategoryRegistration.objects.values_list("practitioner_id", "category"))
    for case in Case.objects.filter(decision="accepted").prefetch_related("appraisers")[:200]:
        assert all((a.pk, case.category) in held for a in case.appraisers.all())

    indicators = [i for i in registry.all_indicators() if i.key.startswith("forensic.")]
    scope = registry.Scope(office=root, start=date(2024, 1, 1), end=date(2026, 12, 31))
    figures = registry.figures_many(indicators, scope)
    empty = [key for key, result in figures.items() if not result.value]
    assert empty == []

    forensic.delete_forensic(root)
    assert not Case.objects.exists()
    for county in Office.objects.filter(depth=3):
        assert (
            county.numchild == Office.objects.filter(path__startswith=county.path, depth=4).count()
        )
