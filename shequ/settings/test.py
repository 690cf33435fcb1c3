"""Test settings: fast hashing, plain static storage, a fixed data key."""

import base64

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SHEQU_DATA_KEY = base64.b64encode(b"t" * 32).decode()
SHEQU_DATA_KEYS_OLD = []
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the leak scan reads the database file itself.
    # SHEQU_TEST_TAG keeps parallel runs on one machine apart.
    _tag = env.str("SHEQU_TEST_TAG", default="")  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(DATA_DIR / f"test_shequ{_tag}.sqlite3")  # noqa: F405
    }
# Tasks run at once inside the test, unless a test starts a real worker process (which then
# takes the queue of base.py: Redis when REDIS_URL is set, else the database).
if not env.bool("SHEQU_TEST_REAL_TASKS", default=False):  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Transactional tests reset the database with `flush`, which must lift the audit triggers.
SHEQU_ALLOW_AUDIT_FLUSH = True
# No connection outlives its request or thread in tests: threads of the concurrency tests
# must not leave sessions open that block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
