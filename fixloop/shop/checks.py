"""System checks that catch a misconfigured installation before it serves anyone."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    problems = []
    if settings.DEBUG:
        problems.append(Error("DEBUG is on.", hint="Unset DEBUG in production.", id="fixloop.E001"))
    if not settings.SITE_URL.startswith("https://"):
        problems.append(
            Warning(
                "SITE_URL does not use https://.",
                hint="Links in e-mails and session cookies need HTTPS in production.",
                id="fixloop.W001",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "The database is SQLite.",
                hint="SQLite suits one machine; set DATABASE_URL to PostgreSQL to run several web servers or workers.",
                id="fixloop.W002",
            )
        )
    return problems


@register()
def check_site_url_host_allowed(app_configs, **kwargs):
    from urllib.parse import urlsplit

    from django.http.request import split_domain_port, validate_host

    # Match the host the way Django will for requests: "[::1]" keeps its brackets and
    # ".example.com" also allows example.com itself.
    host, _port = split_domain_port(urlsplit(settings.SITE_URL).netloc.rpartition("@")[2])
    allowed = settings.ALLOWED_HOSTS
    if validate_host(host, allowed):
        return []
    return [
        Error(
            f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS {allowed}.",
            hint="Add it to ALLOWED_HOSTS, or links in messages would lead to a 400 page.",
            id="fixloop.E002",
        )
    ]
