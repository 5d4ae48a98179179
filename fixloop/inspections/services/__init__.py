"""The only code that changes inspections: one module per step of the overview's life.

items (start, add, change, remove, note), media (photos and videos), checklists (points rated green /
yellow / red, measurements), links (secret links), sending (versions), answers (opens and the
customer's answers), authorising (staff's thumbs up / down).
"""
