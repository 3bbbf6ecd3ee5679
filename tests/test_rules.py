"""The rule pack of lesson 05 and the "合法还是违法?" sorter: what a learner would see judged."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from overdue.contentfiles import content_dir
from overdue.forms.rules_sort import RulesSort, feedback_html
from overdue.quiz import load_bank, references
from overdue.rules import (
    RulePackError,
    categorize,
    check_log,
    in_quiet_hours,
    judge,
    load_actions,
    load_rule_pack,
)
from overdue.widgets.rules_sort import RulesSortView


@pytest.fixture(scope="module")
def pack():
    return load_rule_pack()


@pytest.fixture(scope="module")
def actions(pack):
    return {a.id: a for a in load_actions(pack)}


def write_yaml(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def shipped_rules() -> dict:
    return yaml.safe_load((content_dir() / "rules.yaml").read_text(encoding="utf-8"))


def shipped_actions() -> dict:
    return yaml.safe_load((content_dir() / "collector_actions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "action_id, category",
    [
        ("late_knock", "industry"),        # 23:10 visit: industry rule, not statute
        ("door_notice", "illegal"),        # notice on the building door
        ("employer_call", "illegal"),      # telling the employer
        ("blacklist_text", "industry"),    # a made-up "blacklist"
        ("polite_visit", "allowed"),       # 10:00, ID shown, left when asked
        ("blocked_door", "illegal"),       # holding someone until they pay
        ("missed_calls_8", "industry"),    # 8 unanswered attempts
        ("evening_call", "allowed"),       # 19:30 is outside the quiet hours
    ],
)
def test_actions_fall_in_the_expected_category(pack, actions, action_id, category):
    assert judge(actions[action_id], pack).category.id == category


def test_there_are_enough_actions_of_every_kind(pack, actions):
    assert len(actions) >= 10
    counts = {c.id: 0 for c in pack.categories}
    for a in actions.values():
        counts[judge(a, pack).category.id] += 1
    assert all(n >= 2 for n in counts.values()), counts


def test_actions_are_in_time_order(pack):
    times = [a.when for a in load_actions(pack)]
    assert times == sorted(times)


def test_law_wins_over_industry_rule(pack):
    both = [pack.rule("ind_public_notice"), pack.rule("law_no_publishing")]
    assert categorize(both, pack).id == "illegal"
    assert categorize([pack.rule("ind_public_notice")], pack).id == "industry"
    # the deciding (law) rule is listed first in the feedback
    j = judge(next(a for a in load_actions(pack) if a.id == "door_notice"), pack)
    assert j.rules[0].binding == "law"


def test_every_rule_names_its_kind_and_a_source_that_exists(pack):
    known = set(references.load())
    for rule in pack.rules:
        assert rule.binding in ("law", "industry")
        assert set(rule.all_refs) <= known, rule.id
        kinds = {references.get(r).kind for r in rule.all_refs}
        if rule.binding == "industry":  # an industry rule must never be backed by a statute alone
            assert kinds & {"standard", "industry"}, rule.id
        if rule.binding == "law":
            assert references.get(rule.source_ref).kind == "law", rule.id


def test_industry_rules_say_so_in_their_text(pack):
    for rule in pack.rules:
        if rule.binding == "industry":
            assert "行业规则" in rule.text.zh, rule.id


def test_quiet_hours_cross_midnight(pack):
    lim = pack.limits
    assert in_quiet_hours(dt.time(23, 10), lim)
    assert in_quiet_hours(dt.time(7, 59), lim)
    assert in_quiet_hours(dt.time(22, 0), lim)
    assert not in_quiet_hours(dt.time(8, 0), lim)
    assert not in_quiet_hours(dt.time(21, 59), lim)


def test_a_night_action_without_the_quiet_hours_rule_is_refused(tmp_path, pack):
    data = shipped_actions()
    for a in data["actions"]:
        if a["id"] == "late_knock":
            a["rules"] = ["law_no_entry"]
    path = write_yaml(tmp_path, "actions_night_without_rule.yaml", data)
    with pytest.raises(RulePackError, match="late_knock"):
        load_actions(pack, path)


def test_an_unknown_rule_in_an_action_is_refused(tmp_path, pack):
    data = shipped_actions()
    data["actions"][0]["rules"] = ["no_such_rule"]
    path = write_yaml(tmp_path, "actions_unknown_rule.yaml", data)
    with pytest.raises(RulePackError, match="no_such_rule"):
        load_actions(pack, path)


def test_a_rule_without_binding_is_refused_with_file_and_item(tmp_path):
    data = shipped_rules()
    del data["rules"][0]["binding"]
    path = write_yaml(tmp_path, "rules_missing_binding.yaml", data)
    with pytest.raises(RulePackError, match=r"rules_missing_binding\.yaml.*binding"):
        load_rule_pack(path)


def test_a_duplicate_rule_id_is_refused(tmp_path):
    data = shipped_rules()
    data["rules"].append(dict(data["rules"][0]))
    path = write_yaml(tmp_path, "rules_duplicate_id.yaml", data)
    with pytest.raises(RulePackError, match="重复"):
        load_rule_pack(path)


def test_a_limit_pointing_to_no_rule_is_refused(tmp_path):
    data = shipped_rules()
    data["limits"]["quiet_rule"] = "nothing_here"
    path = write_yaml(tmp_path, "rules_limit_dangling.yaml", data)
    with pytest.raises(RulePackError, match="nothing_here"):
        load_rule_pack(path)


def test_broken_yaml_names_the_file(tmp_path):
    path = tmp_path / "rules_broken.yaml"
    path.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(Exception, match="rules_broken.yaml"):
        load_rule_pack(path)


def test_sorter_scores_and_gives_the_rule_as_feedback():
    game = RulesSort()
    right = game.submit("late_knock", "industry")
    assert right.correct and right.headline().startswith("✔")
    wrong = game.submit("door_notice", "allowed")
    assert not wrong.correct
    assert "✘" in wrong.headline() and "违法" in wrong.headline()
    assert "公开" in str(wrong)  # the rule text is in the feedback
    assert game.score() == (1, 2, len(game.actions))
    game.submit("door_notice", "illegal")  # changing an answer replaces it
    assert game.score() == (2, 2, len(game.actions))


def test_sorter_refuses_unknown_category_in_chinese():
    game = RulesSort()
    with pytest.raises(KeyError, match="没有这个分类"):
        game.submit("late_knock", "maybe")


def test_feedback_html_cites_the_sources_and_escapes(pack):
    game = RulesSort()
    fb = game.submit("employer_call", "illegal")
    out = feedback_html(fb, pack)
    assert "个人信息保护法" in out and "依据" in out
    assert "<script" not in out


def test_view_moves_and_summarises():
    view = RulesSortView()
    first = view.current.id
    view.go(-1)
    assert view.current.id == first and view.prev.disabled
    view.go(1)
    assert view.current.id != first
    view.go(-1)
    for _ in view.game.actions:
        expected = view.game.expected(view.current.id).category.id
        fb = view.choose(expected)
        assert fb.correct
        view.go(1)
    assert "你的结果" in view.summary.value
    right, answered, total = view.game.score()
    assert right == answered == total


def test_quiz_numbers_follow_the_rule_pack(pack):
    """The lesson 05 quiz's call-count question must agree with the industry limit in the pack."""
    q = load_bank("lesson05").question("l05_missed_calls_over")
    assert q.answer == 9 - pack.limits.max_missed_attempts_per_day


