"""Unit tests for the pure parsing module ``actions.parsing``.

Inputs are written the way the assistant's users actually write: SMS style, no accents,
typos and abbreviations for the young people ("g 17 ans", "chui", "jsp", "jvais plus en
cours"), fuller sentences for some parents. Every case asserts one exact expected value.
"""

from __future__ import annotations

import datetime

import pytest

from actions import parsing

# Fixed "today" so that ages computed from a birth year or a birth date never drift.
TODAY = datetime.date(2026, 11, 30)


def _same(result: object, expected: object) -> bool:
    """Equal AND of the same type (so that True never passes for 1, nor 17.0 for 17)."""
    return result == expected and type(result) is type(expected)


# --------------------------------------------------------------------------------------
# parse_age
# --------------------------------------------------------------------------------------

AGE_DIGITS = [
    pytest.param("17 ans", 17, id="digits-17-ans"),
    pytest.param("g 17 ans", 17, id="digits-g-17-ans"),
    pytest.param("g 17ans", 17, id="digits-g-17ans-glued"),
    pytest.param("jai 16", 16, id="digits-jai-16-no-unit"),
    pytest.param("j'ai 19 piges", 19, id="digits-19-piges"),
    pytest.param("17a", 17, id="digits-17a"),
    pytest.param("j ai 18 ans", 18, id="digits-j-ai-18-ans"),
    pytest.param("jai 20ans", 20, id="digits-jai-20ans"),
    pytest.param("moi g 16 ans", 16, id="digits-moi-g-16-ans"),
    pytest.param("Bonjour, j'ai 22 ans", 22, id="digits-formal-22"),
    pytest.param("slt g 17 ans jsuis de rennes", 17, id="digits-17-then-city"),
    pytest.param("G 18 ANS", 18, id="digits-uppercase"),
    pytest.param("j’ai 25 ans", 25, id="digits-curly-apostrophe-25"),
    pytest.param("19 ans", 19, id="digits-19-ans"),
    pytest.param("16ans", 16, id="digits-16ans-glued"),
    pytest.param("je suis âgée de 19 ans", 19, id="digits-agee-de-19"),
    pytest.param("jai 21 ans", 21, id="digits-jai-21-ans"),
    pytest.param("g 16 piges", 16, id="digits-g-16-piges"),
    pytest.param("j'ai 17 ans et demi", 17, id="digits-17-et-demi"),
    pytest.param("16 ans et demi", 16, id="digits-16-et-demi-no-verb"),
    pytest.param("jai 15 ans", 15, id="digits-jai-15-ans"),
    pytest.param("wsh g 18 ans", 18, id="digits-wsh-g-18"),
]

AGE_WORDS = [
    pytest.param("dix-sept ans", 17, id="words-dix-sept"),
    pytest.param("vingt et un ans", 21, id="words-vingt-et-un"),
    pytest.param("seize ans", 16, id="words-seize"),
    pytest.param("j'ai dix huit ans", 18, id="words-dix-huit-no-hyphen"),
    pytest.param("g dix neuf ans", 19, id="words-g-dix-neuf"),
    pytest.param("quinze ans", 15, id="words-quinze"),
    pytest.param("vingt ans", 20, id="words-vingt"),
    pytest.param("vingt-deux ans", 22, id="words-vingt-deux"),
    pytest.param("j'ai vingt-trois ans", 23, id="words-vingt-trois"),
    pytest.param("quatorze ans", 14, id="words-quatorze"),
    pytest.param("vingt-cinq ans", 25, id="words-vingt-cinq"),
    pytest.param("dix sept ans", 17, id="words-dix-sept-no-hyphen"),
    pytest.param("J'ai vingt-et-un ans", 21, id="words-vingt-et-un-hyphens"),
    pytest.param("jai dix-sept ans et demi", 17, id="words-dix-sept-et-demi"),
    pytest.param("Ma fille a seize ans", 16, id="words-parent-seize"),
    pytest.param("il a treize ans", 13, id="words-il-a-treize"),
    pytest.param("dix-neuf ans", 19, id="words-dix-neuf"),
    pytest.param("vingt-quatre ans", 24, id="words-vingt-quatre"),
]

