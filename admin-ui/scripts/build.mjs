#!/usr/bin/env node
/**
 * `npm run build`: svelte-check (types; a11y warnings fail it) and `vite build` into dist/, run at
 * the same time. Neither reads what the other writes, and each is mostly one thread: side by side
 * on two cores they take the time of the longer one. Fails when either fails; each tool's output
 * is printed whole when it ends, so the two never interleave.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bin = (pkg, name) => {
  const manifest = require.resolve(`${pkg}/package.json`);
  const b = require(manifest).bin;
  return join(dirname(manifest), typeof b === 'string' ? b : b[name]);
};

function run(label, script, args) {
  const t = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (out += b));
    p.on('error', (e) => resolve({ label, code: 1, out: `${out}${e.message}\n` }));
    p.on('close', (code) => {
      process.stdout.write(`[build] ${label} (${((Date.now() - t) / 1000).toFixed(1)} s, exit ${code}):\n${out}`);
      resolve({ label, code });
    });
  });
}

const results = await Promise.all([
  run('svelte-check', bin('svelte-check', 'svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings']),
  run('vite build', bin('vite', 'vite'), ['build']),
]);
const failed = results.filter((r) => r.code !== 0).map((r) => r.label);
if (failed.length > 0) {
  console.error(`[build] FAILED: ${failed.join(', ')}`);
  process.exit(1);
}
