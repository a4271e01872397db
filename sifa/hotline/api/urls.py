"""/api/v1/ routes of the 12345 platform's push (工单推送)."""

from django.urls import path

from sifa.hotline.api import views

urlpatterns = [
    path("hotline-orders/", views.OrderPushView.as_view(), name="hotline_orders"),
]
