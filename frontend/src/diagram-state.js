// Markers and overlays shared by the viewer and the modeler: dossier state, version changes, problems.

const STATE_CLASSES = ['ocop-completed', 'ocop-current', 'ocop-added', 'ocop-changed', 'ocop-removed', 'ocop-problem'];

function escapeText(text) {
  const span = document.createElement('span');
  span.textContent = text;
  return span.innerHTML;
}

export function clearState(viewer) {
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  registry.forEach((element) => STATE_CLASSES.forEach((cls) => canvas.removeMarker(element.id, cls)));
  viewer.get('overlays').remove({ type: 'ocop' });
}

function mark(viewer, id, cls) {
  if (viewer.get('elementRegistry').get(id)) {
    viewer.get('canvas').addMarker(id, cls);
    return true;
  }
  return false;
}

function label(viewer, id, html, cls, position) {
  if (!viewer.get('elementRegistry').get(id)) return;
  viewer.get('overlays').add(id, 'ocop', {
    position: position || { bottom: 6, left: 0 },
    html: `<div class="ocop-overlay ${cls}">${html}</div>`,
  });
}

// state: { completed: [id], current: [{element_id, holder, offered_to, candidate}],
//          added/changed/removed: [id], problems: [{element_id, message}],
//          notes: [{element_id, text}] (a simulated step's unit, holder and due date; lines split on \n) }
export function showState(viewer, state, texts) {
  clearState(viewer);
  (state.completed || []).forEach((id) => mark(viewer, id, 'ocop-completed'));
  (state.current || []).forEach((task) => {
    mark(viewer, task.element_id, 'ocop-current');
    const who = task.holder
      ? `${texts.heldBy} ${task.holder}`
      : `${texts.offeredTo} ${task.candidate || task.offered_to}`;
    label(viewer, task.element_id, escapeText(who), 'ocop-overlay-current');
  });
  (state.notes || []).forEach((note) => {
    const lines = String(note.text).split('\n').map(escapeText).join('<br>');
    label(viewer, note.element_id, lines, 'ocop-overlay-note');
  });
  ['added', 'changed', 'removed'].forEach((kind) => {
    (state[kind] || []).forEach((id) => {
      if (mark(viewer, id, `ocop-${kind}`)) {
        label(viewer, id, escapeText(texts[kind] || kind), `ocop-overlay-${kind}`, { top: -22, left: 0 });
      }
    });
  });
  const byElement = {};
  (state.problems || []).forEach((p) => {
    if (p.element_id) (byElement[p.element_id] = byElement[p.element_id] || []).push(p.message);
  });
  const noted = new Set((state.notes || []).map((note) => note.element_id));
  Object.entries(byElement).forEach(([id, messages]) => {
    if (mark(viewer, id, 'ocop-problem')) {
      // Below the element, unless a simulation's notes are there already: then above it.
      const position = noted.has(id) ? { top: -24, left: 0 } : { bottom: -8, left: 0 };
      label(viewer, id, `⚠ ${escapeText(messages.join('; '))}`, 'ocop-overlay-problem', position);
    }
  });
}

export function readTexts(container) {
  const defaults = {
    heldBy: 'held by', offeredTo: 'offered to', added: 'added', changed: 'changed', removed: 'removed',
    loadFailed: 'The diagram could not be loaded.',
  };
  try {
    return { ...defaults, ...JSON.parse(container.dataset.texts || '{}') };
  } catch (e) {
    return defaults;
  }
}

// Editors other than ours leave ids of data objects in loopDataInputRef/OutputRef that SpiffWorkflow
// reads as variable names; moddle cannot resolve them and would drop them on export, so keep them as
// detached references that serialize back to the same text.
export function keepUnresolvedReferences(moddle, warnings) {
  (warnings || []).forEach((w) => {
    if (w.element && w.property && /Ref$/.test(w.property) && typeof w.value === 'string') {
      w.element.set(w.property, moddle.create('bpmn:DataInput', { id: w.value }));
    }
  });
}

// Whole diagrams of the OCOP chain are too wide to read when fitted; show the part that matters at 100 %.
export function centerOn(viewer, ids, scale = 1) {
  const registry = viewer.get('elementRegistry');
  const element = (ids || []).map((id) => registry.get(id)).find(Boolean);
  if (!element) return false;
  const canvas = viewer.get('canvas');
  canvas.zoom(scale);
  const box = canvas.viewbox();
  canvas.viewbox({
    x: element.x + element.width / 2 - box.width / 2, y: element.y + element.height / 2 - box.height / 2,
    width: box.width, height: box.height,
  });
  return true;
}

export function addZoomButtons(viewer, container, texts) {
  const canvas = viewer.get('canvas');
  const bar = document.createElement('div');
  bar.className = 'ocop-zoom';
  const buttons = [
    ['+', texts.zoomIn || 'Zoom in', () => canvas.zoom(canvas.zoom() * 1.25)],
    ['−', texts.zoomOut || 'Zoom out', () => canvas.zoom(canvas.zoom() / 1.25)],
    ['⤢', texts.fit || 'Whole diagram', () => canvas.zoom('fit-viewport', 'auto')],
  ];
  buttons.forEach(([symbol, title, action]) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = symbol;
    button.title = title;
    button.setAttribute('aria-label', title);
    button.addEventListener('click', action);
    bar.append(button);
  });
  container.append(bar);
}
