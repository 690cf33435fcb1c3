"""/pb/: the pages of every module of ``pb.views``, each listing its urlpatterns."""

import pkgutil
from importlib import import_module

from . import views

app_name = "pb"

urlpatterns = []
for _module in sorted(m.name for m in pkgutil.iter_modules(views.__path__)):
    urlpatterns += getattr(import_module(f"{views.__name__}.{_module}"), "urlpatterns", [])
