"""Test helpers of the orgs app: staff rows, import workbooks, an office-manager user."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from sifa.orgs.importer import COLUMNS
from sifa.orgs.models import StaffMember
from sifa.people.models import Gender, Person
from tests.factories import UserFactory, grant

HEADERS = [c.header for c in COLUMNS]


def make_staff(
    office,
    *,
    post="jo_staff",
    start=date(2020, 1, 1),
    end=None,
    full_time=False,
    gender=Gender.UNKNOWN,
    name="张三",
) -> StaffMember:
    person = Person.objects.create(office=office, name=name, gender=gender)
    return StaffMember.objects.create(
        office=office,
        person=person,
        post=post,
        full_time=full_time,
        start_date=start,
        end_date=end,
    )


def county_manager(office, username="county_admin"):
    """A user holding orgs.manage (系统管理员 role) on one office only."""
    user = UserFactory(username=username)
    grant(user, office, "sysadmin")
    return user


def workbook_bytes(rows, headers=HEADERS, sheet_title="机构") -> io.BytesIO:
    """An .xlsx file with a header row and `rows` (lists of cell values)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "offices.xlsx"
    return buffer


def row(parent, code, name, kind, subtype="", region=None, address="", phone="", established=""):
    """One import row; the region code defaults to the office code."""
    return [parent, code, name, kind, subtype, region or code, address, phone, established]
