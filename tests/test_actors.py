"""The actor layer on sentences written for these tests (issue: actors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.document import Actor
from eventwire.ingest.containers import Draft, read_drafts
from eventwire.pipeline import Pipeline

from .conftest import EXAMPLES


def _actors(pipeline: Pipeline, text: str, day: str | None = "2023-06-01") -> list[Actor]:
    return pipeline.resources.actor_extractor.extract(pipeline.resources.nlp(text), day)


def _at(actors: list[Actor], text: str, phrase: str) -> Actor:
    start = text.index(phrase)
    end = start + len(phrase)
    for actor in actors:
        for s, e in actor.mentions:
            if s < end and start < e:
                return actor
    raise AssertionError(f"no actor at {phrase!r}: {[(a.name, a.mentions) for a in actors]}")


def _draft(text: str) -> Draft:
    return next(d for d in read_drafts("release.txt", text.encode()) if isinstance(d, Draft))


def _span_text(text: str, actor: Actor, phrase: str) -> str:
    start = text.index(phrase)
    for s, e in actor.mentions:
        if s <= start < e:
            return text[s:e]
    raise AssertionError(phrase)


@pytest.mark.parametrize(("text", "phrase", "country", "sectors"), [
    ("The Uzbek Ministry of Defense announced joint drills near Termez.",
     "Uzbek Ministry of Defense", "UZB", {"GOV", "MIL"}),
    ("The Central Military District of the Russian Armed Forces began drills on Monday.",
     "Central Military District of the Russian Armed Forces", "RUS", {"MIL"}),
    ("The Russian Foreign Intelligence Service accused Washington of plotting unrest.",
     "Russian Foreign Intelligence Service", "RUS", {"SPY"}),
    ("Russian troops arrived at the 201st base in Dushanbe.", "Russian troops", "RUS", {"MIL"}),
    ("The Kremlin said the talks would continue.", "Kremlin", "RUS", {"GOV"}),
    ("Moscow warned Tashkent against hosting foreign bases.", "Moscow", "RUS", {"GOV"}),
    ("Kyrgyz border guards detained two men near Batken.", "Kyrgyz border guards", "KGZ",
     {"MIL"}),
    ("Kazakh police dispersed protesters in Almaty.", "Kazakh police", "KAZ", {"COP"}),
])
def test_composed_and_metonymic_actors(pipeline: Pipeline, text: str, phrase: str,
                                       country: str, sectors: set[str]) -> None:
    actor = _at(_actors(pipeline, text), text, phrase)
    assert actor.country == country
    assert sectors <= set(actor.sectors)
    assert _span_text(text, actor, phrase) == phrase


def test_a_capital_as_a_place_is_no_actor(pipeline: Pipeline) -> None:
    text = "Russian troops arrived in Dushanbe on Friday."
    actors = _actors(pipeline, text)
    start = text.index("Dushanbe")
    assert not any(s <= start < e for a in actors for s, e in a.mentions)


def test_government_forces_take_the_focus_country(pipeline: Pipeline) -> None:
    text = ("Tajikistan's border with Afghanistan was calm. Tajik officials said government "
            "forces had reinforced posts in Tajikistan's Khatlon region.")
    actor = _at(_actors(pipeline, text), text, "government forces")
    assert actor.country == "TJK"
    assert actor.country_inferred
    assert "MIL" in actor.sectors


def test_named_groups_and_their_change_of_status(pipeline: Pipeline) -> None:
    text = "Taliban fighters seized the district, officials said."
    before = _at(_actors(pipeline, text, "2019-05-01"), text, "Taliban fighters")
    after = _at(_actors(pipeline, text, "2022-05-01"), text, "Taliban fighters")
    assert before.entry == "group:TALIBAN" and "INS" in before.sectors
    assert (after.country, after.sectors) == ("AFG", ["GOV"])
    text = "The Islamic State's Khorasan branch claimed the attack."
    iskp = _at(_actors(pipeline, text), text, "Khorasan branch")
    assert iskp.entry == "group:ISKP"


def test_demonym_compounds_give_two_countries(pipeline: Pipeline) -> None:
    text = "Smugglers were stopped on the Tajik-Afghan border on Sunday."
    countries = {a.country for a in _actors(pipeline, text)}
    assert {"TJK", "AFG"} <= countries


def test_people_roles_and_coreference(pipeline: Pipeline) -> None:
    text = ("The Director of the Russian Foreign Intelligence Service, Sergey Naryshkin, said "
            "on Tuesday that the West was stirring unrest. Naryshkin added that Moscow would "
            "respond. He did not give details.")
    actors = _actors(pipeline, text, "2023-03-14")
    naryshkin = _at(actors, text, "Sergey Naryshkin")
    assert naryshkin.kind == "person"
    assert naryshkin.country == "RUS"
    assert "SPY" in naryshkin.sectors
    assert (naryshkin.role or "").startswith("Director of the Foreign Intelligence Service")
    assert naryshkin.role_source == "dictionary"
    assert len(naryshkin.mentions) == 3  # the name, "Naryshkin", "He"


def test_role_follows_the_document_date(pipeline: Pipeline) -> None:
    text = "Sergei Shoigu met his Chinese counterpart in Beijing."
    in_2020 = _at(_actors(pipeline, text, "2020-09-04"), text, "Sergei Shoigu")
    in_2024 = _at(_actors(pipeline, text, "2024-09-09"), text, "Sergei Shoigu")
    assert in_2020.role == "Minister of Defence of Russia"
    assert "MIL" in in_2020.sectors
    assert in_2024.role == "Secretary of the Security Council of Russia"
    assert "MIL" not in in_2024.sectors


def test_role_from_apposition_for_an_unknown_person(pipeline: Pipeline) -> None:
    text = "Strobe Talbott, former Deputy Secretary of State, said the deal was fragile."
    talbott = _at(_actors(pipeline, text), text, "Strobe Talbott")
    assert talbott.kind == "person"
    assert talbott.role == "former Deputy Secretary of State"
    assert talbott.role_source == "text"


def test_igos_are_coded_igo(pipeline: Pipeline) -> None:
    text = "The CSTO and the Shanghai Cooperation Organisation held a joint meeting."
    actors = _actors(pipeline, text)
    assert _at(actors, text, "CSTO").code.startswith("IGO")
    assert _at(actors, text, "Shanghai Cooperation Organisation").country is None


def test_user_dictionary_wins(tmp_path: Path, options) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "organizations:\n"
        "  - name: Steppe Renewal Movement\n"
        "    aliases: [SRM]\n"
        "    country: KGZ\n"
        "    sectors: [OPP]\n", encoding="utf-8")
    pipeline = Pipeline(options, (extra,))
    text = "The Steppe Renewal Movement called for the release of its volunteers."
    actor = _at(_actors(pipeline, text), text, "Steppe Renewal Movement")
    assert (actor.country, actor.sectors, actor.entry) == ("KGZ", ["OPP"],
                                                           "org:steppe-renewal-movement")


PETRARCH = """# A test dictionary in the CAMEO/PETRARCH format, written for eventwire's tests.
SADYR_JAPAROV_ [KGZGOV 20210128-]
+JAPAROV_
+SADYR_ZHAPAROV_
KAMCHYBEK_TASHIEV_
[KGZSPY 20201014-20260210]
NARYN_FARMERS_UNION_ [KGZAGR]
TROOPS_ [~MIL]
+SOLDIERS_
POLICE {_OFFICER_ | _CONSTABLE_} [~COP]
"""


def test_dict_import_reads_petrarch_format(tmp_path: Path, runner: CliRunner) -> None:
    source = tmp_path / "kgz.actors.txt"
    source.write_text(PETRARCH, encoding="utf-8")
    out = tmp_path / "kgz.yaml"
    result = runner.invoke(app, ["dict", "import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 4 entries" in result.stdout
    assert "skipped" in result.stdout  # the brace pattern is reported, not silently lost
    import yaml

    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    people = {p["name"]: p for p in data["people"]}
    assert people["Sadyr Japarov"]["roles"][0] == {
        "title": "KGZGOV", "start": "2021-01-28", "end": None, "sectors": ["GOV"],
        "country": "KGZ"}
    assert "Japarov" in people["Sadyr Japarov"]["aliases"]
    assert data["organizations"][0]["sectors"] == ["AGR"]
    assert data["sector_words"]["words"]["soldiers"] == ["MIL"]
    refused = runner.invoke(app, ["dict", "import", str(source), "--out", str(out)])
    assert refused.exit_code == 1


def test_eval_actors_command(tmp_path: Path, runner: CliRunner) -> None:
    gold = [
        {"id": "t1", "text": "Russian troops arrived in Dushanbe on Friday.",
         "source": [{"actorText": "Russian troops", "code": "RUS", "sector": "MIL"}],
         "target": [{"actorText": "Dushanbe", "code": "TJK"}]},
        {"id": "t2", "text": "The Kazakh Foreign Ministry condemned the attack on Kabul.",
         "source": [{"actorText": "Kazakh Foreign Ministry", "code": "KAZ", "sector": "GOV"}],
         "target": ""},
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    result = runner.invoke(app, ["eval", "actors", str(path)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["actors"] == 3
    assert figures["recognised"] == pytest.approx(2 / 3, abs=0.01)  # Dushanbe is a place here
    assert figures["code_accuracy"] == pytest.approx(2 / 3, abs=0.01)


def test_actors_commands_after_ingest(tmp_path: Path, runner: CliRunner) -> None:
    db = str(tmp_path / "a.duckdb")
    runner.invoke(app, ["ingest", str(EXAMPLES / "news"), "--db", db])
    listed = runner.invoke(app, ["actors", "--db", db, "--country", "RUS", "--format", "json"])
    rows = json.loads(listed.stdout)
    assert rows and all(r["country"] == "RUS" for r in rows)
    mentions = runner.invoke(app, ["actor", rows[0]["id"], "--db", db])
    assert mentions.exit_code == 0
    assert "mentions of" in mentions.stdout
    missing = runner.invoke(app, ["actor", "no-such-actor-anywhere", "--db", db])
    assert missing.exit_code == 1


def test_reanalyse_applies_a_new_dictionary(tmp_path: Path, runner: CliRunner) -> None:
    db = str(tmp_path / "r.duckdb")
    source = EXAMPLES / "press" / "steppe-renewal-kg-osh-volunteers-2021.txt"
    runner.invoke(app, ["ingest", str(source), "--db", db])
    before = json.loads(runner.invoke(app, ["actors", "--db", db, "--format", "json"]).stdout)
    # Unknown to the dictionaries, the movement is only an organisation without sectors.
    assert all(r["code"] != "KGZOPP" for r in before if r["id"] == "org:steppe-renewal-movement")
    extra = tmp_path / "movements.yaml"
    extra.write_text("organizations:\n  - name: Steppe Renewal Movement\n    country: KGZ\n"
                     "    sectors: [OPP]\n", encoding="utf-8")
    result = runner.invoke(app, ["reanalyse", "--db", db, "--dict", str(extra)])
    assert result.exit_code == 0, result.output
    assert "re-analysed 1 documents" in result.stdout
    after = json.loads(runner.invoke(app, ["actors", "--db", db, "--format", "json"]).stdout)
    movement = next(r for r in after if r["id"] == "org:steppe-renewal-movement")
    assert movement["code"] == "KGZOPP"
    docs = json.loads(runner.invoke(app, ["docs", "--db", db, "--format", "json"]).stdout)
    assert len(docs) == 1  # same document, new layers


def test_no_country_is_borrowed_from_the_story(pipeline: Pipeline) -> None:
    # Turkey is the story's country; the evangelical leaders are not Turkish
    text = ("Turkey released the pastor on Friday. Turkish officials said Turkey had acted "
            "under its own law. Evangelical leaders praised the decision.")
    actor = _at(_actors(pipeline, text), text, "Evangelical leaders")
    assert actor.country is None


def test_a_signing_office_speaks_for_its_state(pipeline: Pipeline) -> None:
    found = pipeline.analyse(pipeline.document(_draft(
        "PRESS RELEASE\n\nThe Ministry held consultations with the delegation of Japan on "
        "water management.\n\nPress Service of the Ministry of Foreign Affairs of the "
        "Republic of Tajikistan\n"), "0" * 64))
    text = found.text
    assert found.anatomy is not None and found.anatomy.genre == "press_release"
    assert _at(found.actors or [], text, "The Ministry").country == "TJK"


def test_places_and_their_people_are_no_people(pipeline: Pipeline) -> None:
    text = ("The apex court rejected the plea of Tamil Nadu on Tuesday. Protests went on "
            "in Charlotte, and Charlotte officials said they would release the video.")
    actors = _actors(pipeline, text, "2016-09-25")
    assert not [a for a in actors if a.kind == "person" and a.name == "Tamil Nadu"]
    assert _at(actors, text, "Charlotte officials").country in ("USA", None)
