/**
 * Builds the `scops` CLI: control-plane/src/cli/scops/bin.ts → control-plane/dist/scops.mjs, one
 * plain-JavaScript ESM file that `node` runs directly (a command people type many times a day should
 * start in a fraction of a second; tsx transpiling every module at start takes seconds on a busy host).
 *
 *   pnpm build:cli
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const defaultCliOutfile = fileURLToPath(new URL('../dist/scops.mjs', import.meta.url))

export async function bundleCli(outfile = defaultCliOutfile): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli/scops/bin.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: { js: "import { createRequire as __scopsCreateRequire } from 'node:module'; const require = __scopsCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  })
  return outfile
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`wrote ${await bundleCli()}\n`)
}
