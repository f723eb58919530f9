// Progressive enhancement only: every form and page works without this file.
"use strict";

document.documentElement.classList.replace("no-js", "js");

// Upload: a Thai button and the names chosen; drop files on the box; before sending, the
// count and sizes are checked and what the server would refuse is named, in the page's words.
for (const form of document.querySelectorAll("form.drop")) {
  const input = form.querySelector('input[type="file"]');
  const sending = form.querySelector(".sending");
  const chosen = form.querySelector(".chosen");
  const refused = form.querySelector(".refused-here");
  const max = Number(form.dataset.max || 30);
  const maxBytes = Number(form.dataset.maxBytes || 0);
  const show = () => {
    const files = [...input.files];
    if (chosen && files.length) {
      chosen.textContent = form.dataset.chosen.replace("{count}", files.length)
        .replace("{names}", files.map((f) => f.name).join(", "));
    }
    const lines = [];
    files.forEach((file, number) => {
      if (number >= max) lines.push(form.dataset.tooMany.replace("{file}", file.name));
      else if (maxBytes && file.size > maxBytes) lines.push(form.dataset.tooBig.replace("{file}", file.name));
    });
    refused.replaceChildren(...lines.map((line) => Object.assign(document.createElement("li"), {textContent: line})));
    refused.hidden = lines.length === 0;
  };
  input.addEventListener("change", show);
  form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (e) => {
    e.preventDefault();
    form.classList.remove("over");
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    show();
    form.requestSubmit();
  });
  form.addEventListener("submit", () => {
    sending.textContent = form.dataset.sending;
    sending.hidden = false;
    form.querySelector("button").disabled = true;
  });
}

// A question that asks once: opening one closes the others; Escape closes it.
const confirms = [...document.querySelectorAll("details.confirm")];
for (const box of confirms) {
  box.addEventListener("toggle", () => {
    if (box.open) for (const other of confirms) if (other !== box) other.open = false;
  });
}
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") for (const box of confirms) box.open = false;
});

// Copy a text (the LINE message, a division's link) to the clipboard.
for (const button of document.querySelectorAll("button.copy")) {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      document.execCommand("copy"); // no clipboard API outside a secure context
    }
    const label = button.textContent;
    button.textContent = button.dataset.done;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}

// A build: follow its steps; show the page again once it (or its preview) has finished.
const job = document.getElementById("job");
if (job && job.dataset.state) {
  const poll = async () => {
    try {
      const response = await fetch(job.dataset.state, {credentials: "same-origin", cache: "no-store"});
      const state = await response.json();
      if (`${state.state}:${state.previews}` !== job.dataset.now || state.state === "gone") {
        location.reload();
        return;
      }
      const step = job.querySelector(".step");
      if (step) step.textContent = state.label;
    } catch {
      // the server may be restarting: try again
    }
    setTimeout(poll, 500);
  };
  const now = job.dataset.now;
  const finished = now.startsWith("failed:") || (now.startsWith("done:") && now !== "done:making");
  if (!finished) setTimeout(poll, 300);
}
