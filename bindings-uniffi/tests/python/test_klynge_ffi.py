"""The uniffi module from Python (build/uniffi/python/klynge_ffi.py): dates and decimals as
Python's own types, one error type, garbage never crashes. The Swift bindings are checked to
have been generated (no Swift toolchain here)."""

import datetime
import decimal
import os
import pathlib
import random
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
GENERATED = ROOT / "build" / "uniffi"
sys.path.insert(0, str(GENERATED / "python"))

import klynge_ffi as ffi  # noqa: E402

W2 = """{"clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
  "practices": [{"ydernummer": "061654", "capacities": 2}],
  "memberships": [{"ydernummer": "061654", "cluster": "k", "joined": "2018-09-15", "left": null, "by_transfer": false}],
  "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}]}"""


def test_w2_forecast_with_python_types():
    forecast = ffi.forecast_from_scenario(W2, "k", 2022, 2022, [])
    line = forecast.lines[0]
    assert line.amount == decimal.Decimal("3528.00") and isinstance(line.amount, decimal.Decimal)
    assert line.due == datetime.date(2022, 1, 1)
    assert line.payout_window == ffi.PayoutWindow(earliest=datetime.date(2022, 1, 15), latest=datetime.date(2022, 1, 29))


def test_w6_consultant_fee():
    assert ffi.consultant_fee(decimal.Decimal("1.5"), datetime.date(2024, 11, 10)) == decimal.Decimal("1608.03")


def test_errors_carry_rule_field_and_both_messages():
    with pytest.raises(ffi.KlyngeError.Invalid) as error:
        ffi.forecast_from_scenario(W2.replace("2022, \"count\"", "2026, \"count\""), "k", 2026, 2026, [])
    assert error.value.rule == "GR-RATE"
    assert error.value.message_da and error.value.message_en and error.value.problems


def test_registry_lifecycle_and_refusal():
    anne = ffi.Actor(person="Anne Hansen", credential=ffi.Credential.HEALTH_PROFESSIONAL, ydernummer="061654")
    docs = [ffi.document_from_pdf(kind, "d.pdf", b"%PDF-1.7 " + kind.name.encode()) for kind in (ffi.DocumentKind.FOUNDING_MINUTES, ffi.DocumentKind.STATUTES)]
    form = ffi.RegistrationForm(cvr="12345674", name="Klynge", coordinator_name="Anne Hansen", coordinator_email="a@b.dk",
                                coordinator_phone="42144638", coordinator_ydernummer="061654", coordinator_capacities=2,
                                municipality="480", founded=datetime.date(2018, 9, 15), documents=docs)
    registry = ffi.Registry()
    assert registry.create_cluster(anne, datetime.date(2018, 10, 1), form) == "12345674"
    stranger = ffi.Actor(person="X", credential=ffi.Credential.PRIVATE, ydernummer=None)
    with pytest.raises(ffi.KlyngeError.Refused) as error:
        registry.complete(stranger, datetime.date(2019, 1, 20), "12345674")
    assert error.value.rule == "GOV-RIGHTS"
    registry.complete(anne, datetime.date(2019, 1, 20), "12345674")


def test_garbage_never_crashes():
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(30)))
        for call in (lambda: ffi.grant_report_json(text, 2018, 2026), lambda: ffi.validate_health_cluster(text),
                     lambda: ffi.Registry.from_json(text), lambda: ffi.forecast_from_scenario(text, text, 0, 9999, [])):
            try:
                call()
            except ffi.KlyngeError:
                pass


def test_swift_bindings_were_generated():
    swift = GENERATED / "swift"
    assert (swift / "Klynge.swift").stat().st_size > 1000
    assert (swift / "KlyngeFFI.h").exists() and (swift / "KlyngeFFI.modulemap").exists()
