"""When an API key stops working: a duration from now (`90m`, `12h`, `30d`) or an ISO 8601 instant, read and
checked the same way at every boundary (the CLI, the admin API), and shown as an ISO 8601 instant in UTC."""

import datetime
import re

from tools.errors import InvalidInput, Unauthenticated

_DURATION = re.compile(r"^\s*([-+]?\d+)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
DURATION_HELP = "a whole number and a unit: s, m, h, d or w (e.g. 90m, 12h, 30d)"
MAX_LIFETIME_S = 1000 * 366 * 86400  # a longer life is a typo, and its instant might lie past what a datetime holds
INSTANT_HELP = "an ISO 8601 instant, e.g. 2027-01-31T00:00:00Z (UTC when it names no offset)"


def duration_seconds(text: str) -> int:
    """The seconds `text` (e.g. `30d`) spans.

    Raises:
        InvalidInput: not a duration, not above zero, or longer than MAX_LIFETIME_S.
    """
    match = _DURATION.match(text)
    if match is None:
        raise InvalidInput(f"{text!r} is not a duration: give {DURATION_HELP}")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise InvalidInput(f"{text!r} is not a positive duration: a key must live for some time, e.g. 30d")
    if seconds > MAX_LIFETIME_S:
        raise InvalidInput(f"{text!r} is longer than a key may live ({MAX_LIFETIME_S // 86400}d): give a shorter one")
    return seconds


def parse_instant(text: str) -> datetime.datetime:
    """The instant `text` names, with its offset (an instant naming none is read as UTC). It is not converted to
    UTC here: 9999-12-31T23:00:00-05:00 is a valid instant whose UTC date is out of datetime's range, refused by
    `future_instant` as too far away.

    Raises:
        InvalidInput: not an ISO 8601 instant.
    """
    try:
        instant = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an ISO 8601 instant: give one such as 2027-01-31T00:00:00Z (UTC when it names no offset)"
        ) from None
    return _aware(instant)


def _aware(instant: datetime.datetime) -> datetime.datetime:
    """`instant` with its offset; a naive one is taken to be UTC."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=datetime.UTC)


def future_instant(instant: datetime.datetime, now: float) -> float:
    """`instant` as epoch seconds, provided it is after `now` (epoch seconds).

    Raises:
        InvalidInput: the instant is not in the future, or further than MAX_LIFETIME_S from `now`.
    """
    seconds = _aware(instant).timestamp()
    if seconds > now + MAX_LIFETIME_S:  # not shown: it may lie beyond the years a datetime holds
        raise InvalidInput(
            f"the instant is further away than a key may live ({MAX_LIFETIME_S // 86400} days from now): give an "
            "earlier instant"
        )
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
