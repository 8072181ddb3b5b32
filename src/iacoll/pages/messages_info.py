"""Interface messages of the pages a French public website has (« Publier un projet »,
« À propos », « Contact », « Mentions légales », « Accessibilité ») and of the error report
form (« Signaler une erreur »).

Quotations of the seed documents are given in French in both languages (they are quotations),
marked ``lang="fr"`` by the templates.
"""

from __future__ import annotations


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


PUBLISH: dict[str, dict[str, str]] = {
    "info.publish.title": _m("Publier un projet", "Publish a project"),
    "info.publish.intro": _m(
        "iacoll recense les usages de l'intelligence artificielle des collectivités "
        "territoriales. Il reprend le modèle de données de la Bibliothèque d'IA territoriales, "
        "qui permet",
        "iacoll lists the uses of artificial intelligence by French local authorities. It "
        "follows the data model of the Bibliothèque d'IA territoriales, which lets",
    ),
    "info.publish.intro.quote": _m(
        "aux agents de documenter et qualifier eux-mêmes leurs cas d'usages d'IA",
        "aux agents de documenter et qualifier eux-mêmes leurs cas d'usages d'IA",
    ),
    "info.publish.intro.translation": _m(
        "", "(agents document and qualify their own AI use cases)"
    ),
    "info.publish.who": _m("Qui peut publier ?", "Who can publish?"),
    "info.publish.who.agents": _m(
        "Les agents des collectivités territoriales et de leurs groupements "
        "(intercommunalités, syndicats…) publient les projets de leur organisation.",
        "Staff of local authorities and of their groupings (inter-municipal bodies, "
        "syndicates…) publish the projects of their organisation.",
    ),
    "info.publish.who.siren": _m(
        "Chaque compte est rattaché à une ou plusieurs organisations, reconnues par leur numéro "
        "SIREN : un contributeur ne modifie que les fiches de ses organisations.",
        "Each account is attached to one or more organisations, identified by their SIREN "
        "number: a contributor edits only the records of their organisations.",
    ),
    "info.publish.who.accounts": _m(
        "Les comptes sont créés par les modérateurs du site. Lorsque le site l'a activée, la "
        "connexion par ProConnect, le service d'identification des agents publics, ouvre aussi "
        "l'accès.",
        "Accounts are created by the site's moderators. When the site has enabled it, signing "
        "in with ProConnect, the identity service of French public servants, also gives access.",
    ),
    "info.publish.who.signin": _m("Se connecter", "Sign in"),
    "info.publish.who.noaccount": _m(
        "Pas encore de compte ? Demandez-en un aux modérateurs :",
        "No account yet? Ask the moderators for one:",
    ),
    "info.publish.how": _m("Comment publier ?", "How to publish?"),
    "info.publish.how.form": _m(
        "Par le formulaire en ligne, champ par champ ; un brouillon incomplet peut être "
        "enregistré et repris plus tard.",
        "With the online form, field by field; an incomplete draft can be saved and resumed later.",
    ),
    "info.publish.how.form.link": _m("Ouvrir le formulaire", "Open the form"),
    "info.publish.how.api": _m(
        "Par l'API JSON, avec un jeton d'accès personnel : une fiche en JSON-LD, ou en JSON avec "
        "les noms de champs de la Bibliothèque d'IA territoriales.",
        "Through the JSON API, with a personal access token: a record as JSON-LD, or as JSON "
        "with the field names of the Bibliothèque d'IA territoriales.",
    ),
    "info.publish.how.api.link": _m("Documentation de l'API", "API documentation"),
    "info.publish.how.file": _m(
        "Par un fichier CSV ou XLSX au format de la Bibliothèque d'IA territoriales, une ligne "
        "par projet : un rapport ligne par ligne dit ce qui sera importé ou refusé avant que "
        "rien ne soit enregistré.",
        "With a CSV or XLSX file in the format of the Bibliothèque d'IA territoriales, one row "
        "per project: a row-by-row report says what will be imported or refused before anything "
        "is saved.",
    ),
    "info.publish.public": _m(
        "Ce qui est public, ce qui ne l'est pas", "What is public and what is not"
    ),
    "info.publish.public.upstream": _m(
        "Comme sur le formulaire de la Bibliothèque d'IA territoriales :",
        "As on the form of the Bibliothèque d'IA territoriales:",
    ),
    "info.publish.public.quote": _m(
        'tous les champs, à l\'exception de ceux marqués comme "(non publique)", seront '
        "accessibles publiquement",
        'tous les champs, à l\'exception de ceux marqués comme "(non publique)", seront '
        "accessibles publiquement",
    ),
    "info.publish.public.translation": _m(
        "", "(every field, except those marked “(non publique)”, will be public)"
    ),
    "info.publish.public.members": _m(
        "Les champs non publics ne sont visibles que des membres connectés (agents, élus et "
        "membres du réseau) : jamais sur les pages publiques, dans les téléchargements ni par le "
        "point d'accès SPARQL public.",
        "Non-public fields are visible only to signed-in members (staff, elected officials and "
        "members of the network): never on public pages, in downloads or through the public "
        "SPARQL endpoint.",
    ),
    "info.publish.public.fields": _m("Champs publics", "Public fields"),
    "info.publish.restricted.fields": _m("Champs non publics", "Non-public fields"),
    "info.publish.restricted.mark": _m("(non publique)", "(not public)"),
    "info.publish.moderation": _m("Validation avant publication", "Checked before publication"),
    "info.publish.moderation.upstream": _m(
        "Comme dans la Bibliothèque d'IA territoriales :",
        "As in the Bibliothèque d'IA territoriales:",
    ),
    "info.publish.moderation.quote": _m(
        "La contribution fera l'objet d'une validation avant publication.",
        "La contribution fera l'objet d'une validation avant publication.",
    ),
    "info.publish.moderation.translation": _m(
        "", "(each contribution is checked before it is published)"
    ),
    "info.publish.moderation.steps": _m(
        "Une fiche est d'abord un brouillon, puis elle est soumise aux modérateurs, qui la "
        "publient, demandent des modifications (avec un commentaire) ou la refusent. Seules les "
        "fiches publiées apparaissent sur le site, dans la recherche, le point d'accès SPARQL et "
        "les téléchargements.",
        "A record is first a draft, then it is submitted to the moderators, who publish it, "
        "request changes (with a comment) or reject it. Only published records appear on the "
        "site, in the search, the SPARQL endpoint and the downloads.",
    ),
    "info.publish.report": _m(
        "Une erreur dans une fiche publiée ? Suivez le lien « Signaler une erreur » de sa page : "
        "aucun compte n'est nécessaire.",
        "An error in a published record? Follow the « Signaler une erreur » (report an error) "
        "link on its page: no account is needed.",
    ),
    "info.sources": _m("Sources des citations :", "Sources of the quotations:"),
}

