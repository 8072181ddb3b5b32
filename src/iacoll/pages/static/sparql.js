/* The query editor of /sparql: YASGUI (from npm, served by the app) with one tab per example
 * query of sparql/ (JSON island #sparql-data), and the query of the address opened when the
 * page was reached by a link /sparql?query=… . French where YASGUI lets it be configured (tab
 * name, DataTables' texts) and, for the texts YASGUI writes itself, by replacing them as they
 * appear (YASGUI 4 has no translation option). A note says when the tab on show holds a query
 * marked « # complet »: on the public store, it answers without the restricted fields. */
(function () {
  "use strict";

  var island = document.getElementById("sparql-data");
  var container = document.getElementById("yasgui");
  if (!island || !container || typeof Yasgui === "undefined") {
    return;
  }
  var data = JSON.parse(island.textContent);
  var french = (document.documentElement.lang || "fr") === "fr";

  // DataTables' own language option (https://datatables.net/reference/option/language).
  var TABLE_FR = {
    decimal: ",",
    thousands: "\u202f",
    emptyTable: "Aucun résultat",
    info: "Lignes _START_ à _END_ sur _TOTAL_",
    infoEmpty: "Aucune ligne",
    infoFiltered: "(filtrées parmi _MAX_)",
    lengthMenu: "_MENU_ lignes par page",
    loadingRecords: "Chargement…",
    search: "Filtrer :",
    zeroRecords: "Aucune ligne ne correspond au filtre",
    paginate: { first: "«", last: "»", next: "›", previous: "‹" },
    aria: {
      orderable: "Trier selon cette colonne",
      orderableReverse: "Trier cette colonne dans l'autre sens",
      paginate: {
        first: "Première page",
        last: "Dernière page",
        next: "Page suivante",
        previous: "Page précédente",
      },
    },
  };

  // Texts YASGUI writes itself (no option): exact text or attribute value → French.
  var TEXTS_FR = {
    "Table": "Tableau",
    "Response": "Réponse",
    "Page size:": "Lignes par page :",
    "All": "Toutes",
    "Show all": "Tout afficher",
    "Simple view": "Vue simple",
    "Ellipse": "Abréger",
    "Compact": "Compact",
    "Download result": "Télécharger le résultat",
    "Download Results": "Télécharger le résultat",
    "Download not supported": "Téléchargement impossible pour ce résultat",
    "Filter query results": "Filtrer les résultats",
    "Add a new tab": "Ajouter un onglet",
    "Add tab": "Ajouter un onglet",
    "Close tab": "Fermer l'onglet",
    "Close Tab": "Fermer l'onglet",
    "Close other tabs": "Fermer les autres onglets",
    "Rename Tab": "Renommer l'onglet",
    "Copy Tab": "Dupliquer l'onglet",
    "Undo close Tab": "Rouvrir l'onglet fermé",
    "Run query": "Exécuter la requête",
    "Share query": "Partager la requête",
    "Shorten": "Raccourcir",
    "Clear endpoint": "Effacer le point d'accès",
    "Search or add an endpoint": "Chercher ou saisir un point d'accès",
    'Press "enter" to add this endpoint': "Entrée pour ajouter ce point d'accès",
    "Endpoint is down": "Le point d'accès ne répond pas",
    "Incorrect endpoint URL": "Adresse du point d'accès incorrecte",
    "Try query in a new browser window": "Essayer la requête dans une nouvelle fenêtre",
    "Unable to get response from endpoint. Possible reasons:":
      "Pas de réponse du point d'accès. Causes possibles :",
  };
  // Texts with numbers in them: "12 results in 0.05 seconds".
  var PATTERNS_FR = [
    [
      /^(\d+) results? in ([\d.]+) seconds?$/,
      function (m) {
        return m[1] + " résultat" + (m[1] === "1" || m[1] === "0" ? "" : "s") + " en " +
          m[2].replace(".", ",") + " s";
      },
    ],
    [/^Response in ([\d.]+) seconds?$/, function (m) { return "Réponse en " + m[1].replace(".", ",") + " s"; }],
  ];
  var ATTRIBUTES = ["title", "aria-label", "placeholder"];

  function translated(text) {
    var trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(TEXTS_FR, trimmed)) {
      return text.replace(trimmed, TEXTS_FR[trimmed]);
    }
    for (var i = 0; i < PATTERNS_FR.length; i++) {
      var found = PATTERNS_FR[i][0].exec(trimmed);
      if (found) {
        return text.replace(trimmed, PATTERNS_FR[i][1](found));
      }
    }
    return null;
  }

  function translate(root) {
    if (!root) {
      return;
    }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.parentElement && node.parentElement.closest(".CodeMirror, .yasr table tbody")) {
        continue; // the query and the results are data, never translated
      }
      var text = translated(node.nodeValue);
      if (text !== null && text !== node.nodeValue) {
        node.nodeValue = text;
      }
    }
    var elements = root.querySelectorAll ? root.querySelectorAll("[title], [aria-label], [placeholder]") : [];
    elements.forEach(function (element) {
      ATTRIBUTES.forEach(function (name) {
        var value = element.getAttribute(name);
        var text = value === null ? null : translated(value);
        if (text !== null && text !== value) {
          element.setAttribute(name, text);
        }
      });
    });
  }

  if (french) {
    Yasgui.Yasr.plugins.table.defaults.tableConfig.language = TABLE_FR;
  }

  var yasgui = new Yasgui(container, {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false, // the server hands the query of the address over (data.opened)
    tabName: french ? "Requête" : "Query",
  });

  // One tab per example; the first reuses the tab YASGUI opens by itself.
  var complete = {};
  var byFile = {};
  data.examples.forEach(function (example, index) {
    var tab;
    if (index === 0) {
      tab = yasgui.getTab();
      tab.setName(example.name);
      tab.setQuery(example.query);
    } else {
      tab = yasgui.addTab(false, { name: example.name, yasqe: { value: example.query } });
    }
    byFile[example.file] = tab.getId();
    complete[tab.getId()] = example.complete;
  });

  function showNote(tabId) {
    var note = document.getElementById("note-complet");
    if (note) {
      note.hidden = !complete[tabId];
    }
  }

  function reveal() {
    // On a narrow screen the tab bar scrolls sideways: bring the active tab into it.
    var list = container.querySelector(".tabsList");
    var active = list && list.querySelector(".tab.active");
    if (active && list.scrollWidth > list.clientWidth) {
      list.scrollLeft = active.offsetLeft - list.offsetLeft;
    }
  }

  function select(tabId) {
    if (yasgui.getTab().getId() !== tabId) {
      yasgui.selectTabId(tabId);
    }
    showNote(tabId);
    reveal();
  }

  // The query of the address: its example's tab, else a tab of its own.
  var opened = data.opened;
  if (opened && opened.file && byFile[opened.file]) {
    select(byFile[opened.file]);
  } else if (opened) {
    var tab = yasgui.addTab(true, { name: french ? "Requête du lien" : "Linked query", yasqe: { value: opened.query } });
    complete[tab.getId()] = opened.complete;
    select(tab.getId());
  } else {
    showNote(yasgui.getTab().getId());
  }
  yasgui.on("tabSelect", function (instance, tabId) {
    showNote(tabId);
  });

  // The example links below the editor switch tabs instead of reloading the page.
  document.querySelectorAll("a[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var tabId = byFile[link.getAttribute("data-example")];
      if (tabId) {
        event.preventDefault();
        select(tabId);
        container.scrollIntoView({ block: "start" });
      }
    });
  });

  if (french) {
    translate(container);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "attributes") {
          translate(record.target.parentNode || record.target);
        } else {
          record.addedNodes.forEach(function (node) {
            translate(node.nodeType === Node.TEXT_NODE ? node.parentNode : node);
          });
          if (record.type === "characterData" && record.target.parentNode) {
            translate(record.target.parentNode);
          }
        }
      });
    }).observe(container, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ATTRIBUTES,
    });
  }
  window.iacollYasgui = yasgui;
})();
