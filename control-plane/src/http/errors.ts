/** An error a route raises on purpose: the status and code reach the caller as they are. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export const notFound = (what: string, id: string | number) => new ApiError(404, 'not_found', `${what} ${JSON.stringify(String(id))} does not exist`)
export const badRequest = (code: string, message: string) => new ApiError(400, code, message)
export const conflict = (code: string, message: string) => new ApiError(409, code, message)