ABOUT: dict[str, dict[str, str]] = {
    "info.about.title": _m("À propos", "About"),
    "info.about.what": _m(
        "iacoll est le catalogue en données ouvertes liées des systèmes d'intelligence "
        "artificielle et des initiatives de gouvernance de l'IA des collectivités territoriales "
        "françaises. Chaque fiche a une adresse permanente et se lit en page web ou en RDF ; le "
        "catalogue s'interroge en SPARQL, se télécharge en entier et se moissonne en DCAT-AP.",
        "iacoll is the linked-open-data catalogue of the artificial-intelligence systems and "
        "AI-governance initiatives of French local authorities. Every record has a permanent "
        "address and reads as a web page or as RDF; the catalogue answers SPARQL queries, can "
        "be downloaded whole and harvested as DCAT-AP.",
    ),
    "info.about.data": _m("D'où viennent les données", "Where the data comes from"),
    "info.about.data.model": _m(
        "Le modèle de données est celui de la Bibliothèque d'IA territoriales, conçue par les "
        "Interconnectés avec des agents de collectivités, Ecolab et la Banque des Territoires.",
        "The data model is that of the Bibliothèque d'IA territoriales, built by Les "
        "Interconnectés with staff of local authorities, Ecolab and the Banque des Territoires.",
    ),
    "info.about.data.seed": _m(
        "Les premières fiches ont été relevées dans cinq documents publics ; chaque fiche cite "
        "le document dont viennent ses informations :",
        "The first records were taken from five public documents; each record cites the "
        "document its information comes from:",
    ),
    "info.about.data.contributions": _m(
        "Les fiches suivantes sont publiées par les collectivités elles-mêmes, après validation "
        "par les modérateurs.",
        "Later records are published by the local authorities themselves, once checked by the "
        "moderators.",
    ),
    "info.about.licence": _m("Licence des données", "Licence of the data"),
    "info.about.licence.text": _m(
        "Les données publiques du catalogue sont diffusées sous la",
        "The public data of the catalogue is published under the",
    ),
    "info.about.licence.name": _m("Licence Ouverte Etalab 2.0", "Etalab Open Licence 2.0"),
    "info.about.licence.reuse": _m(
        "Vous pouvez les réutiliser librement, y compris commercialement, en citant la source "
        "(iacoll) et la date de mise à jour.",
        "You may reuse it freely, commercially too, citing the source (iacoll) and the date it "
        "was last updated.",
    ),
    "info.about.licence.where": _m(
        "Téléchargements et description du jeu de données :",
        "Downloads and description of the dataset:",
    ),
    "info.about.code": _m("Code source", "Source code"),
    "info.about.code.licence": _m(
        "Le logiciel iacoll est un logiciel libre, sous licence publique de l'Union européenne "
        "(EUPL 1.2).",
        "The iacoll software is free software, under the European Union Public Licence (EUPL 1.2).",
    ),
    "info.about.code.where": _m("Dépôt du code source :", "Source code repository:"),
    "info.about.code.unset": _m(
        "L'adresse du dépôt n'a pas encore été renseignée par l'exploitant du site.",
        "The operator of the site has not yet given the address of the repository.",
    ),
}

