"""/deliberation/: the pages of every module of ``deliberation.views``."""

import pkgutil
from importlib import import_module

from . import views

app_name = "deliberation"

urlpatterns = []
for _module in sorted(m.name for m in pkgutil.iter_modules(views.__path__)):
    urlpatterns += getattr(import_module(f"{views.__name__}.{_module}"), "urlpatterns", [])
