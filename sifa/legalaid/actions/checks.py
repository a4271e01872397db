"""What the legal-aid rules consult besides the values they are given (`Checks`).

Each action's rules are functions of the values (`applications.intake_errors`,
`decide_errors`, `assignments.assignment_errors`, `end_errors`, `review_errors`,
`quality.quality_check_errors`, `consultations.consultation_errors` …) returning the errors by
field. What a rule has to look up — a code table, whether the actor may see a person or a
provider, whether a notice or an archive number is registered — it asks a `Checks`:

* an action's `Checks(actor)` asks the database each time;
* a bulk write's `Checks(actor, persons=…, providers=…)` (an import of a register,
  `application_records`, `consultation_records`) reads each code table once, knows the persons
  and providers it may name, and is given the notices, archive numbers and 话务流水号 already
  registered, so checking thousands of records costs no query per record. The numbers the
  records themselves claim are remembered (`claim_*`), so two records of one batch cannot
  take the same one.
"""

from __future__ import annotations

from django.db.models import Q

from sifa.legalaid.constants import Channel
from sifa.legalaid.models import Application, Consultation, Provider
from sifa.orgs import access
from sifa.people.importing import PersonChecks


class Checks(PersonChecks):
    def __init__(
        self,
        actor,
        *,
        persons: set[int] | None = None,
        providers: set[int] | None = None,
        notices: set[tuple[str, str]] | None = None,
        archive_numbers: dict[tuple[int, str], int] | None = None,
        call_ids: dict[tuple[int, str], int] | None = None,
    ):
        super().__init__(actor, persons=persons)
        self.providers = providers
        self.notices = notices
        self.archive_numbers = archive_numbers
        self.call_ids = call_ids

    # --- visibility --------------------------------------------------------------------------

    def sees_provider(self, provider: Provider) -> bool:
        if self.providers is not None:
            return provider.pk in self.providers
        return access.scope(self.actor, Provider.objects.filter(pk=provider.pk)).exists()

    # --- numbers that are unique ---------------------------------------------------------------

    def notice_registered(self, organ_name: str, notice_number: str) -> bool:
        """Whether the organ's notice (通知书文号) is registered already: one case per notice."""
        key = ((organ_name or "").strip(), notice_number)
        if self.notices is not None:
            return key in self.notices
        return Application.objects.filter(
            notifying_organ_name=key[0], notice_number=notice_number
        ).exists()

    def claim_notice(self, organ_name: str, notice_number: str) -> None:
        if self.notices is not None and notice_number:
            self.notices.add(((organ_name or "").strip(), notice_number))

    def archive_number_taken(self, office_id: int, number: str, pk: int | None) -> bool:
        """Whether another case of the office has this 档案号."""
        if self.archive_numbers is not None:
            holder = self.archive_numbers.get((office_id, number))
            return holder is not None and holder != pk
        others = Application.objects.filter(office_id=office_id, archive_number=number)
        return others.exclude(pk=pk).exists() if pk else others.exists()

    def claim_archive_number(self, office_id: int, number: str, pk: int | None) -> None:
        if self.archive_numbers is not None and number:
            self.archive_numbers[(office_id, number)] = pk or 0

    def call_id_taken(self, office_id: int, call_id: str, pk: int | None) -> bool:
        """Whether another 12348 call of the office has this 话务流水号."""
        if self.call_ids is not None:
            holder = self.call_ids.get((office_id, call_id))
            return holder is not None and holder != pk
        others = Consultation.objects.filter(
            Q(office_id=office_id, channel=Channel.HOTLINE, call_id=call_id)
        )
        return others.exclude(pk=pk).exists() if pk else others.exists()

    def claim_call_id(self, office_id: int, call_id: str, pk: int | None) -> None:
        if self.call_ids is not None and call_id:
            self.call_ids[(office_id, call_id)] = pk or 0
