from django.contrib import admin
from django.urls import include, path

from sifa.core.health import HealthView
from sifa.core.lines import lines, page_urlpatterns
from sifa.core.observability import metrics_view

admin.site.site_header = "Sifa 司法行政综合业务平台 · 系统管理"
admin.site.site_title = "Sifa 系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", include("sifa.shell.urls")),
    path("accounts/", include("sifa.accounts.urls")),
    path("orgs/", include("sifa.orgs.urls")),
    path("people/", include("sifa.people.urls")),
    path("audit/", include("sifa.audit.urls")),
    path("stats/", include("sifa.stats.urls")),
    path("reports/", include("sifa.reports.urls")),
    path("jobs/", include("sifa.core.urls_jobs")),  # 我的任务: background jobs (docs/jobs.md)
    path("imports/", include("sifa.core.urls_imports")),  # 数据导入 (docs/imports.md)
    *page_urlpatterns(lines()),  # each business line's pages, declared in its line.py
    path("api/v1/", include("sifa.api.urls")),
    path("api-clients/", include("sifa.api.urls_admin")),
    path("admin/", admin.site.urls),
    # Operations (docs/deploy.md): health for the load balancer, metrics for Prometheus (token).
    path("healthz/", HealthView.as_view(), name="healthz"),
    path("internal/metrics", metrics_view, name="metrics"),
]

# The 500 page names the request id (403 and 404 read it from the request).
handler500 = "sifa.core.observability.server_error"
