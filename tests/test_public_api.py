"""The public face: __all__ names exist; every public class and function is documented."""

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import ordercore


def modules() -> list[ModuleType]:
    found = [ordercore]
    for info in pkgutil.walk_packages(ordercore.__path__, "ordercore."):
        if info.name.endswith("__main__"):
            continue
        found.append(importlib.import_module(info.name))
    return found


MODULES = modules()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_module_is_documented_and_declares_all(module: ModuleType) -> None:
    assert module.__doc__, f"{module.__name__} has no docstring"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_public_class_and_function_and_method_has_a_docstring(module: ModuleType) -> None:
    missing = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if not getattr(obj, "__module__", "").startswith("ordercore"):
            continue
        if not obj.__doc__:
            missing.append(name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not inspect.isfunction(member):
                    continue
                if not member.__doc__:
                    missing.append(f"{name}.{attr}")
    assert [] == missing


def test_the_package_exports_what_it_lists() -> None:
    for name in ordercore.__all__:
        assert hasattr(ordercore, name), name


def test_the_package_ships_its_type_information() -> None:
    assert ordercore.__file__ is not None
    from pathlib import Path  # noqa: PLC0415

    assert (Path(ordercore.__file__).parent / "py.typed").exists()


PINNED_ROOT_NAMES = [
    "Address",
    "Clock",
    "ConcurrencyConflict",
    "Currency",
    "Engine",
    "FixedClock",
    "Invoice",
    "InvoicingPolicy",
    "Location",
    "Lot",
    "MemoryStore",
    "Money",
    "NotFound",
    "Order",
    "OrderStatus",
    "OrdercoreError",
    "Parcel",
    "Payment",
    "PaymentMethod",
    "PaymentTerms",
    "Policy",
    "Rounding",
    "SequentialIds",
    "Shipment",
    "StockItem",
    "ValidationError",
    "instant",
]


def test_the_root_exports_exactly_the_pinned_names_so_the_face_changes_only_on_purpose() -> None:
    assert PINNED_ROOT_NAMES == sorted(ordercore.__all__)


def test_the_root_names_nothing_it_does_not_export() -> None:
    public = {name for name in vars(ordercore) if not name.startswith("_")}
    submodules = {name for name in public if isinstance(getattr(ordercore, name), ModuleType)}
    assert set(PINNED_ROOT_NAMES) == public - submodules
