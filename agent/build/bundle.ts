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
 * `new URL('../../models/…', import.meta.url)`) must still resolve from dist/: see
 * deploy/build/node-bundle.ts.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'
import { buildNodeBundle } from '../../deploy/build/node-bundle'

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

export function bundleAgent(opts: { quiet?: boolean } = {}): Promise<string> {
  return buildNodeBundle({ repoRoot, entry: join(agentDir, 'src', 'cli', 'scops-agent.ts'), outfile, external, plugins: [stubUnusedFeatures], quiet: opts.quiet })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  bundleAgent().catch((err: unknown) => {
    process.stderr.write(`agent build failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
