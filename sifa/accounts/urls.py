from django.urls import path

from sifa.accounts import views
from sifa.core.url_kit import page

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    page("two-factor/", views.two_factor_setup),
    page("two-factor/verify/", views.two_factor_verify),
    page("two-factor/recovery-codes/", views.recovery_codes),
]
