// Progressive enhancement only: every form and page works without this file.
"use strict";

// Upload: drop files on the box; say that the files are on their way.
for (const form of document.querySelectorAll("form.drop")) {
  const input = form.querySelector('input[type="file"]');
  const sending = form.querySelector(".sending");
  form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (e) => {
    e.preventDefault();
    form.classList.remove("over");
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.requestSubmit();
  });
  form.addEventListener("submit", () => {
    sending.textContent = form.dataset.sending;
    sending.hidden = false;
    form.querySelector("button").disabled = true;
  });
}

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
