from django.urls import path

from sifa.publicity import views

app_name = "publicity"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_add, name="plan_add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_add, name="unit_add"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit-years/<int:pk>/report/", views.unit_year_report, name="unit_year_report"),
    path("unit-years/<int:pk>/evaluate/", views.unit_year_evaluate, name="unit_year_evaluate"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_add, name="event_add"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/photos/new/", views.event_photos_add, name="event_photos_add"),
    path("events/<int:pk>/photos/<int:photo_pk>/", views.event_photo, name="event_photo"),
    path("exams/", views.exam_list, name="exam_list"),
    path("exams/new/", views.exam_add, name="exam_add"),
    path("exams/<int:pk>/", views.exam_detail, name="exam_detail"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_add, name="inspection_add"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_add, name="article_add"),
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:pk>/", views.school_detail, name="school_detail"),
    path("schools/<int:pk>/appoint/", views.school_appoint, name="school_appoint"),
    path("schools/<int:pk>/activities/new/", views.school_activity, name="school_activity"),
    path("appointments/<int:pk>/end/", views.appointment_end, name="appointment_end"),
    path("villages/", views.village_list, name="village_list"),
    path("villages/<int:pk>/", views.village_detail, name="village_detail"),
    path("villages/<int:pk>/households/", views.village_households, name="village_households"),
    path("villages/<int:pk>/titles/new/", views.village_title_add, name="village_title_add"),
    path("villages/<int:pk>/law-savvy/new/", views.village_law_savvy_add, name="law_savvy_add"),
    path("law-savvy/<int:pk>/leave/", views.law_savvy_leave, name="law_savvy_leave"),
    path("titles/<int:pk>/review/", views.title_review, name="title_review"),
]
