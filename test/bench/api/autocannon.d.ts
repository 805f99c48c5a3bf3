// The subset of autocannon's API this benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    method?: string
    path?: string
    setupRequest?: (req: Request) => Request
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    headers?: Record<string, string>
    requests?: Request[]
  }
  interface Histogram {
    p50: number
    p99: number
    average: number
    total: number
  }
  interface Result {
    latency: Histogram
    requests: Histogram
    non2xx: number
    errors: number
  }
  export default function autocannon(opts: Options): Promise<Result>
}
