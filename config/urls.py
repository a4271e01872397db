from django.contrib import admin
from django.urls import include, path

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
    path("mediation/", include("sifa.mediation.urls")),
    path("legal-aid/", include("sifa.legalaid.urls")),
    path("corrections/", include("sifa.corrections.urls")),
    path("resettlement/", include("sifa.resettlement.urls")),
    path(
        "public/legal-aid/",
        include(("sifa.legalaid.urls.portal", "legalaid_portal"), namespace="legalaid_portal"),
    ),
    path("api/v1/", include("sifa.api.urls")),
    path("api-clients/", include("sifa.api.urls_admin")),
    path("admin/", admin.site.urls),
]
