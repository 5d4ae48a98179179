"""The NinjaAPI of /api/v1/. A resource group is one module with a `router`; adding one is one line
in ROUTERS."""

from importlib import import_module

from ninja import NinjaAPI

from fixloop.api.v1 import openapi, problems
from fixloop.api.webhooks.payloads import openapi_webhooks

# (path prefix, module under fixloop.api.v1): one line per resource group.
ROUTERS = [
    ("/customers", "customers"),
    ("/units", "units"),
    ("/work-orders", "work_orders"),
    ("/work-orders", "tracking_links"),
    ("/service-requests", "service_requests"),
    ("/estimates", "estimates"),
    ("/bookings", "bookings"),
    ("/invoices", "invoices"),
    ("/messages", "messages"),
    ("", "reference"),
]

DESCRIPTION = """Drive Fixloop from other shop software. Authenticate with an integration token
(`Authorization: Bearer fxl_…`) created in the back office; each token has read/write scopes per
resource group. Errors are RFC 9457 problem details. See docs/api.md."""


class FixloopApi(NinjaAPI):
    """Operation ids are the view functions' names; the document gets the problem answers, the
    resource modules' links (openapi.py) and the webhooks Fixloop sends (api/webhooks/payloads.py)."""

    links: dict = {}

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema = openapi.complete(schema, self.links)
        schema["webhooks"] = openapi_webhooks()
        return schema


api = FixloopApi(
    title="Fixloop API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
problems.install(api)

api.links = {}
for prefix, name in ROUTERS:
    module = import_module(f"fixloop.api.v1.{name}")
    api.add_router(prefix, module.router)
    api.links.update(getattr(module, "LINKS", {}))
