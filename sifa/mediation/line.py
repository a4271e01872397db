"""The 人民调解 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Chart, Line, Pages
from sifa.mediation.imports.cases import CASES
from sifa.mediation.imports.committees import MEDIATORS, MEMBERS, PROFILES, TRAININGS
from sifa.mediation.imports.screenings import SCREENINGS
from sifa.mediation.selectors.search import mediation_search_hits
from sifa.mediation.todos import mediation_todos

LINE = Line(
    key="mediation",
    name=_("人民调解"),
    pages=(Pages("mediation/", "sifa.mediation.urls"),),
    order=20,
    tiles=(
        "mediation.cases_accepted",
        "mediation.cases_succeeded",
        "mediation.agreement_amount",
    ),
    trend=("mediation.cases_accepted",),
    charts=(Chart("mediation.cases_accepted", "type", "bar"),),
    ranking=(
        "mediation.cases_accepted",
        "mediation.cases_succeeded",
    ),
    warnings=(),
    todos=(("mediation", mediation_todos),),
    search=(("mediation", mediation_search_hits),),
    imports=(PROFILES, MEMBERS, MEDIATORS, TRAININGS, SCREENINGS, CASES),
)
