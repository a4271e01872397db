"""Reads of schemes (考核方案) and the registry's figures an item may name."""

from __future__ import annotations

from sifa.assessment.compute import source_label
from sifa.assessment.models import Category, Item, Run, Scheme, SchemePeriod
from sifa.orgs import access
from sifa.stats import registry


def source_choices() -> list[tuple[str, str]]:
    """Every ratio, then every reported indicator, as (key, "line：label（key）")."""
    choices = [(r.key, f"{r.line}：{r.label}（比率）") for r in registry.all_ratios()]
    choices += [(i.key, f"{i.line}：{i.label}") for i in registry.all_indicators() if i.reported]
    return choices


def schemes(user):
    return access.scope(user, Scheme).select_related("office")


def scheme(user, pk: int) -> Scheme:
    return access.get_object_or_404(user, schemes(user), pk=pk)


def scheme_parts(user, scheme: Scheme) -> dict:
    categories = list(access.scope(user, Category).filter(scheme=scheme))
    items = list(access.scope(user, Item).filter(scheme=scheme).select_related("category"))
    for item in items:
        item.source_name = source_label(item.source)
    return {
        "periods": list(access.scope(user, SchemePeriod).filter(scheme=scheme)),
        "categories": [(c, [i for i in items if i.category_id == c.pk]) for c in categories],
        "extras": [i for i in items if i.category_id is None],
        "runs": list(access.scope(user, Run).filter(scheme=scheme).select_related("period")),
        # Runs of the scheme's other versions, to try this version against (试算).
        "tried_against": list(
            access.scope(user, Run)
            .filter(office=scheme.office, scheme__year=scheme.year, scheme__name=scheme.name)
            .exclude(scheme=scheme)
            .select_related("period", "scheme")
        ),
        "versions": list(
            schemes(user).filter(office=scheme.office, year=scheme.year, name=scheme.name)
        ),
    }


def period(user, scheme: Scheme, pk: int) -> SchemePeriod:
    return access.get_object_or_404(user, access.scope(user, SchemePeriod), pk=pk, scheme=scheme)


def category(user, scheme: Scheme, pk: int) -> Category:
    return access.get_object_or_404(user, access.scope(user, Category), pk=pk, scheme=scheme)


def item(user, scheme: Scheme, pk: int) -> Item:
    return access.get_object_or_404(user, access.scope(user, Item), pk=pk, scheme=scheme)


def categories(user, scheme: Scheme):
    return access.scope(user, Category).filter(scheme=scheme)


def periods(user, scheme: Scheme):
    return access.scope(user, SchemePeriod).filter(scheme=scheme)
