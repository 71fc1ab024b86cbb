"""Which IP addresses may be fetched from, or posted to by webhooks: one table
(rules/special_addresses.json, the IANA special-purpose registries) and one function for both.
Pure Python, no Django."""
from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("rules") / "special_addresses.json"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Special:
    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str
    reachable: bool  # globally reachable: allowed
    embedded: bool  # carries an IPv4 address, which is judged instead


@lru_cache(maxsize=1)
def _table() -> tuple[list[Special], ipaddress.IPv6Network]:
    rules = json.loads(RULES.read_text())
    specials = [
        Special(ipaddress.ip_network(row["network"]), row["name"], bool(row.get("global")), bool(row.get("embedded")))
        for row in rules["networks"]
    ]
    # Most specific first, so that the first network holding an address decides.
    specials.sort(key=lambda s: s.network.prefixlen, reverse=True)
    return specials, ipaddress.IPv6Network(rules["ipv6_global_unicast"])


def special_network(ip: Address) -> Special | None:
    """The most specific special-purpose network holding `ip`, if any."""
    return next((s for s in _table()[0] if s.network.version == ip.version and ip in s.network), None)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    """The IPv4 address an IPv6 one of an embedding network stands for: mapped (::ffff:a.b.c.d),
    6to4 (2002::/16), Teredo (its client), NAT64 (64:ff9b::/96) or IPv4-compatible (::a.b.c.d)."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def refused_address(address: str) -> str:
    """Why an address must not be reached: the name of its special-purpose network ('loopback',
    'private', 'documentation'...), or '' if it is public. Raises ValueError for a non-address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    special = special_network(ip)
    if special is not None and special.embedded:
        return refused_address(str(embedded_ipv4(ip)))
    if special is not None:
        return "" if special.reachable else special.name
    if ip.version == 6 and ip not in _table()[1]:
        return "reserved"
    return ""
