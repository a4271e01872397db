"""Background jobs (sifa.core.tasks, docs/jobs.md): large work leaves the request, the user
follows it on 我的任务, gets the file (only they) or a Chinese error, and may retry.

Tasks run with Django's immediate backend here (DEBUG settings): the job has finished when the
page that started it answers. tests/test_worker.py runs a real worker on the database backend.
"""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook
from prometheus_client import REGISTRY

from sifa.core.models import ImportBatch, Job
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.orgs.models import Office
from sifa.orgs.tests.helpers import county_manager, row, workbook_bytes

OFFICE_ROWS = [
    row("330102", "330102003", "甲三镇司法所", "司法所"),
    row("330102003", "330102003201", "甲三村司法行政服务站", "村(社区)司法行政服务站"),
]


def the_job(user) -> Job:
    return Job.objects.get(user=user)


def test_export_over_the_limit_runs_as_a_job_with_the_same_file(cast, login, settings):
    committee = make_committee(cast.township_a1)
    cases = [make_case(cast.township_clerk, committee) for _ in range(3)]
    client = login(cast.township_clerk)
    direct = client.get(reverse("mediation:case_export"))
    assert direct["Content-Disposition"].startswith("attachment")  # under the limit: at once

    settings.SIFA_EXPORT_BACKGROUND_ROWS = 2
    timed = {"task": "mediation:case_export", "outcome": "succeeded"}
    before = REGISTRY.get_sample_value("sifa_task_duration_seconds_count", timed) or 0
    response = client.get(reverse("mediation:case_export"))
    job = the_job(cast.township_clerk)
    # The job's duration is in the metrics, labelled by its view (docs/deploy.md, 监控).
    assert REGISTRY.get_sample_value("sifa_task_duration_seconds_count", timed) == before + 1
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    assert job.title == "导出调解案件" and job.result_name.endswith(".xlsx")

    page = client.get(job.get_absolute_url()).content.decode()
    assert "已完成" in page and reverse("jobs:download", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: the page stops polling
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Cache-Control"] == "no-store"
    rows = list(load_workbook(BytesIO(download.content)).worksheets[0].iter_rows(values_only=True))
    expected = list(
        load_workbook(BytesIO(direct.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows == expected
    assert sorted(r[0] for r in rows[1:]) == sorted(c.number for c in cases)


def test_only_the_owner_sees_and_downloads_a_job(cast, login, settings):
    committee = make_committee(cast.township_a1)
    make_case(cast.township_clerk, committee)
    settings.SIFA_EXPORT_BACKGROUND_ROWS = 0
    login(cast.township_clerk).get(reverse("mediation:case_export"))
    job = the_job(cast.township_clerk)
    assert job.result is not None
    for other in (cast.county_supervisor, cast.sibling_clerk, cast.sysadmin):
        client = login(other)
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("jobs:list")).content.decode()
    owner = login(cast.township_clerk)
    assert job.title in owner.get(reverse("jobs:list")).content.decode()
    assert owner.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_the_job_keeps_the_users_scope(cast, login, settings):
    """The worker replays the request as its user: a sibling's records stay out."""
    mine = make_case(cast.township_clerk, make_committee(cast.township_a1))
    theirs = make_case(cast.sibling_clerk, make_committee(cast.township_a2))
    settings.SIFA_EXPORT_BACKGROUND_ROWS = 0
    client = login(cast.township_clerk)
    client.get(reverse("mediation:case_export"))
    job = the_job(cast.township_clerk)
    content = client.get(reverse("jobs:download", args=[job.pk])).content
    numbers = [
        r[0]
        for r in load_workbook(BytesIO(content))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    assert numbers == [mine.number] and theirs.number not in numbers


def test_large_import_runs_as_a_job_and_imports_everything(cast, login, settings):
    manager = county_manager(cast.county_a)
    settings.SIFA_IMPORT_BACKGROUND_ROWS = 1
    client = login(manager)
    response = client.post(reverse("orgs:office_import"), {"file": workbook_bytes(OFFICE_ROWS)})
    check = the_job(manager)
    assert response["Location"] == check.get_absolute_url()
    assert check.status == Job.Status.SUCCEEDED and (check.done, check.total) == (2, 2)
    batch = ImportBatch.objects.get(created_by=manager)
    assert check.result_url == batch.get_absolute_url()  # 查看结果: the preview
    assert not Office.objects.filter(code="330102003").exists()

    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    load = Job.objects.filter(user=manager).exclude(pk=check.pk).get()
    assert response["Location"] == load.get_absolute_url()
    assert load.status == Job.Status.SUCCEEDED
    assert "导入完成" in load.message
    assert Office.objects.filter(code__in=["330102003", "330102003201"]).count() == 2


def test_failed_import_job_writes_nothing_says_why_and_can_be_retried(cast, login, settings):
    manager = county_manager(cast.county_a)
    settings.SIFA_IMPORT_BACKGROUND_ROWS = 1
    rows = [*OFFICE_ROWS, row("330102", "330102004", "", "司法所")]
    client = login(manager)
    client.post(reverse("orgs:office_import"), {"file": workbook_bytes(rows)})
    job = the_job(manager)
    assert job.status == Job.Status.FAILED
    assert "第4行 C列（机构名称）：不能为空。" in job.message
    assert not Office.objects.filter(code__in=["330102003", "330102003201"]).exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "第4行 C列（机构名称）：不能为空。" in page and "重试" in page
    # The preview, with every error and the annotated file, is one click away.
    assert job.result_url == ImportBatch.objects.get(created_by=manager).get_absolute_url()

    # The cause is fixed outside the file (here: the row's office now exists, so the file's
    # third row duplicates it) — the retry replays the same upload and reports the new state.
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 2
    assert "第4行 C列（机构名称）：不能为空。" in job.message


def test_retry_succeeds_once_the_cause_is_gone(cast, login, settings):
    """A refused export (no permission when it ran) succeeds on retry once the right is back."""
    committee = make_committee(cast.township_a1)
    make_case(cast.township_clerk, committee)
    settings.SIFA_EXPORT_BACKGROUND_ROWS = -1  # every export, even of no row, is a job
    client = login(cast.township_clerk)
    membership = cast.township_clerk.memberships.get()
    role = membership.role
    membership.delete()
    client.get(reverse("mediation:case_export"))
    job = the_job(cast.township_clerk)
    assert job.status == Job.Status.FAILED
    assert job.message == "您没有权限查看调解案件。" and job.result is None
    membership.pk = None
    membership.role = role
    membership.save()
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result is not None


def test_retry_refuses_a_job_that_did_not_fail(cast, login, settings):
    make_case(cast.township_clerk, make_committee(cast.township_a1))
    settings.SIFA_EXPORT_BACKGROUND_ROWS = 0
    client = login(cast.township_clerk)
    client.get(reverse("mediation:case_export"))
    job = the_job(cast.township_clerk)
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "只有失败的任务可以重试。" in response.content.decode()
    job.refresh_from_db()
    assert job.attempts == 1


def test_unfinished_job_page_polls_for_its_progress(cast, login):
    job = Job.objects.create(user=cast.township_clerk, title="导出", total=200, done=50)
    job.status = Job.Status.RUNNING
    job.save()
    client = login(cast.township_clerk)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and "50 / 200 行" in page
    assert 'aria-valuenow="25"' in page
    part = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="job-status"') and "<html" not in part
    rows = client.get(reverse("jobs:list"), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in rows and "50 / 200 行" in rows


def test_menu_has_my_jobs_for_everyone(cast, rf):
    from sifa.shell.menu import navigation_for

    request = rf.get("/")
    request.user = cast.township_clerk
    labels = {item["label"] for s in navigation_for(request) for item in s["items"]}
    assert "我的任务" in labels
