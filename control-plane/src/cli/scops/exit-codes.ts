/** Exit codes scripts can rely on (documented in control-plane/README.md, `scops --help`). */
export const exitCodes = {
  ok: 0,
  /** The control plane refused the request (4xx other than those below) or answered 5xx. */
  failed: 1,
  /** Bad flags or arguments, an unreadable or invalid rules file: fix the command line. */
  usage: 2,
  /** 401 / 403: no token, an unknown token, or a role too low for the command. */
  auth: 3,
  /** 404: the host, token or version named does not exist. */
  notFound: 4,
  /** The control plane could not be reached at the configured URL. */
  unreachable: 5,
  /** `rules diff`: the file differs from the current ruleset. */
  differs: 10,
} as const

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message)
  }
}
