"""Roles and modality on the kinds of sentence that real news is made of (issue 13):
states and provinces that act, officials known by the place they govern, who is asked in
"demanded that X ...", acts told inside someone else's words. Sentences written for these
tests, in the style of US, Indian and Central Asian reporting."""

from __future__ import annotations

import re

from eventwire.pipeline import Pipeline

from .news_sentences import actor_at, analysed, events_of, names


def test_a_state_that_acts_is_its_government_and_a_place_named_in_passing_is_not(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Tamil Nadu on Saturday moved the Supreme Court against the "
                             "Union government. Farmers marched in Karnataka on Sunday.")
    state = actor_at(doc, "Tamil Nadu")
    assert state is not None and state.country == "IND" and state.sectors == ["GOV"]
    assert state.kind != "person"
    assert actor_at(doc, "Karnataka") is None


def test_a_name_several_countries_give_to_regions_says_no_country(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Tamil Nadu said the apex court had barred any extension of "
                             "time to the Centre for framing the scheme.")
    court = actor_at(doc, "apex court")
    assert court is not None and court.country is None  # not Burkina Faso's Centre region


def test_an_official_takes_the_country_of_the_place_in_the_title(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "In January, Gov. Earl Ray Tomblin of West Virginia lauded "
                             "the reclamation plan. Texas Attorney General Ken Paxton "
                             "criticised the rule.")
    assert actor_at(doc, "Earl Ray Tomblin").country == "USA"
    assert actor_at(doc, "Ken Paxton").country == "USA"


def test_who_is_asked_is_the_subject_of_what_is_asked_for(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Trump asked that the Turkish Government expeditiously return "
                             "him. Protesters have been demanding that police release the "
                             "video.")
    asked, demanded = events_of(doc, "REQUEST")[:2]
    assert names(doc, asked.target) == ["Turkish Government"]
    assert names(doc, demanded.target) == ["police"]
    # an allegation's clause names whom it accuses: the passive's "by", else the subject
    doc = analysed(pipeline, "American authorities allege the attacks were plotted by "
                             "Saudi militant Osama bin Laden. Baku charged that Armenian "
                             "forces had shelled the town of Tartar.")
    plotted, shelled = events_of(doc, "ACCUSE")[:2]
    assert names(doc, plotted.target) == ["Osama bin Laden"]
    assert actor_at(doc, "Armenian forces").id in shelled.target


def test_a_particle_that_governs_an_object_is_a_preposition(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Activists have called on police to release the videos.")
    request = events_of(doc, "REQUEST")
    assert request and names(doc, request[0].target) == ["police"]


def test_a_surname_inside_another_full_name_is_not_the_dictionary_person(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Keron Blair, of the Alliance to Reclaim Our Schools, called "
                             "for more funding. Blair said parents were angry.")
    keron = actor_at(doc, "Keron Blair")
    assert keron is not None and keron.name == "Keron Blair" and keron.country is None
    assert actor_at(doc, "Blair said") is keron


def test_a_comparison_inside_the_subject_is_not_the_actor(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "“He, like Donald Trump, has refused to apologize for an "
                             "outrageous statement,” Axelrod said.")
    assert not any("Donald Trump" in names(doc, e.source) for e in doc.events or [])


def test_an_act_told_in_someone_elses_words_is_reported(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "“Russia has refused to return the pilots,” the Turkish "
                             "foreign minister said.", day="2016-09-28")
    refusal = events_of(doc, "REJECT")
    assert refusal and refusal[0].modality == "reported"


def test_a_speaker_telling_of_their_own_countrys_act_asserts_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Armenia refused to host CSTO military exercises this year, "
                             "the Armenian prime minister said.", day="2023-01-10")
    refusal = events_of(doc, "REJECT")
    assert refusal and refusal[0].modality == "asserted"


def test_he_is_the_subject_before_not_the_last_man_named(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Vladimir Putin met the family of Andrei Karlov in Moscow. "
                             "He promised them a full investigation. Officials later laid "
                             "flowers for Andrei Karlov. He was gunned down in Ankara.",
                    day="2016-12-21")
    first, second = (m.start() for m in re.finditer(r"\bHe\b", doc.text))
    assert actor_at(doc, doc.text[first:]).name == "Vladimir Putin"
    # the subject before is "Officials", not a person: "He" stays unknown
    assert not any(s <= second < e for a in doc.actors or [] for s, e in a.mentions)


