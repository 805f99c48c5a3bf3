/**
 * Builds the web console: control-plane/console → control-plane/dist/console (index.html, app.js,
 * app.css), bundled with esbuild at build time (no CDN at run time). Preact + htm (3 kB of
 * framework, no JSX build step) and uPlot (small, fast canvas time-series charts).
 *
 *   pnpm build:console      (pnpm start runs it)
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const defaultConsoleOut = fileURLToPath(new URL('../dist/console', import.meta.url))
const src = fileURLToPath(new URL('../console', import.meta.url))

export async function bundleConsole(outdir = defaultConsoleOut): Promise<string> {
  mkdirSync(outdir, { recursive: true })
  await build({
    entryPoints: { app: join(src, 'src', 'main.ts') },
    outdir,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  })
  copyFileSync(join(src, 'index.html'), join(outdir, 'index.html'))
  return outdir
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`wrote ${await bundleConsole()}\n`)
}
