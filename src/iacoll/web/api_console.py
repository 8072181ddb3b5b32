"""``/api``: the write API's interactive documentation (Swagger UI) over ``/openapi.json``.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which the
Content-Security-Policy refuses and a closed network cannot reach: this one loads
``swagger-ui-dist`` from npm, served under ``/static/swagger-ui/``, and starts it from
``/static/api-docs.js``.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

PATH = "/api"
PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API d'écriture d'iacoll — documentation</title>
  <link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
</head>
<body>
  <noscript><p>Cette documentation interactive demande JavaScript. La description de l'API
  est lisible directement : <a href="/openapi.json">/openapi.json</a> (OpenAPI 3).</p></noscript>
  <div id="swagger-ui" data-openapi="/openapi.json"></div>
  <script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


def router() -> APIRouter:
    api = APIRouter()

    @api.get(PATH, include_in_schema=False, response_class=HTMLResponse)
    def api_console() -> HTMLResponse:
        return HTMLResponse(PAGE, headers={"Cache-Control": "public, max-age=3600"})

    return api
