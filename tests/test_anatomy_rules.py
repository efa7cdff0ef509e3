"""Unit cases for the anatomy rules, on sentences written for these tests."""

from __future__ import annotations

import pytest

from eventwire.anatomy.citations import find_legal, find_scripture
from eventwire.anatomy.cites import find_cites
from eventwire.anatomy.dates import detect_order, parse_date, weekday_before
from eventwire.anatomy.layout import find_signature
from eventwire.anatomy.links import find_links
from eventwire.anatomy.translated import find_translation
from eventwire.ingest.language import LanguageIdentifier
from eventwire.ingest.normalise import normalise_text
from eventwire.options import Options


@pytest.mark.parametrize(("text", "refs"), [
    ("as Allah says [TMQ: 8:24].", [("Quran", "8:24")]),
    ("There is no compulsion in religion (Quran 2:256).", [("Quran", "2:256")]),
    ("He recited [Al-Anfal: 24] and then (Al-Baqarah, 256).", [("Quran", "8:24"),
                                                               ("Quran", "2:256")]),
    ("as in Surah Aal-E-Imran, verse 103, and Surah An-Nahl (16:90)", [("Quran", "3:103"),
                                                                       ("Quran", "16:90")]),
    ("Blessed are the peacemakers (Matthew 5:9); see also 1 Cor 13:4-7.",
     [("Bible", "Matthew 5:9"), ("Bible", "1 Corinthians 13:4-7")]),
    ("The meeting began at 10:30 and Job 99:1 is not a verse; [TMQ: 2:400] neither.", []),
])
def test_scripture(text: str, refs: list[tuple[str, str]]) -> None:
    assert [(s.work, s.ref) for s in find_scripture(text)] == refs


@pytest.mark.parametrize(("text", "expected"), [
    ("under UN Security Council resolution 2593 (2021)",
     [("UN Security Council resolution", "2593", 2021)]),
    ("resolutions 1267 and 1989 of the Security Council",
     [("UN Security Council resolution", "1267", None),
      ("UN Security Council resolution", "1989", None)]),
    ("the Security Council, in its resolution 2721, asked", [
        ("UN Security Council resolution", "2721", None)]),
    ("see S/RES/2255 (2015) and A/RES/68/262", [("UN Security Council resolution", "2255", 2015),
                                                ("UN General Assembly resolution", "68/262",
                                                 None)]),
    ("Article 2(4) of the Charter of the United Nations", [("UN Charter", "Article 2(4)", None)]),
    ("Articles 5 and 7 of the 1997 UN Watercourses Convention",
     [("UN Watercourses Convention", "Article 5", None),
      ("UN Watercourses Convention", "Article 7", None)]),
    ("charged under Article 244-1 of the Criminal Code of the Republic of Uzbekistan",
     [("Criminal Code of the Republic of Uzbekistan", "Article 244-1", None)]),
])
def test_legal(text: str, expected: list[tuple[str, str, int | None]]) -> None:
    assert [(c.instrument, c.ref, c.year) for c in find_legal(text)] == expected


def test_links_forms_and_punctuation() -> None:
    text = ("See https://mfa.uz/en/press/news/2021. Also www.mfa.tj, <http://akorda.kz/en> and "
            "(https://en.odkb-csto.org/news). Mail press@mfa.uz or [http://bad.example]x[/x].")
    urls = [link.url for link in find_links(text, ["https://gov.kz/page"])]
    assert urls == ["https://mfa.uz/en/press/news/2021", "http://www.mfa.tj",
                    "http://akorda.kz/en", "https://en.odkb-csto.org/news",
                    "http://bad.example", "https://gov.kz/page"]
    first = find_links(text, [])[0]
    assert first.span is not None
    assert text[first.span[0]:first.span[1]] == "https://mfa.uz/en/press/news/2021"


@pytest.mark.parametrize(("text", "from_language", "official"), [
    ("Statement on the border (Translated)\n\nThe Ministry ...", None, True),
    ("Unofficial translation\n\nJoint statement of ...", None, False),
    ("The Ministry stated ...\n\nTranslated from Tajik", "tg", True),
    ("[Translation] The Kyrgyz side ...", None, True),
])
def test_translation_markers(text: str, from_language: str | None, official: bool) -> None:
    marker = find_translation(text)
    assert marker is not None
    assert marker.from_language == from_language
    assert marker.official is official


