from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from fixloop.core.views import health
from fixloop.shop.views import favicon, logo

admin.site.site_header = "Fixloop"
admin.site.site_title = "Fixloop configuration"
admin.site.site_url = None  # its header links back to the back office instead

# Both answer API requests as problem details (fixloop/api/http_errors.py), other pages as before.
handler400 = "fixloop.api.http_errors.bad_request"
handler500 = "fixloop.api.http_errors.server_error"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="backoffice:work_orders", permanent=False)),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("logo/", logo, name="shop_logo"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("fixloop.backoffice.urls")),
    path("api/", include("fixloop.api.urls")),
    path("hooks/", include("fixloop.messaging.urls")),
    path("portal/account/", include("fixloop.portal.account_urls")),
    path("", include("fixloop.portal.urls")),
]
