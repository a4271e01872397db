"""The roster of providers and handlers (承办机构和承办人员) and the duty rosters (值班)."""

from django.urls import path

from sifa.legalaid.views import duty, providers

urlpatterns = [
    path("providers/", providers.provider_list, name="provider_list"),
    path("providers/new/", providers.provider_create, name="provider_create"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", providers.provider_edit, name="provider_edit"),
    path("providers/<int:pk>/toggle/", providers.provider_toggle, name="provider_toggle"),
    path("providers/<int:pk>/handlers/new/", providers.handler_create, name="handler_create"),
    path("handlers/<int:pk>/edit/", providers.handler_edit, name="handler_edit"),
    path("handlers/<int:pk>/toggle/", providers.handler_toggle, name="handler_toggle"),
    path("duty/", duty.duty_list, name="duty_list"),
    path("duty/new/", duty.duty_week_add, name="duty_week_add"),
    path("duty/<int:pk>/record/", duty.duty_shift_record, name="duty_shift_record"),
    path("duty/<int:pk>/remove/", duty.duty_shift_remove, name="duty_shift_remove"),
]
