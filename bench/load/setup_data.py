"""What the load scenario needs in the database, printed as JSON (run by bench/load/run).

Needs the demo city (`manage.py load_demo`). Makes sure of:

* the API client `压力测试定位签到` (purpose submit_checkin, scope: the demo bureau) with a fresh
  token, and a rate far above the scenario's (set directly: the form caps it at 10,000 a minute,
  below the 200 check-ins/s target);
* the 在矫 subjects with a fence, the check-in coordinates inside it;
* the data size (offices, persons, cases, subjects, check-ins) for the report.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_production")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from sifa.api.actions import client_create  # noqa: E402
from sifa.api.base import hash_token, new_token, token_prefix  # noqa: E402
from sifa.api.models import ApiClient  # noqa: E402
from sifa.corrections import geo  # noqa: E402
from sifa.corrections.models import CheckIn, Subject  # noqa: E402
from sifa.legalaid.models import Application  # noqa: E402
from sifa.mediation.models import MediationCase  # noqa: E402
from sifa.orgs.demo import DEMO_PASSWORD  # noqa: E402
from sifa.orgs.models import Office  # noqa: E402
from sifa.people.models import Person  # noqa: E402

CLIENT_NAME = "压力测试定位签到"
RATE = 1_000_000  # a minute: the scenario must measure the server, not the rate limit


def main():
    user_model = get_user_model()
    if not user_model.objects.filter(username="sysadmin").exists():
        sys.exit("The demo city is missing: run `manage.py load_demo` on this database first.")
    bureau = Office.objects.filter(depth=1).order_by("path").first()
    client = ApiClient.objects.filter(name=CLIENT_NAME).first()
    if client is None:
        client, token = client_create(
            actor=user_model.objects.get(username="sysadmin"),
            office=bureau,
            name=CLIENT_NAME,
            agency_kind="checkin_app",
            purposes=["submit_checkin"],
        )
    token = new_token()
    ApiClient.objects.filter(pk=client.pk).update(
        token_prefix=token_prefix(token),
        token_hash=hash_token(token),
        token_issued_at=timezone.now(),
        rate_per_minute=RATE,
        active=True,
        revoked_at=None,
    )
    subjects = list(
        Subject.objects.select_related("office").filter(status="under_correction").order_by("pk")
    )
    fences = geo.fences_for_offices(s.office for s in subjects)
    rows = [
        {
            "number": s.number,
            "latitude": float(fences[s.office_id].latitude),
            "longitude": float(fences[s.office_id].longitude),
        }
        for s in subjects
        if fences.get(s.office_id)
    ]
    if not rows:
        sys.exit("No 在矫 subject with a fence: the check-in client has nobody to report.")
    size = {
        "offices": Office.objects.count(),
        "persons": Person.objects.count(),
        "mediation cases": MediationCase.objects.count(),
        "legal-aid applications": Application.objects.count(),
        "corrections subjects": Subject.objects.count(),
        "check-ins": CheckIn.objects.count(),
    }
    data = {"token": token, "password": DEMO_PASSWORD, "subjects": rows, "size": size}
    print(json.dumps(data, ensure_ascii=False))


if __name__ == "__main__":
    main()
