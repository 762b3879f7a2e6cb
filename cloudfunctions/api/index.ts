/** The deployable `api` function: a thin shell over the core router (architecture.md). */
import { createApi } from '../core/router'
import { connectApp, serverNow } from '../core/db'
import { cloudFiles } from '../core/files'
import { wxApi } from '../core/wx'
import { openidFromContext } from '../core/identity'

const app = connectApp()
const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: serverNow })

export async function main(event: unknown, context: unknown) {
  return api.handle(event, openidFromContext(context))
}
