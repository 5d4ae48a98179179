"""Tracking webhook requests as each e-mail service sends them: the bodies are the services' own
samples (as django-anymail's test suite records them), for one of our messages, with the
service's authentication: HTTP basic auth with EMAIL_WEBHOOK_SECRET, Mailgun's HMAC signature,
SendGrid's ECDSA signature, SES's SNS headers."""

import base64
import copy
import hashlib
import hmac
import json
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.messaging.email_services_fixtures import MAILGUN_SIGNING_KEY, WEBHOOK_SECRET

# SendGrid signs with its private key; the shop configures the public key (EMAIL_WEBHOOK_SIGNING_KEY).
SENDGRID_PRIVATE_KEY = ec.generate_private_key(ec.SECP256R1())
SENDGRID_PUBLIC_KEY = "".join(
    SENDGRID_PRIVATE_KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
    .splitlines()[1:-1]
)

POSTMARK = {
    "bounced": {
        "RecordType": "Bounce",
        "ID": 901542550,
        "Type": "HardBounce",
        "TypeCode": 1,
        "ServerID": 23,
        "Name": "Hard bounce",
        "MessageID": "2706ee8a-737c-4285-b032-ccd317af53ed",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "bounce@example.com",
        "From": "sender@example.com",
        "BouncedAt": "2016-04-27T16:28:50.3963933-04:00",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Postmark event test",
        "Content": "...",
    },
    "delivered": {
        "RecordType": "Delivery",
        "ServerId": 23,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Recipient": "recipient@example.com",
        "Tag": "welcome-email",
        "DeliveredAt": "2014-08-01T13:28:10.2735393-04:00",
        "Details": "Test delivery webhook details",
    },
}
MAILGUN = {
    "bounced": {
        "event-data": {
            "event": "failed",
            "severity": "permanent",
            "reason": "bounce",
            "recipient": "invalid@example.com",
            "timestamp": 1534110422.389832,
            "log-level": "error",
            "message": {
                "headers": {
                    "to": "invalid@example.com",
                    "message-id": "20180812214658.1.0DF563D0B3597700@example.org",
                    "from": "Test Sender ",
                },
            },
            "delivery-status": {
                "tls": True,
                "mx-host": "aspmx.l.example.org",
                "attempt-no": 1,
                "description": "",
                "session-seconds": 2.952177047729492,
                "utf8": True,
                "code": 550,
                "message": "5.1.1 The email account that you tried to reach does not exist. Please try\n"
                "5.1.1 double-checking the recipient's email address for typos",
                "certificate-verified": True,
            },
        },
    },
    "complained": {
        "event-data": {
            "event": "complained",
            "id": "ncV2XwymRUKbPek_MIM-Gw",
            "timestamp": 1377214260.049634,
            "log-level": "warn",
            "recipient": "recipient@example.com",
            "message": {
                "headers": {
                    "to": "foo@recipient.com",
                    "message-id": "20130718032413.263EE2E0926@example.org",
                    "from": "Sender Name <sender@example.org>",
                    "subject": "We are not spammer",
                },
            },
        },
    },
}
SES = {
    "bounced": {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "reportingMTA": "dns; email.example.com",
            "bouncedRecipients": [
                {
                    "emailAddress": "jane@example.com",
                    "status": "5.1.1",
                    "action": "failed",
                    "diagnosticCode": "smtp; 550 5.1.1 <jane@example.com>... User unknown",
                }
            ],
            "bounceSubType": "General",
            "timestamp": "2016-01-27T14:59:44.101Z",
            "feedbackId": "00000138111222aa-44455566-cccc-cccc-cccc-ddddaaaa068a-000000",
            "remoteMtaIp": "127.0.2.0",
        },
        "mail": {
            "timestamp": "2016-01-27T14:59:38.237Z",
            "source": "john@example.com",
            "sourceArn": "arn:aws:ses:us-west-2:888888888888:identity/example.com",
            "sourceIp": "127.0.3.0",
            "sendingAccountId": "123456789012",
            "messageId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
            "destination": ["jane@example.com"],
            "headersTruncated": False,
            "commonHeaders": {
                "from": ["John Doe <john@example.com>"],
                "date": "Wed, 27 Jan 2016 14:05:45 +0000",
                "to": ["Jane Doe <jane@example.com>"],
                "messageId": "custom-message-ID",
                "subject": "Hello",
            },
        },
    },
    "complained": {
        "notificationType": "Complaint",
        "complaint": {
            "userAgent": "AnyCompany Feedback Loop (V0.01)",
            "complainedRecipients": [{"emailAddress": "richard@example.com"}],
            "complaintFeedbackType": "abuse",
        },
        "mail": {
            "messageId": "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000",
            "destination": ["richard@example.com"],
        },
    },
    "delivered": {
        "notificationType": "Delivery",
        "mail": {
            "timestamp": "2016-01-27T14:59:38.237Z",
            "messageId": "0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000",
            "destination": ["jane@example.com"],
        },
        "delivery": {
            "timestamp": "2016-01-27T14:59:38.237Z",
            "recipients": ["jane@example.com"],
            "processingTimeMillis": 546,
            "reportingMTA": "a8-70.smtp-out.amazonses.com",
            "smtpResponse": "250 ok:  Message 64111812 accepted",
            "remoteMtaIp": "127.0.2.0",
        },
    },
}
SENDGRID = {
    "bounced": [
        {
            "ip": "167.89.17.173",
            "status": "5.1.1",
            "smtp-id": "<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>",
            "sg_event_id": "lC0Rc-FuQmKbnxCWxX1jRQ",
            "reason": "550 5.1.1 The email account that you tried to reach does not exist.",
            "sg_message_id": "Lli-03HcQ5-JLybO9fXsJg.filter0077p1las1.21536.5717FC482.0",
            "tls": 1,
            "event": "bounce",
            "email": "noreply@example.com",
            "timestamp": 1461095250,
            "anymail_id": "de212213-bb66-4302-8f3f-20acdb7a104e",
            "type": "bounce",
        }
    ],
    "delivered": [
        {
            "ip": "167.89.17.173",
            "response": "250 2.0.0 OK 1461095248 m143si2210036ioe.159 - gsmtp ",
            "smtp-id": "<wrfRRvF7Q0GgwUo2CvDmEA@ismtpd0006p1sjc2.sendgrid.net>",
            "sg_event_id": "nOSv8m0eTQ-vxvwNwt3fZQ",
            "sg_message_id": "wrfRRvF7Q0GgwUo2CvDmEA.filter0425p1mdw1.13037.57168B4A1D.0",
            "tls": 1,
            "event": "delivered",
            "email": "recipient@example.com",
            "timestamp": 1461095250,
            "anymail_id": "4ab185c2-0171-492f-9ce0-27de258efc99",
        }
    ],
}
BREVO = {
    "bounced": {
        "event": "hard_bounce",
        "email": "not-a-user@example.com",
        "ts_epoch": 1520363423000,
        "message-id": "<201803011158.9876543210@smtp-relay.mailin.fr>",
        "reason": " RecipientError: 550 5.5.0 Requested action not taken: mailbox unavailable.",
        "tag": "header-tag",
    },
    "soft_bounced": {
        "event": "soft_bounce",
        "email": "recipient@no-mx.example.com",
        "ts_epoch": 1520363423000,
        "message-id": "<201803011158.9876543210@smtp-relay.mailin.fr>",
        "reason": "undefined Unable to find MX of domain no-mx.example.com",
    },
    "delivered": {
        "event": "delivered",
        "email": "recipient@example.com",
        "ts_epoch": 1520363423000,
        "message-id": "<201803011158.9876543210@smtp-relay.mailin.fr>",
    },
}
SAMPLES = {"postmark": POSTMARK, "mailgun": MAILGUN, "ses": SES, "sendgrid": SENDGRID, "brevo": BREVO}