AGE_BIRTH = [
    pytest.param("né en 2008", 18, id="birthyear-ne-en-2008"),
    pytest.param("nee en 2007", 19, id="birthyear-nee-en-2007"),
    pytest.param("je suis de 2009", 17, id="birthyear-je-suis-de-2009"),
    pytest.param("chui né en 2010", 16, id="birthyear-chui-ne-2010"),
    pytest.param("je suis née en 2005", 21, id="birthyear-je-suis-nee-2005"),
    pytest.param("chui de 2008", 18, id="birthyear-chui-de-2008"),
    pytest.param("ne en 2006", 20, id="birthyear-ne-no-accent-2006"),
    pytest.param("Mon fils est né en 2011", 15, id="birthyear-parent-fils-2011"),
    pytest.param("ma fille est nee en 2010", 16, id="birthyear-parent-fille-2010"),
    pytest.param("né en 2008, j'habite à lille", 18, id="birthyear-then-city"),
    pytest.param("né le 12/03/2008", 18, id="birthdate-birthday-passed"),
    pytest.param("née le 15/12/2008", 17, id="birthdate-birthday-not-yet"),
    pytest.param("ne le 30/11/2009", 17, id="birthdate-birthday-today"),
    pytest.param("je suis né le 01/12/2007", 18, id="birthdate-birthday-tomorrow"),
    pytest.param("nee le 5/6/2010", 16, id="birthdate-single-digit-day-month"),
    pytest.param("chui nee le 29/11/2006", 20, id="birthdate-birthday-yesterday"),
]

AGE_THIRD_PERSON = [
    pytest.param("il a 15 ans", 15, id="third-il-a-15"),
    pytest.param("mon fils a 14 ans", 14, id="third-mon-fils-a-14"),
    pytest.param("ma fille de 16 ans", 16, id="third-ma-fille-de-16"),
    pytest.param("elle a 17 ans", 17, id="third-elle-a-17"),
    pytest.param("Mon fils de 15 ans ne va plus au lycée", 15, id="third-fils-de-15-sentence"),
    pytest.param("mon gamin a 14 ans", 14, id="third-gamin-a-14"),
    pytest.param(
        "Bonjour, mon fils âgé de 16 ans a arrêté l'école", 16, id="third-fils-age-de-16-formal"
    ),
    pytest.param("il a 17 ans et il va plus en cours", 17, id="third-il-a-17-then-school"),
    pytest.param("ma fille a 18 ans", 18, id="third-ma-fille-a-18"),
    pytest.param("mon fils a 16ans", 16, id="third-fils-16ans-glued"),
]

AGE_MULTI_FACTS = [
    pytest.param("17 ans, rennes, pas de diplome", 17, id="multi-age-city-diploma"),
    pytest.param("g 16 ans jsuis a lyon et jai arrete en 3eme", 16, id="multi-age-city-3eme"),
    pytest.param("19 ans, marseille, j'ai le brevet", 19, id="multi-age-city-brevet"),
    pytest.param("salut g 18 ans jvais plus en cours depuis 1 an", 18, id="multi-age-then-depuis"),
    pytest.param("j'ai 20 ans et j'ai arrêté il y a 2 ans", 20, id="multi-age-then-il-y-a"),
    pytest.param("ma fille de 16 ans est dans le 93", 16, id="multi-age-then-departement"),
    pytest.param("j'ai 17 ans, en 2020 j'ai arrêté", 17, id="multi-age-then-year-event"),
    pytest.param("depuis 2 ans jvais plus en cours, g 19 ans", 19, id="multi-depuis-then-age"),
    pytest.param("bac +2 et j'ai 23 ans", 23, id="multi-bac-plus-2-then-age"),
]

AGE_CORRECTIONS = [
    pytest.param("non en fait j'ai 18 ans", 18, id="correction-non-en-fait"),
    pytest.param("ah non jme suis trompé, g 19 ans", 19, id="correction-trompe"),
    pytest.param("g 17 ans... non en fait 18 ans", 18, id="correction-second-value-wins"),
    pytest.param("dsl g 16 ans", 16, id="correction-dsl"),
]

AGE_NOT_AGES = [
    pytest.param("il y a 2 ans", id="not-il-y-a-2-ans"),
    pytest.param("depuis 3 ans", id="not-depuis-3-ans"),
    pytest.param("pendant 2 ans", id="not-pendant-2-ans"),
    pytest.param("dans le 93", id="not-departement-93"),
    pytest.param("35000", id="not-postcode"),
    pytest.param("en 2020 j'ai arrêté", id="not-year-of-event"),
    pytest.param("bac +2", id="not-bac-plus-2"),
    pytest.param("en 3eme", id="not-en-3eme"),
    pytest.param("2 fois", id="not-2-fois"),
    pytest.param("j'ai arrêté l'école il y a 2 ans", id="not-sentence-il-y-a"),
    pytest.param("jvais plus en cours depuis 3 ans", id="not-sentence-depuis"),
    pytest.param("j'habite dans le 93", id="not-habite-dans-le-93"),
    pytest.param("j'ai fait un cap pendant 2 ans", id="not-sentence-pendant"),
    pytest.param("code postal 35000", id="not-code-postal"),
    pytest.param("je suis en 3eme", id="not-je-suis-en-3eme"),
    pytest.param("j'ai redoublé 2 fois", id="not-redouble-2-fois"),
    pytest.param("bonjour", id="not-bonjour"),
    pytest.param("", id="not-empty"),
    pytest.param("17", id="not-bare-number-unexpected"),
    pytest.param("2008", id="not-bare-year-unexpected"),
    pytest.param("pas de diplome", id="not-diploma-only"),
    pytest.param("c pour ma fille", id="not-profile-only"),
]

