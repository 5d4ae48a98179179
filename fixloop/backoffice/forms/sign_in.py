"""The staff sign-in form: only people in a staff role may sign in here."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from fixloop.backoffice.access import is_staff_member


class StaffAuthenticationForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_staff_member(user):
            # A customer portal login is not a staff login: the same answer as a wrong password.
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
