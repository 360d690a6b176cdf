#!/usr/bin/env node
// Runs a TypeScript entry point of this workspace: `node tools/run.cjs <file.ts> [args...]`.
// @swc-node/register compiles on load with the workspace's tsconfig (path aliases, decorator metadata).
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.base.json');
require('@swc-node/register');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node tools/run.cjs <file.ts> [args...]\n');
  process.exit(2);
}
const file = path.resolve(entry);
process.argv = [process.argv[0], file, ...args];
require(file);
