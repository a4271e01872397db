import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Views imported and start-up objects frozen before the first request (sifa.core.server_process).
from sifa.core.server_process import settle  # noqa: E402 (needs Django set up)

settle()
