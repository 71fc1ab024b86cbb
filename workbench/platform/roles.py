"""Who may do what. Editors review checks and correct claims; viewers read; managers read and make
and revoke the newsroom's API clients ("API clients" permissions) without being administrators;
only administrators (superusers) manage users and settings. Groups are made (or brought up to
date) by `roles_ensure`, which `manage.py create_editor` and the demo call."""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission

EDITORS, VIEWERS, MANAGERS = "Editors", "Viewers", "Managers"

READ = [
    ("sources", "outlet"), ("sources", "article"), ("claims", "claim"), ("facts", "check"),
    ("review", "review"), ("review", "reviewevent"), ("review", "decision"), ("review", "decisionevent"),
    ("review", "claimreview"), ("review", "claimreviewevent"),
]
EDIT = [
    ("claims", "change_claim"), ("facts", "change_check"), ("review", "change_review"),
    ("sources", "change_article"), ("sources", "add_article"),
    ("review", "add_decision"), ("review", "change_decision"), ("review", "add_claimreview"),
    ("review", "change_claimreview"),
]
# The API clients permissions; viewing users lets the client form pick the user a key acts as.
API_CLIENTS = [
    ("platform", "add_apiclient"), ("platform", "change_apiclient"), ("platform", "view_apiclient"),
    ("auth", "view_user"),
]


def roles_ensure() -> tuple[Group, Group]:
    view = [Permission.objects.get(content_type__app_label=app, codename=f"view_{model}") for app, model in READ]
    edit = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in EDIT]
    viewers, _ = Group.objects.get_or_create(name=VIEWERS)
    viewers.permissions.set(view)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(view + edit)
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.set(view + [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in API_CLIENTS])
    return editors, viewers


def can_review(user) -> bool:
    return user.is_active and user.has_perm("review.change_review")