# The services' reasons in those samples, as the message shows them.
BOUNCE_REASONS = {
    "postmark": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "mailgun": "5.1.1 The email account that you tried to reach does not exist.",
    "ses": "smtp; 550 5.1.1 <jane@example.com>... User unknown",
    "sendgrid": "550 5.1.1 The email account that you tried to reach does not exist.",
    "brevo": "RecipientError: 550 5.5.0 Requested action not taken: mailbox unavailable.",
}


def sample(provider: str, kind: str, message_id: str, recipient: str) -> dict | list:
    """The service's sample event of `kind`, about our message `message_id` sent to `recipient`."""
    event = copy.deepcopy(SAMPLES[provider][kind])
    if provider == "postmark":
        event["MessageID"] = message_id
        event["Email" if "Email" in event else "Recipient"] = recipient
    elif provider == "mailgun":
        event["event-data"]["message"]["headers"]["message-id"] = message_id.strip("<>")
        event["event-data"]["recipient"] = recipient
    elif provider == "ses":
        event["mail"]["messageId"] = message_id
        event["mail"]["destination"] = [recipient]
        if "bounce" in event:
            event["bounce"]["bouncedRecipients"][0]["emailAddress"] = recipient
        if "complaint" in event:
            event["complaint"]["complainedRecipients"] = [{"emailAddress": recipient}]
        if "delivery" in event:
            event["delivery"]["recipients"] = [recipient]
    elif provider == "sendgrid":
        event[0]["anymail_id"] = message_id
        event[0]["email"] = recipient
    else:
        event["message-id"] = message_id
        event["email"] = recipient
    return event


