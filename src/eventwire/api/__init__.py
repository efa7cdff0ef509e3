"""`eventwire serve`: the REST API (`/api/...`, OpenAPI at `/openapi.json`) and the offline
dashboard (eventwire.web), one FastAPI app over one store."""

from eventwire.api.app import create_app

__all__ = ["create_app"]