def test_a_forecast_of_an_act_is_future_and_a_credit_line_is_no_event(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Park's lawyers are expected to appeal her sentence. Bryant "
                             "Rousseau and Caryn Wilson contributed reporting.",
                    day="2018-04-06")
    assert all(e.modality == "future" for e in doc.events or []
               if e.evidence.sentence.startswith("Park"))
    assert not [e for e in doc.events or [] if "contributed" in e.evidence.sentence]


def test_a_city_that_opens_the_report_is_its_dateline(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Kuala Lumpur: Malaysian authorities ordered the party of "
                             "former Prime Minister Mahathir Mohamad to dissolve.",
                    day="2018-04-06")
    assert actor_at(doc, "Kuala Lumpur") is None
    assert not [q for q in doc.quotes or [] if q.speaker_text == "Kuala Lumpur"]


def test_an_object_pronoun_is_the_person_named_before_not_the_subject(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "A South Korean court has found former President Park Geun-hye "
                             "guilty of bribery and sentenced her to 24 years in prison.",
                    day="2018-04-06")
    her = doc.text.index("her to")
    park = actor_at(doc, "Park Geun-hye")
    assert park is not None and any(s <= her < e for s, e in park.mentions)


def test_a_possessor_country_is_not_lent_to_another_actor(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Recently, the crown prince detained Lebanon's Prime Minister "
                             "Saad Hariri.", day="2017-12-01")
    prince = actor_at(doc, "crown prince")
    assert prince is not None and prince.country is None


def test_agreeing_with_someone_that_is_support_and_courts_reject_or_uphold_rulings(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The judge agreed with Ivana Trump that there was no reason to "
                             "intrude on her privacy. Russia agreed with Turkey on a ceasefire "
                             "in Idlib. His decision was overturned by a federal appeals "
                             "court. The government overturned the ban on rallies.")
    types = {e.evidence.sentence.split()[1]: e.type for e in doc.events or []}
    assert types["judge"] == "SUPPORT"
    assert types["agreed"] == "AGREE"  # "Russia agreed with Turkey on ..."
    assert types["decision"] == "REJECT"
    assert types["government"] == "CONCEDE"


def test_conditions_and_modals_above_an_act_make_it_unreal(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "If you continue that, you destroy the whole basis of our "
                             "government. That could include indicting the hackers and "
                             "imposing sanctions against Russian institutions. Azerbaijan "
                             "warned Armenia of serious consequences if it continued to buy "
                             "weapons from France.")
    modality = {e.evidence.sentence.split()[0]: e.modality for e in doc.events or []
                if e.type in ("ASSAULT", "SANCTION", "THREATEN")}
    assert modality["If"] == "hypothetical"
    assert modality["That"] == "hypothetical"
    assert modality["Azerbaijan"] == "asserted"  # the warning itself was made


def test_would_under_a_verb_of_saying_is_the_future_of_the_past(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Foreign Ministry told the US ambassador that Russia would "
                             "expel 60 US diplomats.", day="2018-03-29")
    expel = [e for e in doc.events or [] if e.type == "SANCTION"]
    assert expel and expel[0].modality == "future"


def test_what_a_meeting_is_about_is_no_party_to_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Uzbekistan hosted an international conference on Afghanistan "
                             "in Tashkent attended by a Taliban delegation. Putin discussed "
                             "Syria with Erdogan.", day="2022-07-27")
    consults = {doc.text[e.evidence.trigger[0]:e.evidence.trigger[1]]: e
                for e in doc.events or [] if e.type == "CONSULT"}
    hosted, discussed = consults["hosted"], consults["discussed"]
    assert names(doc, hosted.target) == ["Taliban"]
    assert names(doc, discussed.target) == ["Recep Tayyip Erdogan"]


def test_an_absolute_with_clause_is_said_as_fact_and_an_org_must_head_its_phrase(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Council's starkest recent failure has been over Syria, "
                             "with Russia backing the government.", day="2016-09-20")
    assert actor_at(doc, "starkest") is None  # a failure is no organisation
    backing = [e for e in doc.events or [] if e.type == "SUPPORT"]
    assert backing and names(doc, backing[0].source) == ["Russia"]


