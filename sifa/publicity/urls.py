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
]
