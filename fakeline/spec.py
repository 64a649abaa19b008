"""Validate requests against LINE's OpenAPI spec (messaging-api.yml) when it is on this machine."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.validation.request.exceptions import InvalidRequestBody
from werkzeug.datastructures import Headers, MultiDict

from fakeline import errors

log = logging.getLogger("fakeline")

SPEC_FILE = "messaging-api.yml"
REPO_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
HOSTS = {"api": "https://api.line.me", "data": "https://api-data.line.me"}


def find_spec(spec_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Return messaging-api.yml from `spec_dir`, $SHARED_DIR/line-openapi or ../shared."""
    shared = os.environ.get("SHARED_DIR")
    candidates = [Path(shared) / "line-openapi"] if shared else []
    candidates.append(REPO_SHARED / "line-openapi")
    if spec_dir:  # the folder itself, or a shared/ folder holding line-openapi/
        candidates[:0] = [Path(spec_dir), Path(spec_dir) / "line-openapi"]
    for folder in candidates:
        if (folder / SPEC_FILE).is_file():
            return (folder / SPEC_FILE).resolve()
    return None


@functools.cache
def load(path: Path) -> OpenAPI:
    """Parse and check the spec once per process (about half a second)."""
    return OpenAPI.from_file_path(str(path))


@functools.cache
def warn_missing() -> None:
    """Log, once per process, that only the built-in checks apply."""
    log.warning(
        "LINE's OpenAPI spec (%s) was not found in spec_dir, $SHARED_DIR/line-openapi or %s; "
        "fakeline applies only its built-in checks",
        SPEC_FILE,
        REPO_SHARED / "line-openapi",
    )


@dataclass
class SpecRequest:
    """A request as openapi-core sees it, addressed to LINE's real hosts so servers match."""

    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters


def validate(
    api: OpenAPI, host: str, method: str, path: str, headers: Headers, query: MultiDict, body: bytes
) -> None:
    """Raise LINE's 400 when the request breaks messaging-api.yml."""
    request = SpecRequest(
        HOSTS[host],
        path,
        method.lower(),
        body or None,
        headers.get("Content-Type", "application/json").lower(),
        RequestParameters(query=query, header=headers),
    )
    try:
        api.validate_request(request)
    except PathError:
        return  # a route the fake serves but this spec snapshot lacks: built-in checks only
    except Exception as exc:  # openapi-core's errors share no useful base class
        raise _to_line_error(exc) from exc


def _to_line_error(exc: Exception) -> errors.LineError:
    cause = exc.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if schema_errors and isinstance(exc, InvalidRequestBody):
        return errors.bad_body([_detail(e) for e in schema_errors])
    name = getattr(exc, "name", None)
    if name:  # a header, query or path parameter
        return errors.LineError(400, f"The value for the '{name}' parameter is invalid")
    return errors.LineError(400, str(exc) or type(exc).__name__)


def _detail(error: Any) -> dict[str, str]:
    prop = _property(list(error.absolute_path))
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else "?"
        return errors.detail(f"{prop}.{name}" if prop else name, "Must be specified")
    if kind in ("minItems", "maxItems"):
        low, high = schema.get("minItems", 0), schema.get("maxItems", "∞")
        return errors.detail(prop, f"Size must be between {low} and {high}")
    if kind in ("minLength", "maxLength"):
        low, high = schema.get("minLength", 0), schema.get("maxLength", "∞")
        return errors.detail(prop, f"Length must be between {low} and {high}")
    if kind in ("minimum", "maximum"):
        low, high = schema.get("minimum", "-∞"), schema.get("maximum", "∞")
        return errors.detail(prop, f"Must be between {low} and {high}")
    if kind == "enum":
        return errors.detail(
            prop, f"Must be one of the following values: {json.dumps(schema['enum'])}"
        )
    return errors.detail(prop, error.message)


def _property(path: list[Any]) -> str:
    """Spell a JSON path the way LINE does: messages[0].quickReply.items[2].action.label."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
