from django.urls import path

from sifa.mediation.views import committees as views

urlpatterns = [
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/export/", views.committee_export, name="committee_export"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path(
        "committees/<int:pk>/profile/",
        views.committee_profile_edit,
        name="committee_profile_edit",
    ),
    path(
        "committees/<int:pk>/members/add/",
        views.committee_member_add,
        name="committee_member_add",
    ),
    path(
        "committees/members/<int:pk>/leave/",
        views.committee_member_leave,
        name="committee_member_leave",
    ),
    path(
        "committees/<int:pk>/mediators/add/",
        views.committee_mediator_appoint,
        name="committee_mediator_appoint",
    ),
    path("mediators/", views.mediator_list, name="mediator_list"),
    path("mediators/export/", views.mediator_export, name="mediator_export"),
    path("mediators/<int:pk>/", views.mediator_detail, name="mediator_detail"),
    path("mediators/<int:pk>/end/", views.mediator_end, name="mediator_end"),
    path("mediators/<int:pk>/training/", views.mediator_training_add, name="mediator_training_add"),
    path(
        "mediators/<int:pk>/misconduct/",
        views.mediator_misconduct_add,
        name="mediator_misconduct_add",
    ),
]