CONTACT: dict[str, dict[str, str]] = {
    "info.contact.title": _m("Contact", "Contact"),
    "info.contact.intro": _m(
        "Le catalogue est tenu par une équipe de modérateurs, qui valident les fiches avant leur "
        "publication et traitent les signalements.",
        "The catalogue is kept by a team of moderators, who check records before they are "
        "published and deal with error reports.",
    ),
    "info.contact.email": _m("Pour écrire aux modérateurs :", "To write to the moderators:"),
    "info.contact.none": _m(
        "Le site n'a pas encore d'adresse de contact. En attendant :",
        "The site has no contact address yet. Meanwhile:",
    ),
    "info.contact.also": _m("Selon votre demande :", "Depending on your request:"),
    "info.contact.error": _m(
        "pour une erreur dans une fiche, suivez le lien « Signaler une erreur » en bas de sa page",
        "for an error in a record, follow the « Signaler une erreur » (report an error) link at "
        "the bottom of its page",
    ),
    "info.contact.publish": _m(
        "pour publier un projet de votre collectivité, voyez la page",
        "to publish a project of your local authority, see the page",
    ),
    "info.contact.accessibility": _m(
        "pour un problème d'accessibilité, voyez la",
        "for an accessibility problem, see the",
    ),
}

LEGAL: dict[str, dict[str, str]] = {
    "info.legal.title": _m("Mentions légales", "Legal notice"),
    "info.legal.unset": _m("à compléter par l'exploitant", "to be completed by the operator"),
    "info.legal.publisher": _m("Éditeur", "Publisher"),
    "info.legal.publisher.name": _m("Nom", "Name"),
    "info.legal.address": _m("Adresse", "Address"),
    "info.legal.contact": _m("Contact", "Contact"),
    "info.legal.director": _m("Directeur de la publication", "Publication director"),
    "info.legal.host": _m("Hébergeur", "Host"),
    "info.legal.privacy": _m("Données personnelles", "Personal data"),
    "info.legal.privacy.intro": _m(
        "Le site ne conserve que les données personnelles nécessaires à son fonctionnement ; "
        "aucune n'est publiée ni transmise à des tiers.",
        "The site keeps only the personal data it needs to work; none of it is published or "
        "passed on to third parties.",
    ),
    "info.legal.privacy.accounts": _m(
        "Comptes des contributeurs et des modérateurs : adresse électronique, organisations de "
        "rattachement, rôle, et le mot de passe sous forme d'empreinte (jamais en clair). Ils "
        "servent à se connecter et à savoir qui a écrit chaque version d'une fiche.",
        "Accounts of contributors and moderators: email address, organisations, role, and the "
        "password as a hash (never in clear). They are used to sign in and to know who wrote "
        "each version of a record.",
    ),
    "info.legal.privacy.reports": _m(
        "Signalements d'erreur : le message et, si vous la donnez, votre adresse électronique, "
        "vue des seuls modérateurs pour vous répondre.",
        "Error reports: the message and, if you give it, your email address, seen only by the "
        "moderators so that they can answer you.",
    ),
    "info.legal.privacy.records": _m(
        "Fiches : le contact du service en charge d'un projet est un champ non public, visible "
        "des seuls membres connectés. Aucun nom de personne n'est publié.",
        "Records: the contact of the service in charge of a project is a non-public field, "
        "visible only to signed-in members. No person's name is published.",
    ),
    "info.legal.privacy.rights": _m(
        "Conformément au règlement général sur la protection des données (RGPD) et à la loi "
        "« Informatique et libertés », vous pouvez accéder à ces données, les faire rectifier "
        "ou effacer en écrivant à l'éditeur ; vous pouvez aussi adresser une réclamation à la "
        "CNIL.",
        "Under the General Data Protection Regulation (GDPR) and the French data protection "
        "act, you may access these data, have them corrected or erased by writing to the "
        "publisher; you may also lodge a complaint with the CNIL.",
    ),
    "info.legal.cookies": _m("Cookies", "Cookies"),
    "info.legal.cookies.session": _m(
        "Le site dépose un seul cookie de session (iacoll_session), strictement nécessaire : il "
        "garde votre connexion et protège les formulaires contre les envois frauduleux. Il est "
        "signé, inaccessible aux scripts et n'est partagé avec personne.",
        "The site sets a single session cookie (iacoll_session), strictly necessary: it keeps "
        "you signed in and protects the forms against forged submissions. It is signed, out of "
        "reach of scripts and shared with no one.",
    ),
    "info.legal.cookies.lang": _m(
        "Si vous choisissez une langue, un cookie lang la retient. Ces cookies ne servent à "
        "aucune mesure d'audience ni publicité : aucun consentement n'est donc demandé.",
        "If you choose a language, a lang cookie remembers it. These cookies serve no audience "
        "measurement and no advertising: no consent is therefore asked for.",
    ),
    "info.legal.reuse": _m("Réutilisation des données", "Reuse of the data"),
    "info.legal.reuse.text": _m(
        "Les données publiques sont sous Licence Ouverte Etalab 2.0 : voir la page",
        "The public data is under the Etalab Open Licence 2.0: see the page",
    ),
}

