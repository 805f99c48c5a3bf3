import Type, { type Static } from 'typebox'
import { AgentVersion } from '../protocol/agent-release'

/**
 * manifest.json of an agent release tarball (agent/build/release.ts writes it, install.sh, the
 * control plane and the agent check it). Paths are relative, `/`-separated, without `.` or `..`
 * segments, so nothing listed can land outside the release directory.
 */
export const ReleaseFile = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 400, pattern: '^(?!/)(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9@._+/-]+$' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    bytes: Type.Integer({ minimum: 0 }),
    /** Permission bits in octal, as `stat` gives them (`644`, `755`). */
    mode: Type.String({ pattern: '^[0-7]{3}$' }),
  },
  { additionalProperties: false },
)
export type ReleaseFile = Static<typeof ReleaseFile>

export const ReleaseManifest = Type.Object(
  {
    name: Type.Literal('smartcloudops-agent'),
    version: AgentVersion,
    platform: Type.Literal('linux'),
    arch: Type.Union([Type.Literal('x64'), Type.Literal('arm64')]),
    /** The Node.js version inside, or null for a `--no-node` release (the host's node runs it). */
    node: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
    node_required: Type.String({ maxLength: 32 }),
    onnxruntime: Type.String({ maxLength: 32 }),
    files: Type.Array(ReleaseFile, { minItems: 1, maxItems: 10_000 }),
  },
  { additionalProperties: false },
)
export type ReleaseManifest = Static<typeof ReleaseManifest>
