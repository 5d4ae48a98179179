"""The staff logins the demo creates; `fixloop rundemo` prints them. Demo use only: anyone who
reads this file knows the passwords."""

from dataclasses import dataclass

from fixloop.shop.models import Role


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    first_name: str
    last_name: str

    @property
    def is_staff(self) -> bool:
        """Whether the login may open /admin/ (its permissions still come from the role)."""
        return self.role in (Role.ADMINISTRATOR, Role.SERVICE_ADVISOR)


DEMO_LOGINS = (
    DemoLogin("admin", "fixloop-admin", Role.ADMINISTRATOR, "Katrin", "Lorenz"),
    DemoLogin("advisor", "fixloop-advisor", Role.SERVICE_ADVISOR, "Sabine", "Keller"),
    DemoLogin("tech", "fixloop-tech", Role.TECHNICIAN, "Jonas", "Weber"),
    DemoLogin("tech2", "fixloop-tech2", Role.TECHNICIAN, "Mira", "Hoffmann"),
)


@dataclass(frozen=True)
class DemoPortalLogin:
    """A person of a demo customer account with access to the customer portal."""

    email: str
    password: str
    name: str


DEMO_PORTAL_LOGIN = DemoPortalLogin("portal@kunde.example.com", "fixloop-portal", "Paula Brandt")
