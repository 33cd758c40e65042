// Bundles the BPMN viewer and modeler and the DMN (decision table) modeler for the pages: `npm run build` (run by `make install`).
// Output: workflow_service/web/static/dist/{viewer,modeler,dmn-modeler}.{js,css} and the bpmn/dmn font files.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'workflow_service', 'web', 'static', 'dist');
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: {
    viewer: join(here, 'src', 'viewer.js'), modeler: join(here, 'src', 'modeler.js'),
    'dmn-modeler': join(here, 'src', 'dmn-modeler.js'),
  },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  sourcemap: false,
  legalComments: 'linked',
  assetNames: 'assets/[name]-[hash]',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  logLevel: 'info',
});
writeFileSync(join(outdir, '.built'), new Date().toISOString() + '\n');
