import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from workbench.platform.roles import MANAGERS, roles_ensure


class Command(BaseCommand):
    help = "Create (or reset) an editor account for the admin and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="", help="default: a new random password")
        parser.add_argument("--viewer", action="store_true", help="a read-only account instead")
        parser.add_argument("--manager", action="store_true",
                            help="a manager instead: reads, and makes and revokes API clients")

    def handle(self, *args, **options):
        editors, viewers = roles_ensure()
        password = options["password"] or secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=options["username"])
        user.is_staff = True
        user.set_password(password)
        user.save()
        if options["manager"]:
            role, group = "manager", Group.objects.get(name=MANAGERS)
        else:
            role, group = ("viewer", viewers) if options["viewer"] else ("editor", editors)
        user.groups.set([group])
        self.stdout.write(f"{role} login: {user.username} / {password}")
