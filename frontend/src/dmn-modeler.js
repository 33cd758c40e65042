// The decision table editor: dmn-js Modeler opened on a decision table of a version, Validate (problems
// listed by rule or decision id, the rule's row marked) and Deploy the process as a new version.
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn.css';
import './ocop-diagram.css';
import DmnModeler from 'dmn-js/lib/Modeler';
import { startPage, technicalDetails } from './start-page.js';
import { translateModule } from './translate.js';

class DmnPage {
  constructor(root) {
    this.root = root;
    this.texts = JSON.parse(root.dataset.texts || '{}');
    this.status = root.querySelector('#dmn-status');
    this.problemList = root.querySelector('#dmn-problems');
    this.modeler = new DmnModeler({
      container: root.querySelector('#dmn-canvas'),
      // per view: dmn-js replaces, not merges, a `common.additionalModules` (dmn-js-shared Manager)
      drd: { additionalModules: [translateModule] },
      decisionTable: { additionalModules: [translateModule] },
      literalExpression: { additionalModules: [translateModule] },
    });
    root.querySelector('#dmn-validate').addEventListener('click', () => this.send('validate'));
    root.querySelector('#dmn-deploy').addEventListener('click', () => this.send('deploy'));
  }

  async load() {
    await this.modeler.importXML(this.root.querySelector('#dmn-xml').value);
    // Open the first decision table rather than the requirements diagram: that is what designers edit.
    const table = this.modeler.getViews().find((v) => v.type === 'decisionTable');
    if (table) await this.modeler.open(table);
    this.root.dataset.ready = 'true';
  }

  say(text) { this.status.textContent = text; }

  async send(action) {
    this.say(action === 'deploy' ? this.texts.deploying : this.texts.validateing);
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
        this.say(this.texts.invalid.replace('{n}', problems.length));
        this.root.dataset.state = 'invalid';
      } else if (action === 'deploy') {
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
    this.root.querySelectorAll('.ocop-dmn-problem').forEach((el) => el.classList.remove('ocop-dmn-problem'));
    this.problemList.replaceChildren(...problems.map((p) => {
      const li = document.createElement('li');
      li.dataset.elementId = p.element_id || '';
      li.textContent = (p.element_id ? `${p.element_id}: ` : '') + p.message + (p.line ? ` (${p.file}:${p.line})` : '');
      li.append(...technicalDetails(p, this.texts));
      const row = p.element_id && this.root.querySelector(`[data-row-id="${CSS.escape(p.element_id)}"]`);
      if (row) row.classList.add('ocop-dmn-problem');
      return li;
    }));
  }
}

startPage('dmn-designer', DmnPage, 'ocopDmn');
