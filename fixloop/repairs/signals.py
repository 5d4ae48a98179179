"""What happened to work orders and service requests. Sent by repairs.services inside the
transaction that made the change; messaging, webhooks and others listen."""

from django.dispatch import Signal

# work_order, entry
work_order_opened = Signal()
# work_order, previous (Status), entry
status_changed = Signal()
# work_order, entry
comment_added = Signal()
# work_order, attachment, entry
attachment_added = Signal()
# work_order, entry
work_order_closed = Signal()
# work_order, entry
work_order_reopened = Signal()
# work_order, entry, changes (dict of field -> [old, new])
work_order_updated = Signal()
# service_request
service_request_submitted = Signal()
# service_request, work_order
service_request_accepted = Signal()
# service_request
service_request_rejected = Signal()
# work_order, link, entry
tracking_link_issued = Signal()
# work_order, link, entry
tracking_link_revoked = Signal()
# work_order, link, entry
tracking_link_expiry_changed = Signal()
# work_order, customer, changes (dict of field -> [old, new]), entry
customer_details_corrected = Signal()
# work_order, entry
customer_question_received = Signal()
# customer (CustomerAccount), changes (dict of field -> [old, new]), entries (on each open work
# order), by: a signed-in customer changed their account's contact details in the portal
contact_details_changed = Signal()
# customer, change (customers.models.ContactChange), restored ({field: [current, restored]}), entries
# (on each open work order), by: the previous contact reported a change as not made by the customer
contact_change_reported = Signal()
# work_order, time_entry, entry: a technician clocked on or off a work order
clocked_on = Signal()
clocked_off = Signal()
# work_order, note (CustomerNote), entry: staff showed a customer's remark to technicians or hid it
remark_visibility_changed = Signal()
