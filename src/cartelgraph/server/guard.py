"""What every response of the endpoint goes through: the DNS-rebinding guard and the
security headers.

A page on any web site can make a browser send requests to ``127.0.0.1``; if it also controls
a DNS name that it points at 127.0.0.1 (DNS rebinding), the browser treats the answers as
its own. So while the server listens on a loopback address it answers only requests whose
``Host`` names that address, and whose ``Origin``, when there is one, is the server itself or
an origin allowed with ``--cors``.
"""

from __future__ import annotations

import ipaddress

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                           "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def own_authorities(host: str, port: int) -> set[str]:
    """The ``Host`` values that name a server bound to a loopback ``host``:``port``."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if not is_loopback(host):
        return set()
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    else:
        names.add(host)
    found = {f"{name}:{port}" for name in names}
    if port == 80:
        found |= names
    return found


class Guard:
    """ASGI middleware: refuse rebinding (Host/Origin) on loopback, add security headers."""

    def __init__(self, app, *, host: str, port: int, cors_origins: list[str]):
        self.app = app
        self.loopback = is_loopback(host)
        self.hosts = own_authorities(host, port)
        allowed = {origin.lower().rstrip("/") for origin in cors_origins}
        self.origins = {f"http://{authority}" for authority in self.hosts} | allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
        refusal = self.refusal(headers.get("host"), headers.get("origin"))
        if refusal:
            return await _plain(send, 403, refusal)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    def refusal(self, host: str | None, origin: str | None) -> str | None:
        """Why a request is refused, or None."""
        if not self.loopback:
            return None
        if host is None or host.lower() not in self.hosts:
            return (f"Host {host!r} is not this server's address (refused to prevent DNS rebinding); "
                    f"use http://{sorted(self.hosts)[0]}/")
        if origin is not None and origin.lower() not in self.origins:
            return (f"Origin {origin!r} is not allowed: start the server with --cors {origin} "
                    "to let pages from it query the endpoint")
        return None


async def _plain(send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": body})
