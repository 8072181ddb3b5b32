"""French names of the EU-vocabulary terms the catalogue cites (``term.{IRI}``).

The vendored subset of the EU Vocabularies (``vendor/eu-vocabularies``) is kept verbatim; many
of its concepts are labelled in English only (ADMS publisher types, licences, access rights,
the authority tables themselves). The pages name them in French from here; English pages keep
the vocabulary's own English label, repeated here.
"""

from __future__ import annotations

from iacoll.namespaces import ADMS_LICENCE_TYPE, ADMS_PUBLISHER_TYPE, ADMS_STATUS, NAL


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


PUBLISHER_TYPES = {
    "Academia-ScientificOrganisation": _m(
        "Organisme universitaire ou scientifique", "Academia/Scientific organisation"
    ),
    "Company": _m("Entreprise", "Company"),
    "IndustryConsortium": _m("Consortium industriel", "Industry consortium"),
    "LocalAuthority": _m("Autorité locale", "Local Authority"),
    "NationalAuthority": _m("Autorité nationale", "National authority"),
    "NonGovernmentalOrganisation": _m(
        "Organisation non gouvernementale", "Non-Governmental Organisation"
    ),
    "NonProfitOrganisation": _m("Organisation à but non lucratif", "Non-Profit Organisation"),
    "PrivateIndividual(s)": _m("Particulier(s)", "Private Individual(s)"),
    "RegionalAuthority": _m("Autorité régionale", "Regional authority"),
    "StandardisationBody": _m("Organisme de normalisation", "Standardisation body"),
    "SupraNationalAuthority": _m("Autorité supranationale", "Supra-national authority"),
}

NAL_TERMS = {
    "licence/ETALAB_2_0": _m(
        "Licence Ouverte / Open Licence version 2.0 (Etalab)", "Etalab Open Licence V 2.0"
    ),
    "access-right/PUBLIC": _m("public", "public"),
    "access-right/NON_PUBLIC": _m("non public", "non-public"),
    "access-right/RESTRICTED": _m("restreint", "restricted"),
    "planned-availability/AVAILABLE": _m("disponible", "available"),
    "planned-availability/EXPERIMENTAL": _m("expérimentale", "experimental"),
    "planned-availability/STABLE": _m("stable", "stable"),
    "planned-availability/TEMPORARY": _m("temporaire", "temporary"),
    "distribution-status/COMPLETED": _m("terminée", "completed"),
    "distribution-status/DEPRECATED": _m("obsolète", "deprecated"),
    "distribution-status/DEVELOP": _m("en cours de développement", "under development"),
    "distribution-status/WITHDRAWN": _m("retirée", "withdrawn"),
    "data-theme": _m(
        "Thèmes de données (table d'autorité de l'UE)", "Data theme Named Authority List"
    ),
    "file-type": _m(
        "Types de fichiers (table d'autorité de l'UE)", "File type Named Authority List"
    ),
    "frequency": _m(
        "Fréquences de mise à jour (table d'autorité de l'UE)", "Frequency Named Authority List"
    ),
    "licence": _m("Licences (table d'autorité de l'UE)", "Licence"),
    "country": _m("Pays et territoires (table d'autorité de l'UE)", "Countries and territories"),
}

ADMS_TERMS = {
    ADMS_STATUS.Completed: _m("Terminé", "Completed"),
    ADMS_STATUS.Deprecated: _m("Obsolète", "Deprecated"),
    ADMS_STATUS.UnderDevelopment: _m("En cours de développement", "Under development"),
    ADMS_STATUS.Withdrawn: _m("Retiré", "Withdrawn"),
    ADMS_LICENCE_TYPE.Attribution: _m("Attribution", "Attribution"),
}

MESSAGES: dict[str, dict[str, str]] = {
    **{f"term.{ADMS_PUBLISHER_TYPE[key]}": label for key, label in PUBLISHER_TYPES.items()},
    **{f"term.{NAL[key]}": label for key, label in NAL_TERMS.items()},
    **{f"term.{term}": label for term, label in ADMS_TERMS.items()},
}
