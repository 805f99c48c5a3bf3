/**
 * Which control-plane replica the link talks to. An operator gives every host the same list of
 * replica URLs (control_plane_url: "https://cp-1:8080,https://cp-2:8080,https://cp-3:8080"):
 *   - the first choice is random, so a fleet with one config file spreads over the replicas
 *     instead of all landing on the first;
 *   - after any attempt or session that ended (refused, unreachable, closed) the next one goes to
 *     a random *other* replica: a replica that was killed is not tried again first (a dead host
 *     costs a whole handshake timeout), and its agents spread over the survivors instead of all
 *     moving to the same neighbour.
 * The replicas share one database, so any of them can serve any host; the credential is valid on
 * all of them. With one URL this is that URL, always.
 */
export class Endpoints {
  private index: number

  constructor(
    readonly urls: readonly string[],
    private readonly random: () => number = Math.random,
  ) {
    if (urls.length === 0) throw new Error('at least one control-plane URL is needed')
    this.index = Math.floor(this.random() * urls.length) % urls.length
  }

  /** The replica to use now. */
  get current(): string {
    return this.urls[this.index]!
  }

  /** After an attempt or session ended: move to a random other replica (no-op with one). */
  moveOn(): string {
    const n = this.urls.length
    if (n > 1) this.index = (this.index + 1 + (Math.floor(this.random() * (n - 1)) % (n - 1))) % n
    return this.current
  }
}
