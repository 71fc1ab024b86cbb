"""The desk's home page reads its panels through this tag, as the admin's own index reads its
recent actions through `get_admin_log`: the default admin site stays as it is."""
from django import template

from review import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def review_desk(context):
    request = context["request"]
    # The page reads it in two blocks; one set of queries is enough.
    if not hasattr(request, "_review_desk"):
        request._review_desk = selectors.desk_summary(request.user)
    return request._review_desk


@register.filter
def fact_label(key: str) -> str:
    return selectors.fact_label(key or "")


@register.filter
def web_url(url: str) -> str:
    """The URL if it is a web address, else "": an article's URL comes from outside, and a
    `javascript:` one must never become a link."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""
