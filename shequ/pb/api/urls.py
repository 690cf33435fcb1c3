"""/api/v1/pb/: the routes of every module of ``pb.api``."""

import pkgutil
from importlib import import_module

from shequ.pb import api

urlpatterns = []
for _module in sorted(m.name for m in pkgutil.iter_modules(api.__path__)):
    if _module != "urls":
        urlpatterns += getattr(import_module(f"{api.__name__}.{_module}"), "urlpatterns", [])
