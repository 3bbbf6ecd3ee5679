"""Every legal statement cites a reference that resolves: ids used anywhere in content YAML or in a
notebook's `refs(...)` call must exist in content/references.yaml."""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from overdue.contentfiles import content_dir
from overdue.quiz import references

ROOT = Path(__file__).resolve().parents[1]
REF_KEYS = {"refs", "ref", "source_ref", "source_refs", "references"}
REFS_CALL = re.compile(r"refs\(([^)]*)\)")
QUOTED = re.compile(r"""["']([a-z0-9_]+)["']""")


def ids_in(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in REF_KEYS:
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, list):
                    found.update(v for v in value if isinstance(v, str))
            ids_in(value, found)
    elif isinstance(node, list):
        for item in node:
            ids_in(item, found)
    return found


CONTENT = sorted(p for p in content_dir().rglob("*.yaml") if p.name != "references.yaml")


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(content_dir())))
def test_reference_ids_in_content_resolve(path):
    used = ids_in(yaml.safe_load(path.read_text(encoding="utf-8")), set())
    missing = sorted(used - set(references.load()))
    assert not missing, f"{path.name}: unknown reference ids {missing}"


NOTEBOOKS = sorted(p for d in ("notebooks", "solutions") for p in (ROOT / d).rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_reference_ids_in_notebooks_resolve(path):
    nb = nbformat.read(path, as_version=4)
    used = {i for c in nb.cells if c.cell_type == "code" for call in REFS_CALL.findall(c.source)
            for i in QUOTED.findall(call)}
    missing = sorted(used - set(references.load()))
    assert not missing, f"unknown reference ids {missing}"


def test_the_check_notices_an_unknown_id():
    assert ids_in({"a": [{"refs": ["no_such_law_1"]}]}, set()) == {"no_such_law_1"}
    assert "no_such_law_1" not in references.load()


def test_every_reference_is_verified_or_secondary_and_dated():
    for ref in references.load().values():
        assert ref.confidence in {"V", "S"}, ref.id
        assert ref.checked is not None, ref.id


def _items_with_refs(node, out):
    if isinstance(node, dict):
        if any(k in node for k in REF_KEYS):
            out.append(node)
        for value in node.values():
            _items_with_refs(value, out)
    elif isinstance(node, list):
        for item in node:
            _items_with_refs(item, out)
    return out


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(content_dir())))
def test_personal_account_advice_does_not_rest_on_the_definition_of_telecom_fraud(path):
    """反电信网络诈骗法 第二条 defines telecom fraud and says nothing about accounts: advice about personal
    or "safe" accounts rests on the official channels and the police warnings (96110) instead."""
    for item in _items_with_refs(yaml.safe_load(path.read_text(encoding="utf-8")), []):
        ids = set(ids_in({k: v for k, v in item.items() if k in REF_KEYS}, set()))
        own_text = yaml.safe_dump({k: v for k, v in item.items() if k not in REF_KEYS}, allow_unicode=True)
        if "个人账户" in own_text or "安全账户" in own_text:
            assert "anti_telecom_fraud_2" not in ids, (path.name, item.get("id"))


def test_the_definition_check_can_fail(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  text: {zh: 转到个人账户是诈骗}\n  refs: [anti_telecom_fraud_2]\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        test_personal_account_advice_does_not_rest_on_the_definition_of_telecom_fraud(bad)
    bad.write_text("- id: x\n  text: {zh: 电信网络诈骗是远程骗钱}\n  refs: [anti_telecom_fraud_2]\n", encoding="utf-8")
    test_personal_account_advice_does_not_rest_on_the_definition_of_telecom_fraud(bad)
