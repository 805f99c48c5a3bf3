/**
 * Builds the production agent: agent/src/cli/scops-agent.ts → agent/dist/scops-agent.mjs, one
 * plain-JavaScript ESM file run by `node` directly. tsx transpiles every TypeScript module on the
 * fly at start and keeps its loader resident; the bundle has neither cost.
 *
 *   pnpm --filter @smartcloudops/agent build     (or `pnpm build:agent` at the root)
 *
 * Kept external (resolved from agent/node_modules at run time): onnxruntime-node, a native addon
 * that loads its .node binary and shared libraries by path.
 *
 * Left out: two dockerode features the agent never uses, which load heavy modules eagerly at
 * require time — docker-modem's ssh:// transport (ssh2, with optional native parts a bundle
 * cannot carry; the agent talks to the engine over its unix socket) and dockerode's BuildKit
 * session for image builds (@grpc/grpc-js + proto-loader, ~0.6 MiB of code). Each is replaced by a
 * function that throws a clear error if it is ever called.
 *
 * Files the code finds beside itself (the committed model, agent/models/*.onnx, via
 * `new URL('../../models/…', import.meta.url)`) must still resolve from dist/: in each workspace
 * module, `import.meta.url` is rewritten to that module's original source URL computed from the
 * bundle's own location, so every relative path keeps meaning what it means in the source tree.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const agentDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(agentDir, '..')
const outfile = join(agentDir, 'dist', 'scops-agent.mjs')

export const external = ['onnxruntime-node']

/** `require('<specifier>')` from a file matching `importer` → a stub that throws when called. */
const unusedFeatures = [
  { specifier: './ssh', importer: /docker-modem[\\/]lib[\\/]modem\.js$/, feature: 'Docker over ssh://' },
  { specifier: './session', importer: /dockerode[\\/]lib[\\/]docker\.js$/, feature: 'BuildKit image builds' },
]

const stubUnusedFeatures: Plugin = {
  name: 'stub-unused-dockerode-features',
  setup(b) {
    b.onResolve({ filter: /^\.\/(ssh|session)$/ }, (args) => {
      const hit = unusedFeatures.find((u) => u.specifier === args.path && u.importer.test(args.importer))
      return hit ? { path: hit.feature, namespace: 'unused-feature' } : undefined
    })
    b.onLoad({ filter: /.*/, namespace: 'unused-feature' }, (args) => ({
      contents: `module.exports = function () { throw new Error(${JSON.stringify(`${args.path} is not available in the SmartCloudOps agent build`)}) }`,
      loader: 'js',
    }))
  },
}

/** Drops hashbangs; rewrites `import.meta.url` in workspace TypeScript to the module's source URL, relative to the bundle. */
const sourceMetaUrl: Plugin = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      // The entry's `#!/usr/bin/env tsx` line would be wrong in the bundle: the banner sets node's.
      const text = (await readFile(args.path, 'utf8')).replace(/^#!.*\n/, '')
      if (!text.includes('import.meta.url') || !args.path.startsWith(repoRoot) || args.path.includes(`${sep}node_modules${sep}`)) {
        return { contents: text, loader: 'ts' }
      }
      const rel = relative(dirname(outfile), args.path).split(sep).join('/')
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' }
    })
  },
}

export async function bundleAgent(opts: { quiet?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [join(agentDir, 'src', 'cli', 'scops-agent.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20.11',
    format: 'esm',
    external,
    // Bundled CommonJS dependencies call require(): give the ESM bundle one.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __scopsCreateRequire } from 'node:module'; const require = __scopsCreateRequire(import.meta.url);" },
    plugins: [sourceMetaUrl, stubUnusedFeatures],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: false,
  })
  // Written to a temporary name and renamed: a process starting the bundle while it is rebuilt
  // (the quickstart, a test run) reads the old file or the new one, never half of one.
  mkdirSync(dirname(outfile), { recursive: true })
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`
    writeFileSync(tmp, file.contents)
    renameSync(tmp, file.path)
  }
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0
  if (!opts.quiet) process.stdout.write(`built ${relative(repoRoot, outfile)} (${(bytes / 1024).toFixed(0)} KiB; external: ${external.join(', ')})\n`)
  return outfile
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  bundleAgent().catch((err: unknown) => {
    process.stderr.write(`agent build failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
