"""When an API key stops working: a duration from now (`90m`, `12h`, `30d`) or an ISO 8601 instant, read and
checked the same way at every boundary (the CLI, the admin API), and shown as an ISO 8601 instant in UTC."""

import datetime
import re

from tools.errors import InvalidInput, Unauthenticated

_DURATION = re.compile(r"^\s*([-+]?\d+)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
DURATION_HELP = "a whole number and a unit: s, m, h, d or w (e.g. 90m, 12h, 30d)"
INSTANT_HELP = "an ISO 8601 instant, e.g. 2027-01-31T00:00:00Z (UTC when it names no offset)"


def duration_seconds(text: str) -> int:
    """The seconds `text` (e.g. `30d`) spans.

    Raises:
        InvalidInput: not a duration, or not above zero.
    """
    match = _DURATION.match(text)
    if match is None:
        raise InvalidInput(f"{text!r} is not a duration: give {DURATION_HELP}")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise InvalidInput(f"{text!r} is not a positive duration: a key must live for some time, e.g. 30d")
    return seconds


def parse_instant(text: str) -> datetime.datetime:
    """The instant `text` names, in UTC (an instant naming no offset is read as UTC).

    Raises:
        InvalidInput: not an ISO 8601 instant.
    """
    try:
        instant = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an ISO 8601 instant: give one such as 2027-01-31T00:00:00Z (UTC when it names no offset)"
        ) from None
    return as_utc(instant)


def as_utc(instant: datetime.datetime) -> datetime.datetime:
    """`instant` in UTC; a naive one is taken to be UTC already."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=datetime.UTC)
    return instant.astimezone(datetime.UTC)


def future_instant(instant: datetime.datetime, now: float) -> float:
    """`instant` as epoch seconds, provided it is after `now` (epoch seconds).

    Raises:
        InvalidInput: the instant is not in the future.
    """
    seconds = as_utc(instant).timestamp()
    if seconds <= now:
        raise InvalidInput(
            f"{shown(seconds)} has already passed (it is {shown(now)} now): give an instant in the future, or a "
            "duration from now"
        )
    return seconds


def shown(epoch_seconds: float) -> str:
    """An instant as messages and listings show it: ISO 8601 in UTC, to the second (`2027-01-31T00:00:00Z`)."""
    instant = datetime.datetime.fromtimestamp(epoch_seconds, datetime.UTC).replace(microsecond=0)
    return instant.isoformat().replace("+00:00", "Z")


class KeyExpired(Unauthenticated):
    """A presented key's secret verified, but its expiry has passed; the message names the instant, never the key."""
