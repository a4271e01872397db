"""Sensitive facts put into the database through the normal actions, each value unique, for the
encryption-at-rest tests (the raw columns, the dump canary, the key rotation)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from sifa.corrections.actions.subjects import team_member_add
from sifa.corrections.actions.supervision import check_ins_receive, parse_check_in
from sifa.corrections.constants import TeamRole
from sifa.corrections.models import Geofence
from sifa.corrections.selectors.exchange import gateway_subjects
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.people.actions import person_register
from sifa.people.models import DocumentType
from sifa.resettlement.tests.factories import make_released


def canary(label: str) -> str:
    """A text that appears nowhere else: found in a dump, it can only come from this test."""
    return f"{label}{secrets.token_hex(6)}"


def canary_coordinate() -> Decimal:
    """A latitude inside the test county with six random decimals (e.g. 30.281937)."""
    return Decimal("30.28") + Decimal(secrets.randbelow(9000) + 1000) / Decimal(1_000_000)


@dataclass
class Facts:
    offence: str
    sentence: str
    address: str
    phone: str
    team_phone: str
    released_offence: str
    latitude: Decimal
    longitude: Decimal
    id_number: str
    person: object
    subject: object
    released: object
    check_in_id: int
    team_member_id: int

    def plaintexts(self) -> list[str]:
        return [
            self.offence,
            self.sentence,
            self.address,
            self.phone,
            self.team_phone,
            self.released_offence,
            str(self.latitude),
            str(self.longitude),
            self.id_number,
        ]


def put_sensitive_facts(cast, *, id_number: str) -> Facts:
    worker = make_worker(cast.county_a)
    address = canary("青川市东城街道幸福路")
    phone = "139" + str(secrets.randbelow(10**8)).zfill(8)
    person = person_register(
        actor=worker,
        office=cast.township_a1,
        name="加密测试",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=id_number,
        phone=phone,
        address=address,
    )
    offence, sentence = canary("罪名"), canary("有期徒刑")
    Geofence.objects.get_or_create(
        office=cast.county_a,
        defaults={
            "latitude": Decimal("30.2741"),
            "longitude": Decimal("120.1551"),
            "radius_km": 30,
        },
    )
    subject = make_active_subject(
        worker, cast.township_a1, person=person, crime=offence, original_sentence=sentence
    )
    team_phone = "137" + str(secrets.randbelow(10**8)).zfill(8)
    team_member = team_member_add(
        actor=worker, subject=subject, name="志愿者", role=TeamRole.VOLUNTEER, phone=team_phone
    )
    latitude = canary_coordinate()
    longitude = Decimal("120.15") + Decimal(secrets.randbelow(9000) + 1000) / Decimal(1_000_000)
    at = timezone.now() - datetime.timedelta(minutes=1)
    item = parse_check_in(
        {
            "subject": subject.number,
            "at": at.isoformat(),
            "latitude": str(latitude),
            "longitude": str(longitude),
            "accuracy_m": 10,
        }
    )
    # The gateway's whole reach (SIFA_CHECKIN_TOKEN_OFFICE empty), as the shared-token endpoint.
    (result,) = check_ins_receive([item], subjects=gateway_subjects(reach=None))
    released_offence = canary("释放罪名")
    released = make_released(cast.township_clerk, cast.township_a1, crime=released_offence)
    return Facts(
        offence=offence,
        sentence=sentence,
        address=address,
        phone=phone,
        team_phone=team_phone,
        released_offence=released_offence,
        latitude=latitude,
        longitude=longitude,
        id_number=id_number,
        person=person,
        subject=subject,
        released=released,
        check_in_id=result.id,
        team_member_id=team_member.pk,
    )
