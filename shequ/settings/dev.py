"""Development settings: the embedded default used by `shequ serve` and `shequ demo`."""

from .base import *  # noqa: F403

DEBUG = env.bool("SHEQU_DEBUG", default=True)  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
