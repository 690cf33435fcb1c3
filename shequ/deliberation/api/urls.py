"""/api/v1/deliberation/: the routes of every module of ``deliberation.api``."""

import pkgutil
from importlib import import_module

from shequ.deliberation import api

urlpatterns = []
for _module in sorted(m.name for m in pkgutil.iter_modules(api.__path__)):
    if _module != "urls":
        urlpatterns += getattr(import_module(f"{api.__name__}.{_module}"), "urlpatterns", [])
