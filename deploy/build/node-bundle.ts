import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, relative, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'

/**
 * What the production bundles (agent/build/bundle.ts, control-plane/build/bundle.ts) share: one
 * plain-JavaScript ESM file for node 20.11, written atomically, its size printed.
 */
export async function buildNodeBundle(o: { repoRoot: string; entry: string; outfile: string; external: string[]; plugins?: Plugin[]; quiet?: boolean }): Promise<string> {
  const result = await build({
    entryPoints: [o.entry],
    outfile: o.outfile,
    bundle: true,
    platform: 'node',
    target: 'node20.11',
    format: 'esm',
    // A package and its subpaths.
    external: o.external.flatMap((e) => [e, `${e}/*`]),
    banner: { js: esmRequireBanner },
    plugins: [sourceMetaUrl(o.repoRoot, o.outfile), ...(o.plugins ?? [])],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: false,
  })
  // The quickstart and test runs start a bundle while another run may rebuild it.
  await writeAtomically(result.outputFiles)
  const bytes = Object.values(result.metafile.outputs).find((out) => out.entryPoint)?.bytes ?? 0
  if (!o.quiet) process.stdout.write(`built ${relative(o.repoRoot, o.outfile)} (${(bytes / 1024).toFixed(0)} KiB; external: ${o.external.join(', ')})\n`)
  return o.outfile
}

/**
 * esbuild plugin for the production bundles (agent/build/bundle.ts, control-plane/build/bundle.ts).
 * Drops hashbangs; rewrites `import.meta.url` in workspace TypeScript under `repoRoot` to that
 * module's original source URL computed from the bundle's own location (`outfile`), so files the
 * code finds beside itself (the agent's committed model, the control plane's drizzle migrations)
 * resolve from dist/ exactly as they do in the source tree.
 */
function sourceMetaUrl(repoRoot: string, outfile: string): Plugin {
  return {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        // An entry's `#!/usr/bin/env tsx` line would be wrong in the bundle: the banner sets node's.
        const text = (await readFile(args.path, 'utf8')).replace(/^#!.*\n/, '')
        if (!text.includes('import.meta.url') || !args.path.startsWith(repoRoot) || args.path.includes(`${sep}node_modules${sep}`)) {
          return { contents: text, loader: 'ts' }
        }
        const rel = relative(dirname(outfile), args.path).split(sep).join('/')
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' }
      })
    },
  }
}

/** Bundled CommonJS dependencies call require(): give an ESM bundle one. */
const esmRequireBanner = "#!/usr/bin/env node\nimport { createRequire as __scopsCreateRequire } from 'node:module'; const require = __scopsCreateRequire(import.meta.url);"

/** Writes esbuild's output files under a temporary name and renames them: a process starting the bundle while it is rebuilt reads the old file or the new one, never half of one. */
async function writeAtomically(files: Array<{ path: string; contents: Uint8Array }>): Promise<void> {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true })
    const tmp = `${file.path}.${process.pid}.tmp`
    writeFileSync(tmp, file.contents)
    renameSync(tmp, file.path)
  }
}
