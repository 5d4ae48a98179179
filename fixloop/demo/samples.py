"""Word lists the demo data is made from: names, addresses, devices, problems and comments.

Contact details are safe to send to: e-mail domains are the reserved example.com/.net/.org, and
phone numbers are "drama numbers" the Bundesnetzagentur keeps free for films and books, so a demo
never reaches a real person.
"""

from dataclasses import dataclass

from fixloop.repairs.models import Phase

GERMAN_FIRST_NAMES = [
    "Anna",
    "Lena",
    "Marie",
    "Sophie",
    "Laura",
    "Julia",
    "Katharina",
    "Sabine",
    "Petra",
    "Ursula",
    "Monika",
    "Claudia",
    "Jana",
    "Franziska",
    "Heike",
    "Birgit",
    "Elif",
    "Zeynep",
    "Lukas",
    "Jonas",
    "Felix",
    "Maximilian",
    "Paul",
    "Leon",
    "Tobias",
    "Stefan",
    "Thomas",
    "Michael",
    "Andreas",
    "Jürgen",
    "Klaus",
    "Uwe",
    "Dirk",
    "Matthias",
    "Florian",
    "Sebastian",
    "Emre",
    "Mehmet",
    "Nikolai",
    "Ole",
]
GERMAN_LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Yılmaz",
    "Kaya",
    "Nowak",
    "Kowalski",
    "Petersen",
    "Jansen",
    "Brandt",
    "Vogel",
    "Friedrich",
    "Günther",
]
ENGLISH_FIRST_NAMES = [
    "Emily",
    "Olivia",
    "Charlotte",
    "Amelia",
    "Grace",
    "Hannah",
    "Chloe",
    "Rachel",
    "Sarah",
    "Megan",
    "James",
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Daniel",
    "Samuel",
    "Ryan",
    "Connor",
    "Liam",
]
ENGLISH_LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
]
COMPANY_SUFFIXES = [
    "GmbH",
    "GmbH & Co. KG",
    "KG",
    "e.K.",
    "UG (haftungsbeschränkt)",
]
COMPANY_TRADES = [
    "Haustechnik",
    "Kurierdienst",
    "Architekten",
    "Steuerberatung",
    "Zahnarztpraxis",
    "Fahrradkurier",
    "Physiotherapie",
    "Immobilien",
    "Gebäudereinigung",
    "Catering",
]
EMAIL_DOMAINS = ["example.com", "example.net", "example.org"]
# Mobile numbers released by network operators for media productions.
DRAMA_MOBILE_NUMBERS = ["+4915228817386", "+491729980752"]


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str  # Region.code
    location: str  # Location.code of the nearest workshop
    postal_codes: tuple[str, ...]
    streets: tuple[str, ...]
    landline_prefix: str  # 1,000 drama numbers follow this prefix


CITIES = [
    City(
        "Berlin",
        "DE",
        "berlin",
        "BER",
        ("10115", "10245", "10437", "10551", "10777", "10967", "10999", "12043", "12049", "13347", "14059"),
        (
            "Oranienstraße",
            "Kastanienallee",
            "Sonnenallee",
            "Bergmannstraße",
            "Kantstraße",
            "Turmstraße",
            "Boxhagener Straße",
            "Schönhauser Allee",
            "Karl-Marx-Straße",
            "Hauptstraße",
            "Müllerstraße",
        ),
        "+493023125",
    ),
    City(
        "Potsdam",
        "DE",
        "berlin",
        "BER",
        ("14467", "14469", "14471", "14473", "14482"),
        ("Brandenburger Straße", "Friedrich-Ebert-Straße", "Zeppelinstraße", "Breite Straße"),
        "+493023125",
    ),
    City(
        "Hamburg",
        "DE",
        "north",
        "HAM",
        ("20095", "20146", "20257", "20357", "20535", "21073", "22041", "22303", "22765"),
        (
            "Schulterblatt",
            "Osterstraße",
            "Mühlenkamp",
            "Lange Reihe",
            "Ottenser Hauptstraße",
            "Eppendorfer Weg",
            "Wandsbeker Chaussee",
            "Lüneburger Straße",
        ),
        "+494066969",
    ),
    City(
        "Lüneburg",
        "DE",
        "north",
        "HAM",
        ("21335", "21337", "21339"),
        ("Bardowicker Straße", "Am Sande", "Uelzener Straße"),
        "+494066969",
    ),
    City(
        "Wien",
        "AT",
        "austria",
        "VIE",
        ("1010", "1030", "1050", "1060", "1070", "1080", "1090", "1120", "1160", "1200"),
        (
            "Mariahilfer Straße",
            "Neubaugasse",
            "Landstraßer Hauptstraße",
            "Favoritenstraße",
            "Währinger Straße",
            "Thaliastraße",
            "Praterstraße",
            "Josefstädter Straße",
        ),
        "",  # no Austrian drama numbers: these customers have no landline or fax
    ),
]


