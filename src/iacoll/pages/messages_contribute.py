"""Messages of the contribution form (« Publier un projet »): headings, hints, buttons, notices.

The hints quote the descriptions of the upstream data model (Bibliothèque d'IA territoriales,
seeds/003_c0a67556ff48aa69.txt lines 599-628) where it gives one.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "publier.title.new": {"fr": "Publier un projet", "en": "Publish a project"},
    "publier.title.edit": {"fr": "Modifier une fiche", "en": "Edit a record"},
    "publier.intro": {
        "fr": "Ce formulaire décrit un usage de l'IA par une collectivité. Tous les champs, à "
        "l'exception de ceux marqués « (non publique) », seront accessibles publiquement ; les "
        "champs non publics ne sont montrés qu'aux membres connectés. La contribution est "
        "relue par un modérateur avant publication.",
        "en": "This form describes a use of AI by a local authority. Every field except those "
        'marked "(not public)" will be publicly available; non-public fields are shown to '
        "signed-in members only. A moderator reviews the contribution before publication.",
    },
    "publier.required.legend": {
        "fr": "Les champs marqués d'un astérisque (*) sont obligatoires pour soumettre à la "
        "modération ; un brouillon peut rester incomplet.",
        "en": "Fields marked with an asterisk (*) are required to submit for moderation; a "
        "draft may stay incomplete.",
    },
    "publier.required": {"fr": "obligatoire", "en": "required"},
    "publier.restricted": {"fr": "(non publique)", "en": "(not public)"},
    "publier.group.organisation": {"fr": "Collectivité", "en": "Local authority"},
    "publier.group.projet": {"fr": "Projet", "en": "Project"},
    "publier.group.algorithme": {"fr": "Algorithme", "en": "Algorithm"},
    "publier.group.gouvernance": {"fr": "Gouvernance de l'IA", "en": "AI governance"},
    "publier.group.empreinte": {
        "fr": "Empreinte environnementale (chiffrée)",
        "en": "Environmental footprint (in figures)",
    },
    "publier.organisation": {"fr": "Organisation porteuse", "en": "Carrying organisation"},
    "publier.organisation.hint": {
        "fr": "Vous publiez au nom de l'une des organisations de votre compte.",
        "en": "You publish on behalf of one of your account's organisations.",
    },
    "publier.organisation.none": {
        "fr": "Votre compte n'est rattaché à aucune organisation : demandez à un administrateur "
        "de vous rattacher à votre collectivité (par son SIREN) avant de publier.",
        "en": "Your account belongs to no organisation: ask an administrator to attach you to "
        "your local authority (by its SIREN) before publishing.",
    },
    "publier.organisation.fill": {
        "fr": "Remplir avec les données de l'organisation",
        "en": "Fill in with the organisation's data",
    },
    "publier.organisation.not_member": {
        "fr": "Vous n'êtes pas membre de cette organisation : choisissez l'une des organisations "
        "de votre compte, ou demandez à un administrateur de vous y rattacher.",
        "en": "You are not a member of this organisation: choose one of your account's "
        "organisations, or ask an administrator to attach you to it.",
    },
    "publier.choose": {"fr": "— Choisir —", "en": "— Choose —"},
    "publier.save": {"fr": "Enregistrer le brouillon", "en": "Save the draft"},
    "publier.submit": {"fr": "Soumettre à la modération", "en": "Submit for moderation"},
    "publier.preview": {"fr": "Voir l'aperçu", "en": "Preview"},
    "publier.preview.title": {
        "fr": "Aperçu de la page publique",
        "en": "Preview of the public page",
    },
    "publier.preview.intro": {
        "fr": "Voici ce que le public verra une fois la fiche publiée ; les champs non publics "
        "n'y figurent pas. Rien n'est enregistré tant que vous n'avez pas cliqué sur un bouton "
        "d'enregistrement.",
        "en": "This is what the public will see once the record is published; non-public "
        "fields are not shown. Nothing is saved until you press a save button.",
    },
    "publier.preview.empty": {"fr": "Non renseigné", "en": "Not stated"},
    "publier.summary.title": {
        "fr": "Le formulaire contient des erreurs",
        "en": "The form contains errors",
    },
    "publier.summary.intro": {
        "fr": "Corrigez les champs suivants ; vos saisies ont été conservées.",
        "en": "Correct the following fields; what you typed has been kept.",
    },
    "publier.not_saved": {
        "fr": "Rien n'a été enregistré.",
        "en": "Nothing was saved.",
    },
    "publier.draft_problems": {
        "fr": "Le brouillon est enregistré, mais il faudra compléter ou corriger ces champs avant "
        "de le soumettre à la modération :",
        "en": "The draft is saved, but these fields must be completed or corrected before "
        "submitting it for moderation:",
    },
    "publier.stale": {
        "fr": "Quelqu'un a publié une nouvelle version de cette fiche pendant que vous la "
        "modifiiez. Rien n'a été enregistré et vos saisies sont conservées ci-dessous : "
        "ouvrez la version publiée dans un autre onglet, reportez-y vos changements, puis "
        "enregistrez à nouveau.",
        "en": "Someone published a new version of this record while you were editing it. "
        "Nothing was saved and what you typed is kept below: open the published version in "
        "another tab, carry your changes over, then save again.",
    },
    "publier.stale.open": {
        "fr": "Voir la version publiée (nouvel onglet)",
        "en": "See the published version (new tab)",
    },
    "publier.saved.brouillon": {
        "fr": "Le brouillon est enregistré. Vous pouvez le reprendre plus tard.",
        "en": "The draft is saved. You can come back to it later.",
    },
    "publier.saved.soumis": {
        "fr": "La fiche est soumise à la modération. Elle sera publiée après relecture.",
        "en": "The record is submitted for moderation. It will be published after review.",
    },
    "publier.state": {"fr": "État de la version", "en": "State of the revision"},
    "publier.state.brouillon": {"fr": "brouillon", "en": "draft"},
    "publier.state.soumis": {"fr": "soumise à la modération", "en": "submitted"},
    "publier.state.publie": {"fr": "publiée", "en": "published"},
    "publier.state.modifications-demandees": {
        "fr": "modifications demandées",
        "en": "changes requested",
    },
    "publier.state.rejete": {"fr": "rejetée", "en": "rejected"},
    "publier.state.retire": {"fr": "retirée", "en": "withdrawn"},
    "publier.state.remplace": {"fr": "remplacée", "en": "replaced"},
    "publier.revision": {"fr": "version", "en": "revision"},
    "publier.error.label": {"fr": "Erreur :", "en": "Error:"},
    "publier.colon": {"fr": " : ", "en": ": "},
    "publier.quoted.open": {"fr": "«\u00a0", "en": "“"},
    "publier.quoted.close": {"fr": "\u00a0»", "en": "”"},
    "publier.general": {"fr": "Fiche", "en": "Record"},
    # Hints under the fields (upstream descriptions where the model gives one).
    "publier.hint.coll_nom": {
        "fr": "Nom de la collectivité ou de l'organisation porteuse du projet.",
        "en": "Name of the local authority or organisation carrying the project.",
    },
    "publier.hint.coll_siret": {
        "fr": "14 chiffres : les 9 du SIREN puis les 5 du NIC, d'un seul tenant (les espaces "
        "sont acceptés).",
        "en": "14 digits: the 9 of the SIREN then the 5 of the NIC (spaces are accepted).",
    },
    "publier.hint.latitude": {
        "fr": "Position du siège, en degrés décimaux (WGS 84), par exemple 48.8566.",
        "en": "Position of the head office, in decimal degrees (WGS 84), e.g. 48.8566.",
    },
    "publier.hint.longitude": {
        "fr": "En degrés décimaux (WGS 84), par exemple 2.3522.",
        "en": "In decimal degrees (WGS 84), e.g. 2.3522.",
    },
    "publier.hint.image_url": {
        "fr": "Adresse (https://…) du logo de la collectivité porteuse du projet.",
        "en": "Address (https://…) of the carrying authority's logo.",
    },
    "publier.hint.nom_projet": {
        "fr": "Nom du projet ou du service déployé.",
        "en": "Name of the project or of the service deployed.",
    },
    "publier.hint.projet_date": {
        "fr": "Au format MM/AAAA ou JJ/MM/AAAA.",
        "en": "As MM/YYYY or DD/MM/YYYY.",
    },
    "publier.hint.partenaires": {
        "fr": "Partenaires académiques, experts, techniques ou financeurs : un par ligne.",
        "en": "Academic, expert, technical partners or funders: one per line.",
    },
    "publier.hint.projet_contact": {
        "fr": "Adresse électronique du service (pas d'adresse nominative).",
        "en": "Email address of the service (not a personal address).",
    },
    "publier.hint.financement": {
        "fr": "Le guichet de financement du projet.",
        "en": "The funding scheme of the project.",
    },
    "publier.hint.usage_description": {
        "fr": "À quoi sert ce service ? Quels bénéfices attendus ?",
        "en": "What is this service for? What benefits are expected?",
    },
    "publier.hint.theme": {
        "fr": "Quelle grande politique publique est adressée par ce cas d'usage.",
        "en": "Which major public policy this use case addresses.",
    },
    "publier.hint.sous_theme": {
        "fr": "Sélectionnez un ou deux sous-thèmes.",
        "en": "Select one or two sub-themes.",
    },
    "publier.hint.url_infos": {
        "fr": "Page du projet ou du service (https://…) ; une adresse par ligne.",
        "en": "Page of the project or service (https://…); one address per line.",
    },
    "publier.hint.url_ressources": {
        "fr": "Code, jeu de données ou modèle (https://…) ; une adresse par ligne.",
        "en": "Code, dataset or model (https://…); one address per line.",
    },
    "publier.hint.date": {
        "fr": "Date de mise à jour des informations. Laissée telle quelle, elle devient la "
        "date du jour lorsque vous modifiez la fiche.",
        "en": "Date the information was updated. Left as it is, it becomes today's date when "
        "you change the record.",
    },
    "publier.hint.nom_algorithme": {
        "fr": "S'il n'en a pas, indiquez la décision mise en œuvre. Exemple : demande "
        "d'attribution en crèche.",
        "en": "If it has none, state the decision it implements. Example: a nursery place "
        "application.",
    },
    "publier.hint.algorithme_description": {
        "fr": "À quoi sert cet algorithme ? Quelles sont les tâches à accomplir ?",
        "en": "What is this algorithm for? Which tasks does it perform?",
    },
    "publier.hint.algorithme_operations": {
        "fr": "Donnez des détails sur les opérations techniques effectuées par l'algorithme.",
        "en": "Give details of the technical operations the algorithm performs.",
    },
    "publier.hint.donnees_source": {
        "fr": "Qui fournit les données ?",
        "en": "Who provides the data?",
    },
    "publier.hint.donnees_acces": {
        "fr": "Comment les données sont-elles collectées ? Comment sont-elles mises à jour ?",
        "en": "How are the data collected? How are they updated?",
    },
    "publier.hint.herbergement": {
        "fr": "Comment sont hébergées les données.",
        "en": "How the data are hosted.",
    },
    "publier.hint.impact_environnement": {
        "fr": "Le score ou l'impact environnemental du service (par exemple Green Algorithms), "
        "voire les mesures déployées pour le compenser.",
        "en": "The environmental score or impact of the service (e.g. Green Algorithms), or "
        "the measures taken to offset it.",
    },
    "publier.hint.empreinte_energie": {
        "fr": "Énergie consommée en kilowattheures (kWh), telle que l'outil de mesure la donne ; "
        "virgule ou point pour les décimales (par exemple 15 ou 2,5). Convertissez les Wh : "
        "1 000 Wh = 1 kWh.",
        "en": "Energy used in kilowatt-hours (kWh), as the measuring tool gives it; comma or "
        "point for decimals (e.g. 15 or 2.5). Convert Wh: 1,000 Wh = 1 kWh.",
    },
    "publier.hint.empreinte_emissions": {
        "fr": "Émissions de gaz à effet de serre en kilogrammes d'équivalent CO₂ (kg CO₂e) ; "
        "convertissez les grammes : 1 000 g = 1 kg.",
        "en": "Greenhouse-gas emissions in kilograms of CO₂ equivalent (kg CO₂e); convert grams: "
        "1,000 g = 1 kg.",
    },
    "publier.hint.empreinte_perimetre": {
        "fr": "Ce que couvrent les deux valeurs : l'entraînement des modèles, leur utilisation "
        "(inférence), une requête ou une année. Laissez vide si vous ne le savez pas.",
        "en": "What both values cover: training the models, using them (inference), one "
        "request or one year. Leave empty if you do not know.",
    },
    "publier.hint.empreinte_entrainements": {
        "fr": "Nombre de sessions d'entraînement que couvrent les mesures.",
        "en": "Number of training runs the measurements cover.",
    },
    "publier.hint.empreinte_compensation": {
        "fr": "Les mesures déployées pour réduire ou compenser l'impact.",
        "en": "The measures taken to reduce or offset the impact.",
    },
    "publier.hint.empreinte_equivalence": {
        "fr": "Un équivalent parlant de l'impact (par exemple « 1 AR Paris/Metz en train »).",
        "en": "A telling equivalent of the impact (e.g. \u201cone Paris–Metz return trip by "
        "train\u201d).",
    },
    "publier.hint.empreinte_pratiques": {
        "fr": "Les 15 bonnes pratiques de l'AFNOR SPEC « IA frugale » (juin 2025) : cochez celles "
        "que le projet applique.",
        "en": "The 15 good practices of the AFNOR SPEC \u201cIA frugale\u201d (June 2025): tick "
        "those the project applies.",
    },
    "publier.hint.empreinte_publique": {
        "fr": "Comme le champ amont « Évaluation de l'impact environnemental », l'empreinte est "
        "réservée aux membres ; cochez pour la publier sur la fiche publique.",
        "en": "Like the upstream field \u201cEnvironmental impact assessment\u201d, the "
        "footprint is for members only; tick to publish it on the public record.",
    },
}
