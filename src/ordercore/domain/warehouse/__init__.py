"""The warehouse floor: bins, walk order, pick lists, scan-verified packing, SSCCs, boxes, labels.

Pure rules, no I/O: the host (and later the Engine) stores pick lists, prints labels and books
carriers. See ``docs/warehouse.md``.
"""

from ordercore.domain.warehouse.bin_events import (
    BinStockEvent,
    BinStockOpened,
    PromiseReleased,
    UnitsBinned,
    UnitsMovedBetweenBins,
    UnitsPromised,
    UnitsUnbinned,
)
from ordercore.domain.warehouse.bin_stock import BinStock, Shelf, bin_stock_id
from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.cartonization import (
    Box,
    Cartonization,
    Item,
    Package,
    Placement,
    Unfit,
    choose_boxes,
)
from ordercore.domain.warehouse.errors import (
    BinShort,
    OverConfirm,
    SerialExhausted,
    UnknownBin,
    UnknownPickLine,
)
from ordercore.domain.warehouse.events import (
    PickLineConfirmed,
    PickListCancelled,
    PickListClosed,
    PickListCreated,
    PickListEvent,
    PickListReleased,
)
from ordercore.domain.warehouse.labels import Label, label_for
from ordercore.domain.warehouse.lifecycle import (
    NOTHING_OPEN,
    PICK_LIST_LIFECYCLE,
    PickListFacts,
    PickListStatus,
)
from ordercore.domain.warehouse.packing import (
    OverPack,
    PackageClosed,
    PackageOpened,
    Packing,
    PackingEvent,
    PackingStarted,
    PackLine,
    UnderPack,
    UnitScanned,
    WrongItem,
    packing_for,
)
from ordercore.domain.warehouse.picklist import PickList, PickResult, pick_lines
from ordercore.domain.warehouse.planning import (
    Dispatch,
    batch,
    method_by_volume,
    release_due,
    single_orders,
    waves,
    zones,
)
from ordercore.domain.warehouse.slotting import Slotting
from ordercore.domain.warehouse.sscc import AI_SSCC, Sscc, SsccConfig, SsccIssuer, gs1_check_digit
from ordercore.domain.warehouse.values import (
    AllocatedLine,
    Demand,
    LineTally,
    PickLine,
    PickMethod,
    ShipmentLineKey,
)
from ordercore.domain.warehouse.walk import SERPENTINE, HostSequence, Serpentine, WalkOrder, walk

__all__ = [
    "AI_SSCC",
    "NOTHING_OPEN",
    "PICK_LIST_LIFECYCLE",
    "SERPENTINE",
    "AllocatedLine",
    "Bin",
    "BinShort",
    "BinStock",
    "BinStockEvent",
    "BinStockOpened",
    "Box",
    "Cartonization",
    "Demand",
    "Dispatch",
    "HostSequence",
    "Item",
    "Label",
    "LineTally",
    "OverConfirm",
    "OverPack",
    "PackLine",
    "Package",
    "PackageClosed",
    "PackageOpened",
    "Packing",
    "PackingEvent",
    "PackingStarted",
    "PickLine",
    "PickLineConfirmed",
    "PickList",
    "PickListCancelled",
    "PickListClosed",
    "PickListCreated",
    "PickListEvent",
    "PickListFacts",
    "PickListReleased",
    "PickListStatus",
    "PickMethod",
    "PickResult",
    "Placement",
    "PromiseReleased",
    "SerialExhausted",
    "Serpentine",
    "Shelf",
    "ShipmentLineKey",
    "Slotting",
    "Sscc",
    "SsccConfig",
    "SsccIssuer",
    "UnderPack",
    "Unfit",
    "UnitScanned",
    "UnitsBinned",
    "UnitsMovedBetweenBins",
    "UnitsPromised",
    "UnitsUnbinned",
    "UnknownBin",
    "UnknownPickLine",
    "WalkOrder",
    "WrongItem",
    "batch",
    "bin_stock_id",
    "choose_boxes",
    "gs1_check_digit",
    "label_for",
    "method_by_volume",
    "packing_for",
    "pick_lines",
    "release_due",
    "single_orders",
    "walk",
    "waves",
    "zones",
]
