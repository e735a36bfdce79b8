"""The server's constants."""

#: Largest request body, in bytes; larger ones get 413.
MAX_BODY = 2 * 1024 * 1024
#: Environment variable holding the write token when --token is not given.
TOKEN_ENV = "EVENTCODER_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Rows per page of the events and articles lists, unless asked otherwise; and at most.
PAGE_SIZE = 50
MAX_PAGE = 1000
#: Articles per POST /api/articles.
MAX_ARTICLES = 100
#: Shifts shown on the home page.
HOME_SHIFTS = 5

#: Content-Security-Policy of every response: only this server's scripts, styles and
#: images; no inline script, no plugins, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
