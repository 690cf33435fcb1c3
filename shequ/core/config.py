"""Numbers in configuration (REQUIREMENTS: "numbers are defaults a deployment can change"):
each app keeps its documents' values as ``DEFAULTS`` and reads them through one function that
layers, section by section, a deployment's TOML file and ``settings.<NAME>`` (tests) on top.

    def party_config() -> dict:
        return layered_config(DEFAULTS, "SHEQU_PARTY_CONFIG", "SHEQU_PARTY")
"""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache

from django.conf import settings


def merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def decimals(value):
    """TOML floats become Decimals (money and rates are never floats here)."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, list):
        return [decimals(v) for v in value]
    if isinstance(value, dict):
        return {k: decimals(v) for k, v in value.items()}
    return value


@cache
def _from_file(path: str) -> dict:
    import tomllib

    with open(path, "rb") as fh:
        return decimals(tomllib.load(fh))


def layered_config(defaults: dict, file_setting: str, override_setting: str) -> dict:
    """Defaults, then the TOML file named by ``settings.<file_setting>``, then the dict in
    ``settings.<override_setting>``."""
    config = defaults
    path = getattr(settings, file_setting, "")
    if path:
        config = merge(config, _from_file(str(path)))
    override = getattr(settings, override_setting, None)
    if override:
        config = merge(config, decimals(override))
    return config
