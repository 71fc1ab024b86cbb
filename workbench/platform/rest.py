"""What every API view shares: permissions, throttles, a size-limited JSON parser and JSON errors."""
from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions, negotiation, parsers, permissions, renderers, status, throttling
from rest_framework.response import Response
from rest_framework.views import exception_handler

from workbench.platform.roles import can_review
from workbench.validation import encodable

log = logging.getLogger(__name__)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "request_too_large"


def _limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _too_large() -> RequestTooLarge:
    return RequestTooLarge(f"Request body too large: the limit is {_limit()} bytes.")


def json_depth(data: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it (the parser
    recurses, and a 2 KB `[[[...]]]` would exhaust Python's stack). Brackets inside strings do not
    count."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


class LimitedJSONParser(parsers.JSONParser):
    """JSONParser reads the stream itself, around Django's DATA_UPLOAD_MAX_MEMORY_SIZE check, and
    refuses JSON nested deeper than CROSSCHECK_API_MAX_JSON_DEPTH before parsing it."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            declared = 0
        if declared > _limit():
            raise _too_large()
        data = stream.read(_limit() + 1) if stream is not None else b""
        if len(data) > _limit():
            raise _too_large()
        limit = settings.CROSSCHECK_API_MAX_JSON_DEPTH
        # Counting brackets is done in C; only a body with more of them than the limit is walked.
        if data.count(b"[") + data.count(b"{") > limit and json_depth(data) > limit:
            raise exceptions.ParseError(f"JSON parse error - nested deeper than {limit} levels")
        parsed = super().parse(io.BytesIO(data), media_type, parser_context)
        # JSON may escape half a surrogate pair ("\ud800"): such a string can be neither stored
        # nor even echoed in an error message. Only a body with a \u escape of one is walked.
        if (b"\\ud" in data or b"\\uD" in data) and _has_unencodable(parsed):
            raise exceptions.ParseError("JSON parse error - a string is not valid Unicode (it contains a lone surrogate)")
        return parsed


def _has_unencodable(data) -> bool:
    """Whether any key or string in the parsed JSON breaks the stored-text rule on Unicode."""
    pending = [data]
    while pending:  # no recursion: the depth limit is the parser's, not Python's
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and not encodable(item):
            return True
    return False


class IsEditor(permissions.BasePermission):
    message = "Only editors may change a review."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and can_review(request.user))


class ClientRateThrottle(throttling.UserRateThrottle):
    """Rates read from settings at request time, so they can change without a restart of DRF."""

    def get_rate(self):
        return settings.CROSSCHECK_API_THROTTLE_RATE


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return settings.CROSSCHECK_API_ANON_THROTTLE_RATE


def json_exception_handler(exc, context):
    """Every error is JSON with a `detail` message: a too-large body is 413, a crash is 500."""
    if isinstance(exc, RequestDataTooBig):
        exc = _too_large()
    response = exception_handler(exc, context)
    if response is None:
        log.exception("API error", exc_info=exc)
        return Response({"detail": "Internal server error."}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": "Invalid input: see the fields below.", **response.data}
    elif isinstance(response.data, list):
        response.data = {"detail": " ".join(str(e) for e in response.data) or "Invalid input."}
    return response


class JSONLDRenderer(renderers.JSONRenderer):
    """JSON-LD documents (the ClaimReview feed) served as application/ld+json."""

    media_type = "application/ld+json"
    format = "jsonld"


class FirstRenderer(negotiation.DefaultContentNegotiation):
    """Answer with the view's first renderer whatever the Accept header: a feed reader asking for
    application/json still gets the JSON-LD document (which is JSON), not a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
