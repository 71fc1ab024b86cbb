"""Every setting read from the environment (settings.py, gunicorn's config) is in the README's
settings table, so an operator never has to read the code to find one."""
import re

from tests.conftest import ROOT

READS = re.compile(r"""(?:env_(?:str|bool|int|list)\(|environ\.get\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_environment_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    read = set()
    for module in ("workbench/settings.py", "workbench/gunicorn_conf.py"):
        read |= set(READS.findall((ROOT / module).read_text(encoding="utf-8")))
    assert len(read) > 30  # the pattern still finds them
    assert sorted(read - documented) == []
