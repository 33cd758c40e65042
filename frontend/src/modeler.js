// The process designer's editor: bpmn-js Modeler, a small properties form (name, lane role, task form
// and deadline), Validate (problems shown on the elements) and Deploy as a new version.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './ocop-diagram.css';
import Modeler from 'bpmn-js/lib/Modeler';
import {
  addZoomButtons, centerOn, clearState, keepUnresolvedReferences, readTexts, showState,
} from './diagram-state';
import spiffworkflow from './spiffworkflow.json';
import { startPage, technicalDetails } from './start-page.js';
import { translateModule } from './translate.js';

const FORM = 'formJsonSchemaFilename';
const DEADLINE = 'deadline';
const TASK_TYPES = ['bpmn:UserTask', 'bpmn:ManualTask'];

function spiffProperties(bo) {
  const ext = bo.extensionElements;
  const props = ext && (ext.values || []).find((v) => v.$type === 'spiffworkflow:Properties');
  const out = {};
  ((props && props.properties) || []).forEach((p) => { out[p.name] = p.value; });
  return out;
}

// A new extensionElements each time, so the change is one undoable command.
function setSpiffProperty(modeler, element, name, value) {
  const moddle = modeler.get('moddle');
  const bo = element.businessObject;
  const old = bo.extensionElements ? bo.extensionElements.values || [] : [];
  const oldProps = old.find((v) => v.$type === 'spiffworkflow:Properties');
  const list = ((oldProps && oldProps.properties) || [])
    .map((p) => ({ name: p.name, value: p.name === name ? value : p.value }));
  if (!list.some((p) => p.name === name)) list.push({ name, value });
  const kept = list.filter((p) => p.value !== '' && p.value != null)
    .map((p) => moddle.create('spiffworkflow:Property', p));
  const values = old.filter((v) => v !== oldProps);
  if (kept.length) values.unshift(moddle.create('spiffworkflow:Properties', { properties: kept }));
  const ext = values.length ? moddle.create('bpmn:ExtensionElements', { values }) : undefined;
  modeler.get('modeling').updateProperties(element, { extensionElements: ext });
}

class PropertiesForm {
  constructor(modeler, form) {
    this.modeler = modeler;
    this.form = form;
    this.element = null;
    this.fields = {
      name: form.querySelector('#prop-name'), form: form.querySelector('#prop-form'),
      deadline: form.querySelector('#prop-deadline'), role: form.querySelector('#prop-role'),
    };
    form.addEventListener('submit', (e) => e.preventDefault());
    this.fields.name.addEventListener('change', () => this.apply('name'));
    this.fields.form.addEventListener('change', () => this.apply('form'));
    this.fields.deadline.addEventListener('change', () => this.apply('deadline'));
    this.fields.role.addEventListener('change', () => this.apply('role'));
    const bus = modeler.get('eventBus');
    bus.on('selection.changed', (e) => this.show(e.newSelection.length === 1 ? e.newSelection[0] : null));
    bus.on('element.changed', (e) => { if (this.element && e.element === this.element) this.show(e.element); });
    this.show(null);
  }

  section(id, visible) { this.form.querySelector(id).hidden = !visible; }

  show(element) {
    this.element = element && element.type !== 'label' ? element : null;
    const el = this.element;
    const isTask = !!el && TASK_TYPES.includes(el.type);
    const isLane = !!el && el.type === 'bpmn:Lane';
    this.section('#prop-none', !el);
    this.section('#prop-element', !!el);
    this.section('#prop-task', isTask);
    this.section('#prop-lane', isLane);
    if (!el) return;
    const bo = el.businessObject;
    this.form.querySelector('#prop-id').textContent = `${el.type.replace('bpmn:', '')} · ${el.id}`;
    this.fields.name.value = bo.name || '';
    if (isTask) {
      const props = spiffProperties(bo);
      this.fields.form.value = props[FORM] || '';
      this.fields.deadline.value = props[DEADLINE] || '';
    }
    if (isLane) this.fields.role.value = bo.name || '';
  }

  apply(field) {
    const el = this.element;
    if (!el) return;
    const modeling = this.modeler.get('modeling');
    if (field === 'name') modeling.updateLabel(el, this.fields.name.value);
    if (field === 'role') modeling.updateLabel(el, this.fields.role.value);
    if (field === 'form') setSpiffProperty(this.modeler, el, FORM, this.fields.form.value.trim());
    if (field === 'deadline') setSpiffProperty(this.modeler, el, DEADLINE, this.fields.deadline.value.trim());
  }
}

