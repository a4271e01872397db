"""A city's day under load (issue 16 item 8): started by bench/load/run, which starts the server,
signs the accounts in and hands this file their session cookies and the check-in token.

Phases (LOAD_PHASE): `city` mixes 20 users — leaders on the dashboard, clerks and a section on
the workbench, lists and detail pages, clerks entering mediation cases, the public portal and the
check-in client (batches of 100 and single check-ins) — each user waiting 0.5–2 s between pages
as a person does. `checkin-batch` and `checkin-single` run only check-in clients without waits,
to measure the check-in throughput.

The server runs with the production settings behind no proxy: every request says
`X-Forwarded-Proto: https` as nginx would (SECURE_PROXY_SSL_HEADER), an Origin for the CSRF check,
and the secure session cookie is sent over the plain loopback connection.

Request names group the table: `dashboard`, `workbench /`, `list …`, `detail …`, `case entry …`,
`portal …`, `check-in batch of 100`, `check-in single`.
"""

from __future__ import annotations

import json
import os
import random
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, constant, task

SETUP = json.loads(Path(os.environ["LOAD_SETUP"]).read_text(encoding="utf-8"))
PHASE = os.environ.get("LOAD_PHASE", "city")
BATCH = 100
CHINA = timezone(timedelta(hours=8))
MEDIATION_CASE = r'href="(/mediation/cases/\d+/)"'
LEGALAID_APPLICATION = r'href="(/legal-aid/applications/\d+/)"'


class _FormValues(HTMLParser):
    """The values a browser would submit for the form whose action contains `action`."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.values, self._select, self._textarea = (
            action,
            False,
            {},
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.action in (a.get("action") or "") or (
                not a.get("action") and a.get("method", "").lower() == "post"
            )
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            if a.get("type") not in {"submit", "button"}:
                self.values[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            # The selected option, else the first that is not blank (a clerk picks one).
            if value and ("selected" in a or not self.values.get(self._select)):
                self.values[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str, action: str) -> dict:
    parser = _FormValues(action)
    parser.feed(html)
    return parser.values


class WebUser(HttpUser):
    """A signed-in person: the session cookie of an account bench/load/run signed in."""

    abstract = True
    wait_time = between(0.5, 2)
    account = ""

    def on_start(self):
        request = self.client.request

        def request_then_unsecure_cookies(*args, **kwargs):
            # Django marks the session and CSRF cookies Secure (TLS ends at nginx in
            # production); here they go back over the plain loopback connection.
            response = request(*args, **kwargs)
            for cookie in self.client.cookies:
                cookie.secure = False
            return response

        self.client.request = request_then_unsecure_cookies
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": self.origin})
        if self.account:
            for name, value in SETUP["sessions"][self.account].items():
                self.client.cookies.set(name, value, domain="127.0.0.1", path="/")
        self.detail_urls: dict[str, list[str]] = {}

    @property
    def origin(self) -> str:
        return "https://" + self.host.split("://", 1)[1]

    def page(self, url: str, name: str, *, signed_in: bool = True):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif signed_in and "/accounts/login/" in response.url:
                response.failure("sent to the login page")
            else:
                response.success()
            return response

    def list_then_detail(self, list_url: str, pattern: str, label: str):
        response = self.page(list_url, f"list {label}")
        links = sorted(set(re.findall(pattern, response.text or "")))
        if links:
            self.detail_urls[label] = links
        if self.detail_urls.get(label):
            self.page(random.choice(self.detail_urls[label]), f"detail {label}")


class Leader(WebUser):
    """局领导: the 领导驾驶舱, now and then the workbench (which sends a leader there)."""

    account = "leader"

    @task(4)
    def dashboard(self):
        self.page("/reports/dashboard/", "dashboard")

    @task(1)
    def workbench(self):
        # The redirect is followed by hand: requests would follow it inside one call, before
        # the refreshed session cookie loses its Secure flag, and so without the session.
        with self.client.get(
            "/", name="workbench / (leader: redirect)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302 and response.headers["Location"].endswith(
                "/reports/dashboard/"
            ):
                response.success()
            else:
                response.failure(f"status {response.status_code}, not sent to the dashboard")
        self.page("/reports/dashboard/", "dashboard")


class Clerk(WebUser):
    """司法所工作人员: to-dos, mediation cases, the person registry."""

    account = "jo_staff"

    @task(2)
    def workbench(self):
        self.page("/", "workbench /")

    @task(3)
    def cases(self):
        self.list_then_detail(
            "/mediation/cases/", r'href="(/mediation/cases/\d+/)"', "mediation case"
        )

    @task(2)
    def people(self):
        self.list_then_detail("/people/", r'href="(/people/\d+/)"', "person")


class Section(WebUser):
    """业务科室 at the county bureau: every line's lists and records of the whole county."""

    account = "section"

    @task(2)
    def workbench(self):
        self.page("/", "workbench /")

    @task(2)
    def cases(self):
        self.list_then_detail(
            "/mediation/cases/", r'href="(/mediation/cases/\d+/)"', "mediation case"
        )

    @task(2)
    def applications(self):
        self.list_then_detail(
            "/legal-aid/applications/",
            r'href="(/legal-aid/applications/\d+/)"',
            "legal-aid application",
        )

    @task(1)
    def resettlement(self):
        self.list_then_detail(
            "/resettlement/persons/", r'href="(/resettlement/persons/\d+/)"', "resettlement person"
        )


