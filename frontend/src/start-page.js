// Start a designer page once the DOM is ready: build it on its root element, expose it for the
// browser tests and the console, and mark the root when loading fails.
export function startPage(rootId, PageClass, globalName) {
  async function start() {
    const root = document.getElementById(rootId);
    if (!root) return;
    const page = new PageClass(root);
    window[globalName] = page;
    try {
      await page.load();
    } catch (err) {
      page.say(`${page.texts.loadFailed} (${err.message})`);
      root.dataset.ready = 'error';
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}
