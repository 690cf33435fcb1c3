"""WSGI entry point (gunicorn shequ.wsgi)."""

import os
import threading

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.dev")
application = get_wsgi_application()

if settings.SHEQU_ROUTING_PRELOAD:
    from shequ.cases.routing import routing_warm

    threading.Thread(target=routing_warm, name="routing-warm", daemon=True).start()