ACCESSIBILITY: dict[str, dict[str, str]] = {
    "info.a11y.title": _m("Accessibilité", "Accessibility"),
    "info.a11y.statement": _m("déclaration d'accessibilité", "accessibility statement"),
    "info.a11y.status.line": _m("Accessibilité : non conforme", "Accessibility: not compliant"),
    "info.a11y.commitment": _m(
        "iacoll s'engage à rendre son site accessible conformément à l'article 47 de la loi "
        "n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique à "
        "l'ensemble du site.",
        "iacoll commits to making its site accessible under article 47 of French law "
        "no. 2005-102 of 11 February 2005. This accessibility statement applies to the whole "
        "site.",
    ),
    "info.a11y.status": _m("État de conformité", "Compliance status"),
    "info.a11y.status.text": _m(
        "Le site n'est pas en conformité avec le référentiel général d'amélioration de "
        "l'accessibilité (RGAA 4.1.2) : il n'existe aucun résultat d'audit en cours de validité "
        "permettant de mesurer le respect des critères. Il est donc « non conforme » au sens du "
        "RGAA.",
        "The site is not in compliance with the French accessibility framework (RGAA 4.1.2): "
        "there is no valid audit result that measures how far it meets the criteria. It is "
        "therefore « non conforme » (not compliant) in the RGAA's terms.",
    ),
    "info.a11y.results": _m("Résultats des tests", "Test results"),
    "info.a11y.results.text": _m(
        "En l'absence d'audit de conformité, il n'y a pas de résultats de tests.",
        "In the absence of a compliance audit, there are no test results.",
    ),
    "info.a11y.done": _m("Ce qui est déjà fait", "What is already done"),
    "info.a11y.done.text": _m(
        "Sans valoir audit, le site est construit pour être accessible : HTML sémantique "
        "(titres, régions, tableaux avec en-têtes), un lien d'évitement vers le contenu, une "
        "étiquette sur chaque champ de formulaire, navigation complète au clavier, pages "
        "utilisables sans JavaScript sauf la carte et l'éditeur de requêtes (la carte a un "
        "tableau équivalent), graphiques accompagnés de leurs données en tableau.",
        "Without amounting to an audit, the site is built to be accessible: semantic HTML "
        "(headings, landmarks, tables with headers), a skip link to the content, a label on "
        "every form field, full keyboard navigation, pages usable without JavaScript except the "
        "map and the query editor (the map has an equivalent table), charts given with their "
        "data as tables.",
    ),
    "info.a11y.known": _m("Contenus non accessibles", "Non-accessible content"),
    "info.a11y.known.text": _m(
        "L'éditeur de requêtes SPARQL (YASGUI) et la carte interactive (Leaflet) sont des "
        "composants tiers dont l'accessibilité n'a pas été vérifiée ; les données de la carte "
        "sont aussi données dans un tableau.",
        "The SPARQL query editor (YASGUI) and the interactive map (Leaflet) are third-party "
        "components whose accessibility has not been checked; the map's data is also given in "
        "a table.",
    ),
    "info.a11y.made": _m("Établissement de cette déclaration", "Preparation of this statement"),
    "info.a11y.made.text": _m(
        "Cette déclaration a été établie sans audit, par l'équipe qui développe le site.",
        "This statement was prepared without an audit, by the team that develops the site.",
    ),
    "info.a11y.contact": _m("Retour d'information et contact", "Feedback and contact"),
    "info.a11y.contact.text": _m(
        "Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être "
        "orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.",
        "If you cannot access a content or a service, contact us to be directed to an "
        "accessible alternative or to obtain the content in another form.",
    ),
    "info.a11y.contact.none": _m(
        "Le site n'a pas encore d'adresse de contact : utilisez le lien « Signaler une erreur » "
        "de la page concernée quand c'est une fiche, ou la page",
        "The site has no contact address yet: use the « Signaler une erreur » (report an error) "
        "link of the page concerned when it is a record, or the page",
    ),
    "info.a11y.recourse": _m("Voies de recours", "Means of redress"),
    "info.a11y.recourse.text": _m(
        "Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous "
        "pouvez saisir le Défenseur des droits :",
        "If you told us about an accessibility defect that prevents you from accessing a "
        "content or a service and did not get a satisfactory answer, you may refer the matter "
        "to the Défenseur des droits (the French rights ombudsman):",
    ),
    "info.a11y.recourse.form": _m(
        "écrire un message au Défenseur des droits (formulaire en ligne)",
        "write a message to the Défenseur des droits (online form)",
    ),
    "info.a11y.recourse.delegate": _m(
        "contacter le délégué du Défenseur des droits dans votre région",
        "contact the delegate of the Défenseur des droits in your region",
    ),
    "info.a11y.recourse.mail": _m(
        "envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :",
        "send a letter by post (free of charge, no stamp needed):",
    ),
}