def test_a_body_sentence_about_translation_is_no_marker() -> None:
    body = "Officials said. " * 60 + "The agreement was translated into Kazakh. " + \
        "Officials said. " * 60
    assert find_translation(body) is None


def test_date_order_and_parsing() -> None:
    assert detect_order("On 31/07/2021 the agency ...") == "DMY"
    assert detect_order("On 07/31/2021 the agency ...") == "MDY"
    assert parse_date("04/07/2024", "DMY") == "2024-07-04"
    assert parse_date("04/07/2024", "MDY") == "2024-04-07"
    assert parse_date("Sept 16", "DMY", year=2022) == "2022-09-16"
    assert parse_date("2022-09-16T08:00:00+05:00") == "2022-09-16"
    assert weekday_before("2024-06-07", "Tuesday") == "2024-06-04"


def test_signature_block_with_hijri_date() -> None:
    text = ("Body of the release ends here.\n\nMedia Office of the Steppe Renewal Movement in "
            "Kyrgyzstan\n17 Muharram 1443 AH\n25/08/2021 CE")
    signature = find_signature(text)
    assert signature.office is not None
    assert signature.office.text == "Media Office of the Steppe Renewal Movement in Kyrgyzstan"
    assert signature.date_line is not None
    assert "25/08/2021" in signature.date_line.text


def test_cited_outlets_with_dates() -> None:
    text = normalise_text(
        "On 31/07/2021, the Kabul Lantern website published a survey of prices. "
        "According to the Tajik outlet Pamir Courier, the bridge reopened. "
        "The Chorsu 24 TV channel reported on 13.02.2023 that the court met. "
        "The Oxus Daily newspaper wrote on Monday that talks had stalled. "
        "The Ministry of Foreign Affairs said the report was false."
    )
    cites = {(c.source, c.date) for c in find_cites(text, order="DMY", published="2023-02-15",
                                                    own_names=set())}
    assert cites == {("Kabul Lantern", "2021-07-31"), ("Pamir Courier", None),
                     ("Chorsu 24", "2023-02-13"), ("Oxus Daily", "2023-02-13")}


@pytest.mark.parametrize(("text", "language"), [
    ("Oʻzbekiston va Qirgʻiziston oʻrtasida chegara boʻyicha kelishuv imzolandi.", "uz"),
    ("Ҷумҳурии Тоҷикистон ва Федератсияи Русия дар бораи ҳамкорӣ созишнома имзо карданд.", "tg"),
    ("Кыргызстан менен Өзбекстан чек ара боюнча келишимге кол коюшту.", "ky"),
    ("Қазақстан мен Қытай арасындағы сауда көлемі өсті.", "kk"),
    ("Россия и Таджикистан провели совместные учения на полигоне Харбмайдон.", "ru"),
    ("Türkmenistan we Owganystan bilen hyzmatdaşlyk boýunça gepleşikler geçirildi.", "tk"),
    ("The foreign ministers of the five states met in Astana on Tuesday.", "en"),
])
def test_central_asian_languages(options: Options, text: str, language: str) -> None:
    guess = LanguageIdentifier(options.languages).identify(text)
    assert guess is not None
    assert guess.language == language


def test_a_dateline_of_two_cities_still_names_its_wire() -> None:
    from eventwire.anatomy.layout import DATELINE

    match = DATELINE.match("BISHKEK/DUSHANBE, 16 September 2022 (Altyn Wire) - Kyrgyz and "
                           "Tajik forces fought")
    assert match and match.group("outlet") == "Altyn Wire"


def test_a_newspapers_sign_off_names_it() -> None:
    from eventwire.anatomy.layout import masthead_from_foot

    text = ("Tokayev met the delegation on Monday.\n\nOfficials said talks would resume.\n\n"
            "Chorsu Review, Tashkent")
    assert masthead_from_foot(text) == "Chorsu Review"
    assert masthead_from_foot("He met them.\n\nSayram Street, Tashkent") is None
