"""Counting tries in fixed time windows, in the default cache (settings.CACHES: a table in the
database), so that every web server process and machine counts together."""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import caches


@dataclass(frozen=True)
class Limit:
    name: str
    tries: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def address_key(ip: str | None) -> str:
    """One key per IPv4 address, and per /64 for IPv6 (one household or device gets a whole /64)."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def count_try(limit: Limit, subject: str) -> Verdict:
    """Count one try of `subject` (an address, an order number) against `limit`."""
    now = time.time()
    window = int(now // limit.seconds)
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    key = f"fixloop:tries:{limit.name}:{digest}:{window}"
    ttl = limit.seconds + 5
    cache = caches["default"]
    if cache.add(key, 1, timeout=ttl):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=ttl)
            count = 1
    retry_after = max(1, int((window + 1) * limit.seconds - now) + 1)
    return Verdict(allowed=count <= limit.tries, retry_after=retry_after)
