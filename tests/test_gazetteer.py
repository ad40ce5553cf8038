"""Tests of the gazetteer (``actions.geo.gazetteer``) built from the official files.

The gazetteer is built by ``python -m actions.geo.build`` from the La Poste postal codes
(2020, with GPS) and the INSEE COG 2026 (communes, départements, régions). Every expected
value below (INSEE code, département, postal code) was checked against those files.

Inputs are written the way the assistant's users write: SMS style, no accents, "st" for
"saint", upper case, typos. Cases where the gazetteer is wrong in a way a user would
notice are kept and marked ``xfail(strict=True)`` with the reason, so that they turn red
(XPASS) as soon as the code is fixed and the mark must be removed.
"""

from __future__ import annotations

import math

import pytest

from actions.geo.gazetteer import haversine_km


def _bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# (commune, code_insee, departement, territoire, code_postal)
AMIENS = ("Amiens", "80021", "80", "metropole", "80000")
LILLE = ("Lille", "59350", "59", "metropole", "59000")
RENNES = ("Rennes", "35238", "35", "metropole", "35000")
SAINT_ETIENNE = ("Saint-Étienne", "42218", "42", "metropole", "42000")
MONTPELLIER = ("Montpellier", "34172", "34", "metropole", "34000")
BORDEAUX = ("Bordeaux", "33063", "33", "metropole", "33000")
STRASBOURG = ("Strasbourg", "67482", "67", "metropole", "67000")
FORT_DE_FRANCE = ("Fort-de-France", "97209", "972", "martinique", "97200")
POINTE_A_PITRE = ("Pointe-à-Pitre", "97120", "971", "guadeloupe", "97110")
CAYENNE = ("Cayenne", "97302", "973", "guyane", "97300")
MAMOUDZOU = ("Mamoudzou", "97611", "976", "mayotte", "97600")
SAINT_DENIS_974 = ("Saint-Denis", "97411", "974", "reunion", "97400")
SAINT_DENIS_93 = ("Saint-Denis", "93066", "93", "metropole", "93200")
LE_PORT_974 = ("Le Port", "97407", "974", "reunion", "97420")
LE_PORT_09 = ("Le Port", "09231", "09", "metropole", "09320")
LOCRONAN = ("Locronan", "29134", "29", "metropole", "29180")
HAY_LES_ROSES = ("L'Haÿ-les-Roses", "94038", "94", "metropole", "94240")
VILLENEUVE_D_ASCQ = ("Villeneuve-d'Ascq", "59009", "59", "metropole", "59491")


def _assert_place(result, expected) -> None:
    commune, code_insee, departement, territoire, code_postal = expected
    assert result.found is True
    assert result.candidates == [], [c.label() for c in result.candidates]
    assert result.unsupported is None
    assert result.place is not None
    place = result.place
    assert (
        place.commune,
        place.code_insee,
        place.departement,
        place.territoire,
        place.code_postal,
    ) == (commune, code_insee, departement, territoire, code_postal)


# --------------------------------------------------------------------------------------
# Commune names: accents, hyphens, apostrophes, "st"/"ste", case, SMS sentences
# --------------------------------------------------------------------------------------