def test_a_lone_surname_is_the_one_person_of_that_name_before_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Syrian President Bashar Assad received the envoy. Assad thanked "
                             "him. Bill Clinton met Hillary Clinton in Chappaqua. Clinton "
                             "said the talks went well.", day="2016-12-20")
    assert actor_at(doc, "Assad thanked").name == "Bashar al-Assad"
    clinton = actor_at(doc, "Clinton said")
    # Bill or Hillary: neither person; only the country both share, and marked a guess
    assert clinton is not None and clinton.entry is None and clinton.role is None
    assert clinton.country in (None, "USA") and (clinton.country is None
                                                 or clinton.country_inferred)


# -- where the story is set ---------------------------------------------------------------

CHARLOTTE = (
    "CHARLOTTE - Protesters marched through the streets of uptown Charlotte on Friday, "
    "hours after police released video of the shooting. Officers in Mecklenburg County "
    "said the curfew would stay. Keron Dwyer, a pastor who joined the march, demanded that "
    "police release the full footage. In Raleigh, state officials praised the protesters.")


def test_local_actors_of_a_story_set_in_one_country_take_that_country_as_inferred(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, CHARLOTTE)
    for words in ("Protesters", "Keron Dwyer", "state officials"):
        actor = actor_at(doc, words)
        assert actor is not None and actor.country == "USA", words
        assert actor.country_inferred, f"{words}: a guess from the setting, and marked so"


def test_an_actor_beside_someone_of_another_country_takes_no_setting(
        pipeline: Pipeline) -> None:
    # set in Turkey by its towns, but the sentence names an American: the evangelical
    # leaders may be from anywhere
    doc = analysed(pipeline, (
        "ISTANBUL - Police in Izmir detained a pastor on Monday, and a court in Ankara "
        "extended his detention. Evangelical leaders praised President Trump for raising the "
        "case."), day="2018-08-01")
    leaders = actor_at(doc, "Evangelical leaders")
    assert leaders is None or leaders.country is None
    police = actor_at(doc, "Police")
    assert police is not None and police.country == "TUR" and police.country_inferred


def test_a_story_that_names_a_country_often_is_not_set_there(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, (
        "Russia has expanded its bases in Tajikistan. Russia also trains Kyrgyz officers, "
        "and Russia sells arms to Kazakhstan. Administration officials accused the Kremlin "
        "of pressure on its neighbours."))
    officials = actor_at(doc, "Administration officials")
    assert officials is None or officials.country is None


def test_a_relative_pronoun_stands_for_the_noun_its_clause_describes(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "On Thursday, Officer Betty Shelby, who shot and killed "
                             "40-year-old Terence Crutcher in Tulsa last week, was charged "
                             "with manslaughter.")
    shots = events_of(doc, "ASSAULT")
    assert shots and names(doc, shots[0].source) == ["Betty Shelby"]
    assert names(doc, shots[0].target) == ["Terence Crutcher"]


def test_a_korean_name_is_shortened_to_its_family_name(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "A South Korean court found former President Park Geun-hye "
                             "guilty of bribery. Park and her lawyers refused to attend the "
                             "hearing.", day="2018-04-06")
    park = actor_at(doc, "Park and")
    assert park is not None and park.name == "Park Geun-hye" and park.country == "KOR"


def test_a_country_that_only_qualifies_a_thing_lends_no_country(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Outside the court, hundreds of protesters gathered, waving "
                             "Korean and US flags.")
    for words in ("protesters",):
        actor = actor_at(doc, words)
        assert actor is not None and actor.country != "USA", words


def test_a_dateline_is_no_speaker_and_no_person(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Hanoi (VNA) – Vietnam always supports Russia's role in the "
                             "region, the foreign ministry spokesperson said on Thursday.")
    assert not [a for a in doc.actors or [] if a.kind == "person" and a.name == "Hanoi"]
    assert all(q.speaker != "person:hanoi" for q in doc.quotes or [])


def test_a_clause_about_a_kind_of_people_is_no_event_of_theirs(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, '"I am not in the habit of supporting people who attack my wife '
                             'and attack my father," Cruz said.')
    assert not events_of(doc, "ASSAULT")


