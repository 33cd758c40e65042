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

// The engine's or the XML parser's own words about a problem (English), collapsed under "Technical details";
// nothing when the problem has none.
export function technicalDetails(problem, texts) {
  if (!problem.technical) return [];
  const details = document.createElement('details');
  details.className = 'technical';
  const summary = document.createElement('summary');
  summary.textContent = texts.technical || 'Technical details';
  const code = document.createElement('code');
  code.textContent = problem.technical;
  details.append(summary, code);
  return [details];
}