NAMES = [
    pytest.param("Amiens", AMIENS, id="amiens-capitalised"),
    pytest.param("amiens", AMIENS, id="amiens-lower"),
    pytest.param("AMIENS", AMIENS, id="amiens-upper"),
    pytest.param("J'HABITE À AMIENS", AMIENS, id="amiens-upper-sentence-accent"),
    pytest.param("jsuis a amiens", AMIENS, id="amiens-jsuis"),
    pytest.param("Saint-Étienne", SAINT_ETIENNE, id="st-etienne-official"),
    pytest.param("saint etienne", SAINT_ETIENNE, id="st-etienne-no-accent-no-hyphen"),
    pytest.param("st etienne", SAINT_ETIENNE, id="st-etienne-st"),
    pytest.param("St-Étienne", SAINT_ETIENNE, id="st-etienne-st-hyphen"),
    pytest.param("chui a st etienne", SAINT_ETIENNE, id="st-etienne-chui-a"),
    pytest.param("CHUI A ST ETIENNE", SAINT_ETIENNE, id="st-etienne-chui-a-upper"),
    pytest.param("chui a st-etienne mdr", SAINT_ETIENNE, id="st-etienne-mdr"),
    pytest.param("j'habite vers lille", LILLE, id="lille-vers"),
    pytest.param("on habite pres de lille", LILLE, id="lille-pres-de"),
    pytest.param("j'habite a lille depuis 2 ans", LILLE, id="lille-depuis-2-ans"),
    pytest.param("17 ans, rennes, pas de diplome", RENNES, id="rennes-in-list"),
    pytest.param("slt g 17 ans jsuis de rennes", RENNES, id="rennes-jsuis-de"),
    pytest.param("Fort-de-France", FORT_DE_FRANCE, id="fdf-official"),
    pytest.param("fort de france", FORT_DE_FRANCE, id="fdf-no-hyphen"),
    pytest.param("je vis a fort de france", FORT_DE_FRANCE, id="fdf-sentence"),
    pytest.param("pointe-à-pitre", POINTE_A_PITRE, id="pap-hyphen-accent"),
    pytest.param("je suis a pointe a pitre", POINTE_A_PITRE, id="pap-sentence"),
    pytest.param("JE SUIS A CAYENNE", CAYENNE, id="cayenne-upper"),
    pytest.param("jhabite a cayenne", CAYENNE, id="cayenne-jhabite"),
    pytest.param("je suis a mamoudzou", MAMOUDZOU, id="mamoudzou-sentence"),
    pytest.param("L'Haÿ-les-Roses", HAY_LES_ROSES, id="hay-official"),
    pytest.param("lhay les roses", HAY_LES_ROSES, id="hay-no-apostrophe"),
    pytest.param("j’habite à L’Haÿ-les-Roses", HAY_LES_ROSES, id="hay-typographic-apostrophe"),
    pytest.param("villeneuve d'ascq", VILLENEUVE_D_ASCQ, id="vda-apostrophe"),
    pytest.param("villeneuve d ascq", VILLENEUVE_D_ASCQ, id="vda-space"),
    pytest.param(
        "villeneuve dascq",
        VILLENEUVE_D_ASCQ,
        id="vda-glued",
    ),
    pytest.param(
        "ste maxime", ("Sainte-Maxime", "83115", "83", "metropole", "83120"), id="ste-maxime"
    ),
    pytest.param(
        "st etienne du rouvray",
        ("Saint-Étienne-du-Rouvray", "76575", "76", "metropole", "76800"),
        id="st-etienne-du-rouvray",
    ),
    pytest.param(
        "j'habite a l'ile st denis",
        ("L'Île-Saint-Denis", "93039", "93", "metropole", "93450"),
        id="ile-saint-denis-not-saint-denis",
    ),
    pytest.param(
        "st ouen sur seine",
        ("Saint-Ouen-sur-Seine", "93070", "93", "metropole", "93400"),
        id="st-ouen-sur-seine",
    ),
    pytest.param(
        "Épinay-sur-Seine",
        ("Épinay-sur-Seine", "93031", "93", "metropole", "93800"),
        id="epinay-accent",
    ),
    pytest.param(
        "st jean d angely",
        ("Saint-Jean-d'Angély", "17347", "17", "metropole", "17400"),
        id="st-jean-d-angely",
    ),
    pytest.param(
        "st laurent du maroni",
        ("Saint-Laurent-du-Maroni", "97311", "973", "guyane", "97320"),
        id="st-laurent-du-maroni",
    ),
    pytest.param(
        "les abymes", ("Les Abymes", "97101", "971", "guadeloupe", "97139"), id="les-abymes"
    ),
    pytest.param(
        "je vis a la possession",
        ("La Possession", "97408", "974", "reunion", "97419"),
        id="la-possession",
    ),
    pytest.param("le havre", ("Le Havre", "76351", "76", "metropole", "76600"), id="le-havre"),
    pytest.param("ajaccio", ("Ajaccio", "2A004", "2A", "metropole", "20000"), id="ajaccio-2a"),
    pytest.param("bastia", ("Bastia", "2B033", "2B", "metropole", "20200"), id="bastia-2b"),
    # a small village
    pytest.param("locronan", LOCRONAN, id="village-locronan"),
    pytest.param("j'habite a locronan", LOCRONAN, id="village-locronan-sentence"),
    pytest.param(
        "st veran", ("Saint-Véran", "05157", "05", "metropole", "05350"), id="village-st-veran"
    ),
    pytest.param(
        "st cirq lapopie",
        ("Saint-Cirq-Lapopie", "46256", "46", "metropole", "46330"),
        id="village-st-cirq-lapopie",
    ),
    # "au"/"aux" (= à le / à les) before a commune whose name starts with Le/Les
    pytest.param(
        "j'habite au havre",
        ("Le Havre", "76351", "76", "metropole", "76600"),
        id="au-havre",
    ),
    pytest.param(
        "je vis au gosier",
        ("Le Gosier", "97113", "971", "guadeloupe", "97190"),
        id="au-gosier",
    ),
    pytest.param(
        "j'habite au moule",
        ("Le Moule", "97117", "971", "guadeloupe", "97160"),
        id="au-moule",
    ),
    pytest.param(
        "j'habite au port a la reunion",
        LE_PORT_974,
        id="au-port-reunion",
    ),
    # a commune name that contains the name of an overseas collectivity
    pytest.param(
        "j'habite a saint martin d'heres",
        ("Saint-Martin-d'Hères", "38421", "38", "metropole", "38400"),
        id="st-martin-d-heres",
    ),
    pytest.param(
        "saint martin de re",
        ("Saint-Martin-de-Ré", "17369", "17", "metropole", "17410"),
        id="st-martin-de-re",
    ),
    pytest.param(
        "saint barthelemy d'anjou",
        ("Saint-Barthélemy-d'Anjou", "49267", "49", "metropole", "49124"),
        id="st-barthelemy-d-anjou",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_commune_name(gazetteer, text, expected):
    _assert_place(gazetteer.find(text), expected)


TYPOS = [
    pytest.param("amien", AMIENS, id="amien"),
    pytest.param("montpelier", MONTPELLIER, id="montpelier"),
    pytest.param("bordaux", BORDEAUX, id="bordaux"),
    pytest.param("strasbour", STRASBOURG, id="strasbour"),
    pytest.param("marseile", ("Marseille", "13055", "13", "metropole", "13001"), id="marseile"),
    pytest.param("toulouze", ("Toulouse", "31555", "31", "metropole", "31000"), id="toulouze"),
    pytest.param("cayene", CAYENNE, id="cayene"),
    pytest.param("mamoudzo", MAMOUDZOU, id="mamoudzo"),
    pytest.param("st etiene", SAINT_ETIENNE, id="st-etiene"),
    pytest.param("j'habite a montpelier", MONTPELLIER, id="montpelier-sentence"),
    pytest.param(
        "fort de frans",
        FORT_DE_FRANCE,
        id="fort-de-frans",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TYPOS)
def test_small_typo_when_expecting_a_place(gazetteer, text, expected):
    _assert_place(gazetteer.find(text, expecting=True), expected)


TYPOS_IN_SENTENCES = [
    pytest.param("jhabite a bordaux", BORDEAUX, id="jhabite-a-bordaux-3-words"),
    pytest.param(
        "j'habite a bordaux",
        BORDEAUX,
        id="j-habite-a-bordaux-4-words",
    ),
    pytest.param(
        "je suis a amien",
        AMIENS,
        id="je-suis-a-amien",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TYPOS_IN_SENTENCES)
def test_typo_after_a_locative_cue(gazetteer, text, expected):
    _assert_place(gazetteer.find(text), expected)


# --------------------------------------------------------------------------------------
# Postal codes
# --------------------------------------------------------------------------------------

POSTAL_CODES = [
    pytest.param("97400", SAINT_DENIS_974, id="97400-saint-denis-974"),
    pytest.param("97600", MAMOUDZOU, id="97600-mamoudzou"),
    pytest.param("97300", CAYENNE, id="97300-cayenne"),
    pytest.param("97200", FORT_DE_FRANCE, id="97200-fort-de-france"),
    pytest.param("97110", POINTE_A_PITRE, id="97110-pointe-a-pitre"),
    pytest.param("97420", LE_PORT_974, id="97420-le-port-974"),
    pytest.param(
        "97354", ("Remire-Montjoly", "97309", "973", "guyane", "97354"), id="97354-remire-montjoly"
    ),
    pytest.param("35000", RENNES, id="35000-rennes"),
    pytest.param("35 000", RENNES, id="35-000-with-space"),
    pytest.param("80000", AMIENS, id="80000-amiens"),
    pytest.param("j'ai 17 ans, code postal 59000", LILLE, id="59000-in-sentence-with-age"),
    pytest.param("20000", ("Ajaccio", "2A004", "2A", "metropole", "20000"), id="20000-ajaccio"),
    pytest.param("13003", ("Marseille", "13055", "13", "metropole", "13003"), id="13003"),
    pytest.param(
        "je suis a marseille 13003",
        ("Marseille", "13055", "13", "metropole", "13003"),
        id="marseille-13003",
    ),
    pytest.param(
        "g 16 ans jhabite a marseille 13003",
        ("Marseille", "13055", "13", "metropole", "13003"),
        id="marseille-13003-sms",
    ),
    pytest.param("75011", ("Paris", "75056", "75", "metropole", "75011"), id="75011"),
    pytest.param(
        "j'habite dans le 75011",
        ("Paris", "75056", "75", "metropole", "75011"),
        id="paris-dans-le-75011",
    ),
    pytest.param("69003", ("Lyon", "69123", "69", "metropole", "69003"), id="69003"),
    pytest.param("saint denis, 97400", SAINT_DENIS_974, id="saint-denis-97400"),
    pytest.param(
        "marseille 3e",
        ("Marseille", "13055", "13", "metropole", "13003"),
        id="marseille-3e-arrondissement",
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSTAL_CODES)
def test_postal_code(gazetteer, text, expected):
    _assert_place(gazetteer.find(text), expected)


def test_arrondissement_postal_code_keeps_its_own_position(gazetteer):
    # La Poste row 13203;MARSEILLE 03;13003;;MARSEILLE;43.3121200046,5.38010981423
    place = gazetteer.find("13003").place
    assert place is not None
    assert (round(place.lat, 3), round(place.lon, 3)) == (43.312, 5.380)


# --------------------------------------------------------------------------------------
# Départements and territories without a commune
# --------------------------------------------------------------------------------------

DEPARTEMENTS = [
    pytest.param("dans le 93", False, "93", id="dans-le-93"),
    pytest.param("je suis du 62", False, "62", id="je-suis-du-62"),
    pytest.param("je suis dans le 93", False, "93", id="je-suis-dans-le-93"),
    pytest.param("j'habite dans le 974", False, "974", id="dans-le-974"),
    pytest.param("je suis du 59 mais pas de diplome", False, "59", id="du-59-pas-de-diplome"),
    pytest.param("mon fils a 16 ans il est dans le 62", False, "62", id="parent-age-and-62"),
    pytest.param("93", True, "93", id="bare-93-expecting"),
    pytest.param("2A", True, "2A", id="bare-2A-expecting"),
    pytest.param("dans le 2a", False, "2A", id="dans-le-2a-lower"),
    pytest.param("dans le 2B", False, "2B", id="dans-le-2B"),
    pytest.param("je suis en corse du sud", False, "2A", id="en-corse-du-sud"),
    pytest.param("je suis en haute corse", False, "2B", id="en-haute-corse"),
    pytest.param("dans le nord", False, "59", id="dans-le-nord"),
    pytest.param("je suis dans la somme", False, "80", id="dans-la-somme"),
    pytest.param("dans l'ain", False, "01", id="dans-l-ain"),
    # territory only: the département of the territory
    pytest.param("je suis en guadeloupe", False, "971", id="en-guadeloupe"),
    pytest.param("je suis en martinique", False, "972", id="en-martinique"),
    pytest.param("martinique", False, "972", id="martinique-alone"),
    pytest.param("je vis en guyane", False, "973", id="en-guyane"),
    pytest.param("je suis a la reunion", False, "974", id="a-la-reunion"),
    pytest.param("reunion", True, "974", id="reunion-expecting"),
    pytest.param("je suis a mayotte", False, "976", id="a-mayotte"),
    pytest.param(
        "la reunion",
        False,
        "974",
        id="la-reunion-alone",
    ),
    pytest.param(
        "je viens de la reunion",
        False,
        "974",
        id="je-viens-de-la-reunion",
    ),
    pytest.param(
        "je viens de guadeloupe",
        False,
        "971",
        id="je-viens-de-guadeloupe",
    ),
    pytest.param(
        "dans le pas de calais",
        False,
        "62",
        id="dans-le-pas-de-calais",
    ),
    pytest.param(
        "j'habite en seine saint denis",
        False,
        "93",
        id="en-seine-saint-denis",
    ),
    pytest.param(
        "dans la seine saint denis",
        False,
        "93",
        id="dans-la-seine-saint-denis",
    ),
]


@pytest.mark.parametrize(("text", "expecting", "departement"), DEPARTEMENTS)
def test_departement_without_commune(gazetteer, text, expecting, departement):
    result = gazetteer.find(text, expecting=expecting)
    assert result.place is None, result.place and result.place.label()
    assert result.candidates == [], [c.label() for c in result.candidates]
    assert result.unsupported is None
    assert result.departement == departement
    assert result.found is True
    assert departement in gazetteer.departements


def test_metropole_is_a_territory_without_departement(gazetteer):
    result = gazetteer.find("je suis en metropole")
    assert (result.place, result.candidates, result.departement, result.territoire) == (
        None,
        [],
        None,
        "metropole",
    )
    assert result.found is True


# --------------------------------------------------------------------------------------
# Ambiguous names and how context resolves them
# --------------------------------------------------------------------------------------

AMBIGUOUS = [
    pytest.param("saint denis", False, {"93066", "97411"}, id="saint-denis"),
    pytest.param("st-denis", True, {"93066", "97411"}, id="st-denis-expecting"),
    pytest.param("le port", False, {"97407", "09231"}, id="le-port"),
    pytest.param("Le Port", True, {"97407", "09231"}, id="le-port-expecting"),
    pytest.param("sainte marie", False, {"97418", "97228"}, id="sainte-marie-974-972"),
]


@pytest.mark.parametrize(("text", "expecting", "must_include"), AMBIGUOUS)
def test_ambiguous_name_gives_candidates(gazetteer, text, expecting, must_include):
    result = gazetteer.find(text, expecting=expecting)
    assert result.place is None
    assert result.found is True
    codes = {c.code_insee for c in result.candidates}
    assert len(result.candidates) >= 2
    assert must_include <= codes
    names = {c.commune for c in result.candidates}
    assert len(names) == 1  # only communes of that very name


def test_saint_denis_candidates_are_exactly_the_four_communes(gazetteer):
    # COG 2026: Saint-Denis 11339, 30247, 93066, 97411
    codes = sorted(c.code_insee for c in gazetteer.find("saint denis").candidates)
    assert codes == ["11339", "30247", "93066", "97411"]


RESOLVED = [
    pytest.param("saint denis a la reunion", {}, SAINT_DENIS_974, id="sd-a-la-reunion"),
    pytest.param("st denis la reunion", {}, SAINT_DENIS_974, id="sd-st-la-reunion"),
    pytest.param(
        "j'habite a saint denis a la reunion", {}, SAINT_DENIS_974, id="sd-j-habite-a-la-reunion"
    ),
    pytest.param("saint denis 974", {}, SAINT_DENIS_974, id="sd-974"),
    pytest.param("saint denis 93", {}, SAINT_DENIS_93, id="sd-93"),
    pytest.param("ST-DENIS 93", {}, SAINT_DENIS_93, id="sd-93-upper"),
    pytest.param("j'habite st denis dans le 93", {}, SAINT_DENIS_93, id="sd-dans-le-93"),
    pytest.param("saint denis", {"territoire": "reunion"}, SAINT_DENIS_974, id="sd-kw-reunion"),
    pytest.param(
        "je suis a saint denis",
        {"territoire": "reunion"},
        SAINT_DENIS_974,
        id="sd-sentence-kw-reunion",
    ),
    pytest.param("saint-denis", {"departement": "974"}, SAINT_DENIS_974, id="sd-kw-974"),
    pytest.param("saint denis", {"departement": "93"}, SAINT_DENIS_93, id="sd-kw-93"),
    pytest.param("le port", {"territoire": "reunion"}, LE_PORT_974, id="port-kw-reunion"),
    pytest.param("le port", {"territoire": "metropole"}, LE_PORT_09, id="port-kw-metropole"),
    pytest.param("le port", {"departement": "09"}, LE_PORT_09, id="port-kw-09"),
    pytest.param("le port a la reunion", {}, LE_PORT_974, id="port-a-la-reunion"),
    pytest.param("le port 974", {}, LE_PORT_974, id="port-974"),
    pytest.param("le port en ariege", {}, LE_PORT_09, id="port-en-ariege"),
    pytest.param(
        "sainte marie",
        {"territoire": "martinique"},
        ("Sainte-Marie", "97228", "972", "martinique", "97230"),
        id="ste-marie-972",
    ),
    pytest.param(
        "ste marie 974",
        {},
        ("Sainte-Marie", "97418", "974", "reunion", "97438"),
        id="ste-marie-974",
    ),
    pytest.param(
        "saint pierre",
        {"territoire": "reunion"},
        ("Saint-Pierre", "97416", "974", "reunion", "97410"),
        id="st-pierre-974",
    ),
]


@pytest.mark.parametrize(("text", "context", "expected"), RESOLVED)
def test_ambiguous_name_resolved_by_context(gazetteer, text, context, expected):
    _assert_place(gazetteer.find(text, **context), expected)


# --------------------------------------------------------------------------------------
# The known cases of the product brief: the right territory
# --------------------------------------------------------------------------------------

BRIEF_CASES = [
    pytest.param("amiens", "80021", "metropole", "Hauts-de-France", id="amiens"),
    pytest.param("lille", "59350", "metropole", "Hauts-de-France", id="lille"),
    pytest.param(
        "marseille 13003", "13055", "metropole", "Provence-Alpes-Côte d'Azur", id="marseille-13003"
    ),
    pytest.param("fort-de-france", "97209", "martinique", "Martinique", id="fort-de-france"),
    pytest.param("cayenne", "97302", "guyane", "Guyane", id="cayenne"),
    pytest.param(
        "saint denis a la reunion", "97411", "reunion", "La Réunion", id="saint-denis-reunion"
    ),
    pytest.param("mamoudzou", "97611", "mayotte", "Mayotte", id="mamoudzou"),
    pytest.param("locronan", "29134", "metropole", "Bretagne", id="village-locronan"),
]


@pytest.mark.parametrize(("text", "code_insee", "territoire", "region"), BRIEF_CASES)
def test_known_case_is_in_the_right_territory(gazetteer, text, code_insee, territoire, region):
    place = gazetteer.find(text, expecting=True).place
    assert place is not None
    assert (place.code_insee, place.territoire, place.region) == (code_insee, territoire, region)


# --------------------------------------------------------------------------------------
# Messages that name no place
# --------------------------------------------------------------------------------------

NO_PLACE = [
    pytest.param("bonjour", id="bonjour"),
    pytest.param("pas de diplome", id="pas-de-diplome"),
    pytest.param("je vais plus au lycee", id="plus-au-lycee"),
    pytest.param("j'ai 17 ans", id="17-ans"),
    pytest.param("g 17 ans", id="g-17-ans"),
    pytest.param("j'ai 59 ans", id="59-ans-not-nord"),
    pytest.param("mon fils a 15 ans", id="fils-15-ans"),
    pytest.param("ma fille a 16 ans et demi", id="fille-16-ans-et-demi"),
    pytest.param("je veux parler a quelqu'un", id="parler-a-quelqu-un"),
    pytest.param("merci", id="merci"),
    pytest.param("oui", id="oui"),
    pytest.param("non", id="non"),
    pytest.param("jsp", id="jsp"),
    pytest.param("je suis en seconde", id="en-seconde"),
    pytest.param("je suis en cap", id="en-cap"),
    pytest.param("je suis a la mission locale", id="a-la-mission-locale"),
    pytest.param("je suis a la rue", id="a-la-rue"),
    pytest.param(
        "je m'appelle lucas",
        id="je-m-appelle-lucas",
    ),
    pytest.param(
        "je m'appelle marie",
        id="je-m-appelle-marie",
    ),
    pytest.param(
        "personne",
        id="personne",
    ),
    pytest.param(
        "je vis chez ma mere",
        id="chez-ma-mere",
    ),
    pytest.param(
        "j'habite a la campagne",
        id="a-la-campagne",
    ),
]


@pytest.mark.parametrize("text", NO_PLACE)
def test_message_without_place(gazetteer, text):
    result = gazetteer.find(text)
    assert result.found is False, (
        result.place and result.place.label(),
        [c.label() for c in result.candidates],
        result.departement,
        result.territoire,
        result.unsupported,
    )


@pytest.mark.parametrize("text", ["bonjour", "merci", "oui", "non", "pas de diplome"])
def test_message_without_place_even_when_expecting_one(gazetteer, text):
    assert gazetteer.find(text, expecting=True).found is False


def test_empty_message(gazetteer):
    assert gazetteer.find("").found is False
    assert gazetteer.find("  ?! ").found is False


# --------------------------------------------------------------------------------------
# Overseas collectivities outside the service
# --------------------------------------------------------------------------------------

UNSUPPORTED = [
    pytest.param("saint martin", "Saint-Martin", id="saint-martin"),
    pytest.param("je suis a st martin", "Saint-Martin", id="st-martin-sentence"),
    pytest.param("saint barth", "Saint-Barthélemy", id="saint-barth"),
    pytest.param("tahiti", "Polynésie française", id="tahiti"),
    pytest.param("j'habite a tahiti", "Polynésie française", id="tahiti-sentence"),
    pytest.param("papeete", "Polynésie française", id="papeete"),
    pytest.param("nouvelle caledonie", "Nouvelle-Calédonie", id="nouvelle-caledonie"),
    pytest.param("noumea", "Nouvelle-Calédonie", id="noumea"),
    pytest.param("je suis a wallis", "Wallis-et-Futuna", id="wallis"),
    pytest.param("saint pierre et miquelon", "Saint-Pierre-et-Miquelon", id="spm"),
    pytest.param("98800", "une collectivité d'outre-mer", id="98800-noumea"),
    pytest.param("97500", "une collectivité d'outre-mer", id="97500-spm"),
    pytest.param(
        "97150",
        "une collectivité d'outre-mer",
        id="97150-saint-martin",
    ),
    pytest.param(
        "97133",
        "une collectivité d'outre-mer",
        id="97133-saint-barthelemy",
    ),
]


@pytest.mark.parametrize(("text", "label"), UNSUPPORTED)
def test_overseas_collectivity_outside_the_service(gazetteer, text, label):
    result = gazetteer.find(text)
    assert result.place is None
    assert result.candidates == []
    assert result.unsupported == label
    assert result.found is True


# --------------------------------------------------------------------------------------
# nearest(lat, lon)
# --------------------------------------------------------------------------------------

NEAREST = [
    pytest.param(48.1114, -1.6796, "35238", "35", "metropole", 1.0, id="rennes-mairie"),
    pytest.param(48.1035, -1.6722, "35238", "35", "metropole", 2.0, id="rennes-gare"),
    pytest.param(49.8945, 2.3022, "80021", "80", "metropole", 2.0, id="amiens-cathedrale"),
    pytest.param(48.0975, -4.2086, "29134", "29", "metropole", 1.0, id="village-locronan"),
    pytest.param(-20.8789, 55.4481, "97411", "974", "reunion", 7.0, id="saint-denis-974"),
    pytest.param(-12.7806, 45.2279, "97611", "976", "mayotte", 5.0, id="mamoudzou"),
    pytest.param(14.6037, -61.0730, "97209", "972", "martinique", 5.0, id="fort-de-france"),
    pytest.param(16.2411, -61.5331, "97120", "971", "guadeloupe", 1.0, id="pointe-a-pitre"),
    pytest.param(
        4.9383,
        -52.3306,
        "97302",
        "973",
        "guyane",
        5.0,
        id="cayenne-place-des-palmistes",
        marks=_bug(
            "La Poste's centre of Cayenne lies at sea (the commune includes the Îles du "
            "Salut), so the town centre is nearer to Rémire-Montjoly's centre"
        ),
    ),
]


@pytest.mark.parametrize(
    ("lat", "lon", "code_insee", "departement", "territoire", "max_km"), NEAREST
)
def test_nearest(gazetteer, lat, lon, code_insee, departement, territoire, max_km):
    place, distance = gazetteer.nearest(lat, lon)
    assert (place.code_insee, place.departement, place.territoire) == (
        code_insee,
        departement,
        territoire,
    )
    assert 0 <= distance < max_km
    assert distance == pytest.approx(haversine_km(lat, lon, place.lat, place.lon), abs=0.01)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        pytest.param(91.0, 0.0, id="lat-above-90"),
        pytest.param(-90.5, 0.0, id="lat-below-minus-90"),
        pytest.param(0.0, 181.0, id="lon-above-180"),
        pytest.param(0.0, -180.5, id="lon-below-minus-180"),
        pytest.param(200.0, 200.0, id="both-out"),
        pytest.param(math.nan, 0.0, id="nan"),
    ],
)
def test_nearest_out_of_range_raises(gazetteer, lat, lon):
    with pytest.raises(ValueError):
        gazetteer.nearest(lat, lon)
