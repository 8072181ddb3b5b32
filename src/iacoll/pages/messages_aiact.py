"""Messages of the « Règles de qualification AI Act » page (rules as data, aiact/*.toml)."""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "aiact.title": _m("Règles de qualification AI Act", "AI Act qualification rules"),
    "aiact.home": _m(
        "les questions, règles, obligations et dates qui qualifient un système au regard de "
        "l'AI Act, avec leurs sources",
        "the questions, rules, obligations and dates that qualify a system under the AI Act, "
        "with their sources",
    ),
    "aiact.intro": _m(
        "Comment iacoll propose un niveau de risque au sens du règlement (UE) 2024/1689 (AI "
        "Act) et les obligations qui en découlent pour une collectivité qui déploie un système "
        "d'IA. Ces tables versionnées (dossier aiact/ du dépôt) sont celles qu'applique "
        "« iacoll qualify » ; chaque règle cite l'article, le point d'annexe ou le considérant "
        "dont elle découle. Une réponse « je ne sais pas » rend la qualification « à préciser » "
        "et dit ce qu'il faut établir. Le résultat est une aide, pas un avis juridique.",
        "How iacoll proposes a risk level under Regulation (EU) 2024/1689 (AI Act) and the "
        "obligations that follow for an authority deploying an AI system. These versioned "
        "tables (the repository's aiact/ folder) are the ones “iacoll qualify” applies; each "
        "rule cites the article, annex point or recital it comes from. An answer “I don't "
        "know” makes the qualification “to be settled” and says what to find out. The result "
        "is an aid, not legal advice.",
    ),
    "aiact.version": _m("Version des tables", "Table versions"),
    "aiact.levels": _m("Niveaux", "Levels"),
    "aiact.level": _m("Niveau", "Level"),
    "aiact.level_iri": _m("Niveau eu-aiact (DPV)", "eu-aiact level (DPV)"),
    "aiact.concept": _m("Concept iacoll", "iacoll concept"),
    "aiact.questions": _m("Questions", "Questions"),
    "aiact.question": _m("Question", "Question"),
    "aiact.asked_if": _m("posée si", "asked if"),
    "aiact.prefill": _m("Prérempli depuis", "Prefilled from"),
    "aiact.rules": _m("Règles", "Rules"),
    "aiact.priority": _m("Priorité", "Priority"),
    "aiact.conditions": _m("Conditions", "Conditions"),
    "aiact.clause": _m("Clause", "Clause"),
    "aiact.reasoning": _m("Raisonnement", "Reasoning"),
    "aiact.sources": _m("Sources", "Sources"),
    "aiact.note": _m("note", "note"),
    "aiact.unless": _m("sauf", "unless"),
    "aiact.exceptions": _m("Exceptions", "Exceptions"),
    "aiact.obligations": _m(
        "Obligations du déployeur public", "Obligations of the public deployer"
    ),
    "aiact.obligation": _m("Obligation", "Obligation"),
    "aiact.applies_to": _m("S'applique à", "Applies to"),
    "aiact.date": _m("Date d'application", "Date of application"),
    "aiact.dates": _m("Dates d'application", "Dates of application"),
    "aiact.in_force": _m("en vigueur", "in force"),
    "aiact.amendments": _m("Modifications du règlement", "Amendments of the Regulation"),
    "aiact.amendment_status": _m("Statut", "Status"),
    "aiact.amendment_applied": _m("appliquée par le moteur", "applied by the engine"),
    "aiact.amendment_not_applied": _m(
        "non appliquée : les dates du texte de 2024 restent celles du moteur",
        "not applied: the 2024 text's dates remain the engine's",
    ),
    "aiact.announced": _m("Dates annoncées", "Announced dates"),
    # « Qualifier un système » (/aiact/qualifier, web/aiact_form.py)
    "aiact.q.title": _m(
        "Qualifier un système au regard de l'AI Act", "Qualify a system under the AI Act"
    ),
    "aiact.q.record": _m("Fiche", "Record"),
    "aiact.q.system": _m("Système d'IA", "AI system"),
    "aiact.q.intro": _m(
        "Répondez aux questions : celles que la fiche renseigne déjà sont préremplies (vous "
        "pouvez changer la réponse). « Je ne sais pas » est une réponse admise : la "
        "qualification est alors « à préciser » et la page dit ce qu'il faut établir. Le "
        "résultat est une aide, pas un avis juridique ; les règles appliquées sont publiées.",
        "Answer the questions: those the record already answers are prefilled (you may change "
        "the answer). “I don't know” is a valid answer: the qualification is then “to be "
        "settled” and the page says what to find out. The result is an aid, not legal advice; "
        "the rules applied are published.",
    ),
    "aiact.q.rules": _m("Règles appliquées", "Rules applied"),
    "aiact.q.questions": _m("Questions", "Questions"),
    "aiact.q.waiting": _m(
        "questions suivront selon vos réponses : cliquez sur « Mettre à jour les questions ».",
        "questions will follow from your answers: press “Update the questions”.",
    ),
    "aiact.q.update": _m("Mettre à jour les questions", "Update the questions"),
    "aiact.q.submit": _m("Voir le résultat", "See the result"),
    "aiact.q.serves": _m("Article", "Article"),
    "aiact.answer.oui": _m("Oui", "Yes"),
    "aiact.answer.non": _m("Non", "No"),
    "aiact.answer.nsp": _m("Je ne sais pas", "I don't know"),
    "aiact.group.champ": _m("Champ et contexte", "Scope and context"),
    "aiact.group.interdictions": _m(
        "Pratiques interdites (article 5)", "Prohibited practices (Article 5)"
    ),
    "aiact.group.annexe-i": _m("Produits réglementés (annexe I)", "Regulated products (Annex I)"),
    "aiact.group.annexe-iii": _m(
        "Domaines à haut risque (annexe III)", "High-risk areas (Annex III)"
    ),
    "aiact.group.derogation": _m("Exceptions de l'article 6(3)", "Article 6(3) exceptions"),
    "aiact.group.transparence": _m("Transparence (article 50)", "Transparency (Article 50)"),
    "aiact.group.gpai": _m(
        "Modèle d'IA à usage général (chapitre V)", "General-purpose AI model (Chapter V)"
    ),
    "aiact.group.decisions": _m(
        "Décisions individuelles (RGPD, CRPA)", "Individual decisions (GDPR, CRPA)"
    ),
    "aiact.r.title": _m("Résultat", "Result"),
    "aiact.r.level": _m("Niveau proposé", "Proposed level"),
    "aiact.r.unsettled": _m("À préciser", "To be settled"),
    "aiact.r.provisional": _m("Niveau provisoire", "Provisional level"),
    "aiact.r.out_of_scope": _m("hors du champ de l'AI Act", "outside the AI Act"),
    "aiact.r.clause": _m("Clause de l'annexe", "Annex clause"),
    "aiact.r.to_find": _m("À établir", "To find out"),
    "aiact.r.reasoning": _m("Raisonnement", "Reasoning"),
    "aiact.r.obligations": _m(
        "Obligations du déployeur public", "Obligations of the public deployer"
    ),
    "aiact.r.provisional_mark": _m("provisoire", "provisional"),
    "aiact.r.no_obligations": _m(
        "Aucune obligation de l'AI Act pour le déployeur.",
        "No AI Act obligation for the deployer.",
    ),
    "aiact.r.applies": _m("s'applique depuis le", "applies from"),
    "aiact.r.in_force": _m("en vigueur", "in force"),
    "aiact.s.save": _m("Enregistrer cette qualification", "Save this qualification"),
    "aiact.s.save_member": _m(
        "La qualification sera enregistrée comme auto-déclaration de votre organisation dans "
        "une nouvelle révision de la fiche, soumise aux modérateurs comme les modifications du "
        "formulaire ; les qualifications précédentes restent dans l'historique.",
        "The qualification will be saved as your organisation's self-declaration in a new "
        "revision of the record, submitted to the moderators like the form's changes; earlier "
        "qualifications stay in the history.",
    ),
    "aiact.s.save_moderator": _m(
        "En tant que modérateur, vous publiez la qualification comme revue éditoriale dans une "
        "nouvelle révision de la fiche ; les qualifications précédentes restent dans "
        "l'historique.",
        "As a moderator, you publish the qualification as an editorial review in a new revision "
        "of the record; earlier qualifications stay in the history.",
    ),
    "aiact.s.not.a-preciser": _m(
        "Cette qualification ne peut pas être enregistrée : elle est à préciser. Établissez ce "
        "qui manque, répondez aux questions correspondantes, puis enregistrez.",
        "This qualification cannot be saved: it is still to be settled. Find out what is "
        "missing, answer the questions concerned, then save.",
    ),
    "aiact.s.not.hors-champ": _m(
        "Cette qualification ne peut pas être enregistrée : le système est hors du champ de "
        "l'AI Act, qui n'a pas de niveau de risque à lui donner.",
        "This qualification cannot be saved: the system is outside the AI Act, which has no "
        "risk level to give it.",
    ),
    "aiact.s.sign_in": _m(
        "Les membres de l'organisation qui porte la fiche, et les modérateurs, peuvent "
        "enregistrer la qualification une fois connectés.",
        "Members of the organisation carrying the record, and moderators, may save the "
        "qualification once signed in.",
    ),
    "aiact.s.submitted": _m(
        "Qualification enregistrée et soumise aux modérateurs : elle paraîtra sur la fiche une "
        "fois la révision publiée. Suivez-la dans « Mes fiches ».",
        "Qualification saved and submitted to the moderators: it will show on the record once "
        "the revision is published. Follow it in “My records”.",
    ),
    "aiact.s.rejected": _m(
        "La fiche qualifiée n'est pas conforme : rien n'a été enregistré.",
        "The qualified record does not conform: nothing was saved.",
    ),
    "aiact.s.back": _m("Retour à la fiche", "Back to the record"),
    "aiact.s.mine": _m("Mes fiches", "My records"),
}
