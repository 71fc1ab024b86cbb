# One way to show a moment everywhere in the admin: ISO-like, minutes, and the zone it is shown in
# (CROSSCHECK_DISPLAY_TIME_ZONE), e.g. "2026-03-29 02:30 CEST". Dates keep Django's English format.
DATETIME_FORMAT = "Y-m-d H:i T"
SHORT_DATETIME_FORMAT = "Y-m-d H:i T"
TIME_FORMAT = "H:i T"
