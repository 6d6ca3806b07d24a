#!/usr/bin/env node
// The `mca-desk` command: runs the TypeScript CLI through tsx (a dev dependency of this checkout).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