def test_check_log_finds_each_kind(pack):
    class E:
        def __init__(self, day, at, channel):
            self.day, self.at, self.channel = day, at, channel

    d = dt.date(2026, 11, 3)
    entries = [E(d, dt.time(9, m), "call_missed") for m in range(7)]  # 7 > 6
    entries += [E(d, dt.time(10 + h, 0), "call_connected") for h in range(4)]  # 4 > 3
    entries += [E(d, dt.time(23, 10), "visit"), E(d, dt.time(12, 0), "third_party")]
    kinds = {f.kind for f in check_log(entries, pack)}
    assert kinds == {"missed_attempts", "effective_calls", "quiet_hours", "third_party"}
    at_limit = [E(d, dt.time(9, m), "call_missed") for m in range(6)]
    assert check_log(at_limit, pack) == []


def test_category_buttons_carry_symbol_and_words(pack):
    view = RulesSortView()
    labels = [b.description for b in view.buttons]
    for category, label in zip(pack.categories, labels, strict=True):
        assert label.startswith(category.symbol) and category.label.zh in label


def test_printed_limits_and_rules_follow_the_pack(pack, capsys):
    from overdue.rules import print_limits, print_rules

    print_limits(pack)
    out = capsys.readouterr().out
    assert f"{pack.limits.max_missed_attempts_per_day} 次" in out
    assert f"{pack.limits.max_effective_calls_per_day} 次" in out and "22:00" in out and "8:00" in out
    print_rules("industry")
    out = capsys.readouterr().out
    industry = [r for r in pack.rules if r.binding == "industry"]
    assert out.count("行业规则") >= len(industry) and "GB/T 45251-2025" in out
