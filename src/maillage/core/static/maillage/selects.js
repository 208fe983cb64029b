// Searchable lists: each <select data-recherche> becomes a field where one types to filter
// (tom-select). Without scripts, the plain <select> stays and works.
(function () {
  "use strict";

  function enhance(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-recherche]").forEach(function (select) {
      if (select.tomselect) return;
      var multiple = select.multiple;
      // Found before tom-select points the label at its own search field.
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      if (label && !label.id) label.id = select.id + "-label";
      new TomSelect(select, {
        plugins: multiple ? { remove_button: { title: "Retirer" } } : {},
        maxOptions: null,
        allowEmptyOption: !multiple,
        hidePlaceholder: false,
        placeholder: multiple ? "Tapez pour chercher…" : "",
        searchField: ["text"],
        lockOptgroupOrder: true,
        render: {
          no_results: function () {
            return '<div class="no-results">Aucun résultat</div>';
          },
          item: function (data, escape) {
            return "<div>" + escape(data.text) + "</div>";
          },
        },
        onInitialize: function () {
          // The search field and the hidden <select> keep the visible label as their name.
          if (!label) return;
          select.setAttribute("aria-labelledby", label.id);
          if (this.control_input) this.control_input.setAttribute("aria-labelledby", label.id);
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
