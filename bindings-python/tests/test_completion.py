"""Completion (CMP-READY, CMP-ONCE): the checklist and the one-time declaration."""

import pytest

import klynge
from conftest import ANNE, day


def test_cmp_ready_checklist_blocks_and_warns(registry):
    early = registry.checklist("12345674", day("2018-09-01"))
    assert not early.is_ready
    assert [i.item for i in early.blocking] == ["before_founding", "no_members"]
    ready = registry.checklist("12345674", day("2019-01-20"))
    assert ready.is_ready
    assert {(w.item, w.rule) for w in ready.warnings} == {("patient_counts_missing", "MEM-PATIENTS"), ("few_patients", "CMP-READY")}
    assert all(w.message_da for w in ready.warnings)


def test_cmp_once_completion_happens_once(registry):
    registry.complete(ANNE, day("2019-01-20"), "12345674")
    assert registry.cluster("12345674")["completed"] == "2019-01-20"
    with pytest.raises(klynge.RegistryError) as error:
        registry.complete(ANNE, day("2019-02-20"), "12345674")
    assert error.value.rule == "CMP-ONCE"


def test_cmp_ready_refuses_completion_without_members(registry):
    registry.remove_member(ANNE, day("2019-01-01"), "12345674", "061654")
    with pytest.raises(klynge.RegistryError) as error:
        registry.complete(ANNE, day("2019-01-20"), "12345674")
    assert error.value.rule == "CMP-READY"