class CorrectionsWorker(WebUser):
    """社区矫正机构工作人员: the subjects of the county."""

    account = "cc_worker"

    @task(2)
    def subjects(self):
        self.list_then_detail(
            "/corrections/subjects/", r'href="(/corrections/subjects/\d+/)"', "corrections subject"
        )

    @task(1)
    def workbench(self):
        self.page("/", "workbench /")


class CaseEntry(WebUser):
    """A clerk registering a mediation case (受理登记) with two organisations as parties."""

    account = "jo_staff"
    wait_time = between(2, 5)

    @task
    def register(self):
        url = "/mediation/cases/register/"
        response = self.page(url, "case entry: form")
        if response.status_code != 200:
            return
        values = form_values(response.text, url)
        values.update(
            {
                "facts": "压力测试：相邻关系纠纷，双方就通道使用发生争执。",
                "claims": "请求调解。",
                "amount": "0",
                "persons_involved": "2",
                "parties-TOTAL_FORMS": "2",
                "parties-INITIAL_FORMS": "0",
                "parties-MIN_NUM_FORMS": "2",
                "parties-MAX_NUM_FORMS": "20",
            }
        )
        for index, role in enumerate(("applicant", "respondent")):
            prefix = f"parties-{index}-"
            for key in [k for k in values if k.startswith(prefix)]:
                del values[key]
            values.update(
                {
                    prefix + "role": role,
                    prefix + "kind": "legal",
                    prefix + "organisation": f"压测单位{random.randrange(10**6)}",
                }
            )
        with self.client.post(
            url, data=values, name="case entry: submit", allow_redirects=False, catch_response=True
        ) as answer:
            location = answer.headers.get("Location", "")
            if answer.status_code == 302 and re.search(r"/mediation/cases/\d+/", location):
                answer.success()
            else:
                answer.failure(f"status {answer.status_code}, not saved")


class Portal(WebUser):
    """The public legal-aid portal (not signed in)."""

    account = ""
    wait_time = between(1, 3)

    @task
    def check(self):
        self.page("/public/legal-aid/", "portal /public/legal-aid/", signed_in=False)


class CheckinClient(HttpUser):
    """The positioning gateway: POST /api/v1/check-ins/ with the client token."""

    abstract = True
    wait_time = constant(0) if PHASE != "city" else between(0.5, 1.5)
    size = 1

    def on_start(self):
        self.client.headers.update(
            {
                "Authorization": "Bearer " + SETUP["token"],
                "X-Forwarded-Proto": "https",
                "Content-Type": "application/json",
            }
        )

    def item(self, now):
        subject = random.choice(SETUP["subjects"])
        return {
            "subject": subject["number"],
            "at": (now - timedelta(minutes=random.randint(1, 30))).isoformat(timespec="seconds"),
            "latitude": subject["latitude"] + random.uniform(-0.01, 0.01),
            "longitude": subject["longitude"] + random.uniform(-0.01, 0.01),
            "accuracy_m": random.randint(5, 50),
        }

    @task
    def send(self):
        now = datetime.now(CHINA)
        body = self.item(now) if self.size == 1 else [self.item(now) for _ in range(self.size)]
        name = "check-in single" if self.size == 1 else f"check-in batch of {self.size}"
        with self.client.post(
            "/api/v1/check-ins/", data=json.dumps(body), name=name, catch_response=True
        ) as response:
            if response.status_code == 201:
                response.success()
            else:
                response.failure(f"status {response.status_code}: {response.text[:200]}")


class CheckinBatch(CheckinClient):
    size = BATCH


class CheckinSingle(CheckinClient):
    size = 1


# The city's 20: fixed numbers of each kind (the throughput phases run one class alone).
CITY = {
    Leader: 2,
    Clerk: 5,
    Section: 3,
    CorrectionsWorker: 2,
    CaseEntry: 2,
    Portal: 3,
    CheckinBatch: 2,
    CheckinSingle: 1,
}
if PHASE == "city":
    for _user_class, _count in CITY.items():
        _user_class.fixed_count = _count
    del _user_class, _count  # a module-level name bound to a class would count as a user class
