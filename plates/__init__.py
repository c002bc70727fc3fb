"""Rendering of print batches: QR address plates, install checklists, letters → PDF.

Takes plain records (`PlateRecord`, `VillageMap`) and writes files; knows nothing of the
registry or the web. `render_batch` is the entry point; the modules are named by topic.
"""

from plates.batch import BatchFiles, BatchOptions, PrintedPlate, render_batch
from plates.errors import EmptyBatch, OutputExists, PlatesError, UnsafePublicUrl
from plates.layout import PlateSpec
from plates.records import PlateRecord, VillageMap, address_text
from plates.urls import check_public_url, qr_payload

__all__ = [
    "BatchFiles",
    "BatchOptions",
    "EmptyBatch",
    "OutputExists",
    "PlateRecord",
    "PlateSpec",
    "PlatesError",
    "PrintedPlate",
    "UnsafePublicUrl",
    "VillageMap",
    "address_text",
    "check_public_url",
    "qr_payload",
    "render_batch",
]
