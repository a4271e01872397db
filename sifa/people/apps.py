from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "sifa.people"
    label = "people"
    verbose_name = _("人员")

    def ready(self):
        from sifa.core import navigation, search
        from sifa.orgs.access import Cap
        from sifa.people.selectors import person_search_hits

        navigation.register(
            "people",
            _("人员信息"),
            20,
            navigation.NavItem(_("人员列表"), "people:person_list", Cap.VIEW, icon="person-vcard"),
            icon="people",
        )
        search.register("people", person_search_hits)
        # Probable duplicate registrations, for the data-quality monitor (docs/data-quality.md);
        # after the business lines' rules on its page.
        from sifa.core import data_quality
        from sifa.people.data_quality import RULES

        data_quality.register_group("people", _("人员信息"), 95, *RULES)
