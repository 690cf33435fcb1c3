"""ASGI entry point (WSGI under gunicorn is the measured default; see STACK.md)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.dev")
application = get_asgi_application()
