// Read-only diagrams: every <div data-diagram-url="..."> gets the BPMN of that URL's JSON rendered,
// with the dossier's state (completed / current steps and who holds them) or the version changes;
// <div data-diagram-source="ID"> reads the same JSON from <script type="application/json" id="ID">
// (a simulated version may exist nowhere but in the page).
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './ocop-diagram.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { addZoomButtons, centerOn, readTexts, showState } from './diagram-state';
import spiffworkflow from './spiffworkflow.json';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

// Lanes are named after role codes (the engine routes by them); readers see the role's title instead.
// On an English page, the names written in Vietnamese (steps, events, gateways, flows, and lanes not named
// by a role) get their translation (`names`: name → translation). `codes`, when given, receives each
// renamed lane's id → its role code (a designer's page shows it on hover).
export function relabel(xml, titles, names, codes) {
  const hasTitles = titles && Object.keys(titles).length;
  const hasNames = names && Object.keys(names).length;
  if (!hasTitles && !hasNames) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return xml;
  let changed = false;
  for (const element of doc.getElementsByTagNameNS(BPMN_NS, '*')) {
    const name = element.getAttribute('name');
    const renamed = (element.localName === 'lane' && (titles || {})[name]) || (names || {})[name];
    if (name && renamed) {
      if (codes && element.localName === 'lane' && (titles || {})[name]) codes[element.getAttribute('id')] = name;
      element.setAttribute('name', renamed);
      changed = true;
    }
  }
  return changed ? new XMLSerializer().serializeToString(doc) : xml;
}

async function render(container) {
  const texts = readTexts(container);
  container.classList.add('ocop-diagram');
  container.setAttribute('aria-busy', 'true');
  try {
    const payload = await load(container);
    const extra = container.dataset.state ? JSON.parse(container.dataset.state) : {};
    const viewer = new NavigatedViewer({ container, moddleExtensions: { spiffworkflow } });
    const codes = {};
    await viewer.importXML(relabel(payload.xml, texts.laneTitles, texts.names, codes));
    if (texts.laneCodes) showLaneCodes(viewer, codes);
    const state = { ...payload, ...extra };
    showState(viewer, state, texts);
    const focus = [...(state.current || []).map((t) => t.element_id), ...(state.changed || []),
      ...(state.added || []), ...(state.removed || []), ...(state.problems || []).map((p) => p.element_id),
      ...(state.completed || [])];
    if (!centerOn(viewer, focus)) viewer.get('canvas').zoom('fit-viewport', 'auto');
    addZoomButtons(viewer, container, texts);
    container.bpmnViewer = viewer;
    container.dataset.rendered = 'true';
    container.dispatchEvent(new CustomEvent('diagram:rendered', { bubbles: true, detail: payload }));
  } catch (err) {
    container.textContent = `${texts.loadFailed} (${err.message})`;
    container.dataset.rendered = 'error';
  } finally {
    container.removeAttribute('aria-busy');
  }
}

// A lane shows its role's title; its role code (what the diagram says) is its tooltip.
function showLaneCodes(viewer, codes) {
  const registry = viewer.get('elementRegistry');
  Object.entries(codes).forEach(([id, code]) => {
    const gfx = registry.getGraphics(id);
    if (!gfx) return;
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = code;
    gfx.prepend(title);
  });
}

async function load(container) {
  if (container.dataset.diagramSource) {
    return JSON.parse(document.getElementById(container.dataset.diagramSource).textContent);
  }
  const response = await fetch(container.dataset.diagramUrl, {
    credentials: 'same-origin', headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

function renderAll() {
  document.querySelectorAll('[data-diagram-url], [data-diagram-source]').forEach(render);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', renderAll);
} else {
  renderAll();
}
