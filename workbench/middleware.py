"""Requests whose parameters cannot reach a query: a 400 with the reason, before any view (the
admin's changelists and filters, the API's filters) turns them into a database error."""
from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse

from workbench.validation import text_problem


def reject_unstorable_parameters(get_response):
    def middleware(request):
        for key, values in request.GET.lists():
            for text in (key, *values):
                problem = text_problem(text)
                if problem:
                    # repr() shows a NUL in the name as \x00; the answer itself stays printable.
                    detail = f"the query parameter {key[:50]!r} {problem}"
                    if request.path.startswith("/api/"):
                        return JsonResponse({"detail": detail}, status=400)
                    return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware
