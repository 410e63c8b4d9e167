"""Which hosts and origins may talk to Viva: pure functions, checked on every request.

Two attacks are closed here, in personal mode as in team mode:

- **DNS rebinding.** A page at `evil.example` whose name is re-pointed at 127.0.0.1 can read
  Viva's pages as same-origin; its requests still say `Host: evil.example`. Only the hosts in
  `allowed_hosts` are served (Starlette's TrustedHostMiddleware enforces the list).
- **Cross-site websockets.** Browsers do not apply the same-origin policy to websockets: any page
  may open `ws://127.0.0.1:8000/ws/interview`, and only its `Origin` header says who it is. The
  handshake is refused unless that origin is Viva's own or listed in `allowed_origins`.
  A handshake without `Origin` comes from a non-browser client (the benches, the tests, a
  script), which a web page cannot make, so it is allowed.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Served whatever VIVA_HOST says: the names a browser on this machine uses for it.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# Listening on every interface says nothing about the name people will type.
_WILDCARD_ADDRESSES = {"", "0.0.0.0", "::"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def default_allowed_hosts(listen_host: str) -> list[str]:
    """The loopback names, plus the host Viva was told to listen on when it names one host (a
    DNS name, or one address: an address literal cannot be rebound to another machine)."""
    hosts = list(LOOPBACK_HOSTS)
    host = listen_host.strip().lower()
    if host in _WILDCARD_ADDRESSES:
        return hosts
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        named = host
    else:
        named = f"[{address}]" if address.version == 6 else str(address)
    if named not in hosts:
        hosts.append(named)
    return hosts


def is_loopback(listen_host: str) -> bool:
    """Whether listening on `listen_host` keeps Viva to this machine."""
    host = listen_host.strip().lower().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalise_origin(origin: str) -> str | None:
    """`scheme://host[:port]` in lower case without its scheme's default port, as browsers
    serialise an origin; None for anything that is not an http(s) origin (including "null",
    sent by sandboxed frames and file pages)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # urlsplit drops an IPv6 literal's brackets
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def origin_allowed(origin: str | None, host: str | None, allowed_origins: list[str]) -> bool:
    """May a websocket handshake with this `Origin` header, sent to this `Host`, go on?

    Same origin means the origin's host and port are the request's `Host` (the page built its
    websocket URL from `location.host`). The scheme is not compared with the request's: behind
    a proxy that ends TLS, an https page reaches Viva as plain ws."""
    if origin is None:
        return True
    normal = normalise_origin(origin)
    if normal is None:
        return False
    if normal in allowed_origins:
        return True
    if not host:
        return False
    scheme = normal.split("://", 1)[0]
    return normalise_origin(f"{scheme}://{host.strip()}") == normal
