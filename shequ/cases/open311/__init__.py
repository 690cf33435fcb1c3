"""Open311 GeoReport v2 (开放 311 接口): categories published as services, cases as service
requests, posted by apps holding an API key (docs/open311.md)."""
