#!/usr/bin/env node
// `scops`: the control plane's CLI. Runs the bundle `pnpm build:cli` writes (starts fast); from a
// checkout without it, the TypeScript sources through tsx.
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/scops.mjs', import.meta.url)
if (existsSync(bundle)) {
  await import(bundle.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/scops/bin.ts')
}
