"""数据导入 (sifa.core.views_imports; docs/imports.md)."""

from django.urls import path

from sifa.core import views_imports as views

app_name = "imports"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("batches/<int:pk>/", views.batch_page, name="batch"),
    path("batches/<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("batches/<int:pk>/rollback/", views.batch_rollback, name="rollback"),
    path("batches/<int:pk>/discard/", views.batch_discard, name="discard"),
    path("batches/<int:pk>/annotated.xlsx", views.batch_annotated, name="annotated"),
    path("<str:kind>/", views.upload, name="upload"),
    path("<str:kind>/template.xlsx", views.template, name="template"),
]
