"""The recording system for the "Recording systems" section: a CRM / service log on SQLite.

Learners input, retrieve and analyse real records in it:

    from course.records import ServiceLog
    log = ServiceLog.create("build/service-log.db", data, clock=lambda: datetime(2025, 3, 31, 18, 0))
    new_id = log.add_interaction(customer_id="C00012", channel="phone", reason="order status",
                                 handled_by="S04", handle_minutes=6.5, resolved_first_contact=True)
    log.history("C00012"); log.quality_report(); log.anonymised_extract()
"""

from course.records.checks import NOTES_LIMIT, RecordError
from course.records.log import INCIDENT_KINDS, ServiceLog

__all__ = ["INCIDENT_KINDS", "NOTES_LIMIT", "RecordError", "ServiceLog"]
