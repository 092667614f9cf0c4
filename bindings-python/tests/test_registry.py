"""The registry (REG-*, MEM-*, GOV-*): commands with rights, refusals change nothing."""

import json

import pytest

import klynge
from conftest import ANNE, BENT, day, pdf, registration


def test_reg_fields_every_failing_field_at_once():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.validate_registration(cvr="12345678", coordinator_email="nope", municipality="Atlantis")
    paths = [p.path for p in error.value.problems]
    assert paths[:4] == ["cvr", "name", "coordinator_name", "coordinator_email"]
    assert {"municipality", "founded", "documents"} <= set(paths)
    assert all(p.message_da and p.message_en and p.rule for p in error.value.problems)


def test_reg_pdf_documents_are_checked_and_fingerprinted():
    doc = pdf("statutes")
    assert doc.kind == "statutes" and len(doc.sha256) == 64 and doc.size > 0
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Document.from_pdf("statutes", "x.pdf", b"GIF89a")
    assert error.value.rule == "REG-PDF"
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Document.from_pdf("bylaws", "x.pdf", b"%PDF-1")
    assert error.value.rule == "REG-DOCS"


def test_reg_auth_and_reg_founder(registry):
    assert registry.cluster_ids() == ["12345674"]
    assert registry.members_on("12345674", day("2018-09-15")) == ["061654"]
    private = klynge.Actor("Anne Hansen", ydernummer="061654", credential="private")
    fresh = klynge.Registry()
    with pytest.raises(klynge.RegistryError) as error:
        fresh.create_cluster(private, day("2018-10-01"), registration())
    assert error.value.rule == "REG-AUTH"
    assert fresh.cluster_ids() == []


def test_mem_add_returns_a_confirmation_mail(registry):
    mail = registry.add_member(ANNE, day("2019-03-01"), "12345674", "12345", email="p@example.dk", capacities=1)
    assert (mail.to, mail.ydernummer, mail.joined) == ("p@example.dk", "012345", day("2019-03-01"))
    assert "Klynge Nordfyn" in mail.body_da
    assert registry.add_member(ANNE, day("2019-03-01"), "12345674", "54321", capacities=1) is None


def test_gov_rights_a_refused_command_changes_nothing(registry):
    before = registry.to_json()
    with pytest.raises(klynge.RegistryError) as error:
        registry.add_member(BENT, day("2019-03-01"), "12345674", "12345", capacities=1)
    assert error.value.rule == "GOV-RIGHTS"
    assert "har ikke ret" in error.value.message_da
    assert registry.to_json() == before
    assert not registry.may(BENT, "12345674", "change_members", day("2019-03-01"))
    assert registry.may(ANNE, "12345674", "complete", day("2019-03-01"))
    with pytest.raises(klynge.RegistryError):
        registry.read(BENT, "12345674", day("2019-03-01"))
    assert registry.read(ANNE, "12345674", day("2019-03-01"))["name"] == "Klynge Nordfyn"


def test_mem_one_mem_leave_and_mem_transfer(registry):
    registry.create_cluster(BENT, day("2019-01-05"), registration("10000009", "Bent Bo", "070000", "2019-01-01"))
    registry.assign_role(BENT, day("2019-02-01"), "10000009", "co_coordinator", "Anne Hansen", ydernummer="061654")
    registry.add_member(ANNE, day("2019-03-01"), "12345674", "12345", capacities=1)
    with pytest.raises(klynge.RegistryError) as error:
        registry.add_member(BENT, day("2019-06-01"), "10000009", "12345", capacities=1)
    assert error.value.rule == "MEM-ONE"
    registry.transfer_member(ANNE, day("2020-06-01"), "12345674", "10000009", "12345")
    assert "012345" in registry.members_on("10000009", day("2020-06-01"))
    assert "012345" not in registry.members_on("12345674", day("2020-06-01"))
    registry.remove_member(BENT, day("2021-01-01"), "10000009", "12345")
    with pytest.raises(klynge.RegistryError) as error:
        registry.remove_member(BENT, day("2021-02-01"), "10000009", "12345")
    assert error.value.rule == "MEM-LEAVE"
    transfers = [m for m in registry.memberships() if m["transferred_from"] is not None]
    assert len(transfers) == 1


def test_gov_roles_and_gov_log(registry):
    registry.assign_role(ANNE, day("2020-01-01"), "12345674", "treasurer", "Tove Kasserer")
    registry.assign_role(ANNE, day("2021-01-01"), "12345674", "coordinator", "Dorte Due", ydernummer="080000")
    with pytest.raises(klynge.RegistryError) as error:
        registry.end_role(klynge.Actor("Dorte Due", "080000"), day("2021-02-01"), "12345674", "coordinator", "Dorte Due", "080000")
    assert error.value.rule == "GOV-ROLES"
    history = registry.history()
    assert [e["command"]["command"] for e in history] == ["create_cluster", "assign_role", "assign_role"]
    back = klynge.Registry.from_json(registry.to_json())
    assert back.to_json() == registry.to_json()
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Registry.from_json(registry.to_json().replace('"capacities":2', '"capacities":9'))
    assert error.value.rule == "GOV-LOG"