@dataclass(frozen=True)
class Device:
    group: str  # ProductGroup key in configuration.PRODUCT_GROUPS
    kind: str  # Unit.Kind value
    make: str
    model: str
    serial_prefix: str


DEVICES = [
    Device("laptops", "device", "Lenovo", "ThinkPad T14 Gen 3", "PF"),
    Device("laptops", "device", "Apple", "MacBook Air M2", "C02"),
    Device("laptops", "device", "Dell", "XPS 13 9315", "DL"),
    Device("laptops", "device", "HP", "EliteBook 840 G8", "5CG"),
    Device("phones", "device", "Apple", "iPhone 13", "F2L"),
    Device("phones", "device", "Samsung", "Galaxy S22", "R5C"),
    Device("phones", "device", "Google", "Pixel 7", "2A1"),
    Device("phones", "device", "Fairphone", "Fairphone 4", "FP4"),
    Device("phones", "device", "Apple", "iPad Air (5th gen.)", "DMP"),
    Device("ebikes", "device", "Riese & Müller", "Load 75", "RM"),
    Device("ebikes", "device", "Cube", "Kathmandu Hybrid", "WCU"),
    Device("ebikes", "device", "Gazelle", "Ultimate C380", "GZ"),
    Device("ebikes", "device", "VanMoof", "S3", "SVTB"),
    Device("bikes", "device", "Brompton", "C Line Explore", "BR"),
    Device("bikes", "device", "Canyon", "Endurace CF 7", "CY"),
    Device("bikes", "device", "Surly", "Long Haul Trucker", "SU"),
]


@dataclass(frozen=True)
class Car:
    make: str
    model: str
    wmi: str  # the first three characters of the VIN: the manufacturer


CARS = [
    Car("Volkswagen", "Golf 8", "WVW"),
    Car("Volkswagen", "ID.3", "WVW"),
    Car("BMW", "320d Touring", "WBA"),
    Car("Mercedes-Benz", "Vito", "WDF"),
    Car("Škoda", "Octavia Combi", "TMB"),
    Car("Renault", "Kangoo E-Tech", "VF1"),
]
PLATE_PREFIXES = {"Berlin": "B", "Potsdam": "P", "Hamburg": "HH", "Lüneburg": "LG"}
VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O or Q
SERIAL_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