AGE_EXPECTING = [
    pytest.param("17", 17, id="expecting-bare-17"),
    pytest.param("16", 16, id="expecting-bare-16"),
    pytest.param(" 19 ", 19, id="expecting-bare-19-spaces"),
    pytest.param("20", 20, id="expecting-bare-20"),
    pytest.param("2008", 18, id="expecting-bare-year-2008"),
    pytest.param("2007", 19, id="expecting-bare-year-2007"),
    pytest.param("17 ans", 17, id="expecting-17-ans"),
    pytest.param("seize", 16, id="expecting-bare-word-seize"),
    pytest.param("depuis 3 ans", None, id="expecting-still-not-depuis"),
    pytest.param("il y a 2 ans", None, id="expecting-still-not-il-y-a"),
    pytest.param("dans le 93", None, id="expecting-still-not-departement"),
    pytest.param("35000", None, id="expecting-still-not-postcode"),
    pytest.param("bac +2", None, id="expecting-still-not-bac-plus-2"),
    pytest.param("en 3eme", None, id="expecting-still-not-en-3eme"),
    pytest.param("jsp", None, id="expecting-jsp"),
    pytest.param("je prefere pas le dire", None, id="expecting-refusal"),
]


@pytest.mark.parametrize(("text", "expected"), AGE_DIGITS)
def test_parse_age_digits(text: str, expected: int) -> None:
    assert _same(parsing.parse_age(text, today=TODAY), expected)


@pytest.mark.parametrize(("text", "expected"), AGE_WORDS)
def test_parse_age_number_words(text: str, expected: int) -> None:
    assert _same(parsing.parse_age(text, today=TODAY), expected)


@pytest.mark.parametrize(("text", "expected"), AGE_BIRTH)
def test_parse_age_birth_year_and_date(text: str, expected: int) -> None:
    assert _same(parsing.parse_age(text, today=TODAY), expected)


@pytest.mark.parametrize(("text", "expected"), AGE_THIRD_PERSON)
def test_parse_age_third_person(text: str, expected: int) -> None:
    assert _same(parsing.parse_age(text, today=TODAY), expected)


@pytest.mark.parametrize(("text", "expected"), AGE_MULTI_FACTS)
def test_parse_age_several_facts(text: str, expected: int) -> None:
    assert _same(parsing.parse_age(text, today=TODAY), expected)


@pytest.mark.parametrize(("text", "expected"), AGE_CORRECTIONS)
def test_parse_age_corrections(text: str, expected: int) -> None:
    assert _same(parsing.parse_age(text, today=TODAY), expected)


@pytest.mark.parametrize("text", AGE_NOT_AGES)
def test_parse_age_not_an_age(text: str) -> None:
    assert parsing.parse_age(text, today=TODAY) is None


@pytest.mark.parametrize(("text", "expected"), AGE_EXPECTING)
def test_parse_age_when_expecting(text: str, expected: int | None) -> None:
    assert _same(parsing.parse_age(text, today=TODAY, expecting=True), expected)


# --------------------------------------------------------------------------------------
# parse_diplome
# --------------------------------------------------------------------------------------

