/**
 * Builds the production control plane: control-plane/src/main.ts → control-plane/dist/scops-control-plane.mjs,
 * one plain-JavaScript ESM file run by `node` (no tsx, no TypeScript at run time), and, with
 * `--stage DIR`, a directory an image copies as is:
 *
 *   DIR/control-plane/dist/scops-control-plane.mjs
 *   DIR/control-plane/drizzle/                 migrations, found beside the bundle (deploy/build/source-meta-url.ts)
 *   DIR/control-plane/node_modules/            only the packages kept external, with their dependencies
 *
 *   pnpm --filter @smartcloudops/control-plane build [--stage DIR]
 *
 * Kept external because they load files by path at run time: @electric-sql/pglite (its wasm and
 * data files), @fastify/swagger-ui (the static UI), onnxruntime-node (a native addon; the control
 * plane loads an uploaded model once to validate it). Everything else is bundled.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { copyOnnxRuntime, copyPackageClosure } from '../../deploy/build/node-packages'
import { esmRequireBanner, sourceMetaUrl, writeAtomically } from '../../deploy/build/source-meta-url'

const cpDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(cpDir, '..')
const outfile = join(cpDir, 'dist', 'scops-control-plane.mjs')

const external = ['@electric-sql/pglite', '@fastify/swagger-ui', 'onnxruntime-node']

export async function bundleControlPlane(opts: { quiet?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [join(cpDir, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20.11',
    format: 'esm',
    external: external.flatMap((e) => [e, `${e}/*`]),
    banner: { js: esmRequireBanner },
    plugins: [sourceMetaUrl(repoRoot, outfile)],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: false,
  })
  await writeAtomically(result.outputFiles)
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0
  if (!opts.quiet) process.stdout.write(`built ${relative(repoRoot, outfile)} (${(bytes / 1024).toFixed(0)} KiB; external: ${external.join(', ')})\n`)
  return outfile
}

/** The bundle, the migrations and the external packages (linux CPU ONNX Runtime only) in `dir`. */
export async function stageControlPlane(dir: string, arch: string = process.arch): Promise<void> {
  const bundle = await bundleControlPlane({ quiet: true })
  const dest = join(dir, 'control-plane')
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(join(dest, 'dist'), { recursive: true })
  cpSync(bundle, join(dest, 'dist', 'scops-control-plane.mjs'))
  cpSync(join(cpDir, 'drizzle'), join(dest, 'drizzle'), { recursive: true })
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
