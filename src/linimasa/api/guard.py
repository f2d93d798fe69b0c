"""Who may talk to the server: the ``Host`` check (every request) and the ``Origin`` check
(every write), an ASGI middleware in front of the API and the web page.

**Host.** A page of another site can make the browser resolve its own name to
127.0.0.1 (DNS rebinding); the browser then sends that page's requests to this server as
same-origin requests, with the page's name in ``Host``, and lets the page read the
answers. So a request is answered only when its ``Host`` names this server: ``localhost``,
the ``--host`` value, a name given with ``--allowed-host`` (a server behind a proxy or
reached by its host name), or an IP address literal (``127.0.0.1``, ``[::1]``,
``192.0.2.7``): rebinding needs a name the attacker controls, and a page can only make the
browser send an IP literal by being loaded from that address, which is this server. Any
other ``Host`` gets 421 (Misdirected Request). The port is not compared.

**Origin.** A write (any method but GET, HEAD, OPTIONS) that carries an ``Origin`` header
must come from this server's own origin (scheme aside: same host and port as ``Host``),
and one that carries ``Sec-Fetch-Site`` must say ``same-origin`` or ``none``; anything
else gets 403. Browsers send both on every cross-origin POST, form posts included;
``curl`` and scripts send neither and are not affected. (The ingest endpoint also accepts
only JSON content types, which a page of another origin cannot send without a CORS
preflight that this server never grants: either check alone stops a cross-site write.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WILDCARDS = ("0.0.0.0", "::", "")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _name(host: str) -> str:
    """A host name as compared: lower case, no brackets, no trailing dot."""
    return host.strip().strip("[]").rstrip(".").lower()


def server_names(host: str = "127.0.0.1", allowed: Iterable[str] = ()) -> frozenset[str]:
    """The names a ``Host`` header may give for a server listening on ``host``."""
    names = {*LOOPBACK_NAMES, *(_name(a) for a in allowed if _name(a))}
    if _name(host) not in _WILDCARDS:
        names.add(_name(host))
    return frozenset(names)


def split_host(value: str) -> tuple[str, int | None] | None:
    """``(name, port)`` of a ``Host`` header value (``[::1]:8000``, ``example.org``); None when malformed."""
    value = value.strip()
    if not value or any(c in value for c in "/\\@?# \t") or any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else ""
    else:
        name, _, port_text = value.partition(":")
        if ":" in port_text:
            return None
    if port_text and not port_text.isdigit():
        return None
    port = int(port_text) if port_text else None
    if port is not None and not 0 < port < 65536:
        return None
    return _name(name), port


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(host_header: str, names: frozenset[str]) -> bool:
    """Whether a request with this ``Host`` value is for this server (see the module)."""
    parts = split_host(host_header)
    return parts is not None and bool(parts[0]) and (parts[0] in names or _is_ip(parts[0]))


def same_origin(origin: str, host_header: str) -> bool:
    """Whether the ``Origin`` value names the same host and port as the ``Host`` value."""
    parts = split_host(host_header)
    if parts is None:
        return False
    try:
        url = urlsplit(origin.strip())
        origin_port = url.port
    except ValueError:
        return False
    if url.scheme not in _DEFAULT_PORTS or not url.hostname:
        return False  # "null" (a sandboxed frame, a file), or something that is not a web origin
    origin_port = origin_port or _DEFAULT_PORTS[url.scheme]
    name, port = parts
    return _name(url.hostname) == name and (port or _DEFAULT_PORTS[url.scheme]) == origin_port


class RequestGuard:
    """ASGI middleware: 421 for a ``Host`` that is not this server's, 403 for a cross-origin write."""

    def __init__(self, app: ASGIApp, names: frozenset[str]) -> None:
        self.app = app
        self.names = names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan; the app has no websocket route
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        for key, value in scope.get("headers") or []:
            headers.setdefault(key, value)
        host = headers.get(b"host", b"").decode("latin-1")
        problem: tuple[int, str] | None = None
        if not host_allowed(host, self.names):
            shown = host if host.isprintable() and len(host) <= 100 else repr(host[:100])
            problem = (
                421,
                f"this server does not answer for the host {shown!r}: it answers for its own names "
                "(localhost, its IP addresses, the --host and --allowed-host values)",
            )
        elif scope.get("method", "GET") not in SAFE_METHODS:
            origin = headers.get(b"origin")
            site = headers.get(b"sec-fetch-site")
            if origin is not None and not same_origin(origin.decode("latin-1"), host):
                problem = (403, "cross-origin write refused: the request's Origin is not this server")
            elif site is not None and site.decode("latin-1").strip().lower() not in ("same-origin", "none"):
                problem = (403, "cross-site write refused (Sec-Fetch-Site: " + site.decode("latin-1")[:40] + ")")
        if problem is None:
            await self.app(scope, receive, send)
            return
        await JSONResponse({"detail": problem[1]}, problem[0])(scope, receive, send)
