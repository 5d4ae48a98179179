"""Who did something: recorded on every timeline entry a service function writes."""

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    STAFF = "staff"
    CUSTOMER = "customer"
    SYSTEM = "system"
    INTEGRATION = "integration"  # other shop software, through an API token (fixloop/api)


USER_AGENT_MAX = 400


def client_ip(request) -> str | None:
    """The client's address as the web server saw it. Behind a proxy, configure the proxy to set
    REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips) rather than trusting X-Forwarded-For here."""
    return request.META.get("REMOTE_ADDR") or None


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    user: object | None = None
    ip: str | None = None
    user_agent: str = ""
    name: str = ""

    @classmethod
    def staff(cls, request) -> "Actor":
        return cls(
            ActorKind.STAFF,
            user=request.user,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        )

    @classmethod
    def staff_user(cls, user) -> "Actor":
        """A staff member acting outside a request (CLI, API import)."""
        return cls(ActorKind.STAFF, user=user)

    @classmethod
    def customer(cls, request, *, name: str = "") -> "Actor":
        return cls(
            ActorKind.CUSTOMER,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
            name=name[:200],
        )

    @classmethod
    def portal(cls, request) -> "Actor":
        """A customer signed in to the portal: the person (request.user) is recorded with the address."""
        user = request.user
        return cls(
            ActorKind.CUSTOMER,
            user=user,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
            name=(user.get_full_name() or user.email)[:200],
        )

    @classmethod
    def integration(cls, request, *, name: str) -> "Actor":
        """Other shop software acting through the REST API with an integration token named `name`."""
        return cls(
            ActorKind.INTEGRATION,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
            name=name[:200],
        )

    @classmethod
    def system(cls, name: str = "") -> "Actor":
        return cls(ActorKind.SYSTEM, name=name)

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.name or str(self.kind)