def test_mem_patients_by_the_practice_itself(registry):
    registry.add_member(ANNE, day("2019-03-01"), "12345674", "12345", capacities=1)
    own = klynge.Actor("Carl", ydernummer="012345")
    registry.set_patients(own, day("2022-01-10"), "12345", 2022, 1800)
    with pytest.raises(klynge.RegistryError) as error:
        registry.set_patients(BENT, day("2022-01-10"), "12345", 2022, 1)
    assert error.value.rule == "GOV-RIGHTS"
    with pytest.raises(klynge.ValidationError) as error:
        registry.set_patients(own, day("2022-01-10"), "12345", 2022, -1)
    assert error.value.rule == "MEM-PATIENTS"
    registry.set_patients(ANNE, day("2022-01-10"), "061654", 2022, 3150)
    report = registry.scenario().grants(2022, 2022, rates=None)
    assert any(line.patients == 1800 for line in report.lines)


def practice(registry, ydernummer):
    return json.loads(registry.to_json())["practices"][ydernummer]


def test_practice_edits_email_municipality_and_capacities(registry):
    registry.set_email(ANNE, day("2019-01-01"), "061654", "klinik@example.dk")
    registry.set_municipality(ANNE, day("2019-01-01"), "061654", "Nordfyns Kommune")
    registry.set_capacities(ANNE, day("2019-01-01"), "061654", 3)
    assert practice(registry, "061654") == {
        "ydernummer": "061654", "capacities": 3, "email": "klinik@example.dk", "municipality": "480", "patients": {},
    }
    registry.set_email(ANNE, day("2019-02-01"), "061654", None)
    registry.set_municipality(ANNE, day("2019-02-01"), "061654", None)
    assert practice(registry, "061654")["email"] is None
    assert practice(registry, "061654")["municipality"] is None


@pytest.mark.parametrize(
    "edit, rule, path",
    [
        (lambda r: r.set_email(ANNE, day("2019-01-01"), "061654", "klinik.example.dk"), "ID-EMAIL", "email"),
        (lambda r: r.set_municipality(ANNE, day("2019-01-01"), "061654", "Atlantis"), "ID-KOMMUNE", "municipality"),
        (lambda r: r.set_capacities(ANNE, day("2019-01-01"), "061654", 0), "MEM-CAPACITY", "capacities"),
        (lambda r: r.set_email(ANNE, day("2019-01-01"), "0616540", "a@b.dk"), "ID-YDER", "ydernummer"),
    ],
)
def test_practice_edits_refuse_bad_values_and_change_nothing(registry, edit, rule, path):
    before = registry.to_json()
    with pytest.raises(klynge.ValidationError) as error:
        edit(registry)
    assert (error.value.rule, error.value.problems[0].path) == (rule, path)
    assert registry.to_json() == before


def test_reg_docs_change_replace_and_remove(registry):
    cluster = "12345674"
    registry.attach_document(ANNE, day("2024-05-01"), cluster, pdf("statutes", "vedtaegter-2024"))
    statutes = [d for d in registry.cluster(cluster)["documents"] if d["kind"] == "statutes"]
    assert [d["file_name"] for d in statutes] == ["vedtaegter-2024.pdf"]
    before = registry.to_json()
    with pytest.raises(klynge.RegistryError) as error:
        registry.remove_document(ANNE, day("2024-05-02"), cluster, "statutes")
    assert (error.value.rule, error.value.path) == ("REG-DOCS-CHANGE", "kind")
    assert "vedhæft i stedet" in error.value.message_da
    assert registry.to_json() == before
    registry.attach_document(ANNE, day("2024-05-02"), cluster, pdf("other", "budget"))
    registry.remove_document(ANNE, day("2024-05-03"), cluster, "other")
    assert [d["kind"] for d in registry.cluster(cluster)["documents"]] == ["founding_minutes", "statutes"]
    assert registry.history()[-1]["command"] == {"command": "remove_document", "cluster": cluster, "kind": "other"}
    with pytest.raises(klynge.ValidationError) as error:
        registry.remove_document(ANNE, day("2024-05-03"), cluster, "bylaws")
    assert error.value.rule == "REG-DOCS"


