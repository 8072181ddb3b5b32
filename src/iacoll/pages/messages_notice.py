"""Messages of the transparency notices and the inventories (French first, English)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "notice.title": {
        "fr": "Notice d'information sur le traitement algorithmique",
        "en": "Information notice on the algorithmic processing",
    },
    "notice.link": {
        "fr": "Notice d'information (à imprimer ou en PDF)",
        "en": "Information notice (printable, or as PDF)",
    },
    "notice.pdf": {"fr": "Télécharger la notice en PDF", "en": "Download the notice as PDF"},
    "notice.print": {
        "fr": "Imprimez cette page (format A4) ou téléchargez-la en PDF.",
        "en": "Print this page (A4) or download it as PDF.",
    },
    "notice.processing": {"fr": "Traitement", "en": "Processing"},
    "notice.organisation": {"fr": "Administration responsable", "en": "Responsible body"},
    "notice.updated": {"fr": "Informations à jour au", "en": "Information up to date on"},
    "notice.rights.title": {
        "fr": "Vos droits (articles L311-3-1 et R311-3-1-1 du code des relations entre le "
        "public et l'administration)",
        "en": "Your rights (articles L311-3-1 and R311-3-1-1 of the French code of relations "
        "between the public and the administration)",
    },
    "notice.rights.mention": {
        "fr": "Une décision individuelle prise sur le fondement de ce traitement algorithmique "
        "comporte une mention explicite qui vous en informe. Vous avez le droit d'obtenir "
        "communication des règles qui définissent ce traitement et des principales "
        "caractéristiques de sa mise en œuvre.",
        "en": "An individual decision taken on the basis of this algorithmic processing carries "
        "an explicit statement informing you of it. You have the right to obtain the rules "
        "defining the processing and the main characteristics of how it is implemented.",
    },
    "notice.rights.how": {
        "fr": "Pour exercer ce droit, adressez votre demande à",
        "en": "To exercise this right, send your request to",
    },
    "notice.rights.items": {
        "fr": "L'administration vous communique, sous une forme intelligible et sous réserve "
        "des secrets protégés par la loi, les informations suivantes (article R311-3-1-2).",
        "en": "The administration gives you, in an intelligible form and subject to the "
        "secrets protected by law, the following information (article R311-3-1-2).",
    },
    "notice.aiact.title": {
        "fr": "Règlement européen sur l'IA (AI Act)",
        "en": "EU AI Act",
    },
    "notice.aiact.level": {
        "fr": "Niveau de risque du système : {level} (qualification du {date}).",
        "en": "Risk level of the system: {level} (qualified on {date}).",
    },
    "notice.aiact.none": {
        "fr": "Le système n'est pas qualifié au regard du règlement (UE) 2024/1689 : ce n'est "
        "pas un « risque minimal », la qualification manque.",
        "en": "The system is not qualified under Regulation (EU) 2024/1689: this does not mean "
        "“minimal risk”, the qualification is missing.",
    },
    "notice.item.finalite": {
        "fr": "Finalité du traitement",
        "en": "Purpose of the processing",
    },
    "notice.item.contribution": {
        "fr": "1° Le degré et le mode de contribution du traitement algorithmique à la prise "
        "de décision",
        "en": "1° The degree and mode of contribution of the algorithmic processing to the "
        "decision",
    },
    "notice.item.donnees": {
        "fr": "2° Les données traitées et leurs sources",
        "en": "2° The data processed and their sources",
    },
    "notice.item.parametres": {
        "fr": "3° Les paramètres de traitement et, le cas échéant, leur pondération, "
        "appliqués à la situation de l'intéressé",
        "en": "3° The processing parameters and, where applicable, their weighting, applied to "
        "the situation of the person concerned",
    },
    "notice.item.operations": {
        "fr": "4° Les opérations effectuées par le traitement",
        "en": "4° The operations performed by the processing",
    },
    "notice.item.intervention": {
        "fr": "Intervention humaine et contestation",
        "en": "Human intervention and objection",
    },
    "notice.item.contact": {
        "fr": "Service à contacter",
        "en": "Service to contact",
    },
    "notice.missing": {"fr": "non renseigné", "en": "not provided"},
    "notice.on_request": {
        "fr": "communiqué sur demande (information non publique dans iacoll)",
        "en": "given on request (not public in iacoll)",
    },
    "notice.restricted": {"fr": "non publique", "en": "not public"},
    "notice.member": {
        "fr": "Version des membres : les champs marqués « non publique » n'apparaissent pas "
        "dans la notice publique.",
        "en": "Members' version: the fields marked « not public » do not appear in the public "
        "notice.",
    },
    "notice.human": {
        "fr": "Vous pouvez demander qu'un agent de l'administration examine votre situation et "
        "réponde à vos questions sur une décision qui vous concerne.",
        "en": "You may ask an agent of the administration to examine your situation and answer "
        "your questions about a decision concerning you.",
    },
    "notice.complaints.title": {"fr": "Recours", "en": "Remedies"},
    "notice.complaints.cada": {
        "fr": "Si l'administration refuse de vous communiquer ces informations, ou ne vous "
        "répond pas dans un délai d'un mois (son silence vaut refus), vous pouvez saisir la "
        "Commission d'accès aux documents administratifs (CADA, cada.fr) dans les deux mois.",
        "en": "If the administration refuses to give you this information, or does not answer "
        "within one month (its silence counts as a refusal), you may refer the matter to the "
        "Commission for access to administrative documents (CADA, cada.fr) within two months.",
    },
    "notice.complaints.cnil": {
        "fr": "Lorsque le traitement porte sur vos données personnelles, vous pouvez exercer "
        "vos droits auprès de l'administration et adresser une réclamation à la Commission "
        "nationale de l'informatique et des libertés (CNIL, cnil.fr).",
        "en": "Where the processing concerns your personal data, you may exercise your rights "
        "with the administration and lodge a complaint with the French data protection "
        "authority (CNIL, cnil.fr).",
    },
    "notice.complaints.gdpr": {
        "fr": "La fiche indique une automatisation complète de la décision, sans validation "
        "humaine : l'article 22 du règlement général sur la protection des données vous donne "
        "le droit de ne pas faire l'objet d'une décision fondée exclusivement sur un traitement "
        "automatisé, sauf exceptions, et, lorsqu'elle est permise, d'obtenir une intervention "
        "humaine, d'exprimer votre point de vue et de contester la décision.",
        "en": "The record states a full automation of the decision, with no human validation: "
        "article 22 of the General Data Protection Regulation gives you the right not to be "
        "subject to a decision based solely on automated processing, with exceptions, and, "
        "where it is allowed, to obtain human intervention, to express your point of view and "
        "to contest the decision.",
    },
    "notice.checklist.title": {
        "fr": "Ce que la collectivité doit encore renseigner",
        "en": "What the authority still has to provide",
    },
    "notice.checklist.intro": {
        "fr": "Champs de la fiche à compléter pour que la notice soit entière :",
        "en": "Fields of the record to fill for the notice to be whole:",
    },
    "notice.checklist.none": {
        "fr": "Tous les éléments de la notice sont renseignés.",
        "en": "Every item of the notice is provided.",
    },
    "notice.checklist.edit": {"fr": "compléter la fiche", "en": "complete the record"},
    "notice.complete": {"fr": "éléments renseignés", "en": "items provided"},
    "notice.source": {
        "fr": "Notice établie à partir de la fiche publiée dans iacoll, catalogue des systèmes "
        "d'IA des collectivités.",
        "en": "Notice made from the record published in iacoll, the catalogue of the AI "
        "systems of French local authorities.",
    },
    "notice.back": {"fr": "Retour à la fiche", "en": "Back to the record"},
    "inventory.title": {
        "fr": "Inventaire des traitements algorithmiques",
        "en": "Inventory of algorithmic processings",
    },
    "inventory.link": {
        "fr": "Inventaire des traitements algorithmiques et complétude des notices",
        "en": "Inventory of algorithmic processings and completeness of the notices",
    },
    "inventory.intro": {
        "fr": "Publication en ligne des règles des principaux traitements algorithmiques "
        "(article L312-1-3 du code des relations entre le public et l'administration) : les "
        "cas d'usage publiés de l'organisation et la complétude de leur notice d'information.",
        "en": "Online publication of the rules of the main algorithmic processings (article "
        "L312-1-3 of the French code of relations between the public and the "
        "administration): the published use cases of the organisation and how complete their "
        "information notice is.",
    },
    "inventory.case": {"fr": "Cas d'usage", "en": "Use case"},
    "inventory.notice": {"fr": "Notice", "en": "Notice"},
    "inventory.completeness": {"fr": "Complétude", "en": "Completeness"},
    "inventory.items": {"fr": "éléments", "en": "items"},
    "inventory.none": {
        "fr": "Aucun cas d'usage publié pour cette organisation.",
        "en": "No published use case for this organisation.",
    },
    "inventory.total": {"fr": "Ensemble", "en": "Overall"},
    "inventories.title": {
        "fr": "Inventaires des traitements algorithmiques",
        "en": "Inventories of algorithmic processings",
    },
    "inventories.intro": {
        "fr": "Les organisations qui publient des cas d'usage, de la plus complète à la moins "
        "complète : part des éléments de notice renseignés sur l'ensemble de leurs cas d'usage.",
        "en": "The organisations publishing use cases, from the most complete to the least: "
        "share of the notice items provided over all their use cases.",
    },
    "inventories.home": {
        "fr": "Les organisations par complétude de leurs notices de transparence",
        "en": "Organisations by completeness of their transparency notices",
    },
    "inventories.organisation": {"fr": "Organisation", "en": "Organisation"},
    "inventories.cases": {"fr": "Cas d'usage publiés", "en": "Published use cases"},
    "inventories.inventory": {"fr": "Inventaire", "en": "Inventory"},
}
