"""Linking claims to the entity, period and measure their surroundings give them."""

from __future__ import annotations

from powderkeg.claims import builtin_entity, find_claims, first_found
from powderkeg.claims.mentions import find_mentions


def linked(text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    return {c.raw: (c.entity, c.period, c.measure) for c in find_claims(text)}


def test_builtin_entities_cover_the_default_case() -> None:
    found = {name: builtin_entity(name) for name in ("Kosovo", "Türkiye", "U.S.", "Pristina")}
    assert found == {"Kosovo": "XKX", "Türkiye": "TUR", "U.S.": "USA", "Pristina": "XKX"}
    assert builtin_entity("NATO") is None


def test_mentions_split_hyphenated_runs_and_drop_possessives() -> None:
    text = "the Albania-Croatia-Kosovo alliance and Kosovo’s army, not US$ 5"
    entities = [(m.entity, text[m.span[0] : m.span[1]]) for m in find_mentions(text)]
    assert entities == [
        ("ALB", "Albania"),
        ("HRV", "Croatia"),
        ("XKX", "Kosovo"),
        ("XKX", "Kosovo"),
    ]


def test_an_injected_lookup_is_used_for_names() -> None:
    def lookup(name: str) -> str | None:
        return {"Montenegro": "MNE", "In": "IND"}.get(name)

    claims = find_claims("In 2023 Montenegro spent 100 million EUR.", find_entity=lookup)
    assert claims[0].entity == "MNE"


def test_short_capitalised_words_are_not_looked_up() -> None:
    asked: list[str] = []

    def lookup(name: str) -> str | None:
        asked.append(name)
        return None

    find_mentions("In it The US and UAE", lookup)
    assert "In" not in asked
    assert "The" not in asked
    assert {"US", "UAE"} <= set(asked)


def test_first_found_tries_lookups_in_turn() -> None:
    lookup = first_found(lambda name: None, builtin_entity)
    assert lookup("Belgrade") == "SRB"


def test_a_year_right_after_the_claim_is_its_period() -> None:
    text = "For 2025 the budget is 208 million EUR, up from 153 million EUR in 2024."
    assert linked(text)["153 million EUR"][1] == "2024"
    assert linked(text)["208 million EUR"][1] == "2025"


def test_base_years_are_not_the_period_of_a_change() -> None:
    text = "In 2023, Serbia spent 133.2 million USD, marking a 23.78% increase from 2022."
    assert linked(text)["23.78%"] == ("SRB", "2023", "growth")


def test_the_year_of_a_base_value_is_skipped_for_the_change() -> None:
    text = "For 2025, it is 208 million EUR, up from 153 million EUR in 2024—an increase of 55 million EUR."
    assert linked(text)["55 million EUR"][1:] == ("2025", "difference")


def test_the_period_of_a_clause_wins() -> None:
    text = (
        "Over the past four years (2021-2024), Kosovo spent at least 430 million EUR, with plans "
        "to boost spending by 60% to 1 billion EUR over the next four years (2025-2028)."
    )
    found = linked(text)
    assert found["430 million EUR"][1] == "2021-2024"
    assert found["60%"][1] == "2025-2028"
    assert found["1 billion EUR"][1] == "2025-2028"


def test_periods_are_not_carried_across_sentences() -> None:
    text = "Kosovo wants an army by 2028. It has 5,000 active personnel."
    assert linked(text)["5,000"] == ("XKX", None, "personnel")


def test_the_entity_is_inherited_from_the_paragraph() -> None:
    text = (
        "Kosovo’s budget grew.\n\nSerbia objects. The budget is 208 million EUR.\n\nIt has 9 tanks."
    )
    found = linked(text)
    assert found["208 million EUR"][0] == "SRB"
    assert found["9"][0] == "XKX"  # no state in its paragraph: the text's main subject


def test_the_paragraph_subject_prefers_the_main_subject_of_the_text() -> None:
    text = (
        "Kosovo buys arms. Kosovo trains.\n\n"
        "For Serbia, this is a threat as Kosovo’s budget grows. The total is 3.6 billion EUR."
    )
    assert linked(text)["3.6 billion EUR"][0] == "XKX"


def test_organisations_are_not_inherited() -> None:
    def lookup(name: str) -> str | None:
        return {"NATO": "IGO_NATO", "Kosovo": "XKX"}.get(name)

    text = "Kosovo acts. Kosovo again.\n\nNATO watches. The budget is 5 million EUR."
    assert find_claims(text, find_entity=lookup)[0].entity == "XKX"


def test_money_measures_come_from_keywords() -> None:
    text = (
        "Military expenditure stood at 133.2 million USD. The national budget is 3.6 billion EUR. "
        "The deal was valued at around $80 million. GDP was 10 billion EUR."
    )
    found = linked(text)
    assert found["133.2 million USD"][2] == "spending"
    assert found["3.6 billion EUR"][2] == "national_budget"
    assert found["$80 million"][2] == "value"
    assert found["10 billion EUR"][2] == "gdp"


def test_a_money_claim_without_keyword_inherits_the_previous_measure() -> None:
    text = "Expenditure stood at 133.2 million USD in 2023. This rose to 165.6 million USD in 2024."
    assert linked(text)["165.6 million USD"][2] == "spending"


def test_percent_measures_and_direction() -> None:
    claims = {
        c.raw: c
        for c in find_claims("Spending fell 5% while it was 2.1% of GDP and 3% of the total.")
    }
    assert (claims["5%"].measure, claims["5%"].direction) == ("growth", "down")
    assert claims["2.1%"].measure == "share_gdp"
    assert claims["3%"].measure == "share"


def test_count_measures() -> None:
    text = "It has 5,000 active personnel and a capacity of 20 million cartridges. It has 9 tanks."
    found = linked(text)
    assert found["5,000"][2] == "personnel"
    assert found["20 million"][2] == "capacity"
    assert found["9"][2] == "quantity"


def test_mentions_lists_every_entity_of_the_sentence() -> None:
    claims = find_claims("From the U.S., Kosovo has acquired 246 Javelin missiles.")
    assert claims[0].entity == "XKX"
    assert claims[0].mentions == ("USA", "XKX")
