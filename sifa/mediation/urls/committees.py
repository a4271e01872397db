from sifa.core.url_kit import page
from sifa.mediation.views import committees as views

urlpatterns = [
    page("committees/", views.committee_list),
    page("committees/export/", views.committee_export),
    page("committees/<int:pk>/", views.committee_detail),
    page("committees/<int:pk>/profile/", views.committee_profile_edit),
    page("committees/<int:pk>/members/add/", views.committee_member_add),
    page("committees/members/<int:pk>/leave/", views.committee_member_leave),
    page("committees/<int:pk>/mediators/add/", views.committee_mediator_appoint),
    page("mediators/", views.mediator_list),
    page("mediators/export/", views.mediator_export),
    page("mediators/<int:pk>/", views.mediator_detail),
    page("mediators/<int:pk>/end/", views.mediator_end),
    page("mediators/<int:pk>/training/", views.mediator_training_add),
    page("mediators/<int:pk>/misconduct/", views.mediator_misconduct_add),
]
