"""/party/: the pages of every module of ``party.views`` (each lists its own urlpatterns)."""

import pkgutil
from importlib import import_module

from . import views

app_name = "party"

urlpatterns = []
for _module in sorted(m.name for m in pkgutil.iter_modules(views.__path__)):
    urlpatterns += getattr(import_module(f"{views.__name__}.{_module}"), "urlpatterns", [])