# What the customer told the counter, by product group: (English, German).
PROBLEMS = {
    "laptops": [
        (
            "Does not switch on; the charging light stays off.",
            "Lässt sich nicht einschalten, Ladeanzeige bleibt aus.",
        ),
        (
            "Coffee spilled over the keyboard; several keys no longer work.",
            "Kaffee über die Tastatur gelaufen, mehrere Tasten ohne Funktion.",
        ),
        (
            "Display hinge broken, screen flickers when opened.",
            "Displayscharnier gebrochen, Bild flackert beim Öffnen.",
        ),
        ("Very loud fan and shuts down under load.", "Lüfter sehr laut, schaltet sich unter Last ab."),
        ("Battery lasts less than an hour.", "Akku hält keine Stunde mehr."),
    ],
    "phones": [
        (
            "Cracked screen after a fall; touch does not react at the bottom.",
            "Display nach Sturz gesprungen, Touch reagiert unten nicht.",
        ),
        (
            "Battery drains within half a day and the phone gets warm.",
            "Akku nach einem halben Tag leer, Gerät wird warm.",
        ),
        (
            "Charging port loose; charges only at a certain angle.",
            "Ladebuchse locker, lädt nur in bestimmter Position.",
        ),
        ("Back camera shows black image.", "Hauptkamera zeigt nur ein schwarzes Bild."),
        ("Water damage; speaker crackles.", "Wasserschaden, Lautsprecher knistert."),
    ],
    "ebikes": [
        (
            "Motor cuts out on hills; error code 503 on the display.",
            "Motor setzt am Berg aus, Fehlercode 503 im Display.",
        ),
        ("Battery no longer charges to 100 %.", "Akku lädt nicht mehr auf 100 %."),
        ("Annual service and brake check.", "Jahresinspektion und Bremsencheck."),
        ("Rear brake squeals and pulls too far.", "Hinterradbremse quietscht und zieht zu weit durch."),
        ("Display stays dark after the update.", "Display bleibt nach dem Update dunkel."),
    ],
    "bikes": [
        (
            "Gears skip under load; chain probably worn.",
            "Schaltung springt unter Last, Kette vermutlich verschlissen.",
        ),
        ("Buckled rear wheel after a kerb.", "Hinterrad nach Bordsteinkante verzogen."),
        (
            "Service before a long tour: brakes, gears, tyres.",
            "Durchsicht vor einer langen Tour: Bremsen, Schaltung, Reifen.",
        ),
        ("Bottom bracket creaks.", "Tretlager knackt."),
    ],
    "car_electronics": [
        ("Reversing camera shows no picture.", "Rückfahrkamera zeigt kein Bild."),
        (
            "Install a dash cam wired to the fuse box.",
            "Dashcam mit Festanschluss an den Sicherungskasten einbauen.",
        ),
        ("Infotainment reboots while driving.", "Infotainment startet während der Fahrt neu."),
        ("Parking sensors beep constantly at the rear.", "Einparkhilfe hinten piept dauerhaft."),
    ],
}

