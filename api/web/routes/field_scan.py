"""The field app's scanner, server half (`POST /api/field/scan`): a phone whose browser has no
QR detector (`BarcodeDetector`) sends the photo its camera app took, and the server reads the
plate's code from it with zxing-cpp. The page's scanner (static/field_scan.js) then opens the
plate's confirmation card, exactly as when it read the QR itself."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlsplit

import zxingcpp
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from PIL import Image, UnidentifiedImageError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from addrgen import parse_code
from addrgen.catalog import N_
from addrgen.errors import InvalidCode
from api.web.apierror import ApiError
from api.web.deps import WriterDep
from api.web.models import ErrorBody
from api.web.request_limits import PHOTO_BODY_BYTES

__all__ = ["MAX_PIXELS", "QR_ONLY", "decode_plate", "plate_code", "router"]

router = APIRouter(tags=["field work"])

#: Larger pictures are refused before they are decoded: a phone's photo is at most ~50 MP, and a
#: small file that unpacks to a huge bitmap (a "decompression bomb") must not take the memory.
MAX_PIXELS = 60_000_000
#: The longest side the decoder sees: a plate's QR (version 3, 29 modules) that fills a tenth of
#: a 4000 px photo keeps about 7 px per module at 2000 px, and the decoding costs a quarter.
DECODE_SIDE = 2000
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)  # plates carry nothing else
_PLATE_PATH = re.compile(r"(?:/.*)?/A/([0-9]{11})/?", re.IGNORECASE)
_IMAGE = {"type": "string", "format": "binary", "description": "A photo of a plate (PNG, JPEG…)"}
_FORM = {"type": "object", "required": ["image"], "properties": {"image": _IMAGE}}
_CONTENT = {"multipart/form-data": {"schema": _FORM}}
_SCAN_BODY = {"requestBody": {"required": True, "content": _CONTENT}}


@router.post(
    "/api/field/scan",
    summary="Read a plate's code from a photo of its QR (the scanner's fallback)",
    description=(
        "For phones whose browser cannot read QR codes itself: the photo is decoded on the "
        "server (zxing-cpp) and the plate's code answered. Any host in the QR is accepted (the "
        "plates may have been printed under another public URL), but its path must be "
        "`/A/{code}` with a valid code. Reads nothing from the registry and writes nothing."
    ),
    responses={
        200: {"description": '`{"code": "…"}`: the plate\'s code (11 digits)'},
        401: {"model": ErrorBody, "description": "Not signed in"},
        413: {"model": ErrorBody, "description": "A body over 6 MB"},
        422: {"model": ErrorBody, "description": "No picture, no QR in it, or not a plate's QR"},
    },
    openapi_extra=_SCAN_BODY,
)
async def scan(request: Request, auth: WriterDep) -> JSONResponse:
    """A signed-in user (with the session's CSRF token, like every POST of a cookie session:
    the decoding is work another site must not make the server do on a user's behalf)."""
    image = await _image(request)
    code = await run_in_threadpool(decode_plate, image)
    return JSONResponse({"code": code}, headers={"Cache-Control": "no-store"})


async def _image(request: Request) -> bytes:
    """The form's ``image`` file (the body's size is already bounded by the route's limit)."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(422, "invalid_body", N_("web.scan.no_image"))
    form = await request.form()
    upload = form.get("image")
    data = await upload.read(PHOTO_BODY_BYTES) if isinstance(upload, UploadFile) else b""
    if not data:
        raise ApiError(422, "invalid_body", N_("web.scan.no_image"))
    return data


def decode_plate(data: bytes) -> str:
    """The code of the plate whose QR is in the picture ``data``; the first plate's when there
    are several (a photo of one door may catch a neighbour's plate further off: the largest
    symbol comes first in zxing's order only by chance, so any plate is as good as any)."""
    texts = _qr_texts(_grey(data))
    if not texts:
        raise ApiError(422, "no_qr", N_("web.scan.no_qr"))
    for text in texts:
        code = plate_code(text)
        if code is not None:
            return code
    raise ApiError(422, "not_a_plate", N_("web.scan.not_a_plate"))


def plate_code(text: str) -> str | None:
    """The code a plate's QR text names (``HTTPS://HOST/A/18112001234``, any host: the plates
    may have been printed under another public URL), or None for any other text."""
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    found = _PLATE_PATH.fullmatch(parts.path)
    if found is None:
        return None
    try:
        parsed = parse_code(found.group(1))
    except InvalidCode:
        return None  # a misread or a forged number: never a neighbour's code
    return None if parsed.code is None else parsed.code.canonical


def _grey(data: bytes) -> Image.Image:
    """The picture in grey, its longest side at most :data:`DECODE_SIDE`."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.width * picture.height > MAX_PIXELS:
                raise ApiError(422, "invalid_body", N_("web.scan.not_image"))
            # A JPEG is decoded straight at a reduced scale (cheap); others are scaled after.
            picture.draft("L", (DECODE_SIDE, DECODE_SIDE))
            grey = picture.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise ApiError(422, "invalid_body", N_("web.scan.not_image")) from None
    if max(grey.size) > DECODE_SIDE:
        grey.thumbnail((DECODE_SIDE, DECODE_SIDE))
    return grey


def _qr_texts(grey: Image.Image) -> list[str]:
    found: list[Any] = zxingcpp.read_barcodes(grey, formats=QR_ONLY)
    return [r.text for r in found if r.valid and r.text]
