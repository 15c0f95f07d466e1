from __future__ import annotations

import json

import pytest

from riskscreen.ml.registry import LoadedModel, ModelRegistry, RegistryError


def _audit_versions(registry: ModelRegistry) -> list[str]:
    return sorted(v.version for v in registry.versions("audit"))


def test_activate_and_rollback(registry: ModelRegistry) -> None:
    first, second = _audit_versions(registry)
    assert registry.active("audit") is None
    registry.activate("audit", first)
    registry.activate("audit", second)
    assert registry.active("audit") == second
    assert registry.history("audit") == [first, second]
    assert registry.rollback("audit") == first
    assert registry.active("audit") == first
    with pytest.raises(RegistryError, match="no previous audit version"):
        registry.rollback("audit")
    actions = [(e["action"], e["version"], e["previous"]) for e in registry.events()]
    assert actions == [
        ("activate", first, None),
        ("activate", second, first),
        ("rollback", first, second),
    ]
    state = json.loads((registry.path / "registry.json").read_text())
    assert state["active"] == {"audit": first}


def test_activate_same_version_twice_is_a_no_op(registry: ModelRegistry) -> None:
    first, _ = _audit_versions(registry)
    registry.activate("audit", first)
    registry.activate("audit", first)
    assert registry.history("audit") == [first]


def test_activate_refuses_wrong_kind_and_unknown_version(registry: ModelRegistry) -> None:
    first, _ = _audit_versions(registry)
    with pytest.raises(RegistryError, match="is a audit model, not job_ad"):
        registry.activate("job_ad", first)
    with pytest.raises(RegistryError, match="no model version"):
        registry.activate("audit", "audit-20990101-abcdef")
    with pytest.raises(RegistryError, match="no model version"):
        registry.activate("audit", "../../etc")
    with pytest.raises(RegistryError, match="unknown kind"):
        registry.activate("invoice", first)


def test_load_active(registry: ModelRegistry) -> None:
    with pytest.raises(RegistryError, match="no active job_ad model"):
        registry.load_active("job_ad")
    version = registry.versions("job_ad")[0].version
    registry.activate("job_ad", version)
    model = registry.load_active("job_ad")
    assert isinstance(model, LoadedModel)
    assert model.version == version and model.kind == "job_ad"
    assert 0 < model.threshold < 1
    assert model.predict_proba(["Pay the agency fee", "Pension scheme"]).shape == (2,)


def test_versions_lists_metrics_and_active(registry: ModelRegistry) -> None:
    first, _ = _audit_versions(registry)
    registry.activate("audit", first)
    listed = registry.versions()
    assert len(listed) == 3
    assert [v.active for v in listed if v.version == first] == [True]
    assert all(v.test is not None and "roc_auc" in v.test for v in listed)
