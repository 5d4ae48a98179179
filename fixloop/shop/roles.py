"""Staff roles are Django groups with fixed permissions, kept up to date after every migrate.

- Administrator: everything, including configuration (statuses, locations, regions, product
  groups, users, inspection checklists and item templates) in the admin.
- Service advisor: customers, work orders, service requests; sees configuration, cannot change it.
- Administrators and service advisors make, submit, finalise, credit and send invoices; technicians
  never see invoices.
- Technician: sees customers, work orders, booking requests and the messages sent, changes status,
  comments and attaches files, inspects (rates checklist points, adds items, photos and measurements); cannot change configuration, customers, or open, close and reopen work orders.

Administrators also create and revoke the REST API's integration tokens, edit message templates and the regions' client notifications (advisors see
them); advisors send, resend and cancel messages. Only administrators start a status-report run
by hand, and
manage webhook endpoints (their signing secrets and delivery logs).
"""

from django.contrib.auth.models import Group, Permission

from fixloop.shop.models import Role

CONFIGURATION = [
    "shop.add_shopprofile",
    "shop.change_shopprofile",
    "shop.view_shopprofile",
    "shop.add_location",
    "shop.change_location",
    "shop.delete_location",
    "shop.view_location",
    "shop.add_openinghours",
    "shop.change_openinghours",
    "shop.delete_openinghours",
    "shop.view_openinghours",
    "shop.add_vatrate",
    "shop.change_vatrate",
    "shop.delete_vatrate",
    "shop.view_vatrate",
    "shop.add_region",
    "shop.change_region",
    "shop.delete_region",
    "shop.view_region",
    "shop.add_productgroup",
    "shop.change_productgroup",
    "shop.delete_productgroup",
    "shop.view_productgroup",
    "shop.add_user",
    "shop.change_user",
    "shop.view_user",
    "auth.view_group",
    "repairs.add_status",
    "repairs.change_status",
    "repairs.delete_status",
    "repairs.view_status",
    "repairs.add_workshopsettings",
    "repairs.change_workshopsettings",
    "repairs.view_workshopsettings",
    "estimates.add_statusmoves",
    "estimates.change_statusmoves",
    "estimates.view_statusmoves",
    "reports.add_reportschedule",
    "reports.change_reportschedule",
    "reports.view_reportschedule",
    # inspection checklists (with their points) and item templates
    "inspections.add_checklist",
    "inspections.change_checklist",
    "inspections.delete_checklist",
    "inspections.view_checklist",
    "inspections.add_checklistpoint",
    "inspections.change_checklistpoint",
    "inspections.delete_checklistpoint",
    "inspections.view_checklistpoint",
    "inspections.add_itemtemplate",
    "inspections.change_itemtemplate",
    "inspections.delete_itemtemplate",
    "inspections.view_itemtemplate",
]
VIEW_CONFIGURATION = [name for name in CONFIGURATION if ".view_" in name]
CUSTOMERS = [
    "customers.add_customeraccount",
    "customers.change_customeraccount",
    "customers.view_customeraccount",
    "customers.add_unit",
    "customers.change_unit",
    "customers.view_unit",
    "reports.add_reportsubscription",
    "reports.change_reportsubscription",
    "reports.view_reportsubscription",
]
VIEW_CUSTOMERS = ["customers.view_customeraccount", "customers.view_unit"]
WORKSHOP = [
    "repairs.view_workorder",
    "repairs.change_workorder_status",
    "repairs.view_timelineentry",
    "repairs.add_timelineentry",
    "repairs.view_attachment",
    "repairs.add_attachment",
    # clocking on and off (the technician's view)
    "repairs.view_timeentry",
    "repairs.add_timeentry",
    "repairs.change_timeentry",
    # the inspection at the bench: start it, rate the checklist's points, add items, photos, measurements
    "inspections.view_inspection",
    "inspections.add_inspection",
    "inspections.view_inspectionitem",
    "inspections.add_inspectionitem",
    "inspections.view_media",
    "inspections.add_media",
    "inspections.view_measurement",
    "inspections.add_measurement",
]
FRONT_DESK = [
    "repairs.add_workorder",
    "repairs.change_workorder",
    "repairs.view_servicerequest",
    "repairs.change_servicerequest",
]

# Invoices and credit notes: administrators and service advisors. Technicians never see them.
INVOICING = ["invoicing.view_invoice", "invoicing.add_invoice", "invoicing.change_invoice"]

MESSAGE_LOG = ["messaging.view_message", "reports.view_reportrun"]
MESSAGING = [
    *MESSAGE_LOG,
    "messaging.add_message",
    "messaging.change_message",
    "messaging.view_messagetemplate",
]
MESSAGE_TEMPLATES = [
    "messaging.add_messagetemplate",
    "messaging.change_messagetemplate",
    "messaging.delete_messagetemplate",
]
VIEW_NOTIFICATION_RULES = ["messaging.view_regionnotifications"]
NOTIFICATION_RULES = [*VIEW_NOTIFICATION_RULES, "messaging.change_regionnotifications"]
# Webhook endpoints (api/webhooks): their secrets and everything the shop's events say go to them.
WEBHOOKS = ["api.view_webhookendpoint", "api.add_webhookendpoint", "api.change_webhookendpoint"]
# Integration tokens of the REST API (docs/api.md): administrators only.
API_TOKENS = ["api.add_apitoken", "api.change_apitoken", "api.view_apitoken"]
# Starting a status-report run by hand ("Run now") sends to every subscribed account at once.
REPORT_RUNS = ["reports.start_report_run"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: CONFIGURATION
    + CUSTOMERS
    + WORKSHOP
    + FRONT_DESK
    + MESSAGING
    + MESSAGE_TEMPLATES
    + NOTIFICATION_RULES
    + REPORT_RUNS
    + WEBHOOKS
    + API_TOKENS
    + INVOICING,
    Role.SERVICE_ADVISOR: VIEW_CONFIGURATION
    + CUSTOMERS
    + WORKSHOP
    + FRONT_DESK
    + MESSAGING
    + VIEW_NOTIFICATION_RULES
    + INVOICING,
    # Technicians see the booking requests (what comes in to the workshop); others answer them.
    Role.TECHNICIAN: VIEW_CUSTOMERS + WORKSHOP + MESSAGE_LOG + ["repairs.view_servicerequest"],
}


def ensure_roles(**kwargs) -> None:
    """Create the role groups and set exactly their permissions (idempotent)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:  # the app's models are not migrated yet; the next migrate adds it
                continue
            permissions.append(permission)
        group.permissions.set(permissions)
