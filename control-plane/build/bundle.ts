/**
 * Builds the production control plane: control-plane/src/main.ts → control-plane/dist/scops-control-plane.mjs,
 * one plain-JavaScript ESM file run by `node` (no tsx, no TypeScript at run time), and, with
 * `--stage DIR`, a directory an image copies as is:
 *
 *   DIR/control-plane/dist/scops-control-plane.mjs
 *   DIR/control-plane/drizzle/                 migrations, found beside the bundle (deploy/build/node-bundle.ts)
 *   DIR/control-plane/node_modules/            only the packages kept external, with their dependencies
 *   DIR/control-plane/dist/console/            the web console (bundle-console.ts), where http/console.ts
 *                                              looks for it beside the bundle, so `/` serves it
 *
 *   pnpm --filter @smartcloudops/control-plane build [--stage DIR]
 *
 * Kept external because they load files by path at run time: @electric-sql/pglite (its wasm and
 * data files), @fastify/swagger-ui (the static UI), onnxruntime-node (a native addon; the control
 * plane loads an uploaded model once to validate it). Everything else is bundled.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { copyOnnxRuntime, copyPackageClosure } from '../../deploy/build/node-packages'
import { bundleConsole } from './bundle-console'
import { buildNodeBundle } from '../../deploy/build/node-bundle'

const cpDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(cpDir, '..')
const outfile = join(cpDir, 'dist', 'scops-control-plane.mjs')

const external = ['@electric-sql/pglite', '@fastify/swagger-ui', 'onnxruntime-node']

export function bundleControlPlane(opts: { quiet?: boolean } = {}): Promise<string> {
  return buildNodeBundle({ repoRoot, entry: join(cpDir, 'src', 'main.ts'), outfile, external, quiet: opts.quiet })
}

/** The bundle, the migrations and the external packages (linux CPU ONNX Runtime only) in `dir`. */
export async function stageControlPlane(dir: string, arch: string = process.arch): Promise<void> {
  const bundle = await bundleControlPlane({ quiet: true })
  const dest = join(dir, 'control-plane')
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(join(dest, 'dist'), { recursive: true })
  cpSync(bundle, join(dest, 'dist', 'scops-control-plane.mjs'))
  cpSync(join(cpDir, 'drizzle'), join(dest, 'drizzle'), { recursive: true })
  await bundleConsole(join(dest, 'dist', 'console'))
  const modules = join(dest, 'node_modules')
  const seen = new Set<string>()
  copyPackageClosure('@electric-sql/pglite', cpDir, modules, seen)
  copyPackageClosure('@fastify/swagger-ui', cpDir, modules, seen)
  // onnxruntime-node is the agent's dependency; the control plane reaches it through the agent package.
  copyOnnxRuntime(join(cpDir, 'node_modules', '@smartcloudops', 'agent'), modules, arch)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { stage: { type: 'string' } } })
  ;(values.stage ? stageControlPlane(values.stage).then(() => process.stdout.write(`staged the control plane in ${values.stage}\n`)) : bundleControlPlane()).catch((err: unknown) => {
    process.stderr.write(`control plane build failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