DIPLOME_UNPROMPTED = [
    # brevet
    pytest.param("j'ai le brevet", "brevet", id="brevet-jai-le-brevet"),
    pytest.param("g le brevet", "brevet", id="brevet-g-le-brevet"),
    pytest.param("j'ai eu le dnb", "brevet", id="brevet-dnb"),
    pytest.param("j ai mon brevet des colleges", "brevet", id="brevet-des-colleges"),
    pytest.param("juste le brevet", "brevet", id="brevet-juste"),
    pytest.param("Ma fille a obtenu le DNB", "brevet", id="brevet-parent-DNB"),
    # cap_bep
    pytest.param("j'ai un cap", "cap_bep", id="cap-jai-un-cap"),
    pytest.param("g un cap cuisine", "cap_bep", id="cap-cuisine"),
    pytest.param("j'ai eu mon CAP petite enfance", "cap_bep", id="cap-petite-enfance"),
    pytest.param("j'ai un bep", "cap_bep", id="bep"),
    pytest.param("jai un bep vente", "cap_bep", id="bep-vente"),
    pytest.param("j'ai un capa", "cap_bep", id="capa"),
    pytest.param("g eu mon CAPA agricole", "cap_bep", id="capa-agricole"),
    pytest.param("j'ai le brevet et un cap", "cap_bep", id="cap-highest-over-brevet"),
    # bac_general
    pytest.param("j'ai le bac S", "bac_general", id="general-bac-S"),
    pytest.param("g un bac es", "bac_general", id="general-bac-es"),
    pytest.param("j'ai eu un bac L", "bac_general", id="general-bac-L"),
    pytest.param("bac général", "bac_general", id="general-bac-general-accent"),
    pytest.param("j'ai le bac generale", "bac_general", id="general-bac-generale"),
    pytest.param("jai eu mon bac general", "bac_general", id="general-jai-eu-mon-bac"),
    pytest.param("Ma fille a obtenu son bac général", "bac_general", id="general-parent"),
    pytest.param("j'ai eu le bac S en 2019", "bac_general", id="general-bac-S-with-year"),
    # bac_techno
    pytest.param("bac stmg", "bac_techno", id="techno-stmg"),
    pytest.param("j'ai un bac STI2D", "bac_techno", id="techno-sti2d"),
    pytest.param("g le bac st2s", "bac_techno", id="techno-st2s"),
    pytest.param("jai eu un bac STL", "bac_techno", id="techno-stl"),
    pytest.param("bac stav", "bac_techno", id="techno-stav"),
    pytest.param("j'ai un bac std2a", "bac_techno", id="techno-std2a"),
    pytest.param("bac sthr", "bac_techno", id="techno-sthr"),
    pytest.param("j'ai un bac techno", "bac_techno", id="techno-bac-techno"),
    pytest.param("g eu mon bac stmg l'an dernier", "bac_techno", id="techno-stmg-sentence"),
    # bac_pro
    pytest.param("bac pro", "bac_pro", id="pro-bac-pro"),
    pytest.param("j'ai un bac professionnel", "bac_pro", id="pro-professionnel"),
    pytest.param("g eu mon bac pro commerce", "bac_pro", id="pro-commerce"),
    pytest.param("jai un bac pro melec", "bac_pro", id="pro-melec"),
    pytest.param("jai le cap et le bac pro", "bac_pro", id="pro-highest-over-cap"),
    pytest.param("brevet + bac pro", "bac_pro", id="pro-highest-over-brevet"),
    # superieur
    pytest.param("j'ai un bts", "superieur", id="sup-bts"),
    pytest.param("g un dut info", "superieur", id="sup-dut"),
    pytest.param("j'ai un BUT GEA", "superieur", id="sup-but"),
    pytest.param("j'ai une licence de psycho", "superieur", id="sup-licence"),
    pytest.param("j'ai un master", "superieur", id="sup-master"),
    pytest.param("bac+2", "superieur", id="sup-bac+2-glued"),
    pytest.param("bac +3", "superieur", id="sup-bac-+3"),
    pytest.param("j'ai un bac pro et un bts", "superieur", id="sup-highest-over-bac-pro"),
    pytest.param("g le cap et un bts mco", "superieur", id="sup-highest-over-cap"),
    # aucun
    pytest.param("pas de diplome", "aucun", id="aucun-pas-de-diplome"),
    pytest.param("aucun diplome", "aucun", id="aucun-aucun-diplome"),
    pytest.param("sans diplome", "aucun", id="aucun-sans-diplome"),
    pytest.param("j'ai aucun diplome", "aucun", id="aucun-jai-aucun-diplome"),
    pytest.param("g pas de diplôme", "aucun", id="aucun-g-pas-de-diplome"),
    pytest.param("jai aucun diplome", "aucun", id="aucun-jai-no-apostrophe"),
    pytest.param("je n'ai aucun diplôme", "aucun", id="aucun-formal"),
    pytest.param("17 ans, rennes, pas de diplome", "aucun", id="aucun-multi-facts"),
    pytest.param("je suis sans diplôme", "aucun", id="aucun-je-suis-sans"),
    pytest.param("Mon fils n'a aucun diplôme", "aucun", id="aucun-parent"),
    # negated mentions do not count
    pytest.param("j'ai pas eu le bac", None, id="neg-pas-eu-le-bac"),
    pytest.param(
        "j'ai raté mon bac pro mais j'ai le cap", "cap_bep", id="neg-rate-bac-pro-but-cap"
    ),
    pytest.param("pas de bac mais le brevet", "brevet", id="neg-pas-de-bac-but-brevet"),
    pytest.param("j'ai raté mon bac pro", None, id="neg-rate-bac-pro-only"),
    pytest.param("jai pas eu le bac pro", None, id="neg-pas-eu-bac-pro"),
    pytest.param("j'ai pas eu mon cap", None, id="neg-pas-eu-cap"),
    pytest.param("g pas eu mon bac", None, id="neg-g-pas-eu-bac"),
    pytest.param(
        "j'ai pas eu mon cap mais j'ai le brevet", "brevet", id="neg-pas-eu-cap-but-brevet"
    ),
    pytest.param("j'ai raté le bac stmg mais g le brevet", "brevet", id="neg-rate-stmg-but-brevet"),
    pytest.param(
        "j'ai pas eu mon bac pro, juste le cap", "cap_bep", id="neg-pas-eu-bac-pro-juste-cap"
    ),
    # plain "bac" with no type: the bot asks which one
    pytest.param("j'ai le bac", None, id="plain-bac"),
    pytest.param("g eu mon bac", None, id="plain-bac-sms"),
    # not diplomas
    pytest.param("je suis en terminale", None, id="none-terminale"),
    pytest.param("je suis en 3eme", None, id="none-3eme"),
    pytest.param("bonjour", None, id="none-bonjour"),
    pytest.param("17 ans", None, id="none-age"),
    pytest.param("rennes", None, id="none-city"),
    pytest.param("je cherche une formation", None, id="none-cherche-formation"),
    pytest.param("chui pas capable de retourner en cours", None, id="none-capable-not-cap"),
    pytest.param("non", None, id="none-non-unprompted"),
    pytest.param("rien", None, id="none-rien-unprompted"),
    pytest.param("jsp", None, id="none-jsp-unprompted"),
    pytest.param("", None, id="none-empty"),
]

