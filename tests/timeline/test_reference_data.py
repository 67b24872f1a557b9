import pycountry
import pytest

from dtl.domain import cameo
from dtl.domain.actors import ActorKind, registry
from dtl.domain.catalogue import CATALOGUE, FAMILIES, Effect
from dtl.domain.errors import InvalidInput

REQUIRED_ORGS = ["NATO", "EU", "UN", "UNSC", "COE", "OSCE", "G7", "G20", "OPEC", "ASEAN", "AU",
                 "LAS", "GCC", "OIC", "SCO", "BRICS", "CSTO"]  # fmt: skip


def test_every_iso_state_is_an_actor_by_its_alpha3_code():
    actors = registry()
    for country in pycountry.countries:
        assert actors.resolve(country.alpha_3).kind is ActorKind.STATE


@pytest.mark.parametrize("code", REQUIRED_ORGS)
def test_the_curated_organisations_are_known(code):
    assert registry().resolve(code).is_organisation


def test_groups_are_neither_states_nor_organisations():
    for code in ("HAMAS", "HEZBOLLAH"):
        assert registry().resolve(code).kind is ActorKind.GROUP


def test_aliases_and_cameo_codes_resolve_to_the_same_actor():
    actors = registry()
    assert actors.resolve("Arab League").code == "LAS"
    assert actors.resolve("IGOWSTNAT").code == "NATO"
    assert actors.resolve("turkey").code == "TUR"


def test_an_unknown_code_is_refused_with_the_closest_known_codes():
    with pytest.raises(InvalidInput) as caught:
        registry().resolve("TURR", "target")
    assert caught.value.field == "target"
    assert "TUR" in caught.value.message


def test_the_codebook_leaves_out_the_lookup_table_artefacts():
    book = cameo.codebook()
    assert "0811i" not in book and "138i" not in book
    with pytest.raises(KeyError, match="artefact"):
        cameo.lookup("0811i")
    assert cameo.lookup("0811").label.startswith("Ease restrictions")


def test_cameo_163_to_166_follow_the_manual():
    assert cameo.lookup("163").label == "Impose embargo, boycott, or sanctions"
    assert cameo.lookup("166").label == "Expel or withdraw"


@pytest.mark.parametrize(
    ("code", "quad"), [("010", 1), ("057", 1), ("061", 2), ("129", 3), ("163", 4), ("204", 4)]
)
def test_quad_class_follows_gdelt_by_root(code, quad):
    assert cameo.quad_class(code) == quad


def test_every_catalogue_entry_has_a_real_cameo_code_and_a_consistent_shape():
    for kind in CATALOGUE.values():
        assert cameo.lookup(kind.cameo_code).goldstein == kind.goldstein
        if kind.effect is Effect.INSTANT:
            assert kind.aspect is None
        else:
            assert kind.aspect is not None
        if kind.effect is Effect.OPEN:
            assert kind.status is not None or kind.status_from is not None, kind.name


def test_every_opened_aspect_can_be_closed_by_some_action():
    opened = {k.aspect for k in CATALOGUE.values() if k.effect is Effect.OPEN}
    closed = {k.aspect for k in CATALOGUE.values() if k.effect is Effect.CLOSE}
    closed |= {a for k in CATALOGUE.values() for a in k.closes_too}
    assert opened <= closed


def test_the_catalogue_covers_the_families_the_analysts_asked_for():
    assert set(FAMILIES) == {
        "membership", "partnership", "trade", "diplomatic", "representation", "recognition", "treaties",
        "demands", "instants",
    }


def test_the_states_read_from_pycountrys_data_file_are_exactly_pycountrys_countries():
    from dtl.domain.actors import _iso_3166_countries

    ours = {(c["alpha_3"], c["name"], c.get("official_name")) for c in _iso_3166_countries()}
    theirs = {(c.alpha_3, c.name, getattr(c, "official_name", None)) for c in pycountry.countries}
    assert ours == theirs
