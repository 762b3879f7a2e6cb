/** The deployable `scheduler` function: the timer trigger (config.json) runs it every minute. */
import { connectApp, serverNow } from '../core/db'
import { openidFromContext } from '../core/identity'
import { runScheduler } from '../core/scheduler'
import { cloudFiles } from '../core/files'
import { wxApi } from '../core/wx'

const app = connectApp()
const db = app.database()
const wx = wxApi(app)
const files = cloudFiles(app)

export async function main(_event: unknown, context: unknown) {
  // A timer carries no user. A mini-program calling this function directly is refused.
  if (openidFromContext(context)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: '定时任务不能由用户调用' } }
  }
  return { ok: true, data: await runScheduler({ db, wx, files, now: serverNow }) }
}