DIPLOME_EXPECTING = [
    pytest.param("aucun", "aucun", id="expecting-aucun"),
    pytest.param("Aucun", "aucun", id="expecting-Aucun-capital"),
    pytest.param("rien", "aucun", id="expecting-rien"),
    pytest.param("rien du tout", "aucun", id="expecting-rien-du-tout"),
    pytest.param("non", "aucun", id="expecting-non"),
    pytest.param("nada", "aucun", id="expecting-nada"),
    pytest.param("aucun 😅", "aucun", id="expecting-aucun-emoji"),
    pytest.param("non aucun", "aucun", id="expecting-non-aucun"),
    pytest.param("brevet", "brevet", id="expecting-brevet"),
    pytest.param("le brevet", "brevet", id="expecting-le-brevet"),
    pytest.param("dnb", "brevet", id="expecting-dnb"),
    pytest.param("cap", "cap_bep", id="expecting-cap"),
    pytest.param("cap coiffure", "cap_bep", id="expecting-cap-coiffure"),
    pytest.param("bep", "cap_bep", id="expecting-bep"),
    pytest.param("stmg", "bac_techno", id="expecting-stmg"),
    pytest.param("bac pro", "bac_pro", id="expecting-bac-pro"),
    pytest.param("bac general", "bac_general", id="expecting-bac-general"),
    pytest.param("bts", "superieur", id="expecting-bts"),
    pytest.param("pas de diplome", "aucun", id="expecting-pas-de-diplome"),
    pytest.param("bac", None, id="expecting-plain-bac"),
    pytest.param("jsp", None, id="expecting-jsp"),
    pytest.param("je sais pas", None, id="expecting-je-sais-pas"),
    pytest.param("je prefere pas le dire", None, id="expecting-refusal"),
]


@pytest.mark.parametrize(("text", "expected"), DIPLOME_UNPROMPTED)
def test_parse_diplome(text: str, expected: str | None) -> None:
    assert _same(parsing.parse_diplome(text), expected)


@pytest.mark.parametrize(("text", "expected"), DIPLOME_EXPECTING)
def test_parse_diplome_when_expecting(text: str, expected: str | None) -> None:
    assert _same(parsing.parse_diplome(text, expecting=True), expected)


# --------------------------------------------------------------------------------------
# parse_profil
# --------------------------------------------------------------------------------------

