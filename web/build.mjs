// Builds the console (a Preact app), the widget (one classic script a host page adds, no
// framework) and the widget's demo page into dist/web, which `keel serve` serves. Run by
// `npm run build` after tsc.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const web = fileURLToPath(new URL('.', import.meta.url));
const out = fileURLToPath(new URL('../dist/web/', import.meta.url));
const quiet = { logLevel: 'warn', configFile: false };
const jsx = { oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } };

await build({
  ...quiet,
  ...jsx,
  root: `${web}console`,
  base: '/console/',
  build: { outDir: `${out}console`, emptyOutDir: true, sourcemap: false },
});
await build({
  ...quiet,
  root: web,
  build: {
    outDir: out,
    emptyOutDir: false,
    lib: {
      entry: `${web}widget/widget.ts`,
      name: 'KeelWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
      cssFileName: 'widget',
    },
  },
});
// The demo host page is plain HTML: it adds the widget exactly as a shop would.
mkdirSync(`${out}widget/demo/assets`, { recursive: true });
copyFileSync(`${web}demo/index.html`, `${out}widget/demo/index.html`);
copyFileSync(`${web}demo/demo.css`, `${out}widget/demo/assets/demo.css`);