# Updates the shop sends to the customer, by the phase the work order has just reached: (English, German).
PUBLIC_COMMENTS = {
    Phase.OPEN: [
        (
            "Thank you, we have received your device and will look at it within two working days.",
            "Danke, wir haben Ihr Gerät erhalten und sehen es uns innerhalb von zwei Werktagen an.",
        ),
    ],
    Phase.IN_PROGRESS: [
        (
            "We have found the fault and are starting the repair.",
            "Wir haben den Fehler gefunden und beginnen mit der Reparatur.",
        ),
        (
            "The repair is taking a little longer than planned; we will keep you posted.",
            "Die Reparatur dauert etwas länger als geplant; wir halten Sie auf dem Laufenden.",
        ),
    ],
    Phase.WAITING_FOR_CUSTOMER: [
        (
            "We have sent you an estimate; please tell us whether we should go ahead.",
            "Wir haben Ihnen einen Kostenvoranschlag geschickt; bitte sagen Sie uns, ob wir loslegen sollen.",
        ),
    ],
    Phase.WAITING_FOR_PARTS: [
        (
            "The spare part has been ordered; it should arrive in two to three working days.",
            "Das Ersatzteil ist bestellt und kommt voraussichtlich in zwei bis drei Werktagen.",
        ),
    ],
    Phase.READY: [
        (
            "Everything works again. You can pick it up during our opening hours.",
            "Alles funktioniert wieder. Sie können es zu unseren Öffnungszeiten abholen.",
        ),
    ],
}
# What customers write back: (English, German).
CUSTOMER_COMMENTS = [
    (
        "Please call me before replacing anything that costs more than 150 euros.",
        "Bitte rufen Sie mich an, bevor Sie etwas über 150 Euro tauschen.",
    ),
    (
        "I can pick it up on Saturday morning, is that all right?",
        "Ich kann es am Samstagvormittag abholen, passt das?",
    ),
    ("Thank you for the quick update!", "Danke für die schnelle Rückmeldung!"),
]
# Notes staff leave for each other.
INTERNAL_NOTES = [
    "Checked under warranty: purchase older than two years, so chargeable.",
    "Customer was difficult at the counter; keep the estimate detailed.",
    "Part number noted on the bench sheet; supplier ships from Leipzig.",
    "Test run of 30 minutes without errors.",
    "Needs a second pair of eyes before we hand it back.",
]
# The jobs of a demo estimate, by product group. A job is (description, hours, rate per hour, fixed price,
# parts); a part is (part number, description, quantity, unit price). Texts are (English, German),
# amounts net. The first job of each group has a part: it is the one a customer disputes.
ESTIMATE_JOBS = {
    "laptops": [
        (
            ("Replace the display panel", "Displaypanel tauschen"),
            "1.00",
            "85.00",
            None,
            [("LP140WF9-SPB1", ("14-inch IPS display panel", "14-Zoll-IPS-Displaypanel"), "1", "129.00")],
        ),
        (
            ("Clean the fan and renew the thermal paste", "Lüfter reinigen und Wärmeleitpaste erneuern"),
            None,
            None,
            "49.00",
            [("TP-KRYO-1G", ("Thermal paste, 1 g", "Wärmeleitpaste, 1 g"), "1", "6.50")],
        ),
    ],
    "phones": [
        (
            ("Replace the battery", "Akku tauschen"),
            None,
            None,
            "39.00",
            [("BAT-3240", ("Replacement battery, 3,240 mAh", "Ersatzakku, 3.240 mAh"), "1", "44.90")],
        ),
        (
            ("Replace the charging port", "Ladebuchse tauschen"),
            "0.75",
            "80.00",
            None,
            [("USBC-FLEX-07", ("Charging port flex cable", "Flexkabel mit Ladebuchse"), "1", "24.90")],
        ),
    ],
    "ebikes": [
        (
            ("Replace the brake pads front and rear", "Bremsbeläge vorn und hinten tauschen"),
            "0.50",
            "70.00",
            None,
            [("SH-L05A-RF", ("Disc brake pads, pair", "Scheibenbremsbeläge, Paar"), "2", "19.90")],
        ),
        (
            (
                "Update the motor firmware and read out the fault memory",
                "Motor-Firmware aktualisieren, Fehlerspeicher auslesen",
            ),
            None,
            None,
            "35.00",
            [],
        ),
    ],
    "bikes": [
        (
            ("Replace chain and cassette", "Kette und Kassette tauschen"),
            "0.75",
            "60.00",
            None,
            [
                ("KMC-X11-118", ("Chain, 11-speed", "Kette, 11-fach"), "1", "34.90"),
                ("CS-HG700-1134", ("Cassette 11–34", "Kassette 11–34"), "1", "49.90"),
            ],
        ),
        (("True the rear wheel", "Hinterrad zentrieren"), None, None, "18.00", []),
    ],
    "car_electronics": [
        (
            ("Replace the reversing camera", "Rückfahrkamera tauschen"),
            "1.50",
            "95.00",
            None,
            [
                (
                    "RVC-4711-HD",
                    ("Reversing camera with cable set", "Rückfahrkamera mit Kabelsatz"),
                    "1",
                    "189.00",
                )
            ],
        ),
        (
            ("Read out and reset the fault memory", "Fehlerspeicher auslesen und zurücksetzen"),
            None,
            None,
            "29.00",
            [],
        ),
    ],
}
# What goes back and forth when a customer disputes a part's price: (English, German).
DISPUTE_THREAD = {
    "customer": (
        "The same part costs about 30 euros less online. Can you match that price?",
        "Das gleiche Teil kostet online etwa 30 Euro weniger. Können Sie den Preis anpassen?",
    ),
    "shop": (
        "Thank you, we are checking the price with our supplier and will send you a revised estimate.",
        "Danke, wir prüfen den Preis mit unserem Lieferanten und schicken Ihnen einen neuen Kostenvoranschlag.",
    ),
    "follow_up": (
        "Thanks! The offer I found is from a shop with a one-year warranty as well.",
        "Danke! Das Angebot, das ich gefunden habe, hat auch ein Jahr Garantie.",
    ),
}
# Browsers customers wrote from, for timeline entries a customer made.
USER_AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
]


def customer_ip(index: int) -> str:
    """An address from TEST-NET-3 (RFC 5737), reserved for documentation."""
    return f"203.0.113.{index % 254 + 1}"


def transliterate(text: str) -> str:
    """ASCII for the local part of an e-mail address: 'Jürgen Köhler' -> 'juergen.koehler'."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "š": "s", " ": ".", "&": ""})
    return text.lower().translate(table)
