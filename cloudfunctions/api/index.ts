/** The deployable `api` function: a thin shell over the core router (architecture.md). */
import { createApi } from '../core/router'
import { connectApp } from '../core/db'
import { openidFromContext } from '../core/identity'

const api = createApi({ db: connectApp().database(), now: () => new Date() })

export async function main(event: unknown, context: unknown) {
  return api.handle(event, openidFromContext(context))
}