PROFIL_UNPROMPTED = [
    # parent
    pytest.param("c pour ma fille", "parent", id="parent-c-pour-ma-fille"),
    pytest.param("mon fils a 15 ans", "parent", id="parent-mon-fils-a-15"),
    pytest.param("je suis sa mère", "parent", id="parent-sa-mere"),
    pytest.param("je suis parent d'élève", "parent", id="parent-parent-d-eleve"),
    pytest.param("mon enfant ne va plus au collège", "parent", id="parent-mon-enfant"),
    pytest.param("je suis le papa", "parent", id="parent-le-papa"),
    pytest.param("pour mon gamin", "parent", id="parent-mon-gamin"),
    pytest.param("c pour mon fils", "parent", id="parent-c-pour-mon-fils"),
    pytest.param("je suis la maman", "parent", id="parent-la-maman"),
    pytest.param(
        "Bonjour, je me renseigne pour ma fille de 16 ans", "parent", id="parent-formal-fille"
    ),
    pytest.param("je suis son pere", "parent", id="parent-son-pere"),
    pytest.param("c'est pour mon fils", "parent", id="parent-c-est-pour-mon-fils"),
    pytest.param("je suis la mère de Kevin", "parent", id="parent-la-mere-de"),
    pytest.param("je suis parent", "parent", id="parent-je-suis-parent"),
    pytest.param("pour ma fille", "parent", id="parent-pour-ma-fille"),
    pytest.param("ma fille de 16 ans", "parent", id="parent-ma-fille-de-16"),
    pytest.param("Je suis la maman de Inès, 15 ans", "parent", id="parent-maman-de-prenom"),
    # jeune
    pytest.param("c pour moi", "jeune", id="jeune-c-pour-moi"),
    pytest.param("cest pour moi", "jeune", id="jeune-cest-pour-moi"),
    pytest.param("c'est pour moi", "jeune", id="jeune-c-est-pour-moi"),
    pytest.param("pour moi", "jeune", id="jeune-pour-moi"),
    pytest.param("pour moi meme", "jeune", id="jeune-pour-moi-meme"),
    pytest.param("pour moi-même", "jeune", id="jeune-pour-moi-meme-hyphen"),
    pytest.param("je suis élève", "jeune", id="jeune-je-suis-eleve"),
    pytest.param("je suis eleve en seconde", "jeune", id="jeune-eleve-en-seconde"),
    pytest.param("je suis jeune", "jeune", id="jeune-je-suis-jeune"),
    pytest.param("je suis un jeune", "jeune", id="jeune-je-suis-un-jeune"),
    # none
    pytest.param("moi", None, id="none-moi-unprompted"),
    pytest.param("bonjour", None, id="none-bonjour"),
    pytest.param("17 ans", None, id="none-age"),
    pytest.param("slt", None, id="none-slt"),
    pytest.param("rennes", None, id="none-city"),
    pytest.param("jsp", None, id="none-jsp"),
    pytest.param("oui", None, id="none-oui"),
    pytest.param("", None, id="none-empty"),
]

PROFIL_EXPECTING = [
    pytest.param("moi", "jeune", id="expecting-moi"),
    pytest.param("Moi", "jeune", id="expecting-Moi-capital"),
    pytest.param("c pour moi", "jeune", id="expecting-c-pour-moi"),
    pytest.param("ma fille", "parent", id="expecting-ma-fille"),
    pytest.param("mon fils", "parent", id="expecting-mon-fils"),
    pytest.param("je suis sa mère", "parent", id="expecting-sa-mere"),
    pytest.param("bonjour", None, id="expecting-bonjour"),
    pytest.param("jsp", None, id="expecting-jsp"),
]


@pytest.mark.parametrize(("text", "expected"), PROFIL_UNPROMPTED)
def test_parse_profil(text: str, expected: str | None) -> None:
    assert _same(parsing.parse_profil(text), expected)


@pytest.mark.parametrize(("text", "expected"), PROFIL_EXPECTING)
def test_parse_profil_when_expecting(text: str, expected: str | None) -> None:
    assert _same(parsing.parse_profil(text, expecting=True), expected)


# --------------------------------------------------------------------------------------
# parse_scolarise
# --------------------------------------------------------------------------------------