def test_mem_leave_reasons(registry):
    cluster = "12345674"
    for y in ["11", "12", "13"]:
        registry.add_member(ANNE, day("2019-03-01"), cluster, y, capacities=1)
    registry.remove_member(ANNE, day("2020-01-01"), cluster, "11")
    registry.remove_member(ANNE, day("2020-01-01"), cluster, "12", reason="excluded")
    registry.remove_member(ANNE, day("2020-01-01"), cluster, "13", reason="closed")
    reasons = {m["ydernummer"]: m.get("reason") for m in registry.memberships()}
    assert reasons == {"061654": None, "000011": "left", "000012": "excluded", "000013": "closed"}
    with pytest.raises(klynge.RegistryError) as error:
        registry.add_member(ANNE, day("2021-01-01"), cluster, "13", capacities=1)
    assert (error.value.rule, error.value.path) == ("MEM-LEAVE", "ydernummer")
    assert "2020-01-01" in error.value.message_en and "ophørte" in error.value.message_da
    with pytest.raises(klynge.ValidationError) as error:
        registry.remove_member(ANNE, day("2020-02-01"), cluster, "061654", reason="retired")
    assert error.value.rule == "MEM-LEAVE"
    assert "left, excluded or closed" in error.value.message_en


def test_mem_capacity_dated(registry):
    registry.add_member(ANNE, day("2019-03-01"), "12345674", "21", capacities=1)
    registry.set_capacities(ANNE, day("2020-08-01"), "21", 3)
    assert registry.practice("21", day("2020-07-31"))["capacities"] == 1
    assert registry.practice("21", day("2020-08-01"))["capacities"] == 3
    assert registry.practice("21")["capacity_changes"] == [["2019-03-01", 1], ["2020-08-01", 3]]
    assert registry.practice("99") is None
    scenario = registry.scenario()
    assert json.loads(scenario.to_json())["practices"] == [
        {"ydernummer": "000021", "capacities": 1},
        {"ydernummer": "061654", "capacities": 2},
    ]


def test_mem_details(registry):
    registry.add_member(ANNE, day("2019-03-01"), "12345674", "31", capacities=1)
    own = klynge.Actor("Dorte Læge", ydernummer="000031")
    registry.set_name(own, day("2020-01-01"), "31", "  Lægerne i Bogense ")
    registry.set_address(ANNE, day("2020-01-01"), "31", "Østergade 1, 5400 Bogense")
    assert registry.practice("31")["name"] == "Lægerne i Bogense"
    assert registry.practice("31", day("2019-12-31"))["name"] is None
    with pytest.raises(klynge.RegistryError) as error:
        registry.set_name(BENT, day("2020-02-01"), "31", "Andet")
    assert error.value.rule == "GOV-RIGHTS"
    with pytest.raises(klynge.RegistryError) as error:
        registry.set_address(own, day("2020-02-01"), "31", "x" * 201)
    assert (error.value.rule, error.value.path) == ("MEM-DETAILS", "address")
    registry.set_name(own, day("2021-01-01"), "31", None)
    assert registry.practice("31")["name"] is None


def test_mem_list_a_coordinators_year():
    registry = klynge.Registry()
    registry.create_cluster(ANNE, day("2025-02-10"), registration(founded="2025-02-01"))
    cluster = "12345674"
    for y, capacities in [("51", 1), ("52", 2), ("53", 1)]:
        registry.add_member(ANNE, day("2025-03-01"), cluster, y, capacities=capacities)
    registry.set_name(klynge.Actor("Ida Otterup", ydernummer="000051"), day("2025-03-02"), "51", "Lægehuset Otterup")
    registry.remove_member(ANNE, day("2025-06-01"), cluster, "52")
    registry.remove_member(ANNE, day("2025-09-01"), cluster, "53", reason="excluded")
    registry.set_capacities(ANNE, day("2025-10-01"), "51", 2)
    registry.attach_document(ANNE, day("2025-11-15"), cluster, pdf("statutes", "vedtaegter-2025"))

    members = registry.member_list(cluster, day("2026-01-31"))
    assert members.to_csv() == (
        "ydernummer,name,address,email,capacities,joined,left,reason\n"
        "061654,,,,2,2025-02-01,,\n"
        "000051,Lægehuset Otterup,,,2,2025-03-01,,\n"
    )
    assert len(members) == 2 and "MemberList" in members._repr_html_()
    year = registry.member_list(cluster, day("2025-01-01"), day("2025-12-31"))
    frame = year.to_pandas()
    assert list(frame.columns) == ["ydernummer", "name", "address", "email", "capacities", "joined", "left", "reason"]
    assert frame["reason"].tolist()[2:] == ["left", "excluded"]
    assert frame["joined"].iloc[0] == day("2025-02-01")
    assert year.to_polars().height == 4
    assert year.to_arrow().num_rows == 4
    assert year.rows[3]["reason"] == "excluded"
    with pytest.raises(klynge.RegistryError) as error:
        registry.member_list(cluster, day("2025-12-31"), day("2025-01-01"))
    assert error.value.rule == "MEM-LIST"
