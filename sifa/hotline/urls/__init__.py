"""URLs of the 12345 work-order line, under the "hotline" namespace."""

from sifa.core.url_kit import action_pages, page, register_pages
from sifa.hotline.views import orders as views

app_name = "hotline"


def _dashed(key: str) -> str:
    return key.replace("_", "-")


urlpatterns = [
    *register_pages("orders", "order", views),
    page("orders/<int:pk>/reveal-phone/", views.order_reveal_phone),
    # One form page per action: hotline:order_assign, order_sign, …
    *action_pages("orders", "order", views, slug=_dashed),
]
