#!/usr/bin/env node
// The golive command. TypeScript runs through tsx's loader (see docs/adr/0002), so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
