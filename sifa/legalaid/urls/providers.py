"""The roster of providers and handlers (承办机构和承办人员) and the duty rosters (值班)."""

from sifa.core.url_kit import page
from sifa.legalaid.views import duty, providers

urlpatterns = [
    page("providers/", providers.provider_list),
    page("providers/new/", providers.provider_create),
    page("providers/<int:pk>/", providers.provider_detail),
    page("providers/<int:pk>/edit/", providers.provider_edit),
    page("providers/<int:pk>/toggle/", providers.provider_toggle),
    page("providers/<int:pk>/handlers/new/", providers.handler_create),
    page("handlers/<int:pk>/edit/", providers.handler_edit),
    page("handlers/<int:pk>/toggle/", providers.handler_toggle),
    page("duty/", duty.duty_list),
    page("duty/new/", duty.duty_week_add),
    page("duty/<int:pk>/record/", duty.duty_shift_record),
    page("duty/<int:pk>/remove/", duty.duty_shift_remove),
]
