"""Overrides and fingerprints of gwsim.Scenario come from the C++ loader, for files and dicts alike."""
import json
import pathlib

import pytest

import gwsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWS = ROOT / "scenarios" / "openai_aws_2026.json"
JOBS = ROOT / "scenarios" / "openai_aws_2026_jobs.json"  # extends openai_aws_2026.json


def aws_dict():
    return json.loads(AWS.read_text())


@pytest.mark.parametrize("pointer", ["/sites/99/pue", "/nothing/here", "/sites/0/pue/deeper"])
def test_a_bad_pointer_in_a_dict_override_is_a_scenario_error_naming_it(pointer):
    with pytest.raises(gwsim.ScenarioError) as e:
        gwsim.load(aws_dict()).override({pointer: 1})
    assert e.value.code == "scenario.override"
    assert e.value.pointer == pointer
    assert pointer in e.value.detail
    assert e.value.file == "openai_aws_2026 (dict)"


def test_a_dict_override_not_a_pointer_is_a_scenario_error():
    with pytest.raises(gwsim.ScenarioError) as e:
        gwsim.load(aws_dict()).override({"sites/0/pue": 1.3})
    assert e.value.code == "scenario.override"
    assert "'sites/0/pue=1.3'" in e.value.detail


def test_dict_and_file_overrides_have_the_same_semantics():
    from_file = gwsim.load(AWS).override({"/sites/0/pue": 1.3, "/name": "renamed"})
    from_dict = gwsim.load(aws_dict()).override({"/sites/0/pue": 1.3, "/name": "renamed"})
    assert from_file.name == from_dict.name == "renamed"
    assert gwsim.run(from_file).summary == gwsim.run(from_dict).summary
    with pytest.raises(gwsim.ScenarioError) as e:  # validated after the override, for a dict too
        gwsim.load(aws_dict()).override({"/sites/0/pue": 0.5})
    assert (e.value.code, e.value.pointer) == ("scenario.range", "/sites/0/pue")


def test_a_file_and_the_same_dict_have_the_same_fingerprint():
    file_print = gwsim.load(AWS).fingerprint
    assert len(file_print) == 16 and int(file_print, 16) >= 0
    assert gwsim.load(aws_dict()).fingerprint == file_print
    # the same override on each: still equal to each other, no longer to the base
    changed = gwsim.load(AWS).override({"/sites/0/pue": 1.3}).fingerprint
    assert changed != file_print
    assert gwsim.load(aws_dict()).override({"/sites/0/pue": 1.3}).fingerprint == changed
    # a dict that already holds the overridden value is the same document
    doc = aws_dict()
    doc["sites"][0]["pue"] = 1.3
    assert gwsim.load(doc).fingerprint == changed


def test_a_merged_file_has_the_fingerprint_of_its_merged_document():
    merged = json.loads(gwsim._core.document_file(str(JOBS), []))
    assert "extends" not in merged
    assert gwsim.load(JOBS).fingerprint == gwsim.load(merged).fingerprint
    assert gwsim.load(JOBS).fingerprint != gwsim.load(AWS).fingerprint