def basic_auth(secret: str = WEBHOOK_SECRET) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


def post_webhook(client, provider: str, event, *, valid: bool = True):
    """POST `event` to the service's tracking webhook as the service does, signed (or not `valid`:
    with a wrong secret or signature)."""
    path = f"/hooks/email/{provider}/tracking/"
    headers = {}
    if provider == "mailgun":
        timestamp, token = str(int(time.time())), "1234567890abcdef1234567890abcdef"
        key = MAILGUN_SIGNING_KEY if valid else "not-the-signing-key"
        signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
        event = {**event, "signature": {"timestamp": timestamp, "token": token, "signature": signature}}
        body = json.dumps(event)
    elif provider == "ses":
        sns = {
            "Type": "Notification",
            "MessageId": "19ba9823-d7f2-53c1-860e-cb10e0d13dfc",
            "TopicArn": "arn:aws:sns:eu-central-1:1234567890:SES_Events",
            "Subject": "Amazon SES Email Event Notification",
            "Message": json.dumps(event) + "\n",
            "Timestamp": "2018-03-26T17:58:59.675Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLE-SIGNATURE==",
            "SigningCertURL": "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-12345abcde.pem",
        }
        body = json.dumps(sns)
        headers = {
            "HTTP_X_AMZ_SNS_MESSAGE_ID": sns["MessageId"],
            "HTTP_X_AMZ_SNS_MESSAGE_TYPE": "Notification",
        }
        headers["HTTP_AUTHORIZATION"] = basic_auth(WEBHOOK_SECRET if valid else "fixloop:wrong")
        return client.post(path, body, content_type="text/plain; charset=UTF-8", **headers)
    elif provider == "sendgrid":
        body = json.dumps(event)
        timestamp = str(int(time.time()))
        signer = SENDGRID_PRIVATE_KEY if valid else ec.generate_private_key(ec.SECP256R1())
        signature = signer.sign(timestamp.encode() + body.encode(), ec.ECDSA(hashes.SHA256()))
        headers = {
            "HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE": base64.b64encode(signature).decode(),
            "HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP": timestamp,
        }
    else:
        body = json.dumps(event)
    headers["HTTP_AUTHORIZATION"] = basic_auth(WEBHOOK_SECRET if valid else "fixloop:wrong")
    return client.post(path, body, content_type="application/json", **headers)
