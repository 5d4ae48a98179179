"""The customer portal's account pages from django-allauth, under /portal/account/: sign in with a
password or an e-mailed code, password reset and change, sign out, and the list of signed-in devices
(sign out everywhere). Only these: no self sign-up, no e-mail address management (staff invite people,
and the address is the one invited)."""

from allauth.account import views
from allauth.usersessions import views as session_views
from django.urls import path, re_path

from fixloop.portal.views import account

urlpatterns = [
    path("login/", account.login, name="account_login"),
    path("logout/", views.logout, name="account_logout"),
    path("inactive/", views.account_inactive, name="account_inactive"),
    path("signup/", views.signup, name="account_signup"),  # says that sign-up is closed
    path("login/code/", account.request_login_code, name="account_request_login_code"),
    path("login/code/confirm/", views.confirm_login_code, name="account_confirm_login_code"),
    path("password/change/", views.password_change, name="account_change_password"),
    path("password/set/", views.password_set, name="account_set_password"),
    path("password/reset/", views.password_reset, name="account_reset_password"),
    path("password/reset/done/", views.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("sessions/", session_views.list_usersessions, name="usersessions_list"),
]
