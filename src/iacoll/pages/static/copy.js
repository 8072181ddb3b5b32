// « Copier » buttons of the « Citer cette page » box: shown only where scripts run (the boxes
// are selectable text without them). Each button copies the text of the element data-copy names.
for (const button of document.querySelectorAll("button.copy-button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = button.dataset.done;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}