def test_every_subject_the_parser_hangs_on_one_verb_acts(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The family, protesters and civic leaders have been demanding "
                             "that police release department video of the shooting.")
    asks = events_of(doc, "REQUEST")
    assert asks and names(doc, asks[0].source) == ["family", "protesters", "civic leaders"]


# -- words of condemnation ------------------------------------------------------------------

def test_words_of_condemnation_in_a_speakers_own_words_accuse(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "“There are plenty of ways to critique Donald Trump, but that was "
                             "a really outrageous tweet,” David Axelrod said on Wednesday.")
    accusations = events_of(doc, "ACCUSE")
    assert len(accusations) == 1 and accusations[0].modality == "asserted"
    assert names(doc, accusations[0].source) == ["David Axelrod"]
    assert names(doc, accusations[0].target) == ["Donald Trump"]


def test_denied_or_asked_condemnation_accuses_nobody(pipeline: Pipeline) -> None:
    for text in ('"The decision was not illegal," the judge said.',
                 '"Is this a witch hunt?" Senator Jim Risch asked.'):
        assert not events_of(analysed(pipeline, text), "ACCUSE"), text


def test_an_act_on_a_clause_takes_its_target_from_the_clause(pipeline: Pipeline) -> None:
    cases = {
        "Tajikistan has refused to engage with the Taliban.": ("REJECT", ["Taliban"]),
        "Washington threatened to impose sanctions on Minsk.": ("THREATEN", ["Minsk"]),
        "Officers in riot gear fired tear gas to disperse the crowd.": ("ASSAULT", ["crowd"]),
    }
    for text, (kind, target) in cases.items():
        found = events_of(analysed(pipeline, text), kind)
        assert found and names(analysed(pipeline, text), found[0].target) == target, text


def test_what_a_body_says_it_did_is_the_bodys_act(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Kyrgyz authorities said they had evacuated more than 100,000 "
                             "residents. The US State Department said it was closely watching "
                             "the deployment and called on the Kazakh authorities to show "
                             "restraint.")
    assert names(doc, events_of(doc, "AID")[0].source) == ["Kyrgyz authorities"]
    asks = events_of(doc, "REQUEST")
    assert asks and names(doc, asks[0].source) == ["United States Department of State"]
    # another's act told by a speaker keeps its own subject
    told = analysed(pipeline, "Russia said the United States had violated the treaty.")
    assert names(told, events_of(told, "REJECT")[0].source) == ["United States"]


def test_a_question_asked_is_no_request_and_a_credit_line_no_event(pipeline: Pipeline) -> None:
    for text in ("Rep. Kyle Brandt asked Lim whether he had known about the defect.",
                 "Asked at a news conference whether he still considered Xi a dictator, Biden "
                 "said that he did.",
                 "Contributing: Sam Delgado, Priya Nandakumar",
                 "Reporting by Aziz Karimov; Editing by Jane Doe"):
        assert not analysed(pipeline, text).events, text
    asks = events_of(analysed(pipeline, "The minister asked the court to release the "
                                       "journalist."), "REQUEST")
    assert len(asks) == 1  # asking for an act is a request


def test_a_rebuttal_answers_the_accusation_told_before_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Rights groups have accused police of beating detainees. The "
                             "ministry dismissed the claims as baseless.")
    rebuttals = events_of(doc, "REJECT")
    assert rebuttals and names(doc, rebuttals[0].target) == ["Rights groups"]
    alone = analysed(pipeline, "The ministry rejected a proposal to raise fuel prices.")
    assert events_of(alone, "REJECT")[0].target == []  # nothing said before: nobody answered


def test_us_party_members_as_a_body_are_the_party(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "In his speech, Graham urged Republicans to back the climate "
                             "bill.")
    members = actor_at(doc, "Republicans")
    assert members is not None and members.country == "USA" and "PTY" in members.sectors
    # the lower-case word names other republicans
    other = analysed(pipeline, "Irish republicans marched in Belfast on Sunday.")
    assert actor_at(other, "republicans") is None or \
        actor_at(other, "republicans").country != "USA"


