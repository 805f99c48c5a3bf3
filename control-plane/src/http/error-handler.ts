import type { FastifyError, FastifyInstance } from 'fastify'
import { ApiError } from './errors'
import { describeValidation, type ValidationItem } from './validation-message'

/**
 * One error handler for the whole API: the caller's mistakes become 4xx with a stable code and a
 * message naming the problem; anything else is a 500 whose details stay in the log.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string) =>
      reply.status(status).send({ status: 'error', error: { code, message } })

    if (err instanceof ApiError) return send(err.statusCode, err.code, err.message)
    if (err.validation) {
      return send(400, 'validation_failed', describeValidation(err.validationContext, err.validation as unknown as ValidationItem[]))
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(413, 'body_too_large', 'request body is larger than the server accepts')
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, 'unsupported_media_type', 'send the body as application/json')
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return send(400, 'empty_body', 'the body is empty but declared as JSON')
    if (err.statusCode === 429) return send(429, 'rate_limited', err.message || 'too many requests, slow down')
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return send(400, 'invalid_json', 'the body is not valid JSON')
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) return send(status, (err.code ?? 'bad_request').toLowerCase(), err.message)
    request.log.error({ err }, 'request failed')
    return send(500, 'internal', 'internal error; the server log has the details')
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ status: 'error', error: { code: 'route_not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } })
  })
}
