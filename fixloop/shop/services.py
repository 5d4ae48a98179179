"""Staff two-factor sign-in with a TOTP authenticator app (django-otp; docs/back-office.md).

A staff member has at most one confirmed device. Setting up makes an unconfirmed device whose secret
the app scans or types in; the first correct code confirms it. A superuser removes a device in the
admin (Django OTP › TOTP devices) when its owner has lost it.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from fixloop.shop.models import Role, ShopProfile, User

DEVICE_NAME = "Authenticator app"


def two_factor_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_required(user: User) -> bool:
    """The shop requires two-factor sign-in of administrators, and `user` is one."""
    return ShopProfile.get().require_two_factor_for_administrators and user.has_role(Role.ADMINISTRATOR)


def start_two_factor_setup(user: User) -> TOTPDevice:
    """The unconfirmed device to set up (the same one until it is confirmed, so a reload of the
    set-up page does not invalidate what the app has scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_two_factor_setup(device: TOTPDevice, code: str) -> bool:
    """Confirms `device` if `code` is its current code; other unconfirmed devices of the owner go."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True
