"""The HTTP API and web page of ``linimasa serve`` (FastAPI): see :func:`create_app`."""

from linimasa.api.app import create_app

__all__ = ["create_app"]
