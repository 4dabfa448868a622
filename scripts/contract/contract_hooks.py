"""schemathesis hooks for scripts/contract.sh.

A planned failover's ScheduledTime may be at most 366 days ahead of the server's clock (a
400 beyond). No schema can say "within a year of now", so the document says it in words and
this hook keeps generated schedules inside it; every other property stays as generated. A
second hook keeps long polls short."""
import datetime
import re

import schemathesis

# Well inside the server's 366 days, whatever the clocks' difference.
HORIZON = datetime.timedelta(days=300)
YEAR = re.compile(r"^\s*(-?\d{4,})-")


def _too_far(text: str) -> bool:
    now = datetime.datetime.now(datetime.timezone.utc)
    match = YEAR.match(text)
    if match is None or int(match.group(1)) < now.year:
        return False
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    try:
        moment = datetime.datetime.fromisoformat(trimmed)
    except ValueError:
        return int(match.group(1)) > now.year  # unreadable here: keep only this year's
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment - now > HORIZON


@schemathesis.hook
def map_body(context, body):
    operation = getattr(context, "operation", None)
    path = getattr(operation, "path", "") or ""
    if isinstance(body, dict) and path.lower().endswith("/failover"):
        for key, value in list(body.items()):
            if key.lower() == "scheduledtime" and isinstance(value, str) and _too_far(value):
                soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
                body[key] = soon.strftime("%Y-%m-%dT%H:%M:%SZ")
    return body


@schemathesis.hook
def map_query(context, query):
    """A long poll (`…/events?after=N&wait=60s`) may rightly wait a minute, longer than the
    request timeout: here every wait is 0 s, so the poll answers at once. Waiting itself is
    tested in Tests/BatonServerTests/Push."""
    if isinstance(query, dict):
        for key in list(query):
            if key.lower() == "wait":
                query[key] = "0s"
    return query