REPORT: dict[str, dict[str, str]] = {
    "report.link": _m("Signaler une erreur", "Report an error"),
    "report.link.hint": _m(
        "Une information fausse ou périmée dans cette fiche ? Dites-le aux modérateurs, sans "
        "compte.",
        "Wrong or outdated information in this record? Tell the moderators, no account needed.",
    ),
    "report.title": _m("Signaler une erreur", "Report an error"),
    "report.about": _m("Fiche concernée :", "Record concerned:"),
    "report.intro": _m(
        "Votre message est transmis aux modérateurs du catalogue, qui vérifient et corrigent la "
        "fiche. Il n'est jamais publié.",
        "Your message goes to the catalogue's moderators, who check and correct the record. It "
        "is never published.",
    ),
    "report.message": _m("Votre message", "Your message"),
    "report.message.hint": _m(
        "Quelle information est fausse ou manque, et, si vous la connaissez, la bonne "
        "(avec sa source). Entre 10 et 5 000 caractères.",
        "Which information is wrong or missing, and, if you know it, the right one (with its "
        "source). Between 10 and 5,000 characters.",
    ),
    "report.email": _m("Votre adresse électronique (facultatif)", "Your email address (optional)"),
    "report.email.hint": _m(
        "Seulement pour que les modérateurs puissent vous répondre : elle n'est ni publiée ni "
        "transmise.",
        "Only so that the moderators can answer you: it is neither published nor passed on.",
    ),
    "report.send": _m("Envoyer le signalement", "Send the report"),
    "report.error.summary": _m("Le signalement n'a pas été envoyé :", "The report was not sent:"),
    "report.thanks.title": _m("Signalement envoyé", "Report sent"),
    "report.thanks": _m(
        "Merci : votre signalement a été transmis aux modérateurs.",
        "Thank you: your report has been passed on to the moderators.",
    ),
    "report.back": _m("Revenir à la fiche :", "Back to the record:"),
    "report.choose": _m(
        "Pour signaler une erreur, ouvrez la fiche concernée et suivez le lien « Signaler une "
        "erreur » en bas de sa page.",
        "To report an error, open the record concerned and follow the « Signaler une erreur » "
        "(report an error) link at the bottom of its page.",
    ),
    "report.choose.search": _m("Chercher une fiche", "Find a record"),
}

FOOTER: dict[str, dict[str, str]] = {
    "footer.nav": _m("Informations sur le site", "About this site"),
}

MESSAGES: dict[str, dict[str, str]] = {
    **PUBLISH,
    **ABOUT,
    **CONTACT,
    **LEGAL,
    **ACCESSIBILITY,
    **REPORT,
    **FOOTER,
}
