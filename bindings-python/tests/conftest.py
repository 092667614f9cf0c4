"""Fixtures shared by the tests: dates, PDF documents, and a registry with one cluster."""

import datetime

import pytest

import klynge


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def pdf(kind: str, seed: str = "x") -> klynge.Document:
    return klynge.Document.from_pdf(kind, f"{seed}.pdf", f"%PDF-1.7 {seed} {kind}".encode())


ANNE = klynge.Actor("Anne Hansen", ydernummer="061654")
BENT = klynge.Actor("Bent Bo", ydernummer="070000")


def registration(cvr: str = "12345674", coordinator: str = "Anne Hansen", ydernummer: str = "061654", founded: str = "2018-09-15") -> klynge.Registration:
    return klynge.validate_registration(
        cvr=cvr,
        name="Klynge Nordfyn",
        coordinator_name=coordinator,
        coordinator_email="anne@example.dk",
        coordinator_phone="+45 42 14 46 38",
        coordinator_ydernummer=ydernummer,
        coordinator_capacities=2,
        municipality="Nordfyns",
        founded=day(founded),
        documents=[pdf("founding_minutes", cvr), pdf("statutes", cvr)],
    )


@pytest.fixture
def registry() -> klynge.Registry:
    r = klynge.Registry()
    r.create_cluster(ANNE, day("2018-10-01"), registration())
    return r


W2_SCENARIO = {
    "clusters": [{"id": "nordfyn", "name": "Klynge Nordfyn", "cvr": "12345674", "municipality": "480",
                  "founded": "2018-09-15", "completed": "2019-01-20"}],
    "practices": [{"ydernummer": "061654", "capacities": 2}],
    "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15", "left": None, "by_transfer": False}],
    "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}],
    "rates": [{"year": 2021, "rate": "1.00"}],
    "policy": {"clawback_on_transfer": False},
}