SCOLARISE_UNPROMPTED = [
    # still at school
    pytest.param("je suis en 2nde", True, id="in-2nde"),
    pytest.param("chui en 3eme", True, id="in-chui-en-3eme"),
    pytest.param("je suis au lycée", True, id="in-au-lycee"),
    pytest.param("toujours au college", True, id="in-toujours-au-college"),
    pytest.param("elle est en 4e", True, id="in-elle-en-4e"),
    pytest.param("je vais encore en cours", True, id="in-vais-encore-en-cours"),
    pytest.param("je suis scolarisé", True, id="in-scolarise"),
    pytest.param("je suis en terminale", True, id="in-terminale"),
    pytest.param("je suis en 1ere bac pro", True, id="in-1ere-bac-pro"),
    pytest.param("jsuis en seconde", True, id="in-jsuis-en-seconde"),
    pytest.param("il est en 3e", True, id="in-il-en-3e"),
    pytest.param("je suis en premiere", True, id="in-premiere"),
    pytest.param("mon fils est au college", True, id="in-parent-fils-au-college"),
    pytest.param("elle est scolarisée", True, id="in-elle-scolarisee"),
    pytest.param("je suis toujours au lycee", True, id="in-toujours-au-lycee"),
    pytest.param("jsuis en terminale stmg", True, id="in-terminale-stmg"),
    pytest.param("je suis en 4eme", True, id="in-4eme"),
    pytest.param("il est en 5ème", True, id="in-5eme-accent"),
    pytest.param("g 16 ans chui en 2nde", True, id="in-age-then-class"),
    # left school
    pytest.param("j'ai arrêté l'école", False, id="out-arrete-l-ecole"),
    pytest.param("jvais plus en cours", False, id="out-jvais-plus-en-cours"),
    pytest.param("je suis déscolarisé", False, id="out-descolarise"),
    pytest.param("j'ai décroché", False, id="out-decroche"),
    pytest.param("j'ai quitté le lycée l'an dernier", False, id="out-quitte-le-lycee"),
    pytest.param("je suis plus scolarisé", False, id="out-plus-scolarise"),
    pytest.param("elle va plus au collège depuis 2 mois", False, id="out-elle-va-plus-au-college"),
    pytest.param("j'ai lâché les cours", False, id="out-lache-les-cours"),
    pytest.param("j'ai arrêté en 3eme", False, id="out-arrete-en-3eme"),
    pytest.param("je suis sorti du système scolaire", False, id="out-sorti-du-systeme"),
    pytest.param("g arrete l ecole", False, id="out-g-arrete-l-ecole"),
    pytest.param("jai arrete les cours", False, id="out-jai-arrete-les-cours"),
    pytest.param("il va plus au lycee", False, id="out-il-va-plus-au-lycee"),
    pytest.param("je ne vais plus en cours", False, id="out-ne-vais-plus-formal"),
    pytest.param("ma fille est déscolarisée", False, id="out-parent-descolarisee"),
    pytest.param("j'ai arrêté en seconde", False, id="out-arrete-en-seconde"),
    pytest.param("jai quitte le lycee en 1ere", False, id="out-quitte-en-1ere"),
    pytest.param("j'ai decroche en terminale", False, id="out-decroche-en-terminale"),
    pytest.param("il n'est plus scolarisé", False, id="out-n-est-plus-scolarise"),
    pytest.param("je suis plus au lycée", False, id="out-plus-au-lycee"),
    pytest.param("j'ai arrêté l'école il y a 2 ans", False, id="out-arrete-il-y-a-2-ans"),
    pytest.param("17 ans, rennes, jvais plus en cours", False, id="out-multi-facts"),
    pytest.param("je suis sortie du système scolaire", False, id="out-sortie-feminine"),
    pytest.param("mon fils a arrêté le collège", False, id="out-parent-arrete-college"),
    # unknown
    pytest.param("oui", None, id="none-oui-unprompted"),
    pytest.param("non", None, id="none-non-unprompted"),
    pytest.param("ouais", None, id="none-ouais-unprompted"),
    pytest.param("bonjour", None, id="none-bonjour"),
    pytest.param("17 ans", None, id="none-age"),
    pytest.param("rennes", None, id="none-city"),
    pytest.param("jsp", None, id="none-jsp"),
    pytest.param("c pour ma fille", None, id="none-profile-only"),
    pytest.param("", None, id="none-empty"),
]

SCOLARISE_EXPECTING = [
    pytest.param("oui", True, id="expecting-oui"),
    pytest.param("Oui", True, id="expecting-Oui-capital"),
    pytest.param("ouais", True, id="expecting-ouais"),
    pytest.param("non", False, id="expecting-non"),
    pytest.param("NON", False, id="expecting-NON-caps"),
    pytest.param("nan", False, id="expecting-nan"),
    pytest.param("jvais plus en cours", False, id="expecting-full-sentence-out"),
    pytest.param("je suis en 2nde", True, id="expecting-full-sentence-in"),
    pytest.param("jsp", None, id="expecting-jsp"),
    pytest.param("je sais pas", None, id="expecting-je-sais-pas"),
]


@pytest.mark.parametrize(("text", "expected"), SCOLARISE_UNPROMPTED)
def test_parse_scolarise(text: str, expected: bool | None) -> None:
    assert _same(parsing.parse_scolarise(text), expected)


@pytest.mark.parametrize(("text", "expected"), SCOLARISE_EXPECTING)
def test_parse_scolarise_when_expecting(text: str, expected: bool | None) -> None:
    assert _same(parsing.parse_scolarise(text, expecting=True), expected)


# --------------------------------------------------------------------------------------
# is_skip
# --------------------------------------------------------------------------------------

