import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { clientTypes, servedDocument } from '../api-client/generate'

// `pnpm api:client`: regenerates control-plane/src/api-client/v1.ts from the served document.
// The contract test fails when the committed file is stale, so CI always builds on current types.
const out = fileURLToPath(new URL('../api-client/v1.ts', import.meta.url))
writeFileSync(out, await clientTypes(await servedDocument()))
console.log(`wrote ${out}`)
