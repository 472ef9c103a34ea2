"""What every response of the endpoint goes through: the browser guard and the security headers.

Any web page can make its visitor's browser send requests to the endpoint. Three checks keep
such pages out, whatever address the server is bound to:

- **Host** must be one of the server's names, so that a page whose DNS name an attacker points
  at this machine (DNS rebinding) is refused. The names are the bound address (and, for a
  loopback or wildcard bind, 127.0.0.1, localhost and [::1]) with the server's port, plus the
  names given with ``--allow-host`` (a LAN name or address, a reverse proxy's name). A wildcard
  bind (0.0.0.0, ::) does not guess the machine's other addresses: they are given with
  ``--allow-host``.
- **Origin**, when there is one, must be the server itself (the same authority as ``Host``) or
  an origin given with ``--cors``.
- **Sec-Fetch-Site**, which browsers send even where they send no Origin (an ``<img>``, a link, a
  form sent by GET): ``cross-site`` and ``same-site`` requests are refused unless their Origin
  is allowed with ``--cors``. The one exception is a person following a link to the query page
  at ``/``, which runs nothing by itself.
"""

from __future__ import annotations

import ipaddress
import re

from cartelgraph.media import PLAIN_TEXT

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
# A Host value: a bracketed IPv6 address or a registered name / IPv4 address, then an optional port.
_AUTHORITY = re.compile(r"(?P<name>\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(?P<port>[0-9]{1,5}))?")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for 0.0.0.0 and ``::``: listening on every address of the machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def parse_authority(value: str) -> tuple[str, int | None] | None:
    """``(name, port)`` of a Host value or an ``--allow-host`` value, the name lower-cased and an
    IPv6 address bracketed in its short form; None when it is neither a name nor an address."""
    value = value.strip().lower()
    if value.count(":") > 1 and not value.startswith("["):
        value = f"[{value}]"  # a bare IPv6 address, as --allow-host may give it
    match = _AUTHORITY.fullmatch(value)
    if not match:
        return None
    name, port = match["name"], match["port"]
    if name.startswith("["):
        try:
            name = f"[{ipaddress.IPv6Address(name[1:-1]).compressed}]"
        except ValueError:
            return None
    if port is not None and not 0 < int(port) < 65536:
        return None
    return name, None if port is None else int(port)


def bracketed(host: str) -> str:
    """An address as it is written in a URL: IPv6 in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class Guard:
    """ASGI middleware: the Host, Origin and Sec-Fetch-Site checks, and the security headers."""

    def __init__(self, app, *, host: str, port: int, cors_origins: list[str], allow_hosts: list[str] = ()):
        self.app = app
        self.bind = host
        self.port = port
        names = [bracketed(host)] if not is_wildcard(host) else []
        if is_loopback(host) or is_wildcard(host):
            names += LOOPBACK_NAMES
        own = {parse_authority(name)[0] for name in names}
        # (name, port) pairs that are allowed; a port of None allows the name on any port or none.
        self.allowed: set[tuple[str, int | None]] = {(name, port) for name in own}
        if port == 80:
            self.allowed |= {(name, None) for name in own}
        for value in allow_hosts:
            parsed = parse_authority(value)
            if parsed is None:
                raise ValueError(f"--allow-host {value!r}: not a host name or address")
            self.allowed.add(parsed)
        self.names = sorted({f"{name}:{port}" for name in own}) + [value for value in allow_hosts]
        self.cors = {origin.lower().rstrip("/") for origin in cors_origins}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
        refusal = self.refusal(headers, method=scope["method"], path=scope["path"])
        if refusal:
            return await _plain(send, 403, refusal)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    def allows_host(self, host: str | None) -> bool:
        parsed = parse_authority(host) if host else None
        if parsed is None:
            return False
        name, port = parsed
        return (name, port) in self.allowed or (name, None) in self.allowed

    def refusal(self, headers: dict[str, str], *, method: str = "GET", path: str = "/") -> str | None:
        """Why a request with these (lower-cased) headers is refused, in one line; or None."""
        host, origin = headers.get("host"), headers.get("origin")
        if not self.allows_host(host):
            return self._host_refusal(host)
        allowed_origin = origin is not None and origin.lower().rstrip("/") in self.cors
        if origin is not None and not allowed_origin and not _same_authority(origin, host):
            return (
                f"Origin {origin!r} is not allowed: start the server with --cors {origin} "
                "to let pages from it query the endpoint"
            )
        site = headers.get("sec-fetch-site", "").lower()
        if site in ("cross-site", "same-site") and not allowed_origin:
            if method in ("GET", "HEAD") and path == "/" and headers.get("sec-fetch-mode") == "navigate":
                return None  # a person following a link to the query page: it runs nothing by itself
            return (
                f"a request made by a page of another site (Sec-Fetch-Site: {site}) is refused: "
                "start the server with --cors ORIGIN to let pages from ORIGIN query the endpoint"
            )
        return None

    def _host_refusal(self, host: str | None) -> str:
        names = ", ".join(self.names)
        if not host:
            return f"a request without a Host header is refused (this server answers to {names})"
        parsed = parse_authority(host)
        hint = f"; if clients reach this server by that name, start it with --allow-host {parsed[0]}" if parsed else ""
        wildcard = (
            f"; listening on {self.bind}, it does not guess this machine's own names and addresses"
            if is_wildcard(self.bind)
            else ""
        )
        return (
            f"Host {host!r} is not a name of this server (it answers to {names}), refused against "
            f"DNS rebinding{wildcard}{hint}"
        )


def _same_authority(origin: str, host: str | None) -> bool:
    """True when ``origin`` (``scheme://authority``) names the server the request went to."""
    scheme, sep, authority = origin.lower().partition("://")
    return bool(sep) and scheme in ("http", "https") and host is not None and authority == host.lower()


async def _plain(send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", f"{PLAIN_TEXT}; charset=utf-8".encode()),
                (b"content-length", str(len(body)).encode()),
            ]
            + SECURITY_HEADERS,
        }
    )
    await send({"type": "http.response.body", "body": body})
