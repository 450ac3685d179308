"""The OpenAPI schema and its two readers, Swagger UI and Redoc, served from the sidecar's static files.

The site's CSP allows scripts and styles from 'self' only, and these pages keep to it for
scripts: Swagger UI's start-up script is a separate file (the split view), Redoc's page has
none inline. Both libraries write style elements at run time (Redoc's styled-components, Swagger
UI's syntax highlighter), so their two pages alone also allow inline styles, and Redoc its
search worker, which it starts from a blob: URL.
"""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

_DOCS_CSP = {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}

schema_view = SpectacularAPIView.as_view()


@method_decorator(csp_update(_DOCS_CSP), name="dispatch")
class ApiSwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Faultline API"


@method_decorator(csp_update(_DOCS_CSP), name="dispatch")
class ApiRedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
    title = "Faultline API"