def test_a_bare_definite_body_is_the_one_named_before_with_that_head(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The U.S. Embassy in Kyiv issued a statement on Monday. The "
                             "embassy urged the government to repeal the law. Uzbekistan's "
                             "Supreme Court upheld the sentence on Friday. The court said "
                             "the defendant had organised the protests.")
    assert actor_at(doc, "embassy urged").country == "USA"  # not Ukraine, where it sits
    assert actor_at(doc, "court said").id == actor_at(doc, "Supreme Court").id
    # two ministries named before: "the ministry" may be either, so it is neither
    doc = analysed(pipeline, "Russia's Foreign Ministry and Ukraine's Foreign Ministry "
                             "traded notes. The ministry said Kyiv had broken the rules.")
    ministry = actor_at(doc, "ministry said")
    assert ministry is not None and ministry.country is None


def test_a_party_to_what_a_body_reports_lends_it_no_country(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The company said Chisinau had failed to pay its debts. "
                             "Officials said London had violated the agreement.")
    assert actor_at(doc, "company said").country is None  # not Moldovan
    assert actor_at(doc, "Officials").country is None  # not British
    # where it happens still tells who the local police are
    doc = analysed(pipeline, "Police said protesters had attacked the governor's office "
                             "in Nukus.")
    assert actor_at(doc, "Police").country == "UZB"


def test_whom_a_verb_gives_to_is_the_target_not_a_word_inside_the_gift(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Several environmental groups granted Mr. Clarke an extension "
                             "on the court order. The ministry offered Armenia a loan of "
                             "200 million dollars.")
    granted, offered = [e for e in doc.events or [] if e.modality == "asserted"][:2]
    assert names(doc, granted.target) == ["Clarke"]  # not the court of "court order"
    assert names(doc, offered.target) == ["Armenia"]


def test_hyphenated_nationals_are_people_of_the_second_country(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Hundreds of Kazakh-Americans gathered outside the consulate "
                             "in New York. Uzbek exiles in Istanbul denounced the verdict.")
    nationals = actor_at(doc, "Americans")
    assert nationals is not None and nationals.country == "USA" and \
        nationals.sectors == ["CVL"]
    assert actor_at(doc, "Kazakh") in (None, nationals)  # not the state of Kazakhstan
    exiles = actor_at(doc, "Uzbek exiles")
    assert exiles is not None and exiles.sectors == ["CVL"]  # people, not the state
    # two countries joined by a hyphen before a noun stay two countries
    doc = analysed(pipeline, "Kazakh-Chinese talks on water sharing opened in Almaty.")
    assert actor_at(doc, "Kazakh").country == "KAZ"


def test_the_place_an_explosion_struck_is_not_who_set_it_off(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The explosions at Russian embassies in Kabul and Dushanbe "
                             "killed at least 40 people. The embassy bombings were the "
                             "worst in a decade.")
    killing = events_of(doc, "ASSAULT")[0]
    assert killing.source == []  # not the embassies
    bombing = next(e for e in events_of(doc, "ASSAULT") if "bombings" in e.evidence.sentence)
    assert bombing.source == [] and names(doc, bombing.target) != []
    # a group named with "of", and a noun of force with its doer, keep their doer
    doc = analysed(pipeline, "Members of the Taliban killed four policemen in Helmand. "
                             "Russian airstrikes killed 30 civilians in Idlib.")
    doers = [names(doc, e.source) for e in events_of(doc, "ASSAULT")
             if doc.text[e.evidence.trigger[0]:e.evidence.trigger[1]] == "killed"]
    assert doers == [["Taliban"], ["Russia"]]
    # a country the clashes were in is a party to them, not a place struck
    doc = analysed(pipeline, "In 2010, clashes in southern Kyrgyzstan killed hundreds of "
                             "people.")
    assert [names(doc, e.source) for e in events_of(doc, "ASSAULT")] == [["Kyrgyzstan"]]


def test_a_named_persons_relative_is_someone_else_of_unknown_country(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Elian Gonzalez was rescued off Florida in November. Elian's "
                             "father has demanded that the boy be returned to him in Cuba.")
    father = actor_at(doc, "father")
    assert father is not None and father.name == "Elian's father"
    assert father.country is None and father.kind == "person"
    assert actor_at(doc, "Elian's").name.startswith("Elian")  # the boy keeps his own words
    demands = events_of(doc, "REQUEST")
    assert demands and names(doc, demands[0].source) == ["Elian's father"]
