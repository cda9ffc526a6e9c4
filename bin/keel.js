#!/usr/bin/env node
// keel runs its TypeScript sources through tsx, so a checkout works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