class DesignerPage {
  constructor(root) {
    this.root = root;
    this.texts = readTexts(root);
    this.status = root.querySelector('#designer-status');
    this.problemList = root.querySelector('#designer-problems');
    this.modeler = new Modeler({
      container: root.querySelector('#designer-canvas'), moddleExtensions: { spiffworkflow },
      additionalModules: [translateModule],
    });
    this.dirty = false;
    this.modeler.get('eventBus').on('commandStack.changed', () => { this.dirty = true; });
    window.addEventListener('beforeunload', (e) => { if (this.dirty) e.preventDefault(); });
    this.properties = new PropertiesForm(this.modeler, root.querySelector('#designer-properties'));
    root.querySelector('#designer-validate').addEventListener('click', () => this.send('validate'));
    root.querySelector('#designer-deploy').addEventListener('click', () => this.send('deploy'));
  }

  // Keyboard and screen-reader users pick elements from a list instead of pointing at the canvas.
  fillPicker() {
    const picker = this.root.querySelector('#prop-pick');
    if (!picker) return;
    const elements = this.modeler.get('elementRegistry').filter((e) => e.type !== 'label' && e.businessObject
      && /^bpmn:(.*Task|Lane|.*Event|.*Gateway|SubProcess|CallActivity)$/.test(e.type));
    elements.sort((a, b) => (a.type === 'bpmn:Lane') - (b.type === 'bpmn:Lane') || a.y - b.y || a.x - b.x);
    picker.replaceChildren(new Option('—', ''), ...elements.map((e) => new Option(
      `${e.businessObject.name || e.id} · ${e.type.replace('bpmn:', '')}`, e.id)));
    picker.addEventListener('change', () => { if (picker.value) this.focus(picker.value, false); });
    this.modeler.get('eventBus').on('selection.changed', (e) => {
      picker.value = e.newSelection.length === 1 ? e.newSelection[0].id : '';
    });
  }

  async load() {
    const response = await fetch(this.root.dataset.diagramUrl, {
      credentials: 'same-origin', headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const payload = await response.json();
    const result = await this.modeler.importXML(payload.xml);
    keepUnresolvedReferences(this.modeler.get('moddle'), result.warnings);
    this.modeler.get('canvas').zoom('fit-viewport', 'auto');
    addZoomButtons(this.modeler, this.root.querySelector('#designer-canvas'), this.texts);
    this.fillPicker();
    this.root.dataset.ready = 'true';
  }

  say(text) { this.status.textContent = text; }

  async send(action) {
    const active = document.activeElement;
    if (active && active.form && active.form.id === 'designer-properties') active.blur(); // commit the field
    this.root.dataset.state = 'busy';
    this.say(this.texts[`${action}ing`] || '…');
    try {
      const { xml } = await this.modeler.saveXML({ format: true });
      const response = await fetch(this.root.dataset[`${action}Url`], {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': this.root.dataset.csrf },
        body: JSON.stringify({ xml }),
      });
      const isJson = (response.headers.get('Content-Type') || '').includes('json');
      const data = isJson ? await response.json() : { detail: `HTTP ${response.status}` };
      const problems = data.problems || [];
      this.showProblems(problems);
      if (!response.ok && !problems.length) {
        this.say(data.detail || `HTTP ${response.status}`);
        this.root.dataset.state = 'error';
      } else if (problems.length) {
        centerOn(this.modeler, problems.map((p) => p.element_id));
        this.say(this.texts.invalid.replace('{n}', problems.length));
        this.root.dataset.state = 'invalid';
      } else if (action === 'deploy') {
        this.dirty = false;
        this.say(this.texts.deployed.replace('{version}', data.version));
        this.root.dataset.state = 'deployed';
        if (data.url) window.location.assign(data.url);
      } else {
        this.say(this.texts.valid);
        this.root.dataset.state = 'valid';
      }
    } catch (err) {
      this.say(`${this.texts.failed} (${err.message})`);
      this.root.dataset.state = 'error';
    }
  }

  showProblems(problems) {
    clearState(this.modeler);
    showState(this.modeler, { problems }, this.texts);
    this.problemList.replaceChildren(...problems.map((p) => {
      const li = document.createElement('li');
      li.dataset.elementId = p.element_id || '';
      if (p.element_id && this.modeler.get('elementRegistry').get(p.element_id)) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = p.element_id;
        button.addEventListener('click', () => this.focus(p.element_id));
        li.append(button, `: ${p.message}`);
      } else {
        li.textContent = (p.element_id ? `${p.element_id}: ` : '') + p.message + (p.line ? ` (${p.file}:${p.line})` : '');
      }
      li.append(...technicalDetails(p, this.texts));
      return li;
    }));
  }

  focus(id, moveFocus = true) {
    const element = this.modeler.get('elementRegistry').get(id);
    centerOn(this.modeler, [id]);
    this.modeler.get('selection').select(element);
    const first = moveFocus && this.root.querySelector('#prop-element input');
    if (first) first.focus();
  }
}

startPage('designer', DesignerPage, 'ocopDesigner');
