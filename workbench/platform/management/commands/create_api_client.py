from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workbench.platform.roles import roles_ensure
from workbench.platform.services import ClientError, api_client_create, tool_user_ensure


class Command(BaseCommand):
    help = ("Create an API client and print its key (shown once). The client acts as --user: an "
            "existing account, or a new tool account made with --role's permissions.")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help='what the key is for, e.g. "CMS plugin"')
        parser.add_argument("--user", default="", help="the account the key acts as (default: api-NAME)")
        parser.add_argument("--role", choices=["viewer", "editor"], default="viewer",
                            help="a new account's role: viewers submit and read, editors also review")

    def handle(self, *args, **options):
        editors, viewers = roles_ensure()
        username = options["user"] or "api-" + "-".join(options["name"].lower().split())[:140]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = tool_user_ensure(username=username, group=editors if options["role"] == "editor" else viewers)
        try:
            client, key = api_client_create(name=options["name"], user=user)
        except ClientError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"API client {client.name!r} acting as {user.username}: Authorization: Api-Key {key}")
