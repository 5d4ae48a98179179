"""Who may use the back office, and what they may do there."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from fixloop.shop.models import Role, ShopProfile


def is_staff_member(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.groups.exists())


def staff_required(view=None, *, permission: str | None = None):
    """Signed in, active and in a staff role; with `permission`, also holding that permission.
    Anyone else signed in gets 403; anonymous users go to the sign-in page."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_staff_member(request.user):
                raise PermissionDenied
            if permission and not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


def is_technician_only(user) -> bool:
    """A technician and nothing more (an administrator or advisor who also repairs is not)."""
    return user.is_authenticated and user.roles == {Role.TECHNICIAN}


def sees_prices(user) -> bool:
    """Administrators and service advisors always see amounts; a technician only when the shop
    allows it (ShopProfile.technicians_see_prices). Every page and fragment that can show an
    amount asks this."""
    return not is_technician_only(user) or ShopProfile.get().technicians_see_prices
