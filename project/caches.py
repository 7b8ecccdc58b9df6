"""The cache from one URL setting: locmem:// (per process) or redis://host:port/db."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured


def cache_from_url(url: str) -> dict[str, Any]:
    if url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.removeprefix("locmem://") or "ringback",
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be locmem:// or redis://…, not {url!r}")