SKIP = [
    pytest.param("je prefere pas le dire", True, id="skip-prefere-pas-le-dire"),
    pytest.param("je préfère pas répondre", True, id="skip-prefere-pas-repondre"),
    pytest.param("jsp", True, id="skip-jsp"),
    pytest.param("JSP", True, id="skip-JSP-caps"),
    pytest.param("je sais pas", True, id="skip-je-sais-pas"),
    pytest.param("Je ne sais pas", True, id="skip-je-ne-sais-pas"),
    pytest.param("c perso", True, id="skip-c-perso"),
    pytest.param("c'est perso", True, id="skip-c-est-perso"),
    pytest.param("cest perso", True, id="skip-cest-perso"),
    pytest.param("je veux pas répondre", True, id="skip-veux-pas-repondre"),
    pytest.param("je veux pas repondre", True, id="skip-veux-pas-repondre-no-accent"),
    pytest.param("passe", True, id="skip-passe"),
    pytest.param("joker", True, id="skip-joker"),
    pytest.param("Joker", True, id="skip-Joker-capital"),
    pytest.param("pas envie de dire", True, id="skip-pas-envie-de-dire"),
    pytest.param("aucune idée", True, id="skip-aucune-idee"),
    pytest.param("aucune idee", True, id="skip-aucune-idee-no-accent"),
    # not skips
    pytest.param("17 ans", False, id="noskip-age"),
    pytest.param("oui", False, id="noskip-oui"),
    pytest.param("non", False, id="noskip-non"),
    pytest.param("rennes", False, id="noskip-city"),
    pytest.param("pas de diplome", False, id="noskip-pas-de-diplome"),
    pytest.param("je sais pas quoi faire de ma vie", False, id="noskip-real-statement"),
    pytest.param("Je sais pas quoi faire de ma vie", False, id="noskip-real-statement-capital"),
    pytest.param("aucun", False, id="noskip-aucun-is-an-answer"),
    pytest.param("j'ai le brevet", False, id="noskip-brevet"),
    pytest.param("c pour ma fille", False, id="noskip-profile"),
    pytest.param("bonjour", False, id="noskip-bonjour"),
    pytest.param("je veux passer mon cap", False, id="noskip-passer-not-passe"),
]


@pytest.mark.parametrize(("text", "expected"), SKIP)
def test_is_skip(text: str, expected: bool) -> None:
    assert _same(parsing.is_skip(text), expected)


# --------------------------------------------------------------------------------------
# normalize
# --------------------------------------------------------------------------------------

NORMALIZE = [
    pytest.param("Saint-Étienne", "saint etienne", id="hyphen-and-accent"),
    pytest.param("L'Haÿ-les-Roses", "l hay les roses", id="apostrophe-diaeresis-hyphens"),
    pytest.param("  ÉCOLE  ", "ecole", id="strip-and-uppercase-accent"),
    pytest.param("J'ai 17 ans", "j ai 17 ans", id="apostrophe-straight"),
    pytest.param("j’ai 17 ans", "j ai 17 ans", id="apostrophe-curly"),
    pytest.param("Né en 2008", "ne en 2008", id="capital-and-accent"),
    pytest.param("je suis   déscolarisé", "je suis descolarise", id="collapse-spaces"),
    pytest.param("Lycée", "lycee", id="lycee"),
    pytest.param("ÇA VA", "ca va", id="cedilla-caps"),
    pytest.param("Aix-en-Provence", "aix en provence", id="city-hyphens"),
    pytest.param("ÎLE-DE-FRANCE", "ile de france", id="region-caps-hyphens"),
    pytest.param("dix-sept", "dix sept", id="number-word-hyphen"),
    pytest.param("ÉLÈVE", "eleve", id="grave-and-acute-caps"),
    pytest.param("  bonjour\n", "bonjour", id="strip-newline"),
    pytest.param("je suis - en 3ème", "je suis en 3eme", id="lone-hyphen-collapsed"),
    pytest.param("aujourd'hui", "aujourd hui", id="aujourd-hui"),
    pytest.param("déjà", "deja", id="deja"),
    pytest.param("Où", "ou", id="grave-u"),
    pytest.param("c'est l'école", "c est l ecole", id="two-apostrophes"),
    pytest.param("Capucine Müller", "capucine muller", id="umlaut"),
    pytest.param("rennes", "rennes", id="already-normal"),
    pytest.param("jvais plus en cours", "jvais plus en cours", id="sms-unchanged"),
    pytest.param("", "", id="empty"),
    pytest.param("--", "", id="only-hyphens"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE)
def test_normalize(text: str, expected: str) -> None:
    assert _same(parsing.normalize(text), expected)


@pytest.mark.parametrize(
    "already_normal", [pytest.param(case.values[1], id=case.id) for case in NORMALIZE]
)
def test_normalize_is_idempotent(already_normal: str) -> None:
    assert _same(parsing.normalize(already_normal), already_normal)
