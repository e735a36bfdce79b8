"""`eventcoder serve`: an HTTP API and server-rendered pages over a store.

- `limits`: the server's constants (body limit, page sizes, the token's variable);
- `guard`: ASGI middleware for the body limit and the security headers;
- `errors`: every error as a JSON body with a message (an HTML page for the pages);
- `api`: the JSON (and CSV) API under /api; `pages`: the HTML pages; `render`: an
  article's text cut into highlighted pieces;
- `app`: `create_app`, which puts them together.

Templates and static files ship inside the package: the browser fetches nothing from
elsewhere.
"""

from .app import create_app

__all__ = ["create_app"]
