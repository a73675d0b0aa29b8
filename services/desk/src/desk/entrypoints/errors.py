"""How the services' answers become pages: an expired sign-in returns the person to the
sign-in and then to where they were; another office's case is "not found", as the API says."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from desk.adapters.suite_api import Forbidden, NotFound, ServiceUnavailable, SignInExpired
from desk.entrypoints.web import SignInNeeded, language, sign_in_redirect
from desk.parts import Desk
from desk.texts import TEXTS, text
from konfliktrad_shared.web_assembly import ExceptionHandler


def handlers(desk: Desk) -> dict[type[Exception], ExceptionHandler]:
    def message(request: Request, status: int, heading: str, body: str = "") -> Response:
        lang = language(request)
        return desk.pages.render(
            request,
            "message.html",
            status_code=status,
            heading=text(heading, lang),
            message=text(body, lang) if body in TEXTS else body,
        )

    async def needs_sign_in(request: Request, exc: Exception) -> Response:
        return_to = exc.return_to if isinstance(exc, SignInNeeded) else page_of(request)
        request.session.pop("token", None)
        return sign_in_redirect(return_to)

    async def not_found(request: Request, _: Exception) -> Response:
        return message(request, 404, "not_found", "not_found_text")

    async def forbidden(request: Request, exc: Exception) -> Response:
        return message(request, 403, "forbidden", str(exc))

    async def unavailable(request: Request, exc: Exception) -> Response:
        return message(request, 503, "unavailable", str(exc))

    async def failed(request: Request, _: Exception) -> Response:
        return message(request, 500, "unavailable")

    async def http_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException) and exc.status_code == 404:
            return await not_found(request, exc)
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        return message(request, status, "unavailable", str(exc))

    return {
        SignInNeeded: needs_sign_in,
        SignInExpired: needs_sign_in,
        NotFound: not_found,
        Forbidden: forbidden,
        ServiceUnavailable: unavailable,
        StarletteHTTPException: http_error,
        # Anything else still gets a page in the person's language, not a bare "Internal
        # Server Error"; the traceback goes to the log.
        Exception: failed,
    }


def page_of(request: Request) -> str:
    """The page a form was posted from: every form acts on a path below its case's page
    (/mediation/<case>/…), so the case's page is where the person was."""
    path = request.url.path
    if request.method == "POST":
        return "/".join(path.split("/")[:3]) or "/"
    return path
